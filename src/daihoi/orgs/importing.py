"""Reading member files (XLSX, CSV): every bad cell reported by row and column, in Vietnamese.

Parsing knows nothing of requests; it returns the good rows and the problems, and the view
decides (nothing is imported while any row is bad, unless the user asks for the good ones).
"""

from __future__ import annotations

import contextlib
import csv
import datetime as dt
import io
import unicodedata
import zipfile
from collections.abc import Iterable, Iterator
from dataclasses import dataclass, field

from openpyxl import Workbook, load_workbook
from openpyxl.utils import get_column_letter

from daihoi.lib.figures import age_on
from daihoi.orgs.actions import MemberRow
from daihoi.orgs.models import Gender, Member, MemberStatus, Organization

# (header in the file, field, required)
COLUMNS: list[tuple[str, str, bool]] = [
    ("Họ và tên", "full_name", True),
    ("Giới tính", "gender", True),
    ("Ngày sinh", "date_of_birth", True),
    ("Dân tộc", "ethnicity", True),
    ("Loại đảng viên", "status", True),
    ("Ngày vào Đảng", "date_joined", True),
    ("Mã tổ chức", "organization", True),
    ("Trình độ chuyên môn", "education", False),
    ("Lý luận chính trị", "theory_level", False),
]
HEADERS = [c[0] for c in COLUMNS]
MAX_ROWS = 50_000

_GENDERS = {"nam": Gender.MALE, "nữ": Gender.FEMALE, "nu": Gender.FEMALE,
            "male": Gender.MALE, "female": Gender.FEMALE}
_STATUSES = {"chính thức": MemberStatus.OFFICIAL, "chinh thuc": MemberStatus.OFFICIAL,
             "dự bị": MemberStatus.PROBATIONARY, "du bi": MemberStatus.PROBATIONARY,
             "official": MemberStatus.OFFICIAL, "probationary": MemberStatus.PROBATIONARY}


class ImportFileError(ValueError):
    """The file as a whole cannot be read (wrong type, no header, too large)."""


@dataclass(frozen=True)
class Problem:
    row: int
    column: str
    message: str

    def __str__(self) -> str:
        where = f"Dòng {self.row}" + (f", cột “{self.column}”" if self.column else "")
        return f"{where}: {self.message}"


@dataclass
class ImportResult:
    rows: list[MemberRow] = field(default_factory=list)
    problems: list[Problem] = field(default_factory=list)
    total: int = 0

    @property
    def bad_rows(self) -> set[int]:
        return {p.row for p in self.problems}


def _norm(text: object) -> str:
    return unicodedata.normalize("NFC", str(text if text is not None else "")).strip()


def _read_xlsx(data: bytes) -> Iterator[list[object]]:
    try:
        wb = load_workbook(io.BytesIO(data), read_only=True, data_only=True)
    except (zipfile.BadZipFile, KeyError, OSError, ValueError) as exc:
        raise ImportFileError(f"Không đọc được tệp Excel (.xlsx): {exc}") from None
    ws = wb.worksheets[0]
    for row in ws.iter_rows(values_only=True):
        yield list(row)


def _read_csv(data: bytes) -> Iterator[list[object]]:
    try:
        text = data.decode("utf-8-sig")
    except UnicodeDecodeError as exc:
        raise ImportFileError(
            f"Tệp CSV phải mã hóa UTF-8 (lỗi ở byte thứ {exc.start + 1})."
        ) from None
    dialect: type[csv.Dialect] | csv.Dialect = csv.excel
    with contextlib.suppress(csv.Error):  # no clear delimiter: plain commas
        dialect = csv.Sniffer().sniff(text[:4096], delimiters=",;\t")
    yield from csv.reader(io.StringIO(text), dialect)


def read_rows(filename: str, data: bytes) -> Iterator[list[object]]:
    name = filename.lower()
    if name.endswith(".xlsx"):
        return _read_xlsx(data)
    if name.endswith(".csv"):
        return _read_csv(data)
    raise ImportFileError("Chỉ nhận tệp .xlsx hoặc .csv.")


def _parse_date(value: object) -> dt.date | None:
    if isinstance(value, dt.datetime):
        return value.date()
    if isinstance(value, dt.date):
        return value
    text = _norm(value)
    for fmt in ("%d/%m/%Y", "%d-%m-%Y", "%Y-%m-%d", "%d.%m.%Y"):
        try:
            return dt.datetime.strptime(text, fmt).date()  # noqa: DTZ007 - a calendar date
        except ValueError:
            continue
    return None


