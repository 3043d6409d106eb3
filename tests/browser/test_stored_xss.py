"""Stored XSS: records whose every text field holds script and markup show it as text, on every
page that shows them, in a real browser; nothing runs, nothing opens, the CSP blocks nothing."""

from urllib.parse import quote
from xml.etree import ElementTree

import pytest
from django.core.exceptions import ValidationError
from django.db import models as fields

from negotiations import models
from negotiations.api.urls import router
from tests import factories
from tests.browser.conftest import log_in, user_with_password

pytestmark = pytest.mark.browser

SCRIPT = "<script>window.__xss=1</script>"
# Breaking out of an attribute, event handlers, a dialog, and Django template syntax.
MARKUP = (
    '"><img src=x onerror="window.__xss=1">'
    '\'><svg onload="window.__xss=1"></svg>'
    "<img src=x onerror=alert(1)>"
)
TEMPLATE = "{{7*7}}"
# A valid URL that still tries to break out of an href.
URL = 'https://example.org/?q="><script>window.__xss=1</script>'
SHORTEST = 40  # shorter fields (a country code) cannot hold a payload


def hostile(model, tag: str) -> dict[str, str]:
    """Every free-text field of `model` set to a payload, each value unique (by `tag`)."""
    values = {}
    for field in model._meta.concrete_fields:
        if field.choices or isinstance(field, fields.SlugField) or field.primary_key:
            continue
        if not field.editable:  # kept by the app (a meeting's sort_key), never typed
            continue
        if isinstance(field, fields.URLField):
            values[field.name] = URL
        elif isinstance(field, fields.CharField | fields.TextField):
            label = f"Hostile {tag} {field.name} "
            # The longest that fits.
            for value in (
                f"{label}{SCRIPT}{MARKUP}{TEMPLATE}",
                f"{label}{SCRIPT}{TEMPLATE}",
                f"{tag} {SCRIPT}{TEMPLATE}",
            ):
                if field.max_length is None or len(value) <= field.max_length:
                    values[field.name] = value
                    break
            else:
                assert field.max_length < SHORTEST, f"{model.__name__}.{field.name} left out"
    return values


def hostile_records() -> dict[str, object]:
    """One record of every kind, linked so that every page shows the others."""
    party = factories.PartyFactory(**hostile(models.Party, "party"))
    person = factories.PersonFactory(**hostile(models.Person, "person"))
    factories.RoleFactory(person=person, party=party, **hostile(models.Role, "role"))
    place = factories.PlaceFactory(**hostile(models.Place, "place"))
    meeting = factories.MeetingFactory(place=place, **hostile(models.Meeting, "meeting"))
    delegation = factories.DelegationFactory(
        meeting=meeting, party=party, **hostile(models.Delegation, "delegation")
    )
    factories.DelegationMemberFactory(delegation=delegation, person=person)
    statement = factories.StatementFactory(
        person=person, meeting=meeting, **hostile(models.Statement, "statement")
    )
    framework = factories.FrameworkFactory(**hostile(models.Framework, "framework"))
    older = factories.FrameworkVersionFactory(
        framework=framework, **hostile(models.FrameworkVersion, "version1")
    )
    newer = factories.FrameworkVersionFactory(
        framework=framework, supersedes=older, **hostile(models.FrameworkVersion, "version2")
    )
    factories.VersionMeetingFactory(version=newer, meeting=meeting)
    topic = factories.TopicFactory(**hostile(models.Topic, "topic"))
    before, after = (
        factories.FrameworkPointFactory(
            version=version, number=1, topics=[topic], **hostile(models.FrameworkPoint, tag)
        )
        for version, tag in ((older, "point1"), (newer, "point2"))
    )
    factories.PointLineageFactory(
        from_point=before,
        to_point=after,
        kind=models.PointLineage.Kind.REWORDED,
        **hostile(models.PointLineage, "lineage"),
    )
    issue = factories.StickingIssueFactory(**hostile(models.StickingIssue, "issue"))
    factories.PositionFactory(party=party, issue=issue, **hostile(models.Position, "position"))
    factories.PositionFactory(
        party=party, issue=None, point=after, **hostile(models.Position, "position2")
    )
    # An option on the issue, enacted by the point, and the party's conditional stance on it:
    # the matrix, its picture and the option's history all show them.
    option = factories.OptionFactory(
        issue=issue, points=[after], **hostile(models.Option, "option")
    )
    factories.OptionStanceFactory(
        option=option, party=party, stance="conditional", **hostile(models.OptionStance, "stance")
    )
    development = factories.DevelopmentFactory(
        parties=[party], **hostile(models.Development, "development")
    )
    source = factories.SourceFactory(**hostile(models.Source, "source"))
    citation = hostile(models.Citation, "citation")
    for record in (meeting, issue, development, person, option):
        factories.CitationFactory(source=source, content_object=record, **citation)
    # Two accounts of the statement's wording, each value and excerpt a payload: a dispute
    # the meeting, person and disputes pages show side by side.
    for tag in ("account1", "account2"):
        quoted = factories.CitationFactory(
            source=source, content_object=statement, **hostile(models.Citation, tag)
        )
        factories.AccountFactory(
            citation=quoted, field="text", value=f"Hostile {tag} {SCRIPT}{MARKUP}{TEMPLATE}"
        )
    return {
        "party": party,
        "person": person,
        "meeting": meeting,
        "framework": framework,
        "older": older,
        "newer": newer,
        "issue": issue,
        "source": source,
    }


@pytest.fixture
def records(shipped_data):
    return hostile_records()


