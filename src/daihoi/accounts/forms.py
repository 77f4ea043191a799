from __future__ import annotations

from typing import Any, cast

from django import forms
from django.contrib.auth.password_validation import validate_password
from django.db.models import QuerySet
from django.utils.translation import gettext_lazy as _

from daihoi.accounts.models import User
from daihoi.orgs.models import Organization
from daihoi.web.forms import RefuseControlCharacters


class UserForm(RefuseControlCharacters, forms.ModelForm[User]):
    password = forms.CharField(
        label=_("New password"), widget=forms.PasswordInput(render_value=False), required=False,
        help_text=_("Leave empty to keep the current password."),
    )

    class Meta:
        model = User
        fields = ["username", "full_name", "email", "organization", "role", "is_active"]

    def __init__(self, *args: Any, organizations: QuerySet[Organization], **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        field = cast(forms.ModelChoiceField[Any], self.fields["organization"])
        field.queryset = organizations
        field.required = True
        if self.instance.pk is None:
            self.fields["password"].required = True
            self.fields["password"].help_text = ""

    def clean_password(self) -> str:
        password: str = self.cleaned_data.get("password") or ""
        if password:
            validate_password(password, self.instance)
        return password
