from typing import Any

from django.apps import AppConfig
from django.db.models.signals import post_migrate


class AuditConfig(AppConfig):
    name = "daihoi.audit"
    label = "audit"
    verbose_name = "Audit log"

    def ready(self) -> None:
        post_migrate.connect(_seal_unkeyed_chain, sender=self)


def _seal_unkeyed_chain(sender: AppConfig, using: str = "default", **kwargs: Any) -> None:
    """A database whose log was written before keys existed is sealed by ``daihoi migrate``
    with one ``audit.upgrade`` entry (docs/audit.md), not at the first write of a request."""
    from django.db.utils import OperationalError, ProgrammingError

    from daihoi.audit.log import upgrade_if_needed

    if using != "default":
        return
    try:
        upgrade_if_needed()
    except (OperationalError, ProgrammingError):  # migrated only part of the way: next time
        return
