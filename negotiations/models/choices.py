"""Choices said once: each value names its member and, unless told otherwise, its label."""

import sys

from django.db import models


def text_choices(name: str, values: str, **labels: str) -> type[models.TextChoices]:
    """A TextChoices enum from its values, in order ("held postponed", space-separated).

    Each member is named by its value in upper case and labelled by it in sentence case
    ("news_report" is NEWS_REPORT, "News report"), or by `labels[value]` where given: the
    class `HELD = "held", "Held"` … would spell every value three times.
    """
    values_list = values.split()
    if unlabelled := labels.keys() - set(values_list):
        raise ValueError(f"Labels for values {name} does not have: {sorted(unlabelled)}.")
    members = [
        (value.upper(), (value, labels.get(value, value.replace("_", " ").capitalize())))
        for value in values_list
    ]
    # Like a class statement (and namedtuple), the enum belongs to the module that makes it.
    module = sys._getframe(1).f_globals["__name__"]
    return models.TextChoices(name, members, module=module, qualname=name)
