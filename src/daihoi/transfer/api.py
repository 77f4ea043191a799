"""``POST /api/v1/packages``: a hall laptop delivers its result package (``daihoi package
push``). The same checks as the file route (``do_import_package``): the same package twice is
answered 200 with nothing changed, so a retry after a lost answer is safe."""

from __future__ import annotations

from django.http import HttpRequest, HttpResponse, JsonResponse

from daihoi.accounts.models import Role
from daihoi.api.auth import ApiError, api_view
from daihoi.transfer.package import PackageError, do_import_package

MAX_PACKAGE_BYTES = 64 * 1024 * 1024


@api_view("POST")
def packages(request: HttpRequest) -> HttpResponse:
    if getattr(request.user, "role", "") == Role.OBSERVER:
        raise ApiError(403, "an observer account delivers no package")
    if request.content_type != "application/octet-stream":
        raise ApiError(415, "send the package as application/octet-stream")
    try:
        length = int(request.META.get("CONTENT_LENGTH") or 0)
    except ValueError:
        length = 0
    if length > MAX_PACKAGE_BYTES:
        raise ApiError(413, f"a package is at most {MAX_PACKAGE_BYTES // (1024 * 1024)} MB")
    data = request.read(MAX_PACKAGE_BYTES + 1)
    if len(data) > MAX_PACKAGE_BYTES:
        raise ApiError(413, f"a package is at most {MAX_PACKAGE_BYTES // (1024 * 1024)} MB")
    try:
        filed = do_import_package(data, acting_user=request.user)
    except PackageError as exc:
        raise ApiError(422, str(exc)) from None
    package = filed.package
    return JsonResponse({
        "message": filed.message, "changed": filed.changed, "sequence": package.sequence,
        "digest": package.digest, "congress": package.congress_id,
        "state": package.congress.state}, status=201 if filed.changed else 200)
