import io

import pytest
from django.contrib.auth import get_user_model
from django.core.management import call_command


@pytest.mark.django_db
def test_ensure_admin_prints_a_generated_password_once():
    out = io.StringIO()
    call_command("ensure_admin", stdout=out)
    password = out.getvalue().split("password: ")[1].split()[0]
    admin = get_user_model().objects.get(username="admin")
    assert admin.is_superuser
    assert admin.check_password(password)

    again = io.StringIO()
    call_command("ensure_admin", stdout=again)
    assert password not in again.getvalue()
    assert "exists" in again.getvalue()


@pytest.mark.django_db
def test_each_machine_gets_its_own_admin_password(django_user_model):
    first, second = io.StringIO(), io.StringIO()
    call_command("ensure_admin", username="a", stdout=first)
    call_command("ensure_admin", username="b", stdout=second)
    assert first.getvalue().split("password: ")[1] != second.getvalue().split("password: ")[1]


@pytest.mark.django_db
def test_initial_history_records_the_loaded_links_once_and_never_rewrites_later_history(article):
    from negotiations.models import Development, Party

    development = Development.objects.filter(parties__isnull=False).distinct().first()
    linked = set(development.parties.values_list("pk", flat=True))
    first = development.history.get()
    assert {link.party_id for link in first.historicaldevelopment_parties_set.all()} == linked

    bare = Development.objects.create(title="Talks announced", slug="talks-announced")
    bare.parties.add(Party.objects.first())  # a later change: its own history entry
    call_command("initial_history", verbosity=0)  # as `make run` does again on every start

    assert first.historicaldevelopment_parties_set.count() == len(linked)  # not doubled
    created = bare.history.earliest("history_date")
    assert not created.historicaldevelopment_parties_set.exists()  # it had no links then
