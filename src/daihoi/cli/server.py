"""Commands that run the web application and manage its database."""

from __future__ import annotations

import getpass
import os

import typer

from daihoi.cli.common import check_database, console, fail, setup_django
from daihoi.cli.main import app


@app.command()
def migrate() -> None:
    """Create or update the database tables (DATABASE_URL, default: SQLite in the data folder)."""
    setup_django(creates_database=True)
    check_database(migrated=False)
    from django.core.management import call_command

    call_command("migrate", interactive=False, verbosity=1)
    console.print("[green]database ready[/]")


@app.command()
def serve(
    host: str = typer.Option(
        "127.0.0.1", help="Address to listen on (0.0.0.0: the whole hall LAN)."
    ),
    port: int = typer.Option(8000, help="Port."),
    threads: int = typer.Option(8, help="Worker threads."),
) -> None:
    """Run the web application with a production WSGI server (waitress: Linux and Windows)."""
    setup_django()
    check_database()  # also refuses a database that is empty or needs `daihoi migrate`
    from django.conf import settings
    from waitress import serve as waitress_serve

    from daihoi.project.wsgi import application
    from daihoi.scanning import jobs

    jobs.wake()  # scans queued (or left half read) before a restart are read on
    shown = "localhost" if host in {"127.0.0.1", "0.0.0.0"} else host  # noqa: S104
    console.print(f"[bold]Đại hội[/] đang chạy tại [link]http://{shown}:{port}/[/link]")
    console.print(f"cơ sở dữ liệu: {settings.DATABASES['default']['ENGINE'].rsplit('.', 1)[-1]}"
                  f" {settings.DATABASES['default']['NAME']}")
    if host == "0.0.0.0" and "*" not in settings.ALLOWED_HOSTS:  # noqa: S104
        console.print("[yellow]Other machines must use a name in DAIHOI_ALLOWED_HOSTS.[/]")
    waitress_serve(application, host=host, port=port, threads=threads, ident="daihoi")


@app.command("process-scans")
def process_scans(
    watch: bool = typer.Option(False, help="Keep running, looking for new uploads."),
    interval: float = typer.Option(2.0, help="Seconds between looks with --watch."),
) -> None:
    """Read the queued uploads of scanned ballots (the web app also reads them by itself);
    uploads left half read by a stopped process are read on from where they stopped."""
    setup_django()
    check_database()
    from django.core.management import call_command

    call_command("process_scans", watch=watch, interval=interval)


@app.command()
def createadmin(
    username: str = typer.Option(..., prompt=True, help="User name."),
    email: str = typer.Option("", help="E-mail address."),
) -> None:
    """Create an administrator account (sees and manages everything)."""
    setup_django()
    check_database()
    from django.contrib.auth.password_validation import validate_password
    from django.core.exceptions import ValidationError

    from daihoi.accounts.actions import do_create_user
    from daihoi.accounts.models import Role, User

    if User.objects.filter(username=username).exists():
        fail(f"user {username!r} already exists")
    password = os.environ.get("DAIHOI_ADMIN_PASSWORD") or getpass.getpass("Password: ")
    try:
        validate_password(password)
    except ValidationError as exc:
        fail("; ".join(exc.messages))
    do_create_user(acting_user=None, password=password, username=username, email=email,
                   role=Role.SUPERIOR_STAFF, is_superuser=True, is_staff=True)
    console.print(f"[green]administrator {username!r} created[/]")


@app.command()
def demo() -> None:
    """Load the Lạng Sơn 2010 demo (idempotent: running it again changes nothing)."""
    setup_django()
    check_database()
    from daihoi.demo import DEMO_PASSWORD, load_demo

    summary = load_demo(progress=console)
    for line in summary:
        console.print(line)
    console.print(f"demo password for every demo account: [bold]{DEMO_PASSWORD}[/]")


token_app = typer.Typer(help="API tokens for scripts and other systems.", no_args_is_help=True)
app.add_typer(token_app, name="token")


@token_app.command("create")
def token_create(
    username: str = typer.Argument(..., help="The account the token acts as."),
    name: str = typer.Option("script", help="What the token is for."),
    read_only: bool = typer.Option(False, "--read-only",
                                   help="Only reads (GET): every write is refused."),
    expires_in_days: int | None = typer.Option(None, "--expires-in-days", min=1,
                                               help="Refused after this many days."),
) -> None:
    """Create an API token; the key is printed once and only its hash is kept."""
    setup_django()
    check_database()
    from daihoi.accounts.models import User
    from daihoi.api.actions import TokenError, do_create_token

    user = User.objects.filter(username=username, is_active=True).first()
    if user is None:
        fail(f"no active user {username!r}")
    try:
        token, key = do_create_token(user, acting_user=None, name=name, read_only=read_only,
                                     expires_in_days=expires_in_days)
    except TokenError as exc:
        fail(str(exc))
    console.print(f"token for {username}: [bold]{key}[/]")
    scope = "read only" if token.read_only else "read and write"
    until = f"until {token.expires_at:%Y-%m-%d %H:%M} UTC" if token.expires_at else "until revoked"
    console.print(f"{scope}, {until}")
    console.print("send it as the header 'Authorization: Token <key>'; it is not shown again")


@app.command("unlock")
def unlock(
    username: str = typer.Argument("", help="The user name whose sign-in lock to lift."),
    address: str = typer.Option("", "--address", help="Also lift the lock on this address."),
) -> None:
    """Lift a sign-in lock (too many failed passwords) before its window has passed."""
    setup_django()
    check_database()
    from axes.models import AccessAttempt

    from daihoi.audit.log import record

    if not username and not address:
        fail("give a user name, --address, or both")
    removed = 0
    if username:
        removed += AccessAttempt.objects.filter(username=username).delete()[0]
    if address:
        removed += AccessAttempt.objects.filter(ip_address=address).delete()[0]
    record(acting_user=None, action="accounts.unlock", object_type="accounts.user",
           object_id=username, object_repr=username or address,
           changes={"username": username, "address": address, "failures_removed": removed})
    console.print(f"sign-in unlocked ({removed} record(s) of failures removed)")


@token_app.command("revoke")
def token_revoke(
    prefix: str = typer.Argument(..., help="The first 8 characters of the key."),
) -> None:
    """Revoke the API tokens whose key starts with PREFIX."""
    setup_django()
    check_database()
    from daihoi.api.models import ApiToken
    from daihoi.audit.log import record

    tokens = list(ApiToken.objects.filter(prefix=prefix[:8], revoked=False))
    if not tokens:
        fail(f"no active token starting with {prefix!r}")
    for token in tokens:
        ApiToken.objects.filter(pk=token.pk).update(revoked=True)
        record(acting_user=None, action="api_token.revoke", obj=token,
               changes={"revoked": [False, True]})
    console.print(f"revoked {len(tokens)} token(s)")
