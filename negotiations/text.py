"""Shortening text for display: cut between words, with an ellipsis where text was left out."""

import re

ELLIPSIS = "…"
# Left at the cut: a snippet should not end on a dangling comma or dash before the ellipsis.
TRAILING = " \t\r\n,;:—–-"
_SPACE = re.compile(r"\s")


def shorten(text: str, limit: int) -> str:
    """`text` if it fits in `limit` characters, else its first whole words and "…", in at most
    `limit` (a first word longer than that is cut)."""
    text = text or ""
    if len(text) <= limit:
        return text
    return _end_at_word(text, 0, limit - 1).rstrip(TRAILING) + ELLIPSIS


def excerpt(text: str, at: int, width: int) -> str:
    """About `width` characters of `text` around position `at` (a third of them before it),
    starting and ending between words, with "…" where text was left out."""
    text = text or ""
    if len(text) <= width:
        return text
    start = max(0, min(at, len(text)) - width // 3)
    end = min(len(text), start + width)
    if start:
        # Start after the first space, unless that skips past `at` (one very long word).
        space = _SPACE.search(text, start, max(start, at))
        if space is not None and not text[start - 1].isspace():
            start = space.end()
    shown = text[start:end]
    if end < len(text):
        shown = _end_at_word(text, start, end).rstrip(TRAILING) + ELLIPSIS
    if start:
        shown = ELLIPSIS + shown.lstrip(TRAILING)
    return shown


def _end_at_word(text: str, start: int, end: int) -> str:
    """`text[start:end]`, shortened to its last whole word when `end` falls inside one."""
    shown = text[start:end]
    if end < len(text) and not text[end].isspace() and not text[end - 1].isspace():
        space = max(shown.rfind(" "), shown.rfind("\n"))
        if space > 0:
            shown = shown[:space]
    return shown


def duration_words(minutes: int | None) -> str:
    """240 → "4 hours"; 90 → "1 hour 30 minutes"; "" when not given."""
    if not minutes:
        return ""
    hours, rest = divmod(int(minutes), 60)
    parts = []
    if hours:
        parts.append(f"{hours} hour{'s' if hours != 1 else ''}")
    if rest:
        parts.append(f"{rest} minute{'s' if rest != 1 else ''}")
    return " ".join(parts)
