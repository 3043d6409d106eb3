from django.contrib import admin
from django.urls import include, path

admin.site.site_header = "Peace-negotiation tracker"
admin.site.site_title = "Negotiation tracker admin"
admin.site.index_title = "Records"

urlpatterns = [
    path("admin/", admin.site.urls),
    path("", include("negotiations.urls")),
]
