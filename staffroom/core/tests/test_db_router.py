"""With DATABASE_REPLICA_URL, only network-wide reports read from the replica; all else uses the primary."""

from django.conf import settings

from staffroom.core.db import PrimaryOnlyRouter, reporting_db
from staffroom.learning.models import Activity


def test_reports_use_the_primary_when_there_is_no_replica():
    assert reporting_db() == "default"


def test_reports_use_the_replica_when_there_is_one(monkeypatch):
    # Only the setting is read; no connection is opened.
    monkeypatch.setitem(settings.DATABASES, "replica", {**settings.DATABASES["default"]})

    assert reporting_db() == "replica"


def test_everything_else_reads_and_writes_the_primary_and_only_the_primary_is_migrated():
    router = PrimaryOnlyRouter()

    assert router.db_for_read(Activity) == "default"
    assert router.db_for_write(Activity) == "default"
    assert router.allow_migrate("default", "learning")
    assert not router.allow_migrate("replica", "learning")
