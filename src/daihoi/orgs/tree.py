"""The organisation tree with member counts, built in a constant number of queries."""

from __future__ import annotations

from dataclasses import dataclass, field

from django.db.models import Count, QuerySet

from daihoi.orgs.models import Member, Organization


@dataclass
class Node:
    org: Organization
    direct_members: int = 0
    subtree_members: int = 0
    children: list[Node] = field(default_factory=list)


def build_tree(orgs: QuerySet[Organization], members: QuerySet[Member]) -> list[Node]:
    """Two queries: the organisations, and member counts grouped by organisation."""
    nodes = {o.pk: Node(o) for o in orgs.order_by("depth", "name")}
    counts = members.filter(active=True).values("organization_id").annotate(n=Count("id"))
    for row in counts:
        node = nodes.get(row["organization_id"])
        if node is not None:
            node.direct_members = row["n"]
    roots: list[Node] = []
    for node in nodes.values():
        parent = nodes.get(node.org.parent_id) if node.org.parent_id else None
        if parent is None:
            roots.append(node)
        else:
            parent.children.append(node)
    # Deepest first, so each node's total is complete before its parent adds it.
    for node in sorted(nodes.values(), key=lambda n: -n.org.depth):
        node.subtree_members += node.direct_members
        parent = nodes.get(node.org.parent_id) if node.org.parent_id else None
        if parent is not None:
            parent.subtree_members += node.subtree_members
    return roots


def flatten(roots: list[Node]) -> list[tuple[int, Node]]:
    """Depth-first rows (level, node) for an indented table."""
    rows: list[tuple[int, Node]] = []

    def walk(node: Node, level: int) -> None:
        rows.append((level, node))
        for child in node.children:
            walk(child, level + 1)

    for root in roots:
        walk(root, 0)
    return rows
