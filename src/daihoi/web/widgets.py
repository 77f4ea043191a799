"""A picker for people: a searchable, keyboard-friendly choice of several people from a long
list (a congress roster of a hundred delegates and more), one of them marked as the head.

Without JavaScript it is a plain multiple select with a select for the head. With
``daihoi/picker.js`` (served by the app; no inline script) it becomes a search field: typing
part of a name lists the matches, accent-insensitive ("nguyen" finds "Nguyễn"); the arrow keys
move among them, Enter adds one; each chosen person is shown with a button that removes them,
and the head (the first chosen, or the one made head) is marked. The chosen people are posted
in their order under ``name``, the head under ``head_name``.

Used by pages through ``picker_context`` and ``{% include "web/picker.html" with picker=… %}``,
and by Django forms through the ``PeoplePicker`` widget.
"""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from typing import Any

from django import forms
from django.utils.translation import gettext as _


def picker_context(*, name: str, label: str, options: Iterable[tuple[object, str]],
                   chosen: Sequence[object] = (), head_name: str = "",
                   head: object | None = None, head_label: str = "",
                   field_id: str = "") -> dict[str, Any]:
    """What ``web/picker.html`` needs: ``options`` are (value, name) in the order to list
    them; ``chosen`` the values chosen, in their order; ``head`` the chosen head's value."""
    chosen_keys = [str(v) for v in chosen]
    head_key = str(head) if head is not None and str(head) in chosen_keys else ""
    if head_name and not head_key and chosen_keys:
        head_key = chosen_keys[0]
    rows = [(str(value), text) for value, text in options]
    names = dict(rows)
    ordered = [key for key in chosen_keys if key in names]
    if head_key in ordered:
        ordered.remove(head_key)
        ordered.insert(0, head_key)
    return {
        "id": field_id or f"picker-{name}",
        "name": name,
        "label": label,
        "options": [(value, text, value in chosen_keys) for value, text in rows],
        "chosen": [(key, names[key]) for key in ordered],
        "head_name": head_name,
        "head": head_key,
        "head_label": head_label or _("head"),
        "size": min(max(len(rows), 4), 12),
    }


def ordered_choice(values: Sequence[str], head: str | None = None) -> list[int]:
    """The chosen ids from a picker's POST, in their order, each once, the head first."""
    ids: list[int] = []
    for value in values:
        try:
            number = int(value)
        except ValueError:
            continue
        if number > 0 and number not in ids:
            ids.append(number)
    try:
        head_id = int(head or "")
    except ValueError:
        head_id = 0
    if head_id in ids:
        ids.remove(head_id)
        ids.insert(0, head_id)
    return ids


class PeoplePicker(forms.SelectMultiple):
    """The picker as a form widget (its value: the chosen ids, in order)."""

    template_name = "web/picker.html"

    class Media:
        css = {"all": ["daihoi/picker.css"]}
        js = ["daihoi/picker.js"]

    def __init__(self, attrs: dict[str, Any] | None = None, choices: Any = (), *,
                 label: str = "", head_name: str = "", head_label: str = "") -> None:
        super().__init__(attrs, choices)
        self.label, self.head_name, self.head_label = label, head_name, head_label

    def get_context(self, name: str, value: Any, attrs: dict[str, Any] | None) -> dict[str, Any]:
        context = super().get_context(name, value, attrs)
        chosen = [v for v in (value or []) if v not in (None, "")]
        context["picker"] = picker_context(
            name=name, label=self.label, options=[(v, str(t)) for v, t in self.choices],
            chosen=chosen, head_name=self.head_name, head_label=self.head_label,
            field_id=context["widget"]["attrs"].get("id", ""))
        return context

    def value_from_datadict(self, data: Any, files: Any, name: str) -> Any:
        values = data.getlist(name) if hasattr(data, "getlist") else data.get(name, [])
        head = data.get(self.head_name) if self.head_name else None
        return [str(i) for i in ordered_choice(values, head)]
