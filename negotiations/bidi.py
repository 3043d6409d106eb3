"""Isolating user-supplied names from the text around them, where no <bdi> element is allowed
(<title>, <option>, SVG text): a right-to-left override (U+202E) in one name must not reorder
the words drawn after it."""

import unicodedata

# First strong isolate … pop directional isolate: Unicode's own <bdi>.
FSI, PDI = "\u2068", "\u2069"
# Bidirectional classes that can reorder the text after them: right-to-left letters and the
# embedding, override and isolate controls (U+202A-U+202E, U+2066-U+2069).
RISKS = {"R", "AL", "RLE", "LRE", "RLO", "LRO", "PDF", "RLI", "LRI", "FSI", "PDI"}


def isolate(text: str) -> str:
    """`text` between FSI and PDI if it holds right-to-left text or direction controls; plain
    left-to-right text is left as it is (so it still reads, selects and matches exactly)."""
    # ASCII holds no right-to-left letter or direction control: most text stops at this test.
    if not text.isascii() and any(unicodedata.bidirectional(char) in RISKS for char in text):
        return f"{FSI}{text}{PDI}"
    return text
