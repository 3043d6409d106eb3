from django import template

from negotiations.dates import format_precise_date

register = template.Library()


@register.simple_tag
def precise_date(value, precision: str) -> str:
    """`{% precise_date meeting.date meeting.date_precision %}` → "week of 1 Dec 2025"."""
    return format_precise_date(value, precision)