def parse_members(
    filename: str, data: bytes, allowed_orgs: Iterable[Organization], today: dt.date
) -> ImportResult:
    """Validate every row; return the good rows and a problem per bad cell."""
    orgs_by_code = {o.code.lower(): o for o in allowed_orgs}
    rows = read_rows(filename, data)
    result = ImportResult()
    header = next(rows, None)
    if header is None or all(_norm(v) == "" for v in header):
        raise ImportFileError("Tệp trống: dòng đầu tiên phải là dòng tiêu đề của tệp mẫu.")
    names = [_norm(h) for h in header]
    index: dict[str, int] = {}
    for title, key, required in COLUMNS:
        if title in names:
            index[key] = names.index(title)
        elif required:
            result.problems.append(Problem(1, title, "thiếu cột bắt buộc này trong dòng tiêu đề."))
    unknown = [h for h in names if h and h not in HEADERS]
    for h in unknown:
        result.problems.append(Problem(1, h, "cột không có trong mẫu."))
    if result.problems:
        return result
    for number, raw in enumerate(rows, start=2):
        if all(_norm(v) == "" for v in raw):
            continue
        result.total += 1
        if result.total > MAX_ROWS:
            raise ImportFileError(f"Tệp có hơn {MAX_ROWS} dòng; hãy chia nhỏ.")
        row_problems, member = _parse_row(number, raw, index, orgs_by_code, today)
        result.problems.extend(row_problems)
        if member is not None:
            result.rows.append(member)
    return result


def _cell(raw: list[object], index: dict[str, int], key: str) -> object:
    i = index.get(key)
    return raw[i] if i is not None and i < len(raw) else None


def _parse_row(
    number: int, raw: list[object], index: dict[str, int],
    orgs_by_code: dict[str, Organization], today: dt.date,
) -> tuple[list[Problem], MemberRow | None]:
    problems: list[Problem] = []
    title = {key: t for t, key, _ in COLUMNS}

    def bad(key: str, message: str) -> None:
        problems.append(Problem(number, title[key], message))

    full_name = " ".join(_norm(_cell(raw, index, "full_name")).split())
    if not full_name:
        bad("full_name", "bỏ trống.")
    elif len(full_name) > 120:
        bad("full_name", "dài quá 120 ký tự.")
    elif any(ch.isdigit() for ch in full_name):
        bad("full_name", f"“{full_name}” có chữ số.")
    gender_text = _norm(_cell(raw, index, "gender")).lower()
    gender = _GENDERS.get(gender_text)
    if gender is None:
        bad("gender", f"“{gender_text}” không hợp lệ; ghi “Nam” hoặc “Nữ”.")
    born = _parse_date(_cell(raw, index, "date_of_birth"))
    if born is None:
        bad("date_of_birth", "không phải ngày hợp lệ (dạng ngày/tháng/năm, ví dụ 05/09/1975).")
    elif not (today.year - 100 <= born.year <= today.year - 18):
        bad("date_of_birth", f"{born:%d/%m/%Y}: tuổi phải từ 18 đến 100.")
    ethnicity = _norm(_cell(raw, index, "ethnicity"))
    if not ethnicity:
        bad("ethnicity", "bỏ trống.")
    status_text = _norm(_cell(raw, index, "status")).lower()
    status = _STATUSES.get(status_text)
    if status is None:
        bad("status", f"“{status_text}” không hợp lệ; ghi “Chính thức” hoặc “Dự bị”.")
    joined = _parse_date(_cell(raw, index, "date_joined"))
    if joined is None:
        bad("date_joined", "không phải ngày hợp lệ (dạng ngày/tháng/năm).")
    elif joined > today:
        bad("date_joined", f"{joined:%d/%m/%Y} ở tương lai.")
    elif born is not None and age_on(born, joined) < 18:
        bad("date_joined", f"{joined:%d/%m/%Y}: khi vào Đảng chưa đủ 18 tuổi.")
    code = _norm(_cell(raw, index, "organization"))
    org = orgs_by_code.get(code.lower())
    if org is None:
        bad("organization", f"không có tổ chức mã “{code}” trong phạm vi của bạn.")
    education = _norm(_cell(raw, index, "education"))[:60]
    theory = _norm(_cell(raw, index, "theory_level"))[:60]
    if (problems or gender is None or status is None or born is None or joined is None
            or org is None):
        return problems, None
    return problems, MemberRow(
        row=number, full_name=full_name, gender=gender, date_of_birth=born,
        ethnicity=ethnicity, status=status, date_joined=joined, organization=org,
        education=education, theory_level=theory,
    )


def template_xlsx() -> bytes:
    """The import template: the header row and one example row."""
    wb = Workbook()
    ws = wb.worksheets[0]
    ws.title = "Đảng viên"
    ws.append(HEADERS)
    ws.append(["Hoàng Thị Mai", "Nữ", "12/03/1980", "Tày", "Chính thức", "19/05/2005",
               "MA-TO-CHUC", "Đại học", "Trung cấp"])
    for i, title in enumerate(HEADERS, start=1):
        ws.column_dimensions[get_column_letter(i)].width = max(14, len(title) + 4)
    out = io.BytesIO()
    wb.save(out)
    return out.getvalue()


def export_xlsx(members: Iterable[Member]) -> bytes:
    """Members as XLSX, in the template's columns (so an export re-imports)."""
    wb = Workbook(write_only=True)
    ws = wb.create_sheet("Đảng viên")
    ws.append(HEADERS)
    for m in members:
        ws.append([
            m.full_name, m.get_gender_display(), m.date_of_birth.strftime("%d/%m/%Y"),
            m.ethnicity, m.get_status_display(), m.date_joined.strftime("%d/%m/%Y"),
            m.organization.code, m.education, m.theory_level,
        ])
    out = io.BytesIO()
    wb.save(out)
    return out.getvalue()
