from csp.decorators import csp_update
from django.contrib import admin
from django.templatetags.static import static
from django.urls import include, path
from django.utils.functional import lazy
from django.views.generic import RedirectView
from drf_spectacular.views import SpectacularAPIView, SpectacularSwaggerSplitView

admin.site.site_header = "Peace-negotiation tracker"
admin.site.site_title = "Negotiation tracker admin"
admin.site.index_title = "Records"

# Swagger UI under the CSP: its start-up script comes from a file (?script), not inline, and its
# stylesheet draws icons as data: images, allowed on this page only.
api_docs = csp_update({"img-src": ["data:"]})(
    SpectacularSwaggerSplitView.as_view(
        url_name="schema", template_name="negotiations/api_docs.html"
    )
)

urlpatterns = [
    # Pages without an icon link (the admin, the browsable API) make browsers ask for this one;
    # not permanent: the hashed static name changes with the file.
    path(
        "favicon.ico",
        RedirectView.as_view(url=lazy(static, str)("negotiations/favicon.svg")),
    ),
    path("admin/", admin.site.urls),
    path("api/v1/", include("negotiations.api.urls")),
    path("api/schema/", SpectacularAPIView.as_view(), name="schema"),
    path("api/docs/", api_docs, name="api-docs"),
    path("", include("negotiations.urls")),
]

# A refused page or admin view is logged as a security event before Django's 403 page.
handler403 = "negotiations.views.errors.permission_denied"
# The database being away is a 503 (page or JSON) with Retry-After; anything else a plain 500.
handler500 = "negotiations.views.faults.server_error"
