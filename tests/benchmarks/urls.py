"""The tracker's URLs plus the benchmark's two yardsticks: the limit and the floor."""

from django.urls import path

from tracker.urls import urlpatterns as tracker_urlpatterns

from . import views

urlpatterns = [
    path("bench/limit/meetings/", views.limit_meetings, name="bench-limit"),
    path("bench/limit/meetings/full/", views.limit_meetings_full, name="bench-limit-full"),
    path("bench/floor/", views.floor, name="bench-floor"),
    *tracker_urlpatterns,
]
