from __future__ import annotations

from typing import Any

from django import forms
from django.db.models import QuerySet
from django.utils.translation import gettext_lazy as _

from daihoi.campaigns.models import Campaign, Congress, DocumentType, Position
from daihoi.orgs.models import Member
from daihoi.web.forms import RefuseControlCharacters

DATE = {"type": "date"}


def _date(label: Any = None) -> forms.DateInput:
    return forms.DateInput(attrs=DATE, format="%Y-%m-%d")


class CampaignForm(RefuseControlCharacters, forms.ModelForm[Campaign]):
    class Meta:
        model = Campaign
        fields = ["name", "term_start", "term_end", "plan_number", "plan_date", "directives",
                  "subordinate_deadline", "superior_congress_date", "documents_due",
                  "comments_due", "personnel_plan_due", "window_start", "window_end",
                  "results_due", "target_women", "target_under35", "target_minorities",
                  "target_new_members"]
        widgets: dict[str, forms.Widget] = {name: _date() for name in [
            "plan_date", "subordinate_deadline", "superior_congress_date", "documents_due",
            "comments_due", "personnel_plan_due", "window_start", "window_end", "results_due"]}
        widgets["directives"] = forms.Textarea(attrs={"rows": 3})

    def clean(self) -> dict[str, Any]:
        data = super().clean() or {}
        start, end = data.get("term_start"), data.get("term_end")
        if start and end and end <= start:
            self.add_error("term_end", _("The term must end after it starts."))
        w1, w2 = data.get("window_start"), data.get("window_end")
        if w1 and w2 and w2 < w1:
            self.add_error("window_end", _("The congress window must end after it starts."))
        deadline = data.get("subordinate_deadline")
        if w2 and deadline and w2 > deadline:
            self.add_error("window_end",
                           _("The congress window must end by the subordinate deadline."))
        return data


class CongressForm(RefuseControlCharacters, forms.ModelForm[Congress]):
    class Meta:
        model = Congress
        fields = ["kind", "planned_date", "place"]
        widgets = {"planned_date": _date()}


class UploadForm(forms.Form):
    doc_type = forms.ChoiceField(label=_("Document"), choices=DocumentType.choices)
    file = forms.FileField(label=_("File (.docx or .pdf, at most 10 MB)"))
    note = forms.CharField(label=_("Note (how this version answers the comments)"),
                           required=False, widget=forms.Textarea(attrs={"rows": 2}))


class CommentForm(RefuseControlCharacters, forms.Form):
    body = forms.CharField(label=_("Comment"), widget=forms.Textarea(attrs={"rows": 3}))
    parent = forms.IntegerField(required=False, widget=forms.HiddenInput)


class SendBackForm(RefuseControlCharacters, forms.Form):
    reason = forms.CharField(label=_("Reason for sending back"),
                             widget=forms.Textarea(attrs={"rows": 2}))


class MemberChoices(forms.ModelMultipleChoiceField):  # type: ignore[type-arg]
    def label_from_instance(self, obj: Any) -> str:
        return f"{obj.full_name} ({obj.date_of_birth:%Y})"


class MemberChoice(forms.ModelChoiceField):  # type: ignore[type-arg]
    def label_from_instance(self, obj: Any) -> str:
        return f"{obj.full_name} ({obj.date_of_birth:%Y})"


class PersonnelPlanForm(RefuseControlCharacters, forms.Form):
    committee_size = forms.IntegerField(label=_("Committee size"), min_value=1, max_value=99)
    committee = MemberChoices(queryset=Member.objects.none(), label=_("Committee"))
    standing = MemberChoices(queryset=Member.objects.none(), required=False,
                             label=_("Standing committee"))
    secretary = MemberChoice(queryset=Member.objects.none(), label=_("Secretary"))
    deputies = MemberChoices(queryset=Member.objects.none(), required=False,
                             label=_("Deputy secretaries"))
    inspection = MemberChoices(queryset=Member.objects.none(), required=False,
                               label=_("Inspection committee"))
    backups = MemberChoices(queryset=Member.objects.none(), required=False,
                            label=_("Backup names (backup plan)"))
    new_to_committee = MemberChoices(queryset=Member.objects.none(), required=False,
                                     label=_("New to the committee"),
                                     help_text=_("Committee names elected for the first time."))
    note = forms.CharField(label=_("Note"), required=False,
                           widget=forms.Textarea(attrs={"rows": 2}))

    def __init__(self, *args: Any, members: QuerySet[Member], **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        for name in ["committee", "standing", "secretary", "deputies", "inspection", "backups",
                     "new_to_committee"]:
            field = self.fields[name]
            if isinstance(field, forms.ModelChoiceField):
                field.queryset = members
            if isinstance(field, forms.ModelMultipleChoiceField):
                field.widget.attrs["size"] = 8

    def clean(self) -> dict[str, Any]:
        data = super().clean() or {}
        committee = set(data.get("committee") or [])
        size = data.get("committee_size")
        if size and len(committee) > size:
            self.add_error("committee", _("More names (%(n)d) than committee seats (%(size)d).")
                           % {"n": len(committee), "size": size})
        for name in ["standing", "deputies", "inspection", "new_to_committee"]:
            if name == "inspection":
                continue
            if set(data.get(name) or []) - committee:
                self.add_error(name, _("Everyone here must also be named for the committee."))
        secretary = data.get("secretary")
        if secretary and committee and secretary not in committee:
            self.add_error("secretary", _("The secretary must also be named for the committee."))
        if secretary and secretary in set(data.get("deputies") or []):
            self.add_error("deputies", _("The secretary cannot also be a deputy secretary."))
        if set(data.get("backups") or []) & committee:
            self.add_error("backups", _("Backup names must not already be on the committee."))
        return data


class TransferForm(RefuseControlCharacters, forms.Form):
    member = MemberChoice(queryset=Member.objects.none(), label=_("Cadre"))
    transferred_on = forms.DateField(label=_("Date"), widget=_date())
    intended_position = forms.ChoiceField(
        label=_("Intended position"),
        choices=[(p.value, p.label) for p in Position if p != Position.BACKUP])
    note = forms.CharField(label=_("Note"), required=False, max_length=300)

    def __init__(self, *args: Any, members: QuerySet[Member], **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        field = self.fields["member"]
        if isinstance(field, forms.ModelChoiceField):
            field.queryset = members
