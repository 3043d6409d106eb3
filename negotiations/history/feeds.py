"""Atom feeds of changes (Django's syndication framework): everything, or one sticking issue.

Editors' names are shown to signed-in readers only (negotiations.history.changes.editors_visible).
"""

import copy

from django.contrib.syndication.views import Feed
from django.db.models import Q
from django.shortcuts import get_object_or_404
from django.urls import reverse
from django.utils.feedgenerator import Atom1Feed
from django.utils.html import format_html, format_html_join

from negotiations.history.changes import Change, change_rows, changes_load, editors_visible
from negotiations.models import Option, OptionStance, Position, StickingIssue

FEED_SIZE = 50


class ChangesFeed(Feed):
    feed_type = Atom1Feed
    title = "Peace-negotiation tracker: recent changes"
    subtitle = "Every change to every record: who made it, when, and the fields before and after."
    show_editors = False  # set per request, on a copy (one feed object serves every request)

    def __call__(self, request, *args, **kwargs):
        feed = copy.copy(self)
        feed.show_editors = editors_visible(request)
        return Feed.__call__(feed, request, *args, **kwargs)

    def link(self) -> str:
        return reverse("negotiations:changes")

    def items(self) -> list[Change]:
        return changes_load(change_rows()[:FEED_SIZE], show_editors=self.show_editors)

    def item_title(self, change: Change) -> str:
        return f"{change.kind_label.capitalize()} {change.change_type}: {change.name}"

    def item_description(self, change: Change) -> str:
        # Readers treat an Atom summary as HTML: every value is escaped here.
        who = format_html(
            "<p>{}{} {}{}.</p>",
            change.change_type.capitalize(),
            "," if change.loaded else "",
            change.byline,
            format_html(" (“{}”)", change.reason) if change.reason and not change.loaded else "",
        )
        rows = format_html_join(
            "",
            "<li>{}: {} → {}</li>",
            (
                (item.label.capitalize(), item.old or "empty", item.new or "empty")
                for item in change.fields
            ),
        )
        return who + (format_html("<ul>{}</ul>", rows) if change.fields else "")

    def item_link(self, change: Change) -> str:
        # The change's place in the record's history: unique per change, so also the entry id.
        return f"{change.history_url}#{change.guid}"

    def item_pubdate(self, change: Change):
        return change.at

    def item_updateddate(self, change: Change):
        return change.at

    def item_author_name(self, change: Change) -> str:
        return change.editor


class IssueChangesFeed(ChangesFeed):
    """Changes to one sticking issue, to the parties' positions on it, to its options and to
    the parties' stances on them."""

    def get_object(self, request, slug: str) -> StickingIssue:
        return get_object_or_404(StickingIssue, slug=slug)

    def title(self, issue: StickingIssue) -> str:
        return f"Peace-negotiation tracker: {issue.title}"

    def subtitle(self, issue: StickingIssue) -> str:
        return (
            f"Changes to the sticking issue “{issue.title}”, to the positions on it, "
            "to its options and to the parties' stances on them."
        )

    def link(self, issue: StickingIssue) -> str:
        return issue.get_absolute_url()

    def items(self, issue: StickingIssue) -> list[Change]:
        scopes = {
            StickingIssue: Q(id=issue.pk),
            Position: Q(issue_id=issue.pk),
            Option: Q(issue_id=issue.pk),
            OptionStance: Q(option_id__in=Option.objects.filter(issue=issue).values("pk")),
        }
        return changes_load(change_rows(scopes=scopes)[:FEED_SIZE], show_editors=self.show_editors)
