from django.urls import path

from . import views

app_name = "negotiations"

urlpatterns = [
    path("", views.home, name="home"),
]
