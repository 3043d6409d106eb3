"""Sources and the citations that tie every claim to a verbatim excerpt of one."""

from __future__ import annotations

from collections.abc import Iterable

from django.contrib.contenttypes.fields import GenericForeignKey
from django.contrib.contenttypes.models import ContentType
from django.contrib.contenttypes.prefetch import GenericPrefetch
from django.core.exceptions import ValidationError
from django.db import models
from django.db.models import Q
from django.db.models.functions import Length
from django.db.models.lookups import GreaterThan

from negotiations.links import pk_links
from negotiations.models.base import TrackedModel, status_check
from negotiations.models.choices import text_choices
from negotiations.models.kinds import kinds
from negotiations.text import shorten

SourceKind = text_choices(
    "SourceKind", "news_report official_statement leaked_document analyst_note"
)

# The Admiralty (NATO STANAG 2511) grades: how reliable a source has proved, A to F, and how
# credible the information a citation quotes is, 1 to 6. F and 6, "cannot be judged", are the
# defaults: a record says nothing it was not told.
SourceReliability = text_choices(
    "SourceReliability",
    "A B C D E F",
    A="Completely reliable",
    B="Usually reliable",
    C="Fairly reliable",
    D="Not usually reliable",
    E="Unreliable",
    F="Reliability cannot be judged",
)


class Source(TrackedModel):
    Kind = SourceKind
    Reliability = SourceReliability

    indexed_fields = ("title", "publisher", "dateline", "text")
    title = models.CharField(max_length=300)
    publisher = models.CharField(max_length=200, blank=True)
    dateline = models.CharField(max_length=200, blank=True)
    published_date = models.DateField(null=True, blank=True)
    url = models.URLField(max_length=500, blank=True)
    kind = models.CharField(max_length=30, choices=Kind.choices, default=Kind.NEWS_REPORT)
    reliability = models.CharField(
        max_length=1,
        choices=Reliability.choices,
        default=Reliability.F,
        help_text="How reliable the source has proved (Admiralty grade, A to F); "
        "F: it cannot be judged.",
    )
    text = models.TextField(
        blank=True,
        help_text="The full text, when it may be kept; excerpts are checked against it.",
    )

    class Meta:
        ordering = ["-published_date", "title"]
        constraints = [
            status_check("kind", SourceKind, "source"),
            status_check("reliability", SourceReliability, "source"),
        ]

    def __str__(self) -> str:
        return self.title

    def get_absolute_url(self) -> str:
        return pk_links("negotiations:source-detail")(self.pk)


class CitationQuerySet(models.QuerySet):
    def attach(self, records: Iterable[models.Model]) -> None:
        """Each of `records` (of any cited kinds) gets its citations, with their sources, as
        a plain list `citation_list`, in one query: a generic relation's prefetch builds a
        related manager and a filter for every record (hundreds of points on a framework
        page). The `citations` template filter reads the list."""
        records = list(records)
        by_key, kinds = {}, {}
        for record in records:
            record.citation_list = []
            kind = ContentType.objects.get_for_model(type(record))
            by_key[kind.pk, record.pk] = record
            kinds.setdefault(kind.pk, []).append(record.pk)
        if not records:
            return
        of = Q()
        for kind, ids in kinds.items():
            of |= Q(content_type_id=kind, object_id__in=ids)
        # Each record's citations in Citation's order (its first keys are the record's).
        for citation in self.filter(of).with_source().order_by("id"):
            by_key[citation.content_type_id, citation.object_id].citation_list.append(citation)

    def with_source(self) -> CitationQuerySet:
        """Each citation with its source, as shown beside the record it backs: without the
        source's text (often many kB, copied into every row, and never shown there)."""
        return self.select_related("source").defer("source__text")

    def summaries(self) -> CitationQuerySet:
        """Each citation with the columns an embedded citation shows (the API's
        CitationSummarySerializer) and its record's keys, and its source's id, title and
        grade: a list embeds hundreds of them, and each timestamp read is a parse."""
        return self.select_related("source").only(
            "id",
            "content_type_id",
            "object_id",
            "source_id",
            "excerpt",
            "attribution",
            "credibility",
            "note",
            "source__id",
            "source__title",
            "source__reliability",
        )

    def with_records(self) -> CitationQuerySet:
        """Prefetch the cited records, one query per kind, with what their names and links
        need."""
        return self.select_related("source", "content_type").prefetch_related(
            GenericPrefetch(
                "content_object",
                [
                    kind.model._default_manager.select_related(*kind.live_related)
                    for kind in kinds()
                    if kind.cited and kind.live_related
                ],
            )
        )


CitationAttribution = text_choices(
    "CitationAttribution",
    "on_record reported anonymous inference",
    on_record="On the record",
    anonymous="Anonymous sources",
    inference="Analyst inference",
)
CitationCredibility = text_choices(
    "CitationCredibility",
    "1 2 3 4 5 6",
    **{
        "1": "Confirmed by other sources",
        "2": "Probably true",
        "3": "Possibly true",
        "4": "Doubtful",
        "5": "Improbable",
        "6": "Truth cannot be judged",
    },
)


class Citation(TrackedModel):
    """A verbatim excerpt of a source that backs one record."""

    Attribution = CitationAttribution
    Credibility = CitationCredibility

    indexed_fields = ("excerpt", "note")
    source = models.ForeignKey(Source, on_delete=models.PROTECT, related_name="citations")
    content_type = models.ForeignKey(ContentType, on_delete=models.CASCADE)
    object_id = models.PositiveBigIntegerField()
    content_object = GenericForeignKey("content_type", "object_id")
    excerpt = models.TextField(help_text="Verbatim from the source.")
    attribution = models.CharField(
        max_length=20, choices=Attribution.choices, default=Attribution.REPORTED
    )
    credibility = models.CharField(
        max_length=1,
        choices=Credibility.choices,
        default=Credibility["6"],
        help_text="How credible the excerpt's information is (Admiralty grade, 1 to 6); "
        "6: it cannot be judged.",
    )
    note = models.TextField(blank=True, help_text="What the excerpt supports, if not obvious.")

    objects = CitationQuerySet.as_manager()

    class Meta:
        ordering = ["content_type_id", "object_id", "id"]
        indexes = [models.Index(fields=["content_type", "object_id"], name="citation_target_idx")]
        constraints = [
            status_check("attribution", CitationAttribution, "citation"),
            status_check("credibility", CitationCredibility, "citation"),
            models.CheckConstraint(
                condition=Q(GreaterThan(Length("excerpt"), 0)),
                name="citation_excerpt_not_empty",
                violation_error_message="A citation quotes an excerpt.",
            ),
        ]

    name_related = ("source",)

    def __str__(self) -> str:
        return f"{self.source}: “{shorten(self.excerpt, 60)}”"

    def get_absolute_url(self) -> str:
        return f"{self.source.get_absolute_url()}#citation-{self.pk}"

    @property
    def grade(self) -> str:
        """The Admiralty grade: the source's reliability and the excerpt's credibility, "F6"."""
        return f"{self.source.reliability}{self.credibility}"

    @property
    def grade_meaning(self) -> str:
        """ "Source F: reliability cannot be judged; information 6: truth cannot be judged." """
        return (
            f"Source {self.source.reliability}: {self.source.get_reliability_display().lower()}; "
            f"information {self.credibility}: {self.get_credibility_display().lower()}."
        )

    def clean(self) -> None:
        super().clean()
        if self.source_id and self.source.text and self.excerpt not in self.source.text:
            raise ValidationError({"excerpt": "The excerpt does not occur verbatim in the source."})
