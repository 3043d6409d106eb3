"""Widgets that read related records by names analysts can type (slugs), with clear errors.

import-export's ForeignKeyWidget raises DoesNotExist for an unknown key, which the import
reports as a crash with a traceback; these raise ValueError instead, which import-export turns
into a validation error on the row's column ("No party with slug 'narnia'.").
"""

from django.core.exceptions import MultipleObjectsReturned, ObjectDoesNotExist
from django.db.models import Model, Q
from import_export.widgets import ForeignKeyWidget, ManyToManyWidget, Widget

from negotiations.models import FrameworkPoint, FrameworkVersion, Option, Place, Source
from negotiations.models.accounts import fact


def _text(value) -> str:
    return "" if value is None else str(value).strip()


class SlugWidget(ForeignKeyWidget):
    """A foreign key written as the related record's slug."""

    def __init__(self, model: type[Model], field: str = "slug", **kwargs):
        super().__init__(model, field, **kwargs)

    def clean(self, value, row=None, **kwargs):
        value = _text(value)
        if not value:
            return None
        try:
            return super().clean(value, row, **kwargs)
        except ObjectDoesNotExist:
            raise ValueError(self.not_found(value, row)) from None
        except MultipleObjectsReturned:
            raise ValueError(
                f"More than one {self.model._meta.verbose_name} is '{value}'."
            ) from None

    def not_found(self, value: str, row) -> str:
        return f"No {self.model._meta.verbose_name} with slug '{value}'."


class VersionWidget(SlugWidget):
    """A framework version's slug, looked up within the row's `framework` (slug) column."""

    def __init__(self, **kwargs):
        super().__init__(FrameworkVersion, **kwargs)

    def get_queryset(self, value, row, *args, **kwargs):
        return FrameworkVersion.objects.filter(framework__slug=_text((row or {}).get("framework")))

    def not_found(self, value: str, row) -> str:
        framework = _text((row or {}).get("framework"))
        return f"No version '{value}' in framework '{framework}'."


class OptionWidget(SlugWidget):
    """An option written as its title, looked up within the row's `issue` (slug) column."""

    def __init__(self, **kwargs):
        super().__init__(Option, field="title", **kwargs)

    def get_queryset(self, value, row, *args, **kwargs):
        return Option.objects.filter(issue__slug=_text((row or {}).get("issue")))

    def not_found(self, value: str, row) -> str:
        issue = _text((row or {}).get("issue"))
        return (
            f"No option '{value}' on issue '{issue}': add it first (the issue's admin page, "
            "or the options import)."
        )


class WrittenKeyWidget(ForeignKeyWidget):
    """A foreign key to `model` written as text of its own form; a blank cell is no record."""

    model: type[Model]

    def __init__(self, **kwargs):
        super().__init__(self.model, **kwargs)

    def clean(self, value, row=None, **kwargs):
        value = _text(value)
        return self.find(value) if value else None

    def find(self, value: str) -> Model:
        """The record `value` names; ValueError, with what to write instead, if none."""
        raise NotImplementedError


class PlaceWidget(WrittenKeyWidget):
    """A place written as it prints ("Private club, Hallandale Beach, Florida"), or by its
    locality or venue alone when only one place has it. Places have no slug."""

    model = Place

    def find(self, value: str) -> Place:
        parts = [part.strip() for part in value.split(",")]
        candidates = list(
            Place.objects.filter(Q(venue__in=parts) | Q(locality__in=parts) | Q(region__in=parts))
        )
        exact = [place for place in candidates if str(place).casefold() == value.casefold()]
        if len(exact) == 1:
            return exact[0]
        named = [place for place in candidates if value in (place.locality, place.venue)]
        if len(named) == 1 and not exact:
            return named[0]
        if exact or len(named) > 1:
            raise ValueError(f"More than one place matches '{value}'; write it in full.")
        raise ValueError(f"No place '{value}' (write it as the admin lists it).")

    def render(self, value, obj=None, **kwargs):
        return "" if value is None else str(value)


