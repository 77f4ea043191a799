"""Step 2 of 3: the date of each recorded step. The step into "held" takes the day the
congress was held (when the congress still records it), every other step the local day it
was recorded."""

from typing import Any

from django.db import migrations
from django.utils import timezone

FORWARD_INTO_HELD = "personnel_plan_approved"


def fill(apps: Any, schema_editor: Any) -> None:
    Transition = apps.get_model("campaigns", "Transition")
    batch = []
    for t in Transition.objects.filter(on__isnull=True).select_related("congress").iterator():
        t.on = timezone.localdate(t.at)
        held_on = t.congress.held_on
        if t.to_state == "held" and t.from_state == FORWARD_INTO_HELD and held_on is not None:
            t.on = held_on
        batch.append(t)
        if len(batch) >= 1000:
            Transition.objects.bulk_update(batch, ["on"])
            batch = []
    Transition.objects.bulk_update(batch, ["on"])


class Migration(migrations.Migration):
    dependencies = [("campaigns", "0002_transition_on_nullable")]

    operations = [migrations.RunPython(fill, migrations.RunPython.noop)]
