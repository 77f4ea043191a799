"""From the city to the hall and back, with two databases: the server is this test's database;
the hall laptop is a separate data folder (its own SQLite file) driven through the ``daihoi``
command in subprocesses, as on a real laptop. Then every kind of tampering with the kit and the
package is refused and changes nothing on either side.
"""

from __future__ import annotations

import datetime as dt
import io
import json
import os
import subprocess
import sys
import textwrap
import zipfile
from collections.abc import Callable
from pathlib import Path
from typing import Any

import pytest
from cryptography.hazmat.primitives.asymmetric.ed25519 import Ed25519PrivateKey

from daihoi.audit.log import verify
from daihoi.audit.models import AuditEntry
from daihoi.campaigns import actions as campaign_actions
from daihoi.campaigns.models import Campaign, Congress
from daihoi.congress.models import CongressDay, Election, ElectionStatus
from daihoi.orgs.models import Member
from daihoi.transfer import container, keys
from daihoi.transfer.kit import KitError, do_export_kit, superior_key_id
from daihoi.transfer.models import IssuedKit, ReceivedPackage
from daihoi.transfer.package import PACKAGE_FORMAT, PackageError, do_import_package
from tests.audit_world import log_the_fixtures
from tests.campaigns.helpers import docx_bytes, make_campaign
from tests.conftest import Cast, Tree

# The laptop's congress day: two of the three planned names elected, ballots by the rules.
RUN_CONGRESS = textwrap.dedent("""
    import json, sys
    import django
    django.setup()
    from django.db import transaction
    from daihoi.transfer.models import InstalledKit
    from daihoi.congress.actions import do_import_election, do_certify_election
    kit = InstalledKit.objects.get()
    day = kit.congress_day
    names = json.loads(sys.argv[1])
    doc = {"format": "daihoi-election/1", "rules": day.rules, "body": "committee",
           "round": "first", "seats": 2,
           "candidates": [{"id": str(i), "name": n} for i, n in enumerate(names, 1)],
           "roster": {"convened": 3, "excluded": 0}, "ballots_issued": 3,
           "ballots": [{"kept": ["1", "2"]}, {"kept": ["1", "2"]}, {"kept": ["1", "3"]}]}
    with transaction.atomic():
        e = do_import_election(day, acting_user=None, data=doc, title="Bầu Ban Chấp hành")
        for c in e.candidates.all():
            m = kit.organization.members.model.objects.filter(full_name=c.full_name).first()
            c.member = m
            c.save(update_fields=["member"])
        do_certify_election(e, acting_user=None)
    print(e.pk)
""")


def run_laptop(folder: Path, *args: str) -> subprocess.CompletedProcess[str]:
    env = {**os.environ, "DAIHOI_DATA_DIR": str(folder)}
    env.pop("DATABASE_URL", None)
    return subprocess.run([str(Path(sys.executable).parent / "daihoi"), *args], env=env,
                          capture_output=True, text=True, timeout=300, check=False)


def run_python(folder: Path, code: str, *args: str) -> subprocess.CompletedProcess[str]:
    env = {**os.environ, "DAIHOI_DATA_DIR": str(folder),
           "DJANGO_SETTINGS_MODULE": "daihoi.project.settings"}
    env.pop("DATABASE_URL", None)
    return subprocess.run([sys.executable, "-c", code, *args], env=env, capture_output=True,
                          text=True, timeout=300, check=False)


def approved_congress(cast: Cast, tree: Tree, members: list[Member]) -> Congress:
    log_the_fixtures()
    campaign: Campaign = make_campaign(tree.city)
    congress = campaign.congresses.get(organization=tree.ward)
    for doc_type in ("political_report", "self_review"):
        campaign_actions.do_upload_document(congress, acting_user=cast.ward_office,
                                            doc_type=doc_type, name=f"{doc_type}.docx",
                                            data=docx_bytes(doc_type))
    campaign_actions.do_submit_documents(congress, acting_user=cast.ward_office)
    campaign_actions.do_give_comments(congress, acting_user=cast.city_staff)
    congress.refresh_from_db()
    campaign_actions.do_update_congress(congress, acting_user=cast.ward_office, kind="members",
                                        planned_date=dt.date(2010, 5, 15), place="Hội trường")
    lan, minh, tai = members[:3]
    campaign_actions.do_save_personnel_plan(
        congress, acting_user=cast.ward_office, committee_size=2, committee=[lan, minh],
        secretary=lan, backups=[tai])
    campaign_actions.do_approve_personnel_plan(congress, acting_user=cast.city_staff)
    congress.refresh_from_db()
    return congress


