"""Competing accounts: edited inline on each record with facts (base.AccountInline); accepted
or re-opened here."""

from django import forms
from django.contrib import admin
from django.contrib import messages as django_messages
from django.contrib.admin import helpers
from django.core.exceptions import ValidationError
from django.db import transaction
from django.template.response import TemplateResponse

from negotiations.admin.base import TrackedAdmin
from negotiations.admin.imports import BulkImportMixin
from negotiations.models import Account
from negotiations.models.base import RevisionConflict
from negotiations.services import account_accept, account_reopen


class SettleForm(forms.Form):
    reason = forms.CharField(widget=forms.Textarea(attrs={"rows": 3}), max_length=2000)


@admin.register(Account)
class AccountAdmin(BulkImportMixin, TrackedAdmin):
    list_display = ["__str__", "record_name", "content_type", "field", "grade", "accepted_at"]
    list_filter = [
        ("content_type", admin.RelatedOnlyFieldListFilter),
        "field",
        ("accepted_at", admin.EmptyFieldListFilter),
        "citation__source__reliability",
    ]
    search_fields = ["value_text", "citation__excerpt", "citation__source__title"]
    list_select_related = ["citation__source", "content_type"]
    readonly_fields = [*TrackedAdmin.readonly_fields, "accepted_at", "accepted_reason"]
    actions = ["accept", "reopen"]

    def get_autocomplete_fields(self, request):
        return ["citation"]

    def get_queryset(self, request):
        return super().get_queryset(request).prefetch_related("record")

    @admin.display(description="Record")
    def record_name(self, obj) -> str:
        return str(obj.record)

    @admin.display(description="Grade")
    def grade(self, obj) -> str:
        return obj.citation.grade

    @admin.action(description="Accept the selected account as its record's value")
    def accept(self, request, queryset):
        return self._settle(request, queryset, account_accept, "accepted", "Accept")

    @admin.action(description="Re-open the selected accounts' facts")
    def reopen(self, request, queryset):
        return self._settle(request, queryset, account_reopen, "re-opened", "Re-open")

    def _settle(self, request, queryset, service, done: str, verb: str):
        """Ask for the reason first (as Django's delete asks for a confirmation), then write
        each through the service layer; nothing is written if one is refused."""
        if not self.has_change_permission(request):
            self.message_user(request, "You may not change accounts.", django_messages.ERROR)
            return None
        form = SettleForm(request.POST if "reason" in request.POST else None)
        if not form.is_valid():
            context = {
                **self.admin_site.each_context(request),
                "title": f"{verb}: say why",
                "verb": verb,
                "form": form,
                "accounts": queryset,
                "action": request.POST.get("action"),
                "action_checkbox_name": helpers.ACTION_CHECKBOX_NAME,
                "opts": self.model._meta,
            }
            return TemplateResponse(request, "admin/negotiations/account_settle.html", context)
        accounts = list(queryset)
        facts = {(a.content_type_id, a.object_id, a.field) for a in accounts}
        if service is account_accept and len(facts) < len(accounts):
            message = "Accept one account of a fact at a time."
            self.message_user(request, f"Nothing was changed: {message}", django_messages.ERROR)
            return None
        try:
            with transaction.atomic():
                for account in accounts:
                    service(account=account, by=request.user, reason=form.cleaned_data["reason"])
        except (ValidationError, RevisionConflict) as error:
            message = "; ".join(getattr(error, "messages", [str(error)]))
            self.message_user(request, f"Nothing was changed: {message}", django_messages.ERROR)
            return None
        self.message_user(request, f"{len(accounts)} {done}.")
        return None
