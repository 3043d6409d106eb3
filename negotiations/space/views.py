"""The negotiation space on the issue page (the matrix, its movement, its picture) and as CSV."""

from __future__ import annotations

from django import forms
from django.http import HttpRequest, HttpResponse, StreamingHttpResponse
from django.shortcuts import get_object_or_404, render
from django.utils import timezone

from negotiations.dates import format_precise_date
from negotiations.exports.csv import csv_lines, safe
from negotiations.models import OptionStance, StickingIssue
from negotiations.space.picture import StanceMark, stance_picture
from negotiations.space.selectors import Matrix, issue_matrix, stance_history
from negotiations.views.queries import query_problems


class MatrixForm(forms.Form):
    as_of = forms.DateField(required=False, label="As of")
    since = forms.DateField(required=False, label="Moved since")

    def clean(self):
        cleaned = super().clean()
        as_of, since = cleaned.get("as_of"), cleaned.get("since")
        if as_of and since and since > as_of:
            raise forms.ValidationError("“Moved since” comes after “As of”.")
        return cleaned


def matrix_query(request: HttpRequest) -> tuple[MatrixForm, list[str]]:
    """The page's as-of and since dates, checked (problems: the page answers 400)."""
    form = MatrixForm(request.GET)
    return form, query_problems(request, known=form.fields, form=form, numbered=False)


def space_context(issue: StickingIssue, form: MatrixForm) -> dict:
    """What the issue page shows of the negotiation space, for valid `form` dates: the matrix,
    its picture, and each option's citations, points and history of stances."""
    data = form.cleaned_data
    history = stance_history(issue)
    matrix = issue_matrix(issue=issue, as_of=data["as_of"], since=data["since"], history=history)
    marks = [
        StanceMark(
            option=stance.option.title,
            party=str(stance.party),
            stance=stance.stance,
            date=stance.as_of,
            precision=stance.as_of_precision,
        )
        for stance in history
    ]
    picture = None
    if marks:
        picture = stance_picture(
            pid=f"space-{issue.pk}",
            title=f"Each party's stance on each option of “{issue.title}” over time",
            marks=marks,
            today=data["as_of"] or timezone.localdate(),
        )
    by_option: dict[int, list[OptionStance]] = {}
    for stance in history:
        by_option.setdefault(stance.option_id, []).append(stance)
    for row in matrix.rows:  # each option card lists its stances, oldest first
        row.option.stance_list = by_option.get(row.option.pk, [])
    return {"matrix": matrix, "picture": picture}


def matrix_page(request: HttpRequest, slug: str) -> HttpResponse:
    """The issue's matrix on a page of its own (as of `?as_of=`, moved since `?since=`): what
    analysts follow from week to week. Only the cells on those dates are read (the window
    query), not the whole history that the issue page draws and lists with its positions."""
    issue = get_object_or_404(StickingIssue, slug=slug)
    form, problems = matrix_query(request)
    context = {"issue": issue, "form": form, "problems": problems}
    if not problems:
        data = form.cleaned_data
        context["matrix"] = issue_matrix(
            issue=issue, as_of=data["as_of"], since=data["since"], details=False
        )
    return render(
        request, "negotiations/issue_matrix.html", context, status=400 if problems else 200
    )


CSV_COLUMNS = [
    "option_id",
    "option",
    "party_id",
    "party",
    "stance",
    "condition",
    "as_of",
    "as_of_precision",
    "as_of_display",
    "stated_position",
    "sources",
    "open_ground",
]


def matrix_rows(matrix: Matrix):
    yield CSV_COLUMNS
    for row in matrix.rows:
        for cell in row.cells:
            stance = cell.stance
            sources = "; ".join(
                dict.fromkeys(c.source.title for c in stance.citation_list) if stance else ()
            )
            values = [
                str(row.option.pk),
                row.option.title,
                str(cell.party.pk),
                str(cell.party),
                cell.value,
                stance.condition if stance else "",
                stance.as_of.isoformat() if stance and stance.as_of else "",
                stance.as_of_precision if stance else "",
                format_precise_date(stance.as_of, stance.as_of_precision) if stance else "",
                stance.stated_position if stance else "",
                sources,
                "true" if row.open_ground else "false",
            ]
            yield [safe(value) for value in values]


def matrix_csv(request: HttpRequest, slug: str) -> HttpResponse:
    """The matrix as CSV, one row per option and party (unknown cells included)."""
    issue = get_object_or_404(StickingIssue, slug=slug)
    form, problems = matrix_query(request)
    if problems:
        return HttpResponse(
            "\n".join(problems), status=400, content_type="text/plain; charset=utf-8"
        )
    data = form.cleaned_data
    # Option titles only: the CSV has no column for their citations or points.
    matrix = issue_matrix(issue=issue, as_of=data["as_of"], since=data["since"], details=False)
    day = (data["as_of"] or timezone.localdate()).isoformat()
    response = StreamingHttpResponse(
        csv_lines(matrix_rows(matrix)), content_type="text/csv; charset=utf-8"
    )
    response["Content-Disposition"] = f'attachment; filename="{issue.slug}-matrix-{day}.csv"'
    return response
