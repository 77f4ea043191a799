"""The audit log: append-only, each entry chained to the previous one by a keyed hash.

Entries written before the chain was keyed (``key_id`` empty) keep their SHA-256 hash; the
sealed ``audit.upgrade`` entry that follows them carries the last one (see docs/audit.md).
"""

from __future__ import annotations

import hashlib
import hmac
import json
from typing import Any

from django.db import models


class AuditEntry(models.Model):
    """One write: who, when, which object, old and new values.

    ``id`` is the position in the chain (1, 2, 3 ... with no gaps). Rows are never updated
    or deleted by the application; ``daihoi audit verify`` detects any change made behind
    its back.
    """

    id = models.BigIntegerField(primary_key=True)
    created_at = models.DateTimeField()
    actor_id = models.BigIntegerField(null=True)
    actor_name = models.CharField(max_length=150)
    action = models.CharField(max_length=80)
    object_type = models.CharField(max_length=80)
    object_id = models.CharField(max_length=64)
    object_repr = models.CharField(max_length=300)
    changes = models.JSONField(default=dict)
    prev_hash = models.CharField(max_length=64)
    hash = models.CharField(max_length=64)
    # Which key sealed this entry (daihoi.audit.keys); "" before the chain was keyed.
    key_id = models.CharField(max_length=16, blank=True, default="")
    # The state of the objects this write left behind (daihoi.audit.state), by kind and id.
    state = models.JSONField(null=True, blank=True)

    class Meta:
        ordering = ["id"]
        indexes = [models.Index(fields=["object_type", "object_id"])]

    def __str__(self) -> str:
        return f"#{self.id} {self.action} {self.object_type}:{self.object_id}"

    def save(self, *args: Any, **kwargs: Any) -> None:
        if not self._state.adding:
            raise RuntimeError("audit entries are append-only")
        super().save(*args, **kwargs)

    def delete(self, *args: Any, **kwargs: Any) -> tuple[int, dict[str, int]]:
        raise RuntimeError("audit entries are append-only")

    def payload(self) -> bytes:
        extra: dict[str, Any] = (
            {"key_id": self.key_id, "state": self.state} if self.key_id else {})
        return canonical_payload(
            **extra,
            seq=self.id,
            created_at=self.created_at.isoformat(),
            actor_id=self.actor_id,
            actor_name=self.actor_name,
            action=self.action,
            object_type=self.object_type,
            object_id=self.object_id,
            object_repr=self.object_repr,
            changes=self.changes,
            prev_hash=self.prev_hash,
        )

    def compute_hash(self, key: bytes | None = None) -> str:
        """HMAC-SHA256 under ``key`` for a keyed entry; plain SHA-256 for an older one."""
        if self.key_id:
            if key is None:
                raise ValueError("a keyed entry needs its key")
            return hmac.new(key, self.payload(), hashlib.sha256).hexdigest()
        return hashlib.sha256(self.payload()).hexdigest()


class AuditHead(models.Model):
    """The single row that holds the chain's last position; locked while appending."""

    id = models.PositiveSmallIntegerField(primary_key=True, default=1)
    last_seq = models.BigIntegerField(default=0)
    last_hash = models.CharField(max_length=64, default="0" * 64)
    # HMAC of (last_seq, last_hash) under the key ``key_id``: the head cannot be moved back
    # over deleted entries without the key. Empty before the chain was keyed.
    key_id = models.CharField(max_length=16, blank=True, default="")
    seal = models.CharField(max_length=64, blank=True, default="")

    def __str__(self) -> str:
        return f"audit head #{self.last_seq}"

    def compute_seal(self, key: bytes) -> str:
        message = f"daihoi-audit-head|{self.last_seq}|{self.last_hash}".encode()
        return hmac.new(key, message, hashlib.sha256).hexdigest()


def canonical_payload(**fields: Any) -> bytes:
    return json.dumps(fields, sort_keys=True, ensure_ascii=False, separators=(",", ":")).encode()
