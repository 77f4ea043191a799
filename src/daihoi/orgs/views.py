"""Organisation tree and member register pages. Views parse, call one action, render."""

from __future__ import annotations

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied
from django.core.paginator import Paginator
from django.db.models import QuerySet
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET, require_http_methods

from daihoi.accounts.permissions import (
    can_manage_structure,
    can_write_org,
    get_member_for_user,
    get_org_for_user,
    signed_in_user,
    visible_members,
    visible_orgs,
)
from daihoi.lib import limits
from daihoi.orgs import actions, importing
from daihoi.orgs.forms import MemberForm, MemberImportForm, OrganizationForm
from daihoi.orgs.models import Member, MemberStatus, Organization
from daihoi.orgs.tree import build_tree, flatten

XLSX = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"


def _writable_orgs(request: HttpRequest) -> QuerySet[Organization]:
    user = signed_in_user(request)
    ids = [o.pk for o in visible_orgs(request) if can_write_org(user, o)]
    return Organization.objects.filter(pk__in=ids)


@login_required
@require_GET
def tree(request: HttpRequest) -> HttpResponse:
    rows = flatten(build_tree(visible_orgs(request), visible_members(request)))
    home = signed_in_user(request).organization
    return render(request, "orgs/tree.html", {
        "rows": rows,
        "can_add": home is not None and can_manage_structure(signed_in_user(request), home),
    })


@login_required
@require_GET
def org_detail(request: HttpRequest, pk: int) -> HttpResponse:
    org = get_org_for_user(request, pk)
    rows = flatten(build_tree(org.subtree(), visible_members(request)))
    user = signed_in_user(request)
    return render(request, "orgs/detail.html", {
        "org": org,
        "rows": rows,
        "node": rows[0][1] if rows else None,
        "ancestors": Organization.objects.filter(pk__in=org.ancestor_ids()).exclude(pk=org.pk)
        .filter(pk__in=visible_orgs(request).values("pk")).order_by("depth"),
        "can_edit": can_manage_structure(user, org.parent or org) and org.parent is not None,
        "can_add": can_manage_structure(user, org),
        "can_write": can_write_org(user, org),
    })


@login_required
@require_http_methods(["GET", "POST"])
def org_create(request: HttpRequest, parent_pk: int) -> HttpResponse:
    parent = get_org_for_user(request, parent_pk, structure=True)
    parents = Organization.objects.filter(path__startswith=parent.path)
    form = OrganizationForm(request.POST or None, parents=parents, initial={"parent": parent})
    if request.method == "POST" and form.is_valid():
        org = actions.do_create_organization(acting_user=request.user, **form.cleaned_data)
        messages.success(request, _("Organisation “%(name)s” created.") % {"name": org.name})
        return redirect("orgs:detail", pk=org.pk)
    return render(request, "orgs/form.html", {"form": form, "parent": parent})


@login_required
@require_http_methods(["GET", "POST"])
def org_edit(request: HttpRequest, pk: int) -> HttpResponse:
    org = get_org_for_user(request, pk)
    if org.parent is None or not can_manage_structure(signed_in_user(request), org.parent):
        raise PermissionDenied
    scope = signed_in_user(request).organization
    parents = visible_orgs(request).exclude(path__startswith=org.path)
    if scope is not None and not signed_in_user(request).is_superuser:
        parents = parents.filter(path__startswith=scope.path)
    form = OrganizationForm(request.POST or None, instance=org, parents=parents)
    if request.method == "POST" and form.is_valid():
        values = {k: form.cleaned_data[k] for k in form.Meta.fields}
        org = Organization.objects.get(pk=org.pk)  # the form changed the instance in memory
        actions.do_update_organization(org, acting_user=request.user, **values)
        messages.success(request, _("Changes saved."))
        return redirect("orgs:detail", pk=org.pk)
    return render(request, "orgs/form.html", {"form": form, "org": org})


def _filtered_members(request: HttpRequest) -> tuple[QuerySet[Member], dict[str, str]]:
    members = visible_members(request).select_related("organization")
    filters = {
        "q": request.GET.get("q", "").strip(),
        "org": request.GET.get("org", "").strip(),
        "status": request.GET.get("status", "").strip(),
    }
    if filters["q"]:
        members = members.filter(full_name__icontains=filters["q"])
    if filters["org"].isdigit():
        org = get_org_for_user(request, int(filters["org"]))
        members = members.filter(organization__path__startswith=org.path)
    if filters["status"] in MemberStatus.values:
        members = members.filter(status=filters["status"])
    return members, filters


