import pytest
from django.contrib.auth.models import Group

from negotiations.models import FrameworkVersion
from negotiations.services import version_supersede
from tests import factories as f


@pytest.mark.django_db
def test_analysts_add_change_view_and_delete_domain_records_but_not_users():
    codenames = set(
        Group.objects.get(name="Analysts").permissions.values_list("codename", flat=True)
    )
    assert {"add_meeting", "change_meeting", "view_meeting", "delete_meeting"} <= codenames
    assert {"change_citation", "delete_topic"} <= codenames
    assert not any(c.endswith("_user") or c.endswith("_group") for c in codenames)


@pytest.mark.django_db
def test_viewers_only_view():
    codenames = set(
        Group.objects.get(name="Viewers").permissions.values_list("codename", flat=True)
    )
    assert codenames
    assert all(c.startswith("view_") for c in codenames)


@pytest.mark.django_db
def test_version_supersede_links_versions_and_records_the_user(analyst):
    old = f.FrameworkVersionFactory(status="current")
    new = f.FrameworkVersionFactory(framework=old.framework)

    version_supersede(old=old, new=new, by=analyst)

    old.refresh_from_db()
    new.refresh_from_db()
    assert old.status == FrameworkVersion.Status.SUPERSEDED
    assert new.supersedes == old
    assert old.history.first().history_user == analyst
    assert new.history.first().history_user == analyst


@pytest.mark.django_db
def test_version_supersede_across_frameworks_writes_nothing(analyst):
    from django.core.exceptions import ValidationError

    old = f.FrameworkVersionFactory(status="current")
    new = f.FrameworkVersionFactory()
    with pytest.raises(ValidationError):
        version_supersede(old=old, new=new, by=analyst)
    old.refresh_from_db()
    assert old.status == "current"
