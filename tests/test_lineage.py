import itertools

import pytest

from negotiations.frameworks.compare import ComparisonError, DiffOp, version_compare, word_diff
from negotiations.models import FrameworkVersion
from tests import factories as f


def rebuild(ops: list[DiffOp], *, side: str) -> str:
    return "".join(o.text for o in ops if o.op in ("equal", side))


@pytest.mark.parametrize(
    ("old", "new", "expected"),
    [
        pytest.param(
            "Ukraine keeps its army.",
            "Ukraine keeps its army.",
            [("equal", "Ukraine keeps its army.")],
            id="identical",
        ),
        pytest.param(
            "limits on the army",
            "limits on the navy",
            [("equal", "limits on the "), ("delete", "army"), ("insert", "navy")],
            id="word-changed",
        ),
        pytest.param(
            "a ceasefire",
            "a ceasefire and elections",
            [("equal", "a ceasefire"), ("insert", " and elections")],
            id="words-added-at-end",
        ),
        pytest.param(
            "peace, now",
            "peace; now",
            [("equal", "peace"), ("delete", ","), ("insert", ";"), ("equal", " now")],
            id="punctuation-changed",
        ),
        pytest.param("", "new text", [("insert", "new text")], id="empty-old"),
        pytest.param("old text", "", [("delete", "old text")], id="empty-new"),
        pytest.param("", "", [], id="both-empty"),
    ],
)
def test_word_diff(old, new, expected):
    assert word_diff(old, new) == [DiffOp(op=op, text=text) for op, text in expected]


@pytest.mark.parametrize(
    ("old", "new"),
    [
        ("Potential limits on Ukraine’s military size.", "Limits on Ukraine’s army, at 800,000."),
        ("one  two\tthree\n", "three two one"),
        ("the the the the", "the a the a the"),
        ("NATO: no.", "NATO — maybe?"),
        ("", "x"),
        ("x", ""),
    ],
)
def test_word_diff_rebuilds_both_texts(old, new):
    ops = word_diff(old, new)

    assert rebuild(ops, side="delete") == old
    assert rebuild(ops, side="insert") == new
    assert all(o.text for o in ops)
    assert all(a.op != b.op for a, b in itertools.pairwise(ops))


def version_pair(*, older_declared=28, newer_declared=19):
    older = f.FrameworkVersionFactory(declared_points=older_declared)
    newer = f.FrameworkVersionFactory(
        framework=older.framework, supersedes=older, declared_points=newer_declared
    )
    return older, newer


