"""/disputes/: the facts that sources disagree on, open and settled, newest first."""

from django import forms
from django.core.paginator import Paginator
from django.http import HttpRequest, HttpResponse
from django.shortcuts import render

from negotiations.disputes.display import dispute_views
from negotiations.disputes.selectors import DisputeFilters, dispute_facts, disputes
from negotiations.filters import PartyField
from negotiations.models.accounts import FACTS
from negotiations.models.kinds import kind
from negotiations.timeline.views import party_options
from negotiations.views.queries import query_problems

PAGE_SIZE = 25


class DisputeFilterForm(forms.Form):
    kind = forms.ChoiceField(
        required=False, choices=[("", "Any kind")] + [(k, kind(k).label) for k in FACTS]
    )
    party = PartyField(required=False)
    state = forms.ChoiceField(
        required=False,
        choices=[("", "Open and settled"), ("open", "Open"), ("settled", "Settled")],
    )
    since = forms.DateField(required=False, label="Newest account on or after")
    until = forms.DateField(required=False, label="Newest account on or before")

    def clean(self):
        cleaned = super().clean()
        since, until = cleaned.get("since"), cleaned.get("until")
        if since and until and since > until:
            raise forms.ValidationError("“since” comes after “until”.")
        return cleaned


def dispute_list(request: HttpRequest) -> HttpResponse:
    """Every disputed fact, newest account first, with each account side by side."""
    form = DisputeFilterForm(request.GET)
    problems = query_problems(request, known=form.fields, form=form)
    rows = []
    if not problems:
        data = form.cleaned_data
        rows = disputes(
            DisputeFilters(
                kind=data["kind"] or None,
                party=data["party"],
                state=data["state"] or None,
                since=data["since"],
                until=data["until"],
            )
        )
    page = Paginator(rows, PAGE_SIZE).get_page(request.GET.get("page"))
    query = request.GET.copy()
    query.pop("page", None)
    return render(
        request,
        "negotiations/disputes.html",
        {
            "form": form,
            "page": page,
            "disputes": dispute_views(dispute_facts(list(page.object_list))),
            "party_options": party_options(request.GET.get("party", "")),
            "filter_query": query.urlencode(),
            "problems": problems,
        },
        status=400 if problems else 200,
    )
