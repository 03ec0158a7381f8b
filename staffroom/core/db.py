"""Which database a query goes to when a read replica is configured (DATABASE_REPLICA_URL).

Only reports that read across many schools ask for the replica, explicitly, through `reporting_db()`. Everything
else stays on the primary, so nobody reads a replica that has not yet caught up with the change they just made.
"""

from django.conf import settings

REPLICA = "replica"


def reporting_db() -> str:
    """The alias for heavy read-only reports: the replica when there is one, else the primary."""
    return REPLICA if REPLICA in settings.DATABASES else "default"


class PrimaryOnlyRouter:
    """Writes and migrations always go to the primary; the replica is a physical copy that follows it.

    Reads not sent elsewhere with `.using()` also go to the primary (returning None would let Django pick
    "default" anyway; saying so keeps the rule in one place).
    """

    def db_for_read(self, model, **hints):
        return "default"

    def db_for_write(self, model, **hints):
        return "default"

    def allow_relation(self, obj1, obj2, **hints):
        # Rows read from the replica are the same rows as on the primary.
        return True

    def allow_migrate(self, db, app_label, model_name=None, **hints):
        return db == "default"
