"""Pages for kits and packages: the superior's page of one subordinate congress (issue a kit,
receive a package), the hall laptop's page (make or send the package) and the first-run page of
a fresh laptop (load the kit)."""

from __future__ import annotations

from django import forms
from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from django.views.decorators.http import require_http_methods

from daihoi.accounts.models import User
from daihoi.accounts.permissions import signed_in_user
from daihoi.campaigns.access import actors_for, get_congress_for_user
from daihoi.campaigns.workflow import Actor
from daihoi.transfer import container
from daihoi.transfer.kit import KitError, do_export_kit, do_import_kit, superior_key_id
from daihoi.transfer.models import InstalledKit
from daihoi.transfer.package import PackageError, do_export_package, do_import_package

MAX_UPLOAD = 64 * 1024 * 1024


class PackageUploadForm(forms.Form):
    file = forms.FileField(label=gettext_lazy("Result package (.daihoi)"))
    confirmed = forms.BooleanField(label=gettext_lazy(
        "File this package: the server checks its signature, recounts every election and, if "
        "all agree, records the congress as held with its results reported."))


class KitUploadForm(forms.Form):
    file = forms.FileField(label=gettext_lazy("Congress kit (.daihoi)"))
    superior_key = forms.CharField(
        label=gettext_lazy("Superior's key id (printed on the kit's cover sheet)"),
        max_length=60)


class PackageForm(forms.Form):
    reason = forms.CharField(
        label=gettext_lazy("Why the results are sent again (only after the first package)"),
        required=False, max_length=1000, widget=forms.Textarea(attrs={"rows": 2}))
    confirmed = forms.BooleanField(label=gettext_lazy(
        "Make the package: it carries every ballot, the certified results, the minutes and "
        "the entry log, signed by this laptop."))


def _read_upload(form: forms.Form) -> bytes | None:
    upload = form.cleaned_data["file"]
    if upload.size > MAX_UPLOAD:
        form.add_error("file", _("The file is larger than 64 MB."))
        return None
    return bytes(upload.read())


def _attachment(data: bytes, name: str) -> HttpResponse:
    response = HttpResponse(data, content_type="application/octet-stream")
    response["Content-Disposition"] = f'attachment; filename="{name}"'
    return response


@login_required
@require_http_methods(["GET", "POST"])
def congress_transfer(request: HttpRequest, pk: int) -> HttpResponse:
    """The superior's page of one subordinate congress: its kits and its packages."""
    congress = get_congress_for_user(request, pk, write=True)
    user = signed_in_user(request)
    superior = Actor.SUPERIOR in actors_for(user, congress)
    form = PackageUploadForm()
    if request.method == "POST" and request.POST.get("do") == "kit":
        if not superior:
            raise PermissionDenied
        if request.POST.get("confirmed") != "1":
            messages.error(request, _("Tick the box to confirm before the kit is issued."))
            return redirect("transfer:congress", pk=pk)
        try:
            data = do_export_kit(congress, acting_user=user)
        except KitError as exc:
            messages.error(request, str(exc))
            return redirect("transfer:congress", pk=pk)
        messages.success(request, _(
            "Congress kit issued for %(org)s and downloaded. Give the office the file and the "
            "key id %(key)s on a cover sheet.") % {"org": congress.organization.name,
                                                 "key": superior_key_id()})
        return _attachment(data, f"bo-du-lieu-{congress.organization.code}.daihoi")
    if request.method == "POST":
        form = PackageUploadForm(request.POST, request.FILES)
        if form.is_valid() and (upload := _read_upload(form)) is not None:
            try:
                filed = do_import_package(upload, acting_user=user, congress=congress)
            except PackageError as exc:
                form.add_error("file", _("Refused: %(reason)s Nothing was changed.")
                               % {"reason": str(exc)})
            else:
                messages.success(request, filed.message)
                return redirect("transfer:congress", pk=pk)
    return render(request, "transfer/congress.html", {
        "congress": congress, "superior": superior, "form": form,
        "key_id": superior_key_id() if superior else "",
        "kits": congress.issued_kits.select_related("issued_by"),
        "packages": congress.result_packages.select_related("received_by", "replaced_by"),
    }, status=400 if request.method == "POST" else 200)


@login_required
@require_http_methods(["GET", "POST"])
def laptop(request: HttpRequest) -> HttpResponse:
    """The hall laptop's page: the kit it holds, and its result package to download."""
    user = signed_in_user(request)
    kit = InstalledKit.objects.select_related("organization", "congress_day").first()
    if kit is None or not (user.is_superuser or user.organization_id == kit.organization_id):
        raise PermissionDenied
    form = PackageForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        try:
            data, sequence = do_export_package(acting_user=user,
                                               reason=form.cleaned_data["reason"])
        except PackageError as exc:
            form.add_error(None, str(exc))
        else:
            messages.success(request, _("Result package no. %(n)s made and downloaded.")
                             % {"n": sequence})
            return _attachment(data, f"goi-ket-qua-{kit.organization.code}-{sequence}.daihoi")
    return render(request, "transfer/laptop.html", {"kit": kit, "form": form},
                  status=400 if request.method == "POST" else 200)


def first_run_open() -> bool:
    """A fresh laptop: no account and no kit yet. Only then may the kit be loaded without
    signing in (it brings the accounts)."""
    return not User.objects.exists() and not InstalledKit.objects.exists()


@require_http_methods(["GET", "POST"])
def first_run(request: HttpRequest) -> HttpResponse:
    if not first_run_open():
        return redirect("login")
    form = KitUploadForm(request.POST or None, request.FILES or None)
    if request.method == "POST" and form.is_valid() and (data := _read_upload(form)):
        try:
            installed, _changed = do_import_kit(
                data, superior_key_id=form.cleaned_data["superior_key"])
        except (KitError, container.ContainerError) as exc:
            form.add_error(None, _("The kit was not loaded: %(reason)s") % {"reason": str(exc)})
        else:
            messages.success(request, _(
                "The congress kit of %(org)s is loaded. Sign in with the account the "
                "superior gave you.") % {"org": installed.organization.name})
            return redirect("login")
    return render(request, "transfer/first_run.html", {"form": form},
                  status=400 if request.method == "POST" else 200)
