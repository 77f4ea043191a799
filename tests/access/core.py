"""Access table of the foundation's pages."""

from __future__ import annotations

from tests.access import ALL, Access, Ctx, roles

STAFF = roles("city_staff")


def _member(ctx: Ctx) -> dict[str, int]:
    return {"pk": ctx.members[0].pk}  # in branch_a of the ward


ACCESS = {
    "home": Access(get=ALL),
    "login": Access(public=True, get=ALL, get_redirects=True, post=ALL),
    "logout": Access(post=ALL),
    "set_language": Access(public=True, get=ALL, post=ALL, get_redirects=True),
    "healthz": Access(public=True, get=ALL),
    "orgs:tree": Access(get=ALL),
    "orgs:detail": Access(kwargs=lambda c: {"pk": c.tree.ward.pk},
                          get=roles("city_staff", "ward_office", "counter", "counter2",
                                    "observer")),
    "orgs:edit": Access(kwargs=lambda c: {"pk": c.tree.ward.pk}, get=STAFF, post=STAFF),
    "orgs:create": Access(kwargs=lambda c: {"parent_pk": c.tree.ward.pk}, get=STAFF, post=STAFF),
    "orgs:members": Access(get=ALL),
    "orgs:member_create": Access(get=roles("city_staff", "ward_office", "outsider"),
                                 post=roles("city_staff", "ward_office", "outsider")),
    "orgs:members_export": Access(get=ALL),
    "orgs:members_template": Access(get=ALL),
    "orgs:members_import": Access(get=roles("city_staff", "ward_office", "outsider"),
                                  post=roles("city_staff", "ward_office", "outsider")),
    "orgs:member": Access(kwargs=_member,
                          get=roles("city_staff", "ward_office", "counter", "counter2",
                                    "observer"),
                          post=roles("city_staff", "ward_office")),
    "accounts:users": Access(get=roles("city_staff", "outsider")),
    "accounts:create": Access(get=roles("city_staff", "outsider"),
                              post=roles("city_staff", "outsider")),
    "accounts:edit": Access(kwargs=lambda c: {"pk": c.cast.counter.pk}, get=STAFF, post=STAFF),
    "audit:log": Access(get=roles("city_staff", "outsider")),
    "audit:verify": Access(post=roles("city_staff", "outsider")),
}