@pytest.mark.django_db
def test_version_compare_groups_each_kind_of_change():
    older, newer = version_pair()
    o = {
        n: f.FrameworkPointFactory(version=older, number=n, title=f"Old {n}", text=text)
        for n, text in [
            (1, "Kyiv holds elections."),
            (2, "Ukraine’s army is capped at 600,000 troops."),
            (3, "Sanctions are lifted."),
            (4, "Assets are unfrozen."),
            (5, "Security guarantees and a reconstruction fund."),
            (6, "Ukraine renounces NATO."),
            (7, "Untraced old."),
        ]
    }
    o[None] = f.FrameworkPointFactory(version=older, number=None, title="Unnumbered old")
    n = {
        k: f.FrameworkPointFactory(version=newer, number=k, title=f"New {k}", text=text)
        for k, text in [
            (1, "A Ukraine Development Fund."),
            (2, "Sanctions are lifted in stages."),
            (3, "Kyiv holds elections."),
            (4, "Security guarantees."),
            (5, "A reconstruction fund."),
            (6, "Ukraine’s army is capped at 800,000 troops in peacetime."),
            (7, "Untraced new."),
        ]
    }
    # Created out of display order, so the order asserted below is computed, not inherited.
    f.PointLineageFactory(from_point=o[6], to_point=None, kind="dropped", note="Gone.")
    f.PointLineageFactory(from_point=o[2], to_point=n[6], kind="reworded")
    f.PointLineageFactory(from_point=o[5], to_point=n[5], kind="split")
    f.PointLineageFactory(from_point=o[4], to_point=n[2], kind="merged", note="Combined.")
    f.PointLineageFactory(from_point=o[1], to_point=n[3], kind="kept")
    f.PointLineageFactory(from_point=o[5], to_point=n[4], kind="split")
    f.PointLineageFactory(from_point=o[3], to_point=n[2], kind="merged", note="Combined.")
    f.PointLineageFactory(from_point=None, to_point=n[1], kind="new")

    result = version_compare(older=older, newer=newer)

    summary = [(c.kind, c.from_points, c.to_points) for c in result.changes]
    assert summary == [
        ("new", [], [n[1]]),
        ("merged", [o[3], o[4]], [n[2]]),
        ("kept", [o[1]], [n[3]]),
        ("split", [o[5]], [n[4], n[5]]),
        ("reworded", [o[2]], [n[6]]),
        ("dropped", [o[6]], []),
    ]
    changes = {c.kind: c for c in result.changes}
    assert changes["reworded"].diff == [
        DiffOp("equal", "Ukraine’s army is capped at "),
        DiffOp("delete", "600"),
        DiffOp("insert", "800"),
        DiffOp("equal", ",000 troops"),
        DiffOp("insert", " in peacetime"),
        DiffOp("equal", "."),
    ]
    # A merged point is compared with its older texts joined by a space.
    merged_diff = changes["merged"].diff
    assert rebuild(merged_diff, side="delete") == "Sanctions are lifted. Assets are unfrozen."
    assert rebuild(merged_diff, side="insert") == "Sanctions are lifted in stages."
    for kind in ("new", "kept", "split", "dropped"):
        assert changes[kind].diff is None
    assert changes["merged"].note == "Combined."
    assert changes["dropped"].note == "Gone."
    assert result.untraced_older == [o[7], o[None]]
    assert result.untraced_newer == [n[7]]
    assert (result.older.version, result.older.declared, result.older.known) == (older, 28, 8)
    assert result.older.unknown == 20
    assert (result.newer.version, result.newer.declared, result.newer.known) == (newer, 19, 7)
    assert result.newer.unknown == 12


@pytest.mark.django_db
def test_unnumbered_points_sort_last_and_dropped_changes_after_all_others():
    older, newer = version_pair()
    dropped = f.FrameworkPointFactory(version=older, number=1, title="Dropped")
    unnumbered = f.FrameworkPointFactory(version=newer, number=None, title="A unnumbered")
    numbered = f.FrameworkPointFactory(version=newer, number=9, title="Z numbered")
    f.PointLineageFactory(from_point=dropped, to_point=None, kind="dropped")
    f.PointLineageFactory(to_point=unnumbered, kind="new")
    f.PointLineageFactory(to_point=numbered, kind="new")

    result = version_compare(older=older, newer=newer)

    assert [c.to_points for c in result.changes] == [[numbered], [unnumbered], []]


@pytest.mark.django_db
@pytest.mark.parametrize(
    ("old_text", "new_text"),
    [("", "Reworded."), ("Original.", ""), ("   ", "Reworded.")],
)
def test_reworded_without_a_known_text_has_no_diff(old_text, new_text):
    older, newer = version_pair()
    f.PointLineageFactory(
        from_point=f.FrameworkPointFactory(version=older, text=old_text),
        to_point=f.FrameworkPointFactory(version=newer, text=new_text),
        kind="reworded",
    )

    [change] = version_compare(older=older, newer=newer).changes

    assert change.diff is None


@pytest.mark.django_db
def test_counts_without_declared_points_and_with_more_points_than_declared():
    older, newer = version_pair(older_declared=None, newer_declared=1)
    f.FrameworkPointFactory.create_batch(2, version=newer, number=None)

    result = version_compare(older=older, newer=newer)

    assert (result.older.declared, result.older.known, result.older.unknown) == (None, 0, None)
    assert (result.newer.declared, result.newer.known, result.newer.unknown) == (1, 2, 0)


