"""``daihoi kit`` and ``daihoi package``: a congress from the superior's server to an offline
hall laptop (the kit) and its certified results back (the result package)."""

from __future__ import annotations

import sys
import time
import urllib.error
import urllib.request
from pathlib import Path

import typer

from daihoi.cli.common import check_database, console, fail, setup_django
from daihoi.cli.main import app

kit_app = typer.Typer(help="Congress kits: a congress's data for an offline hall laptop.",
                      no_args_is_help=True)
package_app = typer.Typer(help="Result packages: a certified congress back to the superior.",
                          no_args_is_help=True)
app.add_typer(kit_app, name="kit")
app.add_typer(package_app, name="package")

MAX_FILE_BYTES = 256 * 1024 * 1024


def _read(name: str) -> bytes:
    path = Path(name)
    if name == "-":
        data = sys.stdin.buffer.read(MAX_FILE_BYTES + 1)
    else:
        try:
            if path.stat().st_size > MAX_FILE_BYTES:
                fail(f"{path}: larger than {MAX_FILE_BYTES // (1024 * 1024)} MB")
            data = path.read_bytes()
        except OSError as exc:
            fail(f"{path}: {exc.strerror or exc}")
    if len(data) > MAX_FILE_BYTES:
        fail("input larger than the limit")
    return data


def _write(data: bytes, out: str) -> None:
    try:
        Path(out).write_bytes(data)
    except OSError as exc:
        fail(f"{out}: {exc.strerror or exc}")


@kit_app.command("key")
def kit_key() -> None:
    """Print this server's signing key id (put it on the kit's cover sheet)."""
    setup_django()
    check_database()
    from daihoi.transfer.kit import superior_key_id

    console.print(superior_key_id())


@kit_app.command("export")
def kit_export(
    congress: str = typer.Argument(..., help="Code of the subordinate organisation, or "
                                             "ORG-CODE:TERM-START for an older campaign."),
    out: str = typer.Option(..., "--out", help="The kit file to write."),
    days: int = typer.Option(60, help="Days the kit stays valid."),
) -> None:
    """Write the congress kit of one subordinate congress (signed by this server)."""
    setup_django()
    check_database()
    from daihoi.campaigns.models import Congress
    from daihoi.transfer.kit import KitError, do_export_kit, superior_key_id

    code, _, term = congress.partition(":")
    found = Congress.objects.filter(organization__code=code).select_related(
        "campaign", "organization").order_by("-campaign__term_start", "-pk")
    if term:
        if not term.isdigit():
            fail(f"{congress!r}: the term is a year, e.g. {code}:2010")
        found = found.filter(campaign__term_start=int(term))
    target = found.first()
    if target is None:
        fail(f"no campaign congress for organisation {congress!r}")
    try:
        data = do_export_kit(target, acting_user=None, valid_days=days)
    except KitError as exc:
        fail(str(exc))
    _write(data, out)
    console.print(f"{target.organization.name}: congress kit written to {out} "
                  f"({len(data):,} bytes). Superior's key id, for the cover sheet: "
                  f"{superior_key_id()}")


@kit_app.command("import")
def kit_import(
    path: str = typer.Argument(..., help="The kit file from the superior."),
    superior_key: str = typer.Option(
        "", "--superior-key", help="The superior's key id printed on the kit's cover sheet "
                                   "(asked for when not given)."),
) -> None:
    """Verify a congress kit and load it on this laptop (the same kit twice changes nothing)."""
    setup_django()
    check_database()
    from daihoi.transfer.container import ContainerError
    from daihoi.transfer.kit import KitError, do_import_kit, signer_key_id

    data = _read(path)
    if not superior_key:
        claimed = signer_key_id(data)
        if claimed is None:
            fail(f"{path}: not a congress kit (damaged, truncated or another kind of file)")
        if not sys.stdin.isatty():
            fail("give --superior-key (the key id printed on the kit's cover sheet)")
        console.print(f"The kit says it is signed by key [bold]{claimed}[/].")
        if not typer.confirm("Is this the key id printed on the cover sheet from your "
                             "superior?", default=False):
            fail("not loaded: the key id does not match the cover sheet")
        superior_key = claimed
    try:
        installed, changed = do_import_kit(data, superior_key_id=superior_key)
    except (KitError, ContainerError) as exc:
        fail(str(exc))
    if changed:
        console.print(f"Loaded the congress kit of {installed.organization.name}: "
                      f"{installed.member_links.count()} members. The congress day is ready.")
    else:
        console.print(f"This kit ({installed.organization.name}) was already loaded: "
                      "nothing changed.")


