"""Checks shared by every form of the site."""

from __future__ import annotations

from django import forms
from django.utils.translation import gettext as _

from daihoi.lib.cells import control_characters


class RefuseControlCharacters(forms.BaseForm):
    """Refuse, field by field, text with control characters (NUL and the others that no
    document or spreadsheet can carry): the field is named by the form's own error."""

    def _clean_fields(self) -> None:
        super()._clean_fields()  # type: ignore[misc]
        for name, value in list(self.cleaned_data.items()):
            found = control_characters(value) if isinstance(value, str) else []
            if found:
                self.add_error(name, _("Remove the control characters (%(codes)s): they are "
                                       "not allowed.") % {"codes": ", ".join(found)})
