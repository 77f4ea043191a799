"""The organisation tree: any depth, subtree scope, member counts in constant queries."""

from __future__ import annotations

from typing import Any

import pytest
from django.test import Client

from daihoi.accounts.permissions import can_write_org, visible_members, visible_orgs
from daihoi.orgs import actions
from daihoi.orgs.models import Organization, OrgKind
from daihoi.orgs.tree import build_tree, flatten
from tests.conftest import Cast, Tree, make_member, make_org

pytestmark = pytest.mark.django_db


def test_paths_follow_the_tree_and_a_move_carries_the_subtree(tree: Tree, cast: Cast) -> None:
    assert tree.branch_a.path == f"{tree.ward.path}{tree.branch_a.pk}/"
    actions.do_update_organization(tree.ward, acting_user=cast.city_staff, parent=tree.other_city)
    tree.branch_a.refresh_from_db()
    assert tree.branch_a.path.startswith(tree.other_city.path)
    assert tree.branch_a.depth == 3


def test_an_organisation_cannot_move_under_itself(tree: Tree, cast: Cast) -> None:
    with pytest.raises(ValueError, match="own subtree"):
        actions.do_update_organization(tree.ward, acting_user=cast.city_staff,
                                       parent=tree.branch_a)


def test_member_counts_per_node_add_up_the_subtree(tree: Tree, members: list[Any]) -> None:
    rows = flatten(build_tree(Organization.objects.all(), visible_members_all()))
    totals = {node.org.code: (node.direct_members, node.subtree_members) for _, node in rows}
    assert totals["T-TP-P1"] == (0, 4)
    assert totals["T-TP-P1-A"] == (2, 2)
    assert totals["T-TP"] == (0, 5)
    assert totals["T"] == (0, 6)


def visible_members_all() -> Any:
    from daihoi.orgs.models import Member

    return Member.objects.all()


def test_tree_page_queries_do_not_grow_with_the_tree(
    client: Client, cast: Cast, tree: Tree, django_assert_max_num_queries: Any
) -> None:
    client.force_login(cast.city_staff)
    with django_assert_max_num_queries(8) as small:
        client.get("/to-chuc/")
    for i in range(40):
        org = make_org(f"X{i}", f"Chi bộ Thử {i}", OrgKind.GRASSROOTS_BRANCH, tree.city)
        make_member(org, f"Đàm Văn Thử {i}")
    with django_assert_max_num_queries(len(small.captured_queries)):
        response = client.get("/to-chuc/")
    assert "Chi bộ Thử 39" in response.content.decode()


def test_scope_is_the_users_subtree(cast: Cast, tree: Tree, members: list[Any]) -> None:
    assert set(visible_orgs(cast.ward_office)) == {tree.ward, tree.branch_a, tree.branch_b}
    assert tree.other_ward not in set(visible_orgs(cast.city_staff))
    assert len(visible_members(cast.ward_office)) == 4
    assert set(visible_orgs(cast.outsider)) == {tree.other_city, tree.other_ward}


def test_roles_decide_who_writes(cast: Cast, tree: Tree) -> None:
    assert can_write_org(cast.city_staff, tree.branch_a)
    assert can_write_org(cast.ward_office, tree.branch_a)
    assert not can_write_org(cast.ward_office, tree.school)
    assert not can_write_org(cast.observer, tree.ward)
    assert not can_write_org(cast.counter, tree.ward)
    assert not can_write_org(cast.outsider, tree.ward)


def test_staff_adds_an_organisation_from_the_page(client: Client, cast: Cast, tree: Tree) -> None:
    client.force_login(cast.city_staff)
    response = client.post(f"/to-chuc/{tree.ward.pk}/them/", {
        "kind": "branch", "sector": "ward", "code": "T-TP-P1-C", "name": "Chi bộ khối C",
        "parent": tree.ward.pk, "active": "on"})
    assert response.status_code == 302
    assert Organization.objects.get(code="T-TP-P1-C").parent == tree.ward


def test_a_duplicate_code_is_refused_in_vietnamese(client: Client, cast: Cast, tree: Tree) -> None:
    client.force_login(cast.city_staff)
    response = client.post(f"/to-chuc/{tree.ward.pk}/them/", {
        "kind": "branch", "sector": "ward", "code": "T-TP-P1-A", "name": "Trùng mã",
        "parent": tree.ward.pk})
    assert response.status_code == 200
    assert "đã tồn tại" in response.content.decode()


def test_a_forged_parent_outside_scope_is_refused(client: Client, cast: Cast, tree: Tree) -> None:
    client.force_login(cast.city_staff)
    response = client.post(f"/to-chuc/{tree.ward.pk}/them/", {
        "kind": "branch", "sector": "ward", "code": "FORGED", "name": "Giả mạo",
        "parent": tree.other_ward.pk})
    assert response.status_code == 200
    assert not Organization.objects.filter(code="FORGED").exists()