@package_app.command("export")
def package_export(
    out: str = typer.Option(..., "--out", help="The result package to write."),
    reason: str = typer.Option("", help="Why a new package is sent (after the first)."),
) -> None:
    """Write the signed result package of this laptop's certified congress."""
    setup_django()
    check_database()
    from daihoi.transfer.package import PackageError, do_export_package

    try:
        data, sequence = do_export_package(acting_user=None, reason=reason)
    except PackageError as exc:
        fail(str(exc))
    _write(data, out)
    console.print(f"Result package no. {sequence} written to {out} ({len(data):,} bytes).")


@package_app.command("import")
def package_import(
    path: str = typer.Argument(..., help="A result package from a hall laptop."),
) -> None:
    """Verify, recount and file a result package on the superior's server."""
    setup_django()
    check_database()
    from daihoi.transfer.package import PackageError, do_import_package

    try:
        filed = do_import_package(_read(path), acting_user=None)
    except PackageError as exc:
        fail(f"refused: {exc}")
    console.print(filed.message)


@package_app.command("push")
def package_push(
    server: str = typer.Option(..., help="The superior's server, e.g. https://daihoi.example.org"),
    token: str = typer.Option(..., help="An API token of the organisation office."),
    reason: str = typer.Option("", help="Why a new package is sent (after the first)."),
    tries: int = typer.Option(5, help="Attempts before giving up (the same package each time)."),
) -> None:
    """Send the result package to the superior's server through the REST API.

    The package is made once and sent again unchanged on a network failure: the server files
    the same package once, so a retry is always safe."""
    setup_django()
    check_database()
    from daihoi.transfer.package import PackageError, do_export_package

    if not server.startswith(("http://", "https://")):
        fail("--server: expected an http:// or https:// address")
    try:
        data, sequence = do_export_package(acting_user=None, reason=reason)
    except PackageError as exc:
        fail(str(exc))
    url = server.rstrip("/") + "/api/v1/packages"
    for attempt in range(1, max(tries, 1) + 1):
        request = urllib.request.Request(  # noqa: S310 - the operator's server address
            url, data=data, method="POST",
            headers={"Authorization": f"Token {token}",
                     "Content-Type": "application/octet-stream"})
        try:
            with urllib.request.urlopen(request, timeout=60) as response:  # noqa: S310
                import json

                body = json.loads(response.read(1_000_000) or b"{}")
                console.print(body.get("message") or f"package no. {sequence} delivered")
                return
        except urllib.error.HTTPError as exc:
            import json

            try:
                detail = "; ".join(json.loads(exc.read(100_000)).get("errors", []))
            except (ValueError, AttributeError, TypeError):
                detail = ""
            if exc.code < 500:
                fail(f"refused by the server ({exc.code}): {detail or exc.reason}")
            message = f"server error {exc.code}"
        except (urllib.error.URLError, TimeoutError, OSError) as exc:
            message = f"network: {getattr(exc, 'reason', exc)}"
        if attempt < tries:
            console.print(f"attempt {attempt} failed ({message}); trying again")
            time.sleep(min(2 ** attempt, 30))
        else:
            fail(f"not delivered after {tries} attempts ({message}); the package is kept: "
                 "use 'daihoi package export' and carry the file")