def state_of_server() -> tuple[Any, ...]:
    return (CongressDay.objects.count(), Election.objects.count(),
            ReceivedPackage.objects.count(), AuditEntry.objects.count(),
            list(Congress.objects.order_by("pk").values_list("state", flat=True)))


# The hall key the genuine package was signed with (set by the test once it has it).
OPEN_WITH: list[Ed25519PrivateKey] = []


def rezip(data: bytes, change: Callable[[dict[str, bytes]], None]) -> bytes:
    with zipfile.ZipFile(io.BytesIO(data)) as zf:
        parts = {i.filename: zf.read(i) for i in zf.infolist()}
    change(parts)
    out = io.BytesIO()
    with zipfile.ZipFile(out, "w") as zf:
        for name, content in parts.items():
            zf.writestr(name, content)
    return out.getvalue()


def resigned(data: bytes, key: Ed25519PrivateKey,
             change: Callable[[dict[str, Any], dict[str, bytes]], None]) -> bytes:
    """The package opened, changed, and signed again with ``key`` (a forger with that key)."""
    opened = container.read(data, expected_format=PACKAGE_FORMAT,
                            trusted_key=lambda _k: OPEN_WITH[0].public_key())
    meta, files = dict(opened.meta), dict(opened.files)
    change(meta, files)
    return container.write(PACKAGE_FORMAT, meta, files, key)


