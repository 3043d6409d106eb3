"""The SVG primitives the analysts' pictures are drawn with (negotiations/timeline/picture.py,
negotiations/frameworks/picture.py).

Every attribute value and text is escaped (as Django's escape does) unless it is already markup,
so user data is escaped. Classes are
for the page's stylesheet; inline fill/stroke are defaults so the pictures print without it.
"""

from __future__ import annotations

import functools
import re
from collections.abc import Iterable
from html import escape
from urllib.parse import urlsplit

from django.utils.safestring import SafeString

CHAR_W = 7.0  # rough width of a 12-13px sans-serif character, for layout estimates only
INK, MUTED = "#222", "#666"
WIDTH = 960  # every picture's viewBox is this wide, so the pages line them up
BOLD, MIDDLE, ITALIC = {"font_weight": "bold"}, {"text_anchor": "middle"}, {"font_style": "italic"}


def num(value: object) -> str:
    """A coordinate as SVG text: one decimal at most, none when it is whole."""
    return f"{value:.1f}".removesuffix(".0") if isinstance(value, float) else str(value)


def _escaped(value: object) -> str:
    # As conditional_escape, without its lazy-string wrapping: a picture has hundreds of these.
    return value if hasattr(value, "__html__") else escape(str(value))


@functools.cache
def _name(key: str) -> str:
    # A picture spells the same few dozen attribute names thousands of times.
    return key.rstrip("_").replace("_", "-")


def _value(value: object) -> str:
    # Numbers need no escaping (most attributes are coordinates).
    return num(value) if isinstance(value, int | float) else _escaped(value)


def el(tag: str, content: str = "", **attrs: object) -> SafeString:
    """One element; `stroke_width=2` becomes stroke-width="2", `class_` becomes class."""
    attr = "".join(f' {_name(k)}="{_value(v)}"' for k, v in attrs.items() if v is not None)
    if content == "":
        return SafeString(f"<{tag}{attr}/>")
    return SafeString(f"<{tag}{attr}>{_escaped(content)}</{tag}>")


def join(parts: Iterable[str]) -> SafeString:
    # Keeps elements as they are and escapes any plain str.
    return SafeString("".join(_escaped(p) for p in parts))


def text(x: float, y: float, content: str, size: int = 12, fill: str = INK, **attrs) -> SafeString:
    return el("text", content, x=x, y=y, font_size=size, fill=fill, **attrs)


def cut(content: str, limit: int) -> str:
    content = " ".join(content.split())
    return content if len(content) <= limit else content[: limit - 1].rstrip() + "…"


def token(value: str) -> str:
    # Class names and ids come from data: keep each a single harmless token.
    return re.sub(r"[^\w-]", "-", value)


def link(href: str | None, inner: SafeString) -> SafeString:
    # Only relative and http(s) targets: a "javascript:" href would run script on click.
    if not href or urlsplit(href).scheme.lower() not in ("", "http", "https"):
        return inner
    return el("a", inner, href=href)


def picture(
    pid: str, css: str, size: tuple[float, float], title: str, desc: str, body
) -> SafeString:
    """The <svg> root: titled and described for screen readers, scaled to the page's width.

    A picture without links is one image (role="img"). One with links is a labelled group
    instead: an image's content is presentational, so links inside it would be focusable but
    nameless to a screen reader (axe's nested-interactive); in a group each stays a link.
    """
    head = el("title", title, id=f"{pid}-title") + el("desc", desc, id=f"{pid}-desc")
    # `body` is markup from el(), where data is escaped: "<a " can only be a link element.
    role = "group" if "<a " in body else "img"
    return el(
        "svg", head + body, xmlns="http://www.w3.org/2000/svg", class_=css, role=role,
        aria_labelledby=f"{pid}-title {pid}-desc", viewBox=f"0 0 {num(size[0])} {num(size[1])}",
        width="100%", preserveAspectRatio="xMinYMin meet", font_family="system-ui, sans-serif",
        font_size=13, fill=INK,
    )  # fmt: skip
