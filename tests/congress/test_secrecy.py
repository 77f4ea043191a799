"""Secrecy: no ballot record carries anything that could identify a voter."""

from __future__ import annotations

from django.db import models

from daihoi.congress.models import FinalBallot, KeyedBallot


def _fields(model: type[models.Model]) -> dict[str, models.Field]:  # type: ignore[type-arg]
    return {f.name: f for f in model._meta.get_fields() if isinstance(f, models.Field)}


def test_ballot_records_have_no_voter_no_time_no_checkin_order() -> None:
    for model in (KeyedBallot, FinalBallot):
        fields = _fields(model)
        for field in fields.values():
            assert not isinstance(field, models.DateTimeField | models.DateField | models.TimeField)
            if field.is_relation:
                # Only the batch (or the clerk's entry of a batch), never a person.
                assert getattr(field.related_model, "__name__", "") in {"Entry", "Batch"}
        assert not {"attendee", "member", "voter", "token", "created_at"} & set(fields)


def test_ballot_position_is_the_paper_stack_not_the_check_in() -> None:
    assert set(_fields(FinalBallot)) == {"id", "batch", "position", "content", "decided"}
    assert set(_fields(KeyedBallot)) == {"id", "entry", "position", "content",
                                         "idempotency_key"}
