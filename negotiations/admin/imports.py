"""Import and export buttons for the admin pages of records analysts bring in bulk."""

from django.contrib import messages
from django.http import HttpResponseRedirect
from django.urls import reverse
from import_export.admin import ImportExportMixin
from import_export.formats.base_formats import CSV, JSON

from negotiations.imports import RESOURCES


class BulkImportMixin(ImportExportMixin):
    """django-import-export's upload, preview (a dry run) and confirm steps, on CSV and JSON.

    Mix in before the SimpleHistoryAdmin-based class: history and revert keep working, and
    every imported change is in the history with the logged-in user.
    """

    formats = [CSV, JSON]
    import_template_name = "admin/negotiations/import.html"
    # The export page without its inline script and styles (Content-Security-Policy).
    export_template_name = "admin/negotiations/export.html"

    def get_resource_classes(self, request):
        # The resources the import_records command knows, so a file imports the same either way.
        return [resource for resource in RESOURCES.values() if resource._meta.model is self.model]

    def has_import_permission(self, request) -> bool:
        # An import both adds and changes records: Analysts may, Viewers may not.
        return self.has_add_permission(request) and self.has_change_permission(request)

    def has_export_permission(self, request) -> bool:
        return self.has_view_permission(request)

    def process_result(self, result, request):
        if result.has_errors() or result.has_validation_errors():
            # The preview passed but the confirmed run did not (the data changed in between):
            # the resource rolled everything back.
            rows = sorted(
                {row.number for row in result.invalid_rows}
                | {number for number, _ in result.row_errors()}
            )
            messages.error(
                request,
                "Nothing was imported: rows "
                f"{', '.join(map(str, rows)) or '(file)'} failed on the final check. "
                "Upload the file again to see why.",
            )
            url = reverse(
                "admin:{}_{}_import".format(*self.get_model_info()),
                current_app=self.admin_site.name,
            )
            return HttpResponseRedirect(url)
        return super().process_result(result, request)
