"""The admin's markup where the project shapes it: valid HTML and names for screen readers
(the Nu Html Checker and axe-core run over the meeting form in tests/validators and
tests/browser/test_axe.py; these say what each fix is, without Java or a browser)."""

import re

import pytest
from django.urls import reverse

from negotiations.models import Meeting


@pytest.fixture
def meeting(article) -> Meeting:
    return Meeting.objects.get(slug="florida-talks")


def change_page(client, meeting) -> str:
    response = client.get(reverse("admin:negotiations_meeting_change", args=[meeting.pk]))
    assert response.status_code == 200
    return response.content.decode()


@pytest.mark.django_db
def test_the_revision_is_a_bare_hidden_input_on_the_change_and_revert_pages(
    meeting, analyst_client
):
    """Not a fieldset row, whose label would name a hidden input (invalid HTML)."""
    entry = meeting.history.first()
    revert = reverse(
        "admin:negotiations_meeting_simple_history", args=[meeting.pk, entry.history_id]
    )
    hidden = (
        f'<input type="hidden" name="seen_revision" value="{meeting.revision}"'
        ' id="id_seen_revision">'
    )
    for page in (change_page(analyst_client, meeting), analyst_client.get(revert).content.decode()):
        assert page.count(hidden) == 1
        assert 'for="id_seen_revision"' not in page
        assert not re.search(r'class="form-row[^"]*field-seen_revision', page)


@pytest.mark.django_db
def test_each_field_of_a_tabular_inline_row_is_named_by_its_column(meeting, analyst_client):
    page = change_page(analyst_client, meeting)

    for field, label in [
        ("statements-0-text", "Text"),
        ("statements-0-date_precision", "Date precision"),
        ("statements-0-DELETE", "Delete"),
        ("version_links-0-kind", "Kind"),
        ("negotiations-citation-content_type-object_id-0-attribution", "Attribution"),
        ("statements-__prefix__-text", "Text"),  # the row "Add another" copies
    ]:
        [tag] = re.findall(rf'<[^>]* id="id_{re.escape(field)}"[^>]*>', page)
        assert f'aria-label="{label}"' in tag, tag
    # The main form's fields have their own <label>s and keep them as their names.
    [summary] = re.findall(r'<textarea[^>]* id="id_summary"[^>]*>', page)
    assert "aria-label" not in summary
    assert '<label for="id_summary"' in page


@pytest.mark.django_db
def test_an_autocompletes_empty_choice_is_not_an_empty_option(meeting, analyst_client):
    page = change_page(analyst_client, meeting)

    assert '<option value=""></option>' not in page
    [place] = re.findall(r'<select name="place".*?</select>', page, re.DOTALL)
    assert '<option value="">---------</option>' in place


@pytest.mark.django_db
def test_the_admin_loads_the_accessibility_fixes(meeting, analyst_client):
    page = change_page(analyst_client, meeting)
    changelist = analyst_client.get(reverse("admin:negotiations_meeting_changelist"))

    for html in (page, changelist.content.decode()):
        assert "negotiations/admin_a11y.css" in html
        assert "negotiations/admin_a11y.js" in html
