from django.urls import path

from . import views

app_name = "negotiations"

urlpatterns = [
    path("", views.home, name="home"),
    path("timeline/", views.timeline, name="timeline"),
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
    path("search/", views.search, name="search"),
    path("sources/<int:pk>/", views.source_detail, name="source-detail"),
]
