from __future__ import annotations

from typing import Any, cast

from django import forms
from django.db.models import QuerySet
from django.utils.translation import gettext_lazy as _

from daihoi.orgs.models import Member, Organization
from daihoi.web.forms import RefuseControlCharacters


class OrganizationForm(RefuseControlCharacters, forms.ModelForm[Organization]):
    class Meta:
        model = Organization
        fields = ["kind", "sector", "code", "name", "parent", "active"]

    def __init__(self, *args: Any, parents: QuerySet[Organization], **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        field = cast(forms.ModelChoiceField[Any], self.fields["parent"])
        field.queryset = parents
        field.required = True


class MemberForm(RefuseControlCharacters, forms.ModelForm[Member]):
    class Meta:
        model = Member
        fields = ["full_name", "gender", "date_of_birth", "ethnicity", "status", "date_joined",
                  "organization", "education", "theory_level", "active"]
        widgets = {
            "date_of_birth": forms.DateInput(attrs={"type": "date"}, format="%Y-%m-%d"),
            "date_joined": forms.DateInput(attrs={"type": "date"}, format="%Y-%m-%d"),
        }

    def __init__(self, *args: Any, organizations: QuerySet[Organization], **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        field = cast(forms.ModelChoiceField[Any], self.fields["organization"])
        field.queryset = organizations

    def clean(self) -> dict[str, Any]:
        data = super().clean() or {}
        born, joined = data.get("date_of_birth"), data.get("date_joined")
        if born and joined and joined <= born:
            self.add_error("date_joined", _("The date joined must be after the date of birth."))
        return data


class MemberImportForm(forms.Form):
    file = forms.FileField(label=_("Members file (.xlsx or .csv)"))
    good_rows_only = forms.BooleanField(
        label=_("Import the good rows and skip the bad ones"), required=False
    )
