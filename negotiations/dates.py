"""Dates printed at the precision the sources give them."""

import datetime

from negotiations.models.base import DatePrecision, last_possible_day

__all__ = ["format_precise_date", "last_possible_day"]


def format_precise_date(value: datetime.date | None, precision: str) -> str:
    if value is None or precision == DatePrecision.UNKNOWN:
        return "date not reported"
    if precision == DatePrecision.DAY:
        return f"{value.day} {value:%b %Y}"
    if precision == DatePrecision.WEEK:
        return f"week of {value.day} {value:%b %Y}"
    if precision == DatePrecision.MONTH:
        return f"{value:%B %Y}"
    return "date not reported"