@login_required
@require_GET
def members(request: HttpRequest) -> HttpResponse:
    qs, filters = _filtered_members(request)
    page = Paginator(qs, 50).get_page(request.GET.get("page"))
    query = "&".join(f"{k}={v}" for k, v in filters.items() if v)
    return render(request, "members/list.html", {
        "page": page,
        "filters": filters,
        "query": query,
        "orgs": visible_orgs(request).order_by("path"),
        "statuses": MemberStatus.choices,
        "can_add": _writable_orgs(request).exists(),
    })


@login_required
@require_GET
def members_export(request: HttpRequest) -> HttpResponse:
    qs, _filters = _filtered_members(request)
    response = HttpResponse(importing.export_xlsx(qs.iterator(chunk_size=2000)), content_type=XLSX)
    response["Content-Disposition"] = 'attachment; filename="dang-vien.xlsx"'
    return response


@login_required
@require_GET
def members_template(request: HttpRequest) -> HttpResponse:
    response = HttpResponse(importing.template_xlsx(), content_type=XLSX)
    response["Content-Disposition"] = 'attachment; filename="mau-nhap-dang-vien.xlsx"'
    return response


@login_required
@require_http_methods(["GET", "POST"])
def member_detail(request: HttpRequest, pk: int) -> HttpResponse:
    member = get_member_for_user(request, pk)
    can_edit = can_write_org(signed_in_user(request), member.organization)
    form = None
    if can_edit:
        form = MemberForm(request.POST or None, instance=member,
                          organizations=_writable_orgs(request))
        if request.method == "POST" and form.is_valid():
            values = {k: form.cleaned_data[k] for k in form.Meta.fields}
            member = get_member_for_user(request, pk, write=True)
            actions.do_update_member(member, acting_user=request.user, **values)
            messages.success(request, _("Changes saved."))
            return redirect("orgs:member", pk=pk)
    elif request.method == "POST":
        raise PermissionDenied
    return render(request, "members/detail.html", {"member": member, "form": form})


@login_required
@require_http_methods(["GET", "POST"])
def member_create(request: HttpRequest) -> HttpResponse:
    writable = _writable_orgs(request)
    if not writable.exists():
        raise PermissionDenied
    form = MemberForm(request.POST or None, organizations=writable)
    if request.method == "POST" and form.is_valid():
        member = actions.do_create_member(acting_user=request.user, **form.cleaned_data)
        messages.success(request, _("Member “%(name)s” added.") % {"name": member.full_name})
        return redirect("orgs:member", pk=member.pk)
    return render(request, "members/form.html", {"form": form})


@login_required
@require_http_methods(["GET", "POST"])
def members_import(request: HttpRequest) -> HttpResponse:
    writable = _writable_orgs(request)
    if not writable.exists():
        raise PermissionDenied
    form = MemberImportForm(request.POST or None, request.FILES or None)
    context: dict[str, object] = {"form": form}
    if request.method == "POST" and form.is_valid():
        upload = form.cleaned_data["file"]
        try:
            if upload.size and upload.size > limits.IMPORT_MAX_BYTES:  # refused unread
                raise importing.ImportFileError(
                    f"Tệp lớn hơn {limits.IMPORT_MAX_BYTES // 2**20} MB; hãy chia nhỏ.")
            result = importing.parse_members(
                upload.name, upload.read(), writable, timezone.localdate()
            )
        except importing.ImportFileError as exc:
            form.add_error("file", str(exc))
            return render(request, "members/import.html", context, status=400)
        context["result"] = result
        if result.problems and not form.cleaned_data["good_rows_only"]:
            messages.error(request, _("Nothing was imported: %(n)d row(s) have errors.")
                           % {"n": len(result.bad_rows)})
            return render(request, "members/import.html", context, status=400)
        count = actions.do_import_members(result.rows, acting_user=request.user,
                                          source=upload.name)
        messages.success(request, _("%(n)d member(s) imported.") % {"n": count})
        if result.problems:
            messages.warning(request, _("%(n)d row(s) with errors were skipped.")
                             % {"n": len(result.bad_rows)})
            return render(request, "members/import.html", context)
        return redirect("orgs:members")
    return render(request, "members/import.html", context)