class PointWidget(WrittenKeyWidget):
    """A framework point written as `<framework>/<version>/<number>` (or the title, for a
    point without a number): `us-peace-framework/28-point-draft/5`."""

    model = FrameworkPoint

    def find(self, value: str) -> FrameworkPoint:
        framework, _, rest = value.partition("/")
        version, _, key = rest.partition("/")
        if not (framework and version and key):
            raise ValueError(f"Write the point as framework/version/number, not '{value}'.")
        points = FrameworkPoint.objects.filter(
            version__framework__slug=framework, version__slug=version
        )
        lookup = {"number": int(key)} if key.isdigit() else {"title": key}
        try:
            return points.get(**lookup)
        except FrameworkPoint.DoesNotExist:
            raise ValueError(f"No point '{value}'.") from None
        except FrameworkPoint.MultipleObjectsReturned:
            raise ValueError(f"More than one point is '{value}'.") from None

    def render(self, value, obj=None, **kwargs):
        if value is None:
            return ""
        version = value.version
        key = value.number if value.number is not None else value.title
        return f"{version.framework.slug}/{version.slug}/{key}"


class SlugListWidget(ManyToManyWidget):
    """Many-to-many as slugs separated by ';' (a list in JSON); unknown slugs are errors,
    where ManyToManyWidget would silently drop them."""

    def __init__(self, model: type[Model], **kwargs):
        super().__init__(model, separator=";", field="slug", **kwargs)

    def clean(self, value, row=None, **kwargs):
        slugs = _split(value, self.separator)
        found = self.model.objects.filter(slug__in=slugs)
        missing = sorted(set(slugs) - {obj.slug for obj in found})
        if missing:
            name = self.model._meta.verbose_name_plural
            raise ValueError(f"Unknown {name}: {', '.join(missing)}.")
        return found

    def render(self, value, obj=None, **kwargs):
        return "" if value is None else self.separator.join(o.slug for o in value.all())


class NameListWidget(Widget):
    """A list of strings: separated by ';' in CSV, a list in JSON."""

    separator = ";"

    def clean(self, value, row=None, **kwargs):
        return _split(value, self.separator)

    def render(self, value, obj=None, **kwargs):
        return self.separator.join(value or [])


def _split(value, separator: str) -> list[str]:
    if value is None:
        return []
    items = value if isinstance(value, list | tuple) else str(value).split(separator)
    return [str(item).strip() for item in items if str(item).strip()]


class SourceWidget(ForeignKeyWidget):
    """A source written as its id or its exact title (sources have no slug)."""

    def __init__(self, **kwargs):
        super().__init__(Source, **kwargs)

    def clean(self, value, row=None, **kwargs):
        value = _text(value)
        if not value:
            return None
        found = list(
            Source.objects.filter(Q(title=value) | Q(pk=int(value) if value.isdigit() else None))[
                :2
            ]
        )
        if not found:
            raise ValueError(f"No source titled '{value}': add the source first.")
        if len(found) > 1:
            raise ValueError(f"More than one source is '{value}': give its id.")
        return found[0]

    def render(self, value, obj=None, **kwargs):
        return "" if value is None else value.title


class FactValueWidget(Widget):
    """A fact's value as a file gives it: JSON's own types, or a CSV cell's text (checked by
    the account's own rules when the row is validated)."""

    def clean(self, value, row=None, **kwargs):
        return value.strip() if isinstance(value, str) else value

    def render(self, value, obj=None, **kwargs):
        return "" if value is None else str(value)


def fact_value(kind: str, name: str, value, precision: str):
    """A cell's value as the account stores it: a date fact with its `precision` column
    ("day" if blank), a whole number from its digits; anything else as given."""
    try:
        found = fact(kind, name)
    except LookupError:
        return value  # the account's field check refuses the row
    if found.precise and isinstance(value, str):
        return {"date": value, "precision": precision or "day"}
    if isinstance(value, str) and value.isascii() and value.isdigit():
        field = found.model_field
        if field.get_internal_type().endswith("IntegerField") or field.many_to_one:
            return int(value)
    return value
