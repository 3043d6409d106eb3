from django.urls import path

from negotiations.disputes.views import dispute_list
from negotiations.exports.views import meetings_ics
from negotiations.frameworks.views import framework_compare, framework_detail
from negotiations.history import feeds
from negotiations.history.views import changes, record_changes
from negotiations.search.views import search
from negotiations.space.views import matrix_csv, matrix_page
from negotiations.timeline.views import timeline
from negotiations.views.actors import party_detail, person_detail
from negotiations.views.issues import issue_board, issue_detail
from negotiations.views.meetings import meeting_detail
from negotiations.views.pages import home
from negotiations.views.sources import source_detail

app_name = "negotiations"

urlpatterns = [
    path("", home, name="home"),
    path("timeline/", timeline, name="timeline"),
    path("meetings.ics", meetings_ics, name="meetings-ics"),
    path("meetings/<slug:slug>/", meeting_detail, name="meeting-detail"),
    path("people/<slug:slug>/", person_detail, name="person-detail"),
    path("parties/<slug:slug>/", party_detail, name="party-detail"),
    path("frameworks/<slug:slug>/", framework_detail, name="framework-detail"),
    path(
        "frameworks/<slug:slug>/compare/<slug:older>/<slug:newer>/",
        framework_compare,
        name="framework-compare",
    ),
    path("issues/", issue_board, name="issue-board"),
    path("issues/<slug:slug>/", issue_detail, name="issue-detail"),
    path("issues/<slug:slug>/matrix/", matrix_page, name="issue-matrix"),
    path("issues/<slug:slug>/matrix.csv", matrix_csv, name="issue-matrix-csv"),
    path("issues/<slug:slug>/feed/", feeds.IssueChangesFeed(), name="issue-feed"),
    path("disputes/", dispute_list, name="disputes"),
    path("changes/", changes, name="changes"),
    path("changes/feed/", feeds.ChangesFeed(), name="changes-feed"),
    path("changes/<slug:kind>/<int:pk>/", record_changes, name="record-changes"),
    path("search/", search, name="search"),
    path("sources/<int:pk>/", source_detail, name="source-detail"),
]
