"""Others' validators the suite runs over every kind of page: where they are and what is missing.

The npm packages (the Nu Html Checker's `vnu.jar`, axe-core) are pinned in this folder's
package.json and package-lock.json and installed by `make validate` (`npm ci`, beside them, into
node_modules, which git ignores); the checker runs on Java (`apt-get install
default-jre-headless`). Without them the tests skip and say why, unless REQUIRE_VALIDATORS=1 (as
CI sets), which makes a missing validator an error instead.
"""

import os
import shutil
from pathlib import Path

import pytest

HERE = Path(__file__).resolve().parent
NODE_MODULES = HERE / "node_modules"
VNU_JAR = NODE_MODULES / "vnu-jar" / "build" / "dist" / "vnu.jar"
AXE_JS = NODE_MODULES / "axe-core" / "axe.min.js"
INSTALL = "make validate (npm ci in tests/validators)"

# Every kind of page: (name, path). The admin's meeting form is added by the tests that log in.
PUBLIC_PAGES = {
    "home": "/",
    "timeline": "/timeline/",
    "meetings": "/timeline/?kind=meeting",
    "meeting": "/meetings/florida-talks/",
    "party": "/parties/ukraine/",
    "person": "/people/marco-rubio/",
    "framework": "/frameworks/us-peace-framework/",
    "compare": "/frameworks/us-peace-framework/compare/28-point-draft/19-point-revision/",
    "issues": "/issues/",
    "issue": "/issues/occupied-territories/",
    "matrix": "/issues/occupied-territories/matrix/?since=2025-11-01",
    "search": "/search/?q=Rubio",
    "source": "/sources/1/",
    "changes": "/changes/",
    "history": "/changes/meeting/2/",
    "disputes": "/disputes/",
    "not-found": "/meetings/no-such-meeting/",
}
ADMIN_MEETING_FORM = "/admin/negotiations/meeting/2/change/"
# Pages that are a library's, not ours: their markup is the library's to fix.
LIBRARY_PAGES = {
    "/api/docs/": "Swagger UI (drf-spectacular's template and swagger-ui's script)",
    "/api/v1/": "Django REST framework's browsable API",
}


def java() -> str | None:
    return shutil.which("java")


def vnu_missing() -> str | None:
    """Why the Nu Html Checker cannot run, or None when it can."""
    if java() is None:
        return "java not found: apt-get install default-jre-headless (or make validate)"
    if not VNU_JAR.is_file():
        return f"vnu-jar not installed ({VNU_JAR} not found): {INSTALL}"
    return None


def axe_missing() -> str | None:
    if not AXE_JS.is_file():
        return f"axe-core not installed ({AXE_JS} not found): {INSTALL}"
    return None


def require(reason: str | None) -> None:
    """Skip for `reason`, or fail when REQUIRE_VALIDATORS=1; nothing when nothing is missing."""
    if reason is None:
        return
    if os.environ.get("REQUIRE_VALIDATORS") == "1":
        pytest.fail(f"REQUIRE_VALIDATORS=1 but {reason}", pytrace=False)
    pytest.skip(reason)
