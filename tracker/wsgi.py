import gc
import os

from django.core.wsgi import get_wsgi_application
from django.urls import get_resolver

os.environ.setdefault("DJANGO_SETTINGS_MODULE", "tracker.settings")

application = get_wsgi_application()

# The URLconf, and with it the views and serializers, loaded now rather than by the first
# request; then everything loaded so far (about 130,000 objects that live as long as the worker)
# is left out of the garbage collector's full collections, each of which walked them all: a
# page of 50 meetings spent about 3 ms a request in them (docs/scaling.md).
get_resolver().url_patterns  # noqa: B018 (the property imports the URLconf)
gc.freeze()
