"""Access table of the REST API."""

from __future__ import annotations

from tests.access import ALL, Access, roles

IN_CITY = roles("city_staff", "ward_office", "counter", "counter2", "observer")

ACCESS = {
    "api:me": Access(api=True, get=ALL),
    "api:organizations": Access(api=True, get=ALL),
    "api:organization": Access(api=True, kwargs=lambda c: {"pk": c.tree.ward.pk}, get=IN_CITY),
    "api:members": Access(api=True, get=ALL),
    "api:member": Access(api=True, kwargs=lambda c: {"pk": c.members[0].pk}, get=IN_CITY),
    "api:tally": Access(api=True, post=ALL),
    "api:openapi": Access(api=True, get=ALL),
}
