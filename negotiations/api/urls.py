from django.urls import path, re_path
from rest_framework.routers import DefaultRouter

from negotiations.api import auth, viewsets
from negotiations.api.notfound import not_found
from negotiations.disputes.api import AccountViewSet
from negotiations.exports.api import PopoloView
from negotiations.frameworks.api import CompareView
from negotiations.history.api import ChangesView, DeletionsView
from negotiations.space.api import MatrixView, OptionStanceViewSet, OptionViewSet
from negotiations.timeline.api import TimelineView

app_name = "api"

router = DefaultRouter()
# Basenames are the model names, so a record's link is always "api:<model_name>-detail".
for prefix, viewset in [
    ("parties", viewsets.PartyViewSet),
    ("people", viewsets.PersonViewSet),
    ("roles", viewsets.RoleViewSet),
    ("places", viewsets.PlaceViewSet),
    ("meetings", viewsets.MeetingViewSet),
    ("delegations", viewsets.DelegationViewSet),
    ("frameworks", viewsets.FrameworkViewSet),
    ("framework-versions", viewsets.FrameworkVersionViewSet),
    ("topics", viewsets.TopicViewSet),
    ("points", viewsets.PointViewSet),
    ("lineages", viewsets.PointLineageViewSet),
    ("sticking-issues", viewsets.StickingIssueViewSet),
    ("positions", viewsets.PositionViewSet),
    ("options", OptionViewSet),
    ("option-stances", OptionStanceViewSet),
    ("statements", viewsets.StatementViewSet),
    ("developments", viewsets.DevelopmentViewSet),
    ("sources", viewsets.SourceViewSet),
    ("citations", viewsets.CitationViewSet),
    ("accounts", AccountViewSet),
]:
    router.register(prefix, viewset, basename=viewset.queryset.model._meta.model_name)

urlpatterns = [
    path("timeline/", TimelineView.as_view(), name="timeline"),
    path(
        "framework-versions/<str:version>/compare/<str:other>/",
        CompareView.as_view(),
        name="framework-version-compare",
    ),
    path("sticking-issues/<str:issue>/matrix/", MatrixView.as_view(), name="issue-matrix"),
    path("deletions/", DeletionsView.as_view(), name="deletions"),
    path("changes/", ChangesView.as_view(), name="changes"),
    path("auth/token/", auth.ObtainToken.as_view(), name="token"),
    path("popolo/", PopoloView.as_view(), name="popolo"),
    *router.urls,
    # Last: whatever else ends in a slash (a path without one is redirected to it first).
    re_path(r"^.+/$", not_found),
]