@pytest.mark.slow
@pytest.mark.django_db(transaction=True)
def test_a_ward_runs_its_congress_on_a_laptop_from_the_kit_and_the_city_files_its_package(
    cast: Cast, tree: Tree, members: list[Member], tmp_path: Path
) -> None:
    congress = approved_congress(cast, tree, members)
    kit = do_export_kit(congress, acting_user=cast.city_staff)
    (tmp_path / "kit.daihoi").write_bytes(kit)
    laptop = tmp_path / "laptop"
    laptop.mkdir()

    assert run_laptop(laptop, "migrate").returncode == 0
    wrong = run_laptop(laptop, "kit", "import", str(tmp_path / "kit.daihoi"),
                       "--superior-key", "0000-1111-2222-3333-4444-5555-6666-7777")
    assert wrong.returncode == 1
    assert "không phải khóa của cấp trên" in wrong.stderr
    loaded = run_laptop(laptop, "kit", "import", str(tmp_path / "kit.daihoi"),
                        "--superior-key", superior_key_id())
    assert loaded.returncode == 0, loaded.stderr
    assert "Loaded the congress kit of Đảng bộ phường Một" in loaded.stdout
    again = run_laptop(laptop, "kit", "import", str(tmp_path / "kit.daihoi"),
                       "--superior-key", superior_key_id())
    assert again.returncode == 0
    assert "nothing changed" in again.stdout

    early = run_laptop(laptop, "package", "export", "--out", str(tmp_path / "p.daihoi"))
    assert early.returncode == 1
    assert "chưa có cuộc bầu cử" in early.stderr
    names = json.dumps(["Hoàng Thị Lan", "Nông Văn Minh", "Lương Văn Tài"])
    ran = run_python(laptop, RUN_CONGRESS, names)
    assert ran.returncode == 0, ran.stderr
    made = run_laptop(laptop, "package", "export", "--out", str(tmp_path / "result.daihoi"))
    assert made.returncode == 0, made.stderr
    # The laptop's own log holds the kit's rows and the day: verify finds it intact.
    checked = run_laptop(laptop, "audit", "verify")
    assert checked.returncode == 0, checked.stdout + checked.stderr
    package = (tmp_path / "result.daihoi").read_bytes()
    # Made again with nothing changed: the same package, the same sequence number.
    run_laptop(laptop, "package", "export", "--out", str(tmp_path / "result2.daihoi"))
    assert (tmp_path / "result2.daihoi").read_bytes() == package

    hall_key = keys.private_key_from_text(json.loads(run_python(laptop, textwrap.dedent("""
        import json, django
        django.setup()
        from daihoi.transfer.models import InstalledKit
        print(json.dumps(InstalledKit.objects.get().hall_private_key))
    """)).stdout))
    other_key = Ed25519PrivateKey.generate()
    OPEN_WITH[:] = [hall_key]

    def recount_differs(meta: dict[str, Any], files: dict[str, bytes]) -> None:
        doc = json.loads(files["election-1.json"])
        doc["ballots"][2] = {"kept": ["2", "3"]}  # a ballot changed: Minh 3, Lan 2, Tài 1
        files["election-1.json"] = json.dumps(doc).encode()

    def ballot_added(meta: dict[str, Any], files: dict[str, bytes]) -> None:
        doc = json.loads(files["election-1.json"])
        doc["ballots"].append({"kept": ["3"]})
        files["election-1.json"] = json.dumps(doc).encode()

    def ballot_removed(meta: dict[str, Any], files: dict[str, bytes]) -> None:
        doc = json.loads(files["election-1.json"])
        doc["ballots"].pop()
        files["election-1.json"] = json.dumps(doc).encode()

    def elected_changed(meta: dict[str, Any], files: dict[str, bytes]) -> None:
        result = json.loads(files["election-1-result.json"])
        result["elected"] = list(reversed(result["elected"]))
        files["election-1-result.json"] = json.dumps(result).encode()

    def other_congress(meta: dict[str, Any], files: dict[str, bytes]) -> None:
        meta["congress_id"] = meta["congress_id"] + 1

    def minutes_dropped(meta: dict[str, Any], files: dict[str, bytes]) -> None:
        del files["election-1-minutes.pdf"]

    def tampered_file(parts: dict[str, bytes]) -> None:
        parts["election-1.json"] = parts["election-1.json"].replace(b'"1"', b'"3"', 1)

    def signature_swapped(parts: dict[str, bytes]) -> None:
        other = container.write(PACKAGE_FORMAT, {"x": 1}, {"a.json": b"{}"}, hall_key)
        with zipfile.ZipFile(io.BytesIO(other)) as zf:
            parts["signature.json"] = zf.read("signature.json")

    refusals: dict[str, tuple[bytes, str]] = {
        "a ballot changed, re-signed with the hall key (recount differs)":
            (resigned(package, hall_key, recount_differs), "kiểm lại"),
        "a ballot added, re-signed": (resigned(package, hall_key, ballot_added), "kiểm lại"),
        "a ballot removed, re-signed": (resigned(package, hall_key, ballot_removed), "kiểm lại"),
        "the elected changed, re-signed": (resigned(package, hall_key, elected_changed),
                                           "kiểm lại"),
        "another congress, re-signed": (resigned(package, hall_key, other_congress),
                                        "đại hội khác"),
        "the minutes dropped, re-signed": (resigned(package, hall_key, minutes_dropped),
                                           "thiếu biên bản"),
        "signed by a key the city never issued": (resigned(package, other_key,
                                                           recount_differs), "tin cậy"),
        "a file changed after signing": (rezip(package, tampered_file), "mã băm"),
        "a signature swapped": (rezip(package, signature_swapped), "Chữ ký không khớp"),
        "truncated": (package[: len(package) // 2], "không đọc được"),
        "empty": (b"", "không đọc được"),
        "a kit instead of a package": (kit, "tin cậy"),
    }
    before = state_of_server()
    for what, (data, expected) in refusals.items():
        with pytest.raises(PackageError) as refused:
            do_import_package(data, acting_user=cast.city_staff)
        assert expected in str(refused.value), what
        assert state_of_server() == before, what

    filed = do_import_package(package, acting_user=cast.city_staff)
    assert filed.changed
    congress.refresh_from_db()
    assert congress.state == "results_reported"
    day = CongressDay.objects.get(campaign_congress_id=congress.pk)
    election = day.elections.get()
    assert election.status == ElectionStatus.CERTIFIED
    assert isinstance(election.result, dict)
    elected = {c.full_name for c in election.candidates.all()
               if str(c.number) in election.result["elected"]}
    assert elected == {"Hoàng Thị Lan", "Nông Văn Minh"}
    assert {c.member_id for c in election.candidates.all()} == {m.pk for m in members[:3]}
    # The certification keeps its event's time (the laptop's), not the import's.
    summary = ReceivedPackage.objects.get().summary
    assert summary["elections"][0]["certified_at"]
    # The laptop's audit head travels with the package: an outside copy of its chain's state.
    assert summary["laptop_audit_head"].startswith("#")

    report = verify()
    assert report.ok, [str(d) for d in report.discrepancies] + [str(b) for b in report.breaks]
    after = state_of_server()
    assert not do_import_package(package, acting_user=cast.city_staff).changed
    assert state_of_server() == after

    # A later package replaces the earlier one only with its reason; the old one replayed is
    # refused.
    reopened = run_python(laptop, textwrap.dedent("""
        import django
        django.setup()
        from daihoi.congress.models import Election
        from django.utils import timezone
        Election.objects.update(certified_at=timezone.now())
    """))
    assert reopened.returncode == 0, reopened.stderr
    no_reason = run_laptop(laptop, "package", "export", "--out", str(tmp_path / "r2.daihoi"))
    assert no_reason.returncode == 1
    assert "lý do" in no_reason.stderr
    second = run_laptop(laptop, "package", "export", "--out", str(tmp_path / "r2.daihoi"),
                        "--reason", "Ban kiểm phiếu kiểm lại lô 1 theo đề nghị của đoàn chủ tịch")
    assert second.returncode == 0, second.stderr
    replaced = do_import_package((tmp_path / "r2.daihoi").read_bytes(),
                                 acting_user=cast.city_staff)
    assert replaced.changed
    assert "thay gói số 1" in replaced.message
    assert "kiểm lại lô 1" in replaced.message
    assert CongressDay.objects.filter(campaign_congress_id=congress.pk).count() == 1
    before = state_of_server()
    with pytest.raises(PackageError, match="gói cũ"):
        do_import_package(package, acting_user=cast.city_staff)
    assert state_of_server() == before
    assert IssuedKit.objects.get().packages.count() == 2
    # The replaced package's rows are recorded as deleted: the data still agrees with the log.
    report = verify()
    assert report.ok, [str(d) for d in report.discrepancies] + [str(b) for b in report.breaks]


@pytest.mark.django_db
def test_a_kit_waits_for_the_approved_personnel_plan(cast: Cast, tree: Tree) -> None:
    campaign = make_campaign(tree.city)
    congress = campaign.congresses.get(organization=tree.ward)
    with pytest.raises(KitError, match="phương án nhân sự"):
        do_export_kit(congress, acting_user=cast.city_staff)
    assert not IssuedKit.objects.exists()


def laptop_with_a_certified_congress(tmp_path: Path, kit: bytes) -> Path:
    laptop = tmp_path / "laptop"
    laptop.mkdir()
    (tmp_path / "kit.daihoi").write_bytes(kit)
    assert run_laptop(laptop, "migrate").returncode == 0
    loaded = run_laptop(laptop, "kit", "import", str(tmp_path / "kit.daihoi"),
                        "--superior-key", superior_key_id())
    assert loaded.returncode == 0, loaded.stderr
    names = json.dumps(["Hoàng Thị Lan", "Nông Văn Minh", "Lương Văn Tài"])
    ran = run_python(laptop, RUN_CONGRESS, names)
    assert ran.returncode == 0, ran.stderr
    return laptop


@pytest.mark.slow
def test_the_laptop_pushes_its_package_over_the_network_and_a_retry_changes_nothing(
    live_server: Any, cast: Cast, tree: Tree, members: list[Member], tmp_path: Path
) -> None:
    from daihoi.api.models import ApiToken, hash_key

    congress = approved_congress(cast, tree, members)
    laptop = laptop_with_a_certified_congress(
        tmp_path, do_export_kit(congress, acting_user=cast.city_staff))
    key = ApiToken.new_key()
    ApiToken.objects.create(user=cast.ward_office, name="laptop", key_hash=hash_key(key),
                            prefix=key[:8])
    outsider = ApiToken.new_key()
    ApiToken.objects.create(user=cast.outsider, name="x", key_hash=hash_key(outsider),
                            prefix=outsider[:8])

    refused = run_laptop(laptop, "package", "push", "--server", live_server.url,
                         "--token", outsider)
    assert refused.returncode == 1
    assert "không được nộp kết quả" in refused.stderr
    assert not ReceivedPackage.objects.exists()

    pushed = run_laptop(laptop, "package", "push", "--server", live_server.url,
                        "--token", key)
    assert pushed.returncode == 0, pushed.stderr
    assert "kết quả khớp" in pushed.stdout
    congress.refresh_from_db()
    assert congress.state == "results_reported"
    again = run_laptop(laptop, "package", "push", "--server", live_server.url, "--token", key)
    assert again.returncode == 0, again.stderr
    assert "không có gì thay đổi" in again.stdout
    assert ReceivedPackage.objects.count() == 1
    # The file route gives the same filing: the package made on the laptop is the one filed.
    made = run_laptop(laptop, "package", "export", "--out", str(tmp_path / "r.daihoi"))
    assert made.returncode == 0
    assert not do_import_package((tmp_path / "r.daihoi").read_bytes(),
                                 acting_user=cast.city_staff).changed


@pytest.mark.django_db
def test_a_kit_altered_expired_or_for_another_congress_is_refused(
    cast: Cast, tree: Tree, members: list[Member]
) -> None:
    from daihoi.transfer.kit import KIT_FORMAT, do_import_kit
    from daihoi.transfer.models import InstalledKit

    congress = approved_congress(cast, tree, members)
    kit = do_export_kit(congress, acting_user=cast.city_staff)
    key = superior_key_id()

    def altered(parts: dict[str, bytes]) -> None:
        parts["kit.json"] = parts["kit.json"].replace("Hoàng Thị Lan".encode(),
                                                      "Hoàng Thị Lân".encode())

    forger = Ed25519PrivateKey.generate()
    opened = container.read(kit, expected_format=KIT_FORMAT,
                            trusted_key=lambda _k: keys.server_key().public_key())
    forged = container.write(KIT_FORMAT, {**opened.meta, "superior_key":
                                          container.public_key_text(forger.public_key())},
                             opened.files, forger)
    cases = {
        "altered after signing": (rezip(kit, altered), "mã băm"),
        "re-signed by someone else": (forged, "không phải khóa của cấp trên"),
        "truncated": (kit[:100], "không đọc được"),
    }
    before = InstalledKit.objects.count(), CongressDay.objects.count()
    for what, (data, expected) in cases.items():
        with pytest.raises((KitError, container.ContainerError)) as refused:
            do_import_kit(data, superior_key_id=key)
        assert expected in str(refused.value), what
    with pytest.raises(KitError, match="hết hạn"):
        do_import_kit(kit, superior_key_id=key,
                      now=dt.datetime.now(dt.UTC) + dt.timedelta(days=61))
    InstalledKit.objects.create(
        kit_id="another", digest="0" * 64, superior_key_id=key, superior_name="x",
        server_congress_id=999, organization=tree.school, hall_private_key="-",
        expires_at=dt.datetime.now(dt.UTC), installed_at=dt.datetime.now(dt.UTC))
    with pytest.raises(KitError, match="một đại hội khác"):
        do_import_kit(kit, superior_key_id=key)
    assert (InstalledKit.objects.count(), CongressDay.objects.count()) == (before[0] + 1,
                                                                         before[1])


@pytest.mark.django_db
def test_a_package_is_refused_when_the_server_already_ran_that_congress_itself(
    cast: Cast, tree: Tree, members: list[Member]
) -> None:
    from daihoi.congress.actions import do_create_congress

    congress = approved_congress(cast, tree, members)
    kit = do_export_kit(congress, acting_user=cast.city_staff)
    issued = IssuedKit.objects.get()
    day = do_create_congress(acting_user=cast.ward_office, organization=tree.ward,
                             title="Đại hội phường Một", held_on=dt.date(2010, 5, 15))
    day.campaign_congress_id = congress.pk
    day.save(update_fields=["campaign_congress_id"])
    # A package signed with the kit's hall key (taken from the kit, as the laptop would).
    opened_kit = container.read(kit, expected_format="daihoi-kit/1",
                                trusted_key=lambda _k: keys.server_key().public_key())
    hall = keys.private_key_from_text(opened_kit.json("kit.json")["hall_key"])
    assert container.key_id(hall.public_key()) == issued.hall_key_id
    package = container.write(PACKAGE_FORMAT, {
        "kit_id": issued.kit_id, "congress_id": congress.pk, "sequence": 1,
        "made_at": "2010-05-15T17:00:00+07:00", "reason": ""},
        {"congress.json": b'{"held_on": "2010-05-15", "elections": []}'}, hall)
    before = state_of_server()
    with pytest.raises(PackageError, match="hai nơi"):
        do_import_package(package, acting_user=cast.city_staff)
    assert state_of_server() == before
