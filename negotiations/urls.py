from django.urls import path

from . import feeds, views

app_name = "negotiations"

urlpatterns = [
    path("", views.home, name="home"),
    path("timeline/", views.timeline, name="timeline"),
    path("meetings.ics", views.meetings_ics, name="meetings-ics"),
    path("meetings/<slug:slug>/", views.meeting_detail, name="meeting-detail"),
    path("people/<slug:slug>/", views.person_detail, name="person-detail"),
    path("parties/<slug:slug>/", views.party_detail, name="party-detail"),
    path("frameworks/<slug:slug>/", views.framework_detail, name="framework-detail"),
    path(
        "frameworks/<slug:slug>/compare/<slug:older>/<slug:newer>/",
        views.framework_compare,
        name="framework-compare",
    ),
    path("issues/", views.issue_board, name="issue-board"),
    path("issues/<slug:slug>/", views.issue_detail, name="issue-detail"),
    path("issues/<slug:slug>/feed/", feeds.IssueChangesFeed(), name="issue-feed"),
    path("changes/", views.changes, name="changes"),
    path("changes/feed/", feeds.ChangesFeed(), name="changes-feed"),
    path("changes/<slug:kind>/<int:pk>/", views.record_changes, name="record-changes"),
    path("search/", views.search, name="search"),
    path("sources/<int:pk>/", views.source_detail, name="source-detail"),
]
