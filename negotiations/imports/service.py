"""Running an import outside the admin (the import_records command), with a plain report."""

from dataclasses import dataclass, field
from pathlib import Path

import tablib
from django.contrib.auth.models import AbstractBaseUser
from import_export.formats.base_formats import CSV, JSON
from import_export.results import Result, RowResult

from negotiations.imports.resources import TrackedResource

FORMATS = {"csv": CSV, "json": JSON}


@dataclass
class RejectedRow:
    number: int  # 1 is the first record (in a CSV file, the line after the header)
    reasons: list[str]


@dataclass
class ImportReport:
    source_name: str
    dry_run: bool
    new: int = 0
    updated: int = 0
    unchanged: int = 0
    rejected: list[RejectedRow] = field(default_factory=list)
    file_errors: list[str] = field(default_factory=list)  # problems with the file as a whole

    @property
    def ok(self) -> bool:
        return not self.rejected and not self.file_errors

    @property
    def written(self) -> bool:
        return self.ok and not self.dry_run

    def summary(self) -> str:
        return (
            f"{self.new} new, {self.updated} updated, {self.unchanged} unchanged, "
            f"{len(self.rejected)} rejected"
        )


def load_dataset(*, path: Path, file_format: str) -> tablib.Dataset:
    """Read a CSV or JSON file (a list of objects) into a dataset; ValueError if unreadable."""
    format_class = FORMATS[file_format]()
    try:
        data = path.read_bytes() if format_class.is_binary() else path.read_text("utf-8-sig")
        dataset = format_class.create_dataset(data)
    except (OSError, UnicodeDecodeError) as error:
        raise ValueError(f"Cannot read {path}: {error}") from error
    except Exception as error:  # tablib raises whatever its parser raises
        raise ValueError(f"{path} is not valid {file_format.upper()}: {error}") from error
    return dataset


def import_rows(
    *,
    resource: type[TrackedResource],
    dataset: tablib.Dataset,
    dry_run: bool,
    user: AbstractBaseUser | None,
    source_name: str,
) -> ImportReport:
    """Import every row or none: one bad row rolls the whole file back.

    Each saved record gets a history entry by `user` with the reason
    "Bulk import from <source_name>". A dry run validates and counts, then rolls back.
    """
    result = resource().import_data(
        dataset,
        dry_run=dry_run,
        raise_errors=False,
        use_transactions=True,
        user=user,
        file_name=source_name,
    )
    return _report(result, dry_run=dry_run, source_name=source_name)


def _report(result: Result, *, dry_run: bool, source_name: str) -> ImportReport:
    totals = result.totals
    report = ImportReport(
        source_name=source_name,
        dry_run=dry_run,
        new=totals[RowResult.IMPORT_TYPE_NEW],
        updated=totals[RowResult.IMPORT_TYPE_UPDATE],
        unchanged=totals[RowResult.IMPORT_TYPE_SKIP],
    )
    report.file_errors = [str(error.error) for error in result.base_errors]
    rejected: dict[int, list[str]] = {}
    for invalid in result.invalid_rows:
        reasons = rejected.setdefault(invalid.number, [])
        for column, messages in invalid.error_dict.items():
            prefix = "" if column == "__all__" else f"{column}: "
            reasons.extend(f"{prefix}{message}" for message in messages)
    for number, errors in result.row_errors():
        rejected.setdefault(number, []).extend(str(error.error) for error in errors)
    report.rejected = [RejectedRow(number, reasons) for number, reasons in sorted(rejected.items())]
    return report
