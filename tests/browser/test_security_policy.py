"""The Content-Security-Policy in a real browser: it is enforced, and the admin, the import and
export pages, the API docs and the browsable API all work under it without one violation."""

import pytest
from playwright.sync_api import expect

from negotiations.models import Meeting
from tests.browser.conftest import log_in, user_with_password
from tests.test_imports import DATA

pytestmark = pytest.mark.browser


@pytest.fixture
def admin_page(page, problems, shipped_data):
    """`page`, logged in to the admin as a superuser."""
    log_in(page, user_with_password("root", is_superuser=True).username)
    return page


def visit(page, path: str):
    response = page.goto(path, wait_until="networkidle")
    assert response.status == 200, f"{path} answered {response.status}"
    return response


def test_the_policy_is_enforced_and_reported(page, problems):
    visit(page, "/")
    blocked = page.evaluate(
        """() => new Promise(resolve => {
            document.addEventListener(
                "securitypolicyviolation", event => resolve(event.effectiveDirective), {once: true}
            );
            const script = document.createElement("script");
            script.textContent = "window.injected = true";
            document.body.append(script);
        })"""
    )

    assert blocked == "script-src-elem"
    assert page.evaluate("() => window.injected") is None
    assert problems.csp_violations, "the violation was not reported"
    assert "script-src-elem blocked inline" in problems.csp_violations[0]


def test_admin_pages_work(admin_page, problems):
    page = admin_page
    meeting = Meeting.objects.get(slug="florida-talks")
    history_id = meeting.history.earliest().history_id
    base = "/admin/negotiations/meeting/"
    for path in (
        "/admin/",
        base,
        f"{base}{meeting.pk}/change/",
        f"{base}add/",
        f"{base}{meeting.pk}/history/",
        f"{base}{meeting.pk}/history/{history_id}/",  # the revert form
        "/admin/auth/user/",
        "/admin/password_change/",
    ):
        visit(page, path)
        assert page.locator("#content h1").count() == 1, path

    # The admin's scripts run: "select all" ticks every row and counts them.
    visit(page, base)
    page.locator("#action-toggle").check()
    rows = Meeting.objects.count()
    expect(page.locator(".action-counter")).to_have_text(f"{rows} of {rows} selected")
    # ...and on a change form, "Add another" makes a new inline row.
    visit(page, f"{base}{meeting.pk}/change/")
    statements = page.locator("#statements-group tbody tr.form-row:not(.empty-form)")
    before = statements.count()
    page.locator("#statements-group .add-row a").click()
    expect(statements).to_have_count(before + 1)

    assert problems.all() == [], "\n".join(problems.all())


def test_a_view_only_user_sees_the_change_list(page, problems, shipped_data):
    # Without actions, Django's change list adds an inline <style> (allowed by its hash).
    log_in(page, user_with_password("reader", groups=["Viewers"]).username)
    visit(page, "/admin/negotiations/meeting/")
    expect(page.locator("#result_list tbody tr")).to_have_count(Meeting.objects.count())
    assert page.locator("#action-toggle").count() == 0
    assert problems.all() == [], "\n".join(problems.all())


def test_admin_import_previews_and_confirms(admin_page, problems):
    page = admin_page
    before = Meeting.objects.count()
    visit(page, "/admin/negotiations/meeting/import/")
    page.locator("#id_import_file").set_input_files(DATA / "meetings.csv")
    page.locator("#id_format").select_option(label="csv")
    page.get_by_role("button", name="Submit").click()
    expect(page.get_by_text("2 new, 0 changed, 0 unchanged, 0 rejected")).to_be_visible()

    page.get_by_role("button", name="Confirm import").click()
    expect(page.locator(".messagelist")).to_contain_text("Import finished")
    assert Meeting.objects.count() == before + 2
    assert problems.all() == [], "\n".join(problems.all())


def test_admin_export_select_all_clears_and_ticks_every_field(admin_page, problems):
    page = admin_page
    visit(page, "/admin/negotiations/meeting/export/")
    fields = page.locator('.selectable-field-export-row input[type="checkbox"]')
    assert fields.count() > 2
    toggle = page.get_by_label("Select all")

    toggle.uncheck()
    for box in fields.all():
        expect(box).not_to_be_checked()
    toggle.check()
    for box in fields.all():
        expect(box).to_be_checked()
    assert problems.all() == [], "\n".join(problems.all())


def test_api_docs_render_every_operation(page, problems):
    visit(page, "/api/docs/")
    operations = page.locator(".opblock")
    expect(operations.first).to_be_visible()
    assert operations.count() > 20

    # An operation opens, with its parameters and responses.
    operation = page.locator(".opblock-get").first
    operation.locator(".opblock-summary").click()
    expect(operation.locator(".responses-wrapper")).to_be_visible()
    assert problems.all() == [], "\n".join(problems.all())


def test_browsable_api_renders_and_its_menus_open(admin_page, problems):
    page = admin_page
    for path in ("/api/v1/", "/api/v1/meetings/", "/api/v1/meetings/1/", "/api/v1/parties/"):
        visit(page, path)
        expect(page.locator(".response-info")).to_contain_text("HTTP 200 OK")

    # DRF's own scripts run: the format menu opens, the JSON link answers.
    visit(page, "/api/v1/meetings/")
    page.locator(".format-selection .dropdown-toggle").click()
    json = page.locator(".format-selection").get_by_role("link", name="json")
    expect(json).to_be_visible()
    json.click()
    expect(page.locator("body")).to_contain_text('"results"')
    assert problems.all() == [], "\n".join(problems.all())
