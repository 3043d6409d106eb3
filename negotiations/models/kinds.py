"""The kinds of record: one definition of each, read by the history, admin, API and backup.

A kind is a model of the app that is not a history table: its name (the `kind` filter's value
and the /changes/<kind>/<id>/ segment), its labels, whether it is tracked (history and
revision), cited (carries citations) and indexed (has a search document), what its `__str__`
and `get_absolute_url` read through foreign keys (declared on the model as `name_related` and
`url_related`), and its API detail URL. Read from the app registry when first asked, so this
module imports nothing but the base models.
"""

from dataclasses import dataclass
from functools import cache

from django.apps import apps
from django.db import models
from simple_history.models import HistoricalChanges

from negotiations.models.base import CitedModel, TrackedModel

APP_LABEL = "negotiations"


@dataclass(frozen=True)
class Kind:
    model: type[models.Model]

    @property
    def name(self) -> str:
        """The model name: the `kind` filter's value and the /changes/<kind>/<id>/ segment."""
        return self.model._meta.model_name

    @property
    def label(self) -> str:
        return str(self.model._meta.verbose_name)

    @property
    def label_plural(self) -> str:
        return str(self.model._meta.verbose_name_plural)

    @property
    def tracked(self) -> bool:
        """Has a change history and a revision (the API's ETag)."""
        return issubclass(self.model, TrackedModel)

    @property
    def cited(self) -> bool:
        return issubclass(self.model, CitedModel)

    @property
    def indexed(self) -> bool:
        return bool(getattr(self.model, "indexed_fields", ()))

    @property
    def name_related(self) -> tuple[str, ...]:
        """The select_related paths `__str__` reads."""
        return tuple(getattr(self.model, "name_related", ()))

    @property
    def live_related(self) -> tuple[str, ...]:
        """The select_related paths `__str__` and `get_absolute_url` read, for linked names."""
        related = (*self.name_related, *getattr(self.model, "url_related", ()))
        return tuple(dict.fromkeys(related))

    @property
    def api_detail(self) -> str:
        """The API's URL name for one record (the router's basenames are the model names);
        a kind the API shows only inside other records has none (NoReverseMatch)."""
        return f"api:{self.name}-detail"


@cache
def _kinds() -> tuple[Kind, ...]:
    return tuple(
        Kind(model)
        for model in apps.get_app_config(APP_LABEL).get_models()
        if not issubclass(model, HistoricalChanges)
    )


def kinds() -> tuple[Kind, ...]:
    """Every kind of record, in the app's declaration order (derived tables included)."""
    return _kinds()


def kind(name: str) -> Kind:
    """The kind called `name`; LookupError when there is none."""
    for candidate in _kinds():
        if candidate.name == name:
            return candidate
    raise LookupError(f"No kind of record is called {name!r}.")


def kind_of(model: type[models.Model]) -> Kind:
    """The kind of `model` (a record's class, or a deferred-fields subclass of it)."""
    concrete = model._meta.concrete_model
    for candidate in _kinds():
        if candidate.model is concrete:
            return candidate
    raise LookupError(f"{model._meta.label} is not a kind of record.")


def tracked_kinds() -> dict[str, Kind]:
    """Name → kind, for every kind with a history."""
    return {k.name: k for k in _kinds() if k.tracked}


def tracked_models() -> list[type[TrackedModel]]:
    """Every kind of record with a history, in the app's declaration order."""
    return [k.model for k in _kinds() if k.tracked]


def cited_models() -> list[type[CitedModel]]:
    return [k.model for k in _kinds() if k.cited]


def indexed_models() -> list[type[TrackedModel]]:
    return [k.model for k in _kinds() if k.indexed]


def stored_models() -> list[type[models.Model]]:
    """Every model of the app with a table of its own: records, their history, derived data."""
    return [
        model
        for model in apps.get_app_config(APP_LABEL).get_models()
        if model._meta.managed and not model._meta.proxy
    ]