@pytest.fixture
def dialogs(page) -> list[str]:
    opened = []

    def on_dialog(dialog):
        opened.append(f"{dialog.type}: {dialog.message} on {page.url}")
        dialog.dismiss()

    page.on("dialog", on_dialog)
    return opened


def assert_shown_as_text(page, problems, dialogs, path: str, *, template: bool = True) -> None:
    response = page.goto(path, wait_until="networkidle")
    assert response.status == 200, f"{path} answered {response.status}"
    assert page.evaluate("() => window.__xss") is None, f"a payload ran on {path}"
    text = page.locator("body").inner_text()
    assert SCRIPT in text, f"{path} does not show the payload as text"
    if template:
        assert TEMPLATE in text, f"{path} does not show {TEMPLATE} as written"
    assert dialogs == []
    assert problems.all() == [], "\n".join(problems.all())


@pytest.mark.django_db
def test_url_fields_refuse_javascript():
    # So only the URL above, which is valid, is stored; a javascript: link never is.
    source = factories.SourceFactory.build(url="javascript:window.__xss=1")
    with pytest.raises(ValidationError) as refused:
        source.full_clean()
    assert refused.value.message_dict == {"url": ["Enter a valid URL."]}
    factories.SourceFactory.build(url=URL).full_clean()


def test_public_pages_show_payloads_as_text(page, problems, dialogs, records):
    framework, older, newer = records["framework"], records["older"], records["newer"]
    compare = f"/frameworks/{framework.slug}/compare/{older.slug}/{newer.slug}/"
    for path in (
        "/",
        "/timeline/",
        records["meeting"].get_absolute_url(),
        records["party"].get_absolute_url(),
        records["person"].get_absolute_url(),
        "/issues/",
        records["issue"].get_absolute_url(),
        f"{records['issue'].get_absolute_url()}matrix/",
        framework.get_absolute_url(),
        compare,
        records["source"].get_absolute_url(),
        "/search/?q=Hostile",
        "/disputes/",
        "/changes/",
        f"/changes/meeting/{records['meeting'].pk}/",
    ):
        assert_shown_as_text(page, problems, dialogs, path)

    # The search box shows a hostile query as it was typed.
    assert_shown_as_text(page, problems, dialogs, f"/search/?q={quote(SCRIPT)}", template=False)


def test_feeds_carry_payloads_as_text(page, problems, dialogs, records):
    for path in ("/changes/feed/", f"/issues/{records['issue'].slug}/feed/"):
        response = page.goto(path, wait_until="networkidle")
        assert response.status == 200
        assert page.evaluate("() => window.__xss") is None, f"a payload ran on {path}"

        feed = ElementTree.fromstring(response.body())
        texts = " ".join(feed.itertext())
        assert SCRIPT in texts, f"{path} does not carry the payload as text"
        tags = {element.tag.rsplit("}", 1)[-1] for element in feed.iter()}
        assert not tags & {"script", "img", "svg"}, f"{path} carries markup: {tags}"
    assert dialogs == []
    assert problems.all() == [], "\n".join(problems.all())


ADMIN_MODELS = [
    models.Party,
    models.Person,
    models.Role,
    models.Place,
    models.Meeting,
    models.Delegation,
    models.Statement,
    models.Framework,
    models.FrameworkVersion,
    models.Topic,
    models.FrameworkPoint,
    models.PointLineage,
    models.StickingIssue,
    models.Position,
    models.Development,
    models.Source,
    models.Citation,
]


def test_admin_shows_payloads_as_text(page, problems, dialogs, records):
    log_in(page, user_with_password("root", is_superuser=True).username)
    for model in ADMIN_MODELS:
        base = f"/admin/negotiations/{model._meta.model_name}/"
        record = model.objects.filter(pk__in=hostile_pks(model)).first()
        response = page.goto(base, wait_until="networkidle")
        assert response.status == 200, base
        assert page.evaluate("() => window.__xss") is None, f"a payload ran on {base}"
        # The change form shows every field's value in its input, as text.
        change = f"{base}{record.pk}/change/"
        response = page.goto(change, wait_until="networkidle")
        assert response.status == 200, change
        assert page.evaluate("() => window.__xss") is None, f"a payload ran on {change}"
        for name in hostile(model, ""):
            stored = getattr(record, name)
            assert page.locator(f'[name="{name}"]').input_value() == stored, (change, name)
    # An account's value is JSON: its payload is in the value's box, as JSON text.
    account = models.Account.objects.filter(value_text__contains="Hostile").first()
    for path in (
        "/admin/negotiations/account/",
        f"/admin/negotiations/account/{account.pk}/change/",
    ):
        response = page.goto(path, wait_until="networkidle")
        assert response.status == 200, path
        assert page.evaluate("() => window.__xss") is None, f"a payload ran on {path}"
    assert SCRIPT in page.locator('[name="value"]').input_value()
    assert dialogs == []
    assert problems.all() == [], "\n".join(problems.all())


def hostile_pks(model) -> list[int]:
    """The records of `model` that hostile_records() made (their text says Hostile)."""
    text_field = next(iter(hostile(model, "")))
    return list(
        model.objects.filter(**{f"{text_field}__startswith": "Hostile"}).values_list(
            "pk", flat=True
        )
    )


# Every list the API's router serves.
API_LISTS = [prefix for prefix, _, _ in router.registry]


def test_browsable_api_shows_payloads_as_text(page, problems, dialogs, records):
    for name in API_LISTS:
        # One page holds the shipped records and the hostile ones.
        assert_shown_as_text(page, problems, dialogs, f"/api/v1/{name}/?page_size=100")
    assert_shown_as_text(page, problems, dialogs, "/api/v1/timeline/?page_size=100")
