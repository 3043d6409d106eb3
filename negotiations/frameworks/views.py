from django.db.models import Prefetch
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, render

from negotiations.frameworks.compare import ComparisonError, version_compare
from negotiations.frameworks.picture import lineage_svg
from negotiations.models import Citation, Framework, FrameworkPoint, FrameworkVersion


def framework_detail(request: HttpRequest, slug: str) -> HttpResponse:
    """A framework's versions, each with how many of its declared points are known."""
    points = FrameworkPoint.objects.prefetch_related("topics")
    versions = (
        FrameworkVersion.objects.with_point_counts()
        .with_accounts()
        .select_related("supersedes")
        .prefetch_related("authors", Prefetch("points", points))
        .order_by("date", "id")
    )
    framework = get_object_or_404(
        Framework.objects.prefetch_related(Prefetch("versions", versions)), slug=slug
    )
    # The framework's, its versions' and their points' citations in one query.
    shown = [framework]
    for version in framework.versions.all():
        shown += [version, *version.points.all()]
    Citation.objects.attach(shown)
    return render(request, "negotiations/framework_detail.html", {"framework": framework})


def framework_compare(request: HttpRequest, slug: str, older: str, newer: str) -> HttpResponse:
    """Two consecutive versions side by side, with the lineage of their points drawn."""
    # Both versions and their citations in two queries, whichever order the URL names them.
    versions = {
        version.slug: version
        for version in FrameworkVersion.objects.select_related("framework", "supersedes")
        .with_citations()
        .filter(framework__slug=slug, slug__in=[older, newer])
    }
    if older not in versions or newer not in versions:
        raise Http404("No such version of this framework.")
    older_version, newer_version = versions[older], versions[newer]
    try:
        comparison = version_compare(older=older_version, newer=newer_version)
    except ComparisonError as error:
        raise Http404(str(error)) from error
    return render(
        request,
        "negotiations/framework_compare.html",
        {
            "framework": older_version.framework,
            "comparison": comparison,
            "picture": lineage_svg(
                comparison,
                older_href=lambda point: f"#point-{point.pk}",
                newer_href=lambda point: f"#point-{point.pk}",
            ),
        },
    )
