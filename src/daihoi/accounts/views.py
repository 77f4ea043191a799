"""User accounts, managed by superior staff within their subtree."""

from __future__ import annotations

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET, require_http_methods

from daihoi.accounts import actions
from daihoi.accounts.forms import UserForm
from daihoi.accounts.permissions import (
    get_user_for_user,
    require_superior_staff,
    visible_orgs,
    visible_users,
)


@login_required
@require_GET
def users(request: HttpRequest) -> HttpResponse:
    require_superior_staff(request)
    rows = visible_users(request).select_related("organization").order_by("username")
    return render(request, "accounts/list.html", {"users": rows})


@login_required
@require_http_methods(["GET", "POST"])
def user_create(request: HttpRequest) -> HttpResponse:
    require_superior_staff(request)
    form = UserForm(request.POST or None, organizations=visible_orgs(request))
    if request.method == "POST" and form.is_valid():
        data = dict(form.cleaned_data)
        password = data.pop("password")
        user = actions.do_create_user(acting_user=request.user, password=password, **data)
        messages.success(request, _("Account “%(name)s” created.") % {"name": user.username})
        return redirect("accounts:users")
    return render(request, "accounts/form.html", {"form": form})


@login_required
@require_http_methods(["GET", "POST"])
def user_edit(request: HttpRequest, pk: int) -> HttpResponse:
    target = get_user_for_user(request, pk)
    form = UserForm(request.POST or None, instance=target, organizations=visible_orgs(request))
    if request.method == "POST" and form.is_valid():
        data = dict(form.cleaned_data)
        password = data.pop("password")
        target = get_user_for_user(request, pk)
        actions.do_update_user(target, acting_user=request.user, **data)
        if password:
            actions.do_set_password(target, password, acting_user=request.user)
        messages.success(request, _("Changes saved."))
        return redirect("accounts:users")
    return render(request, "accounts/form.html", {"form": form, "target": target})
