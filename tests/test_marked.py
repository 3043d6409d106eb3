"""Marking cited excerpts in a source's text (negotiations/marked.py)."""

from negotiations.marked import excerpt_spans, marked_paragraphs


def runs(paragraphs):
    return [[(run.text, run.cited, run.passage) for run in paragraph] for paragraph in paragraphs]


def test_overlapping_excerpts_form_one_passage_cut_where_coverage_changes():
    text = "one two three four five\nsix seven"
    spans = excerpt_spans(text, [(1, "two three"), (2, "three four"), (3, "seven"), (4, "nine")])
    assert 4 not in spans  # not in the text: left for the caller to list apart
    paragraphs = marked_paragraphs(text, spans)
    assert runs(paragraphs) == [
        [
            ("one ", (), None),
            ("two ", (1,), 1),
            ("three", (1, 2), 1),
            (" four", (2,), 1),
            (" five", (), None),
        ],
        [("six ", (), None), ("seven", (3,), 2)],
    ]
    # The passage's notes sit on its last run; its anchor on its first.
    assert [run.notes for run in paragraphs[0]] == [[], [], [], [1, 2], []]
    assert [run.starts for run in paragraphs[0]] == [False, True, False, False, False]
    assert paragraphs[1][1].notes == [3]


def test_the_runs_give_the_text_back_and_a_passage_may_span_paragraphs():
    text = "alpha beta\ngamma delta\n\nepsilon"
    spans = excerpt_spans(text, [(7, "beta\ngamma")])
    paragraphs = marked_paragraphs(text, spans)
    assert "\n".join("".join(r.text for r in p) for p in paragraphs) == text.replace("\n\n", "\n")
    assert [r.passage for p in paragraphs for r in p if r.cited] == [1, 1]
    assert [r.notes for p in paragraphs for r in p if r.cited] == [[], [7]]


def test_touching_excerpts_are_one_passage_and_a_repeated_excerpt_marks_its_first_place():
    text = "ab ab cd"
    spans = excerpt_spans(text, [(1, "ab"), (2, " ab"), (3, "cd")])
    assert spans == {1: (0, 2), 2: (2, 5), 3: (6, 8)}
    passages = {r.passage for p in marked_paragraphs(text, spans) for r in p if r.cited}
    assert passages == {1, 2}
