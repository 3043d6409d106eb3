"""Records known by a title or a name, with a slug for the page of their own."""

from django.db import models

from negotiations.links import slug_path
from negotiations.models.base import CitedModel


class SlugPage:
    """Mixin: the record's page is the URL named `page`, at the record's slug."""

    page: str  # a URL name, such as "negotiations:party-detail"

    def get_absolute_url(self) -> str:
        return slug_path(self.page, self.slug)


class TitledModel(CitedModel):
    """A cited record known by its title (a meeting, an issue, a framework, a development)."""

    title = models.CharField(max_length=200)
    slug = models.SlugField(max_length=200)

    class Meta:
        abstract = True

    def __str__(self) -> str:
        return self.title
