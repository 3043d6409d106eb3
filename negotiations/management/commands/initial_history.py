"""Give every record that has no history its first entry, many-to-many links included.

loaddata writes raw (no history). simple-history's `populate_history` then records each record's
initial state, but not its many-to-many links; this command adds them to those first entries, so
the first later change of, say, a version's authors shows what it was before. Those first
entries carry the reason "Loaded from fixtures" (no user made them), which /changes/ reads.
"""

from django.core.management import call_command
from django.core.management.base import BaseCommand
from django.db import transaction
from django.db.models import Count, Max

from negotiations.history.changes import LOADED_REASON
from negotiations.models.kinds import tracked_models


class Command(BaseCommand):
    help = "Record the initial history of records loaded without it, many-to-many links included."

    @transaction.atomic
    def handle(self, *args, **options) -> None:
        newest = {
            model: model.history.aggregate(newest=Max("history_id"))["newest"] or 0
            for model in tracked_models()
        }
        call_command("populate_history", auto=True, verbosity=options["verbosity"])
        for model, before in newest.items():
            # Only the entries just written for the loaded records: later history is untouched.
            model.history.filter(
                history_id__gt=before, history_type="+", history_user__isnull=True
            ).update(history_change_reason=LOADED_REASON)
        added = 0
        for model in tracked_models():
            history = model.history.model
            for field in history._history_m2m_fields:
                added += self._snapshot(history, field)
        if options["verbosity"]:
            self.stdout.write(f"Added {added} many-to-many links to first history entries.")

    def _snapshot(self, history, field) -> int:
        accessor = f"{history._meta.model_name}_{field.name}"
        m2m_history = history._meta.get_field(accessor).related_model
        through = field.remote_field.through
        own, other = field.m2m_field_name(), field.m2m_reverse_field_name()
        # Records whose one entry is a creation without links: any later change of the links
        # would have added an entry, so the links they have now are the ones they had then.
        single = (
            history.objects.values("id").annotate(entries=Count("history_id")).filter(entries=1)
        )
        firsts = history.objects.filter(
            history_type="+", id__in=single.values("id"), **{f"{accessor}__isnull": True}
        )
        by_record = {entry.id: entry for entry in firsts}
        rows = [
            m2m_history(
                id=link.pk,
                history=by_record[getattr(link, f"{own}_id")],
                **{
                    f"{own}_id": getattr(link, f"{own}_id"),
                    f"{other}_id": getattr(link, f"{other}_id"),
                },
            )
            for link in through.objects.filter(**{f"{own}_id__in": by_record})
        ]
        m2m_history.objects.bulk_create(rows, batch_size=500)
        return len(rows)
