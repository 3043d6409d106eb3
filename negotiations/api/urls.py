from django.urls import path, re_path
from rest_framework.routers import DefaultRouter

from . import auth, changes, composite, popolo, views
from .notfound import not_found

app_name = "api"

router = DefaultRouter()
# Basenames are the model names, so a record's link is always "api:<model_name>-detail".
for prefix, viewset in [
    ("parties", views.PartyViewSet),
    ("people", views.PersonViewSet),
    ("roles", views.RoleViewSet),
    ("places", views.PlaceViewSet),
    ("meetings", views.MeetingViewSet),
    ("delegations", views.DelegationViewSet),
    ("frameworks", views.FrameworkViewSet),
    ("framework-versions", views.FrameworkVersionViewSet),
    ("topics", views.TopicViewSet),
    ("points", views.PointViewSet),
    ("lineages", views.PointLineageViewSet),
    ("sticking-issues", views.StickingIssueViewSet),
    ("positions", views.PositionViewSet),
    ("statements", views.StatementViewSet),
    ("developments", views.DevelopmentViewSet),
    ("sources", views.SourceViewSet),
    ("citations", views.CitationViewSet),
]:
    router.register(prefix, viewset, basename=viewset.queryset.model._meta.model_name)

urlpatterns = [
    path("timeline/", composite.TimelineView.as_view(), name="timeline"),
    path(
        "framework-versions/<int:pk>/compare/<int:other_pk>/",
        composite.CompareView.as_view(),
        name="framework-version-compare",
    ),
    path("deletions/", composite.DeletionsView.as_view(), name="deletions"),
    path("changes/", changes.ChangesView.as_view(), name="changes"),
    path("auth/token/", auth.ObtainToken.as_view(), name="token"),
    path("popolo/", popolo.PopoloView.as_view(), name="popolo"),
    *router.urls,
    # Last: whatever else ends in a slash (a path without one is redirected to it first).
    re_path(r"^.+/$", not_found),
]
