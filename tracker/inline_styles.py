"""Content-Security-Policy sources for the inline styles that dependencies' templates write.

Our own templates have no inline script or style. Django's admin, django-simple-history,
diff-match-patch and DRF's browsable API write a few fixed inline styles; each is allowed by the
hash of its exact text ('unsafe-hashes' lets a hash match a style attribute), so markup that got
into a page could use those declarations and nothing else. Scripts are never relaxed
(django-import-export's export page, which has an inline handler, is overridden:
admin/negotiations/export.html).
"""

import base64
import hashlib
from importlib.util import find_spec

from django.utils.html import escape

# The exact value of each style="..." attribute.
STYLE_ATTRIBUTES = (
    "border-top: 0",  # django-simple-history: the paginator on an admin history page
    "float: right; margin-right: 10px",  # DRF browsable API: the format menus
    "float: right",  # DRF browsable API: the ordering filter's tick
    # diff-match-patch, in django-import-export's import preview: inserted and deleted text.
    "background:#e6ffe6;",
    "background:#ffe6e6;",
)

# The exact text of each <style> element.
STYLE_ELEMENTS = [
    # Django admin: a change list without actions (a view-only user's).
    "\n      #changelist table thead th:first-child {width: inherit}\n    ",
]
if find_spec("pygments"):
    # DRF's browsable API inlines Pygments' stylesheet ("emacs") when Pygments is installed (the
    # dev tools bring it in; requirements.txt does not).
    from pygments.formatters import HtmlFormatter

    STYLE_ELEMENTS.append(escape(HtmlFormatter(style="emacs").get_style_defs(".highlight")))


def source_hash(text: str) -> str:
    """The CSP source that allows exactly this inline text."""
    digest = base64.b64encode(hashlib.sha256(text.encode()).digest()).decode()
    return f"'sha256-{digest}'"
