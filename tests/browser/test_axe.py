"""axe-core, Deque's accessibility engine, over every kind of page in Chromium.

The public pages have no violation at all (the goal was none serious or critical; they are clean
of the moderate and minor ones too, such as two unnamed search landmarks on the search page). The
admin's meeting form has none that the project's code causes: ADMIN_DJANGO lists the rest, which
Django's own templates and vendored scripts cause. axe is injected from
tests/validators/node_modules (`make validate` installs it); the context bypasses the
Content-Security-Policy for that one script, which the policy would rightly refuse.
"""

import pytest

from tests.browser.conftest import DESKTOP, log_in, user_with_password
from tests.validators.tools import ADMIN_MEETING_FORM, AXE_JS, PUBLIC_PAGES, axe_missing, require

pytestmark = [pytest.mark.browser, pytest.mark.validators]

STATUS = {"not-found": 404}
# The admin's violations that Django's own templates and scripts cause, by rule, and why.
ADMIN_DJANGO = {
    # select2 4.0.13, which Django vendors, puts a multiple choice's "clear" button (a <span>)
    # straight into the <ul> of the chosen items (moved out in select2 4.1, its pull request 5842).
    "list": "select2's clear button inside its list of chosen items",
    # Django's tabular inline heads the column of each row's name and links with an empty <th>.
    "empty-table-header": "admin/edit_inline/tabular.html's first column heading (minor)",
}

RUN_AXE = """async () => {
    const results = await axe.run(document, {resultTypes: ["violations"]});
    return results.violations.map(v => ({
        id: v.id, impact: v.impact, help: v.help,
        nodes: v.nodes.map(n => n.target.join(" ") + ": " + n.failureSummary.split("\\n")[1]),
    }));
}"""


@pytest.fixture
def axe_page(browser, shipped_data):
    """A page in one context for all the pages a test checks (the shipped data loads once)."""
    require(axe_missing())
    context = browser.new_context(base_url=shipped_data.url, viewport=DESKTOP, bypass_csp=True)
    context.set_default_timeout(15_000)
    yield context.new_page()
    context.close()


def violations(page, path: str, status: int = 200) -> list[dict]:
    response = page.goto(path, wait_until="networkidle")
    assert response.status == status, f"{path} answered {response.status}"
    page.add_script_tag(path=AXE_JS)
    return page.evaluate(RUN_AXE)


def described(found: dict[str, list[dict]]) -> str:
    return "\n".join(
        f"{path}: {v['impact']} {v['id']} ({v['help']}), {len(v['nodes'])} nodes: "
        + "; ".join(v["nodes"])
        for path, items in found.items()
        for v in items
    )


def test_public_pages_have_no_accessibility_violation(axe_page):
    found = {}
    for name, path in PUBLIC_PAGES.items():
        if items := violations(axe_page, path, STATUS.get(name, 200)):
            found[path] = items
    assert found == {}, described(found)


def test_admin_meeting_form_has_no_violation_of_ours(axe_page):
    log_in(axe_page, user_with_password("root", is_superuser=True).username)
    ours = [v for v in violations(axe_page, ADMIN_MEETING_FORM) if v["id"] not in ADMIN_DJANGO]
    assert ours == [], described({ADMIN_MEETING_FORM: ours})