@pytest.mark.django_db
def test_links_to_other_versions_are_not_part_of_the_comparison():
    older, newer = version_pair()
    later = f.FrameworkVersionFactory(framework=older.framework, supersedes=newer)
    point = f.FrameworkPointFactory(version=newer)
    f.PointLineageFactory(from_point=point, to_point=None, kind="dropped")
    f.PointLineageFactory(to_point=f.FrameworkPointFactory(version=later), kind="new")

    result = version_compare(older=older, newer=newer)

    assert result.changes == []
    assert result.untraced_newer == [point]


@pytest.mark.django_db
def test_versions_of_different_frameworks_are_not_compared():
    older = f.FrameworkVersionFactory(label="28-point draft")
    newer = f.FrameworkVersionFactory(label="19-point revision")

    with pytest.raises(ComparisonError, match="different frameworks"):
        version_compare(older=older, newer=newer)


@pytest.mark.django_db
def test_a_version_is_not_compared_with_itself():
    version = f.FrameworkVersionFactory(label="28-point draft")

    with pytest.raises(ComparisonError, match="28-point draft with itself"):
        version_compare(older=version, newer=version)


@pytest.mark.django_db
@pytest.mark.parametrize(("older_index", "newer_index"), [(0, 2), (1, 0)])
def test_only_directly_consecutive_versions_are_compared(older_index, newer_index):
    first = f.FrameworkVersionFactory(label="28-point draft")
    second = f.FrameworkVersionFactory(
        framework=first.framework, supersedes=first, label="19-point revision"
    )
    third = f.FrameworkVersionFactory(
        framework=first.framework, supersedes=second, label="Final text"
    )
    versions = [first, second, third]
    older, newer = versions[older_index], versions[newer_index]

    with pytest.raises(ComparisonError, match="does not directly supersede") as error:
        version_compare(older=older, newer=newer)
    assert str(error.value).startswith(f"{newer.label} does not directly supersede {older.label}")


@pytest.mark.django_db
@pytest.mark.parametrize("size", [3, 30])
def test_version_compare_runs_a_constant_number_of_queries(size, django_assert_max_num_queries):
    older, newer = version_pair(older_declared=None, newer_declared=None)
    for number in range(1, size + 1):
        kind = ["kept", "reworded", "split"][number % 3]
        f.PointLineageFactory(
            from_point=f.FrameworkPointFactory(version=older, number=number, text="Old wording."),
            to_point=f.FrameworkPointFactory(version=newer, number=number, text="New wording."),
            kind=kind,
        )
    f.PointLineageFactory(to_point=f.FrameworkPointFactory(version=newer, number=None), kind="new")
    # Fresh instances, so nothing is already cached on the versions.
    older = FrameworkVersion.objects.get(pk=older.pk)
    newer = FrameworkVersion.objects.get(pk=newer.pk)

    with django_assert_max_num_queries(3):
        result = version_compare(older=older, newer=newer)

    assert len(result.changes) == size + 1
    assert result.newer.known == size + 1


@pytest.mark.django_db
def test_shipped_article_versions_have_no_recorded_lineage(article):
    draft = FrameworkVersion.objects.get(
        framework__slug="us-peace-framework", slug="28-point-draft"
    )
    revision = FrameworkVersion.objects.get(
        framework__slug="us-peace-framework", slug="19-point-revision"
    )

    result = version_compare(older=draft, newer=revision)

    assert result.changes == []
    assert len(result.untraced_older) == 2
    assert len(result.untraced_newer) == 1
    assert (result.older.known, result.older.unknown) == (2, 26)
    assert (result.newer.known, result.newer.unknown) == (1, 18)
