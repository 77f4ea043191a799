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

from defusedxml.ElementTree import iterparse
from openpyxl import Workbook, load_workbook
from openpyxl.utils import get_column_letter, range_boundaries

from daihoi.lib import limits
from daihoi.lib.cells import control_characters, safe_row, unquote_text
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
# The template has nine columns; a few more are reported as unknown, thousands are refused.
MAX_COLUMNS = 64

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
    value = unquote_text(str(text if text is not None else ""))
    return unicodedata.normalize("NFC", value).strip()


def _refuse_large_xlsx(data: bytes) -> None:
    """Refuse, before openpyxl parses anything, a workbook whose parts unpack to more than
    the limits (a few hundred kilobytes can hold a 300 MB cell or millions of rows)."""
    try:
        with zipfile.ZipFile(io.BytesIO(data)) as archive:
            infos = archive.infolist()
    except Exception as exc:  # a damaged zip raises many kinds: one clear message
        raise ImportFileError(f"Không đọc được tệp Excel (.xlsx): {_reason(exc)}") from None
    if len(infos) > limits.XLSX_MAX_PARTS:
        raise ImportFileError(f"Tệp Excel có {len(infos)} phần bên trong, quá nhiều.")
    total = 0
    for info in infos:
        total += info.file_size
        if info.file_size > limits.XLSX_MAX_PART_BYTES or total > limits.XLSX_MAX_UNPACKED_BYTES:
            raise ImportFileError(
                f"Tệp Excel khi giải nén lớn hơn {limits.XLSX_MAX_UNPACKED_BYTES // 2**20} MB "
                f"(phần “{info.filename}”): quá lớn cho một danh sách đảng viên.")


def _refuse_many_rows(data: bytes) -> None:
    """Count each sheet's rows in one streaming pass that stops at the limit, before openpyxl
    (which walks a whole sheet that declares no dimension, and fills gaps with empty rows)."""
    limit = MAX_ROWS + 1
    with zipfile.ZipFile(io.BytesIO(data)) as archive:
        sheets = [n for n in archive.namelist()
                  if n.startswith("xl/worksheets/") and n.endswith(".xml")]
        for name in sheets:
            rows = 0
            try:
                with archive.open(name) as source:
                    for _event, element in iterparse(source, events=("start",)):
                        tag = element.tag.rsplit("}", 1)[-1]
                        if tag == "row":
                            rows += 1
                            number = element.get("r", "")
                            if rows > limit or (number.isdigit() and int(number) > limit):
                                raise ImportFileError(
                                    f"Tệp có hơn {MAX_ROWS} dòng (kể cả dòng trống); "
                                    "hãy chia nhỏ.")
                        elif tag == "dimension":
                            _check_dimension(element.get("ref", ""))
                        element.clear()
            except ImportFileError:
                raise
            except Exception as exc:  # malformed XML, a damaged zip member: one clear message
                raise ImportFileError(f"Không đọc được tệp Excel (.xlsx): {_reason(exc)}") \
                    from None


def _check_dimension(ref: str) -> None:
    """The sheet's declared size (``A1:I2000001``), refused before any row is read."""
    try:
        _min_col, _min_row, columns, rows = range_boundaries(ref)
    except (ValueError, TypeError):
        return
    if rows is not None and rows > MAX_ROWS + 1:
        raise ImportFileError(f"Tệp có {rows} dòng (kể cả dòng trống); "
                              f"nhiều nhất {MAX_ROWS} dòng, hãy chia nhỏ.")
    if columns is not None and columns > MAX_COLUMNS:
        raise ImportFileError(f"Tệp có {columns} cột; mẫu chỉ có {len(COLUMNS)} cột.")


def _read_xlsx(data: bytes) -> Iterator[list[object]]:
    _refuse_large_xlsx(data)
    _refuse_many_rows(data)
    try:
        wb = load_workbook(io.BytesIO(data), read_only=True, data_only=True)
        ws = wb.worksheets[0]
        # The sheet's declared dimension, read from its header: refused before any row.
        declared_rows, declared_columns = ws.max_row, ws.max_column
    except ImportFileError:
        raise
    except Exception as exc:  # malformed XML, zip or styles: one clear message
        raise ImportFileError(f"Không đọc được tệp Excel (.xlsx): {_reason(exc)}") from None
    if declared_rows is not None and declared_columns is not None:
        _check_dimension(f"A1:{get_column_letter(declared_columns)}{declared_rows}")
    try:
        width = min(declared_columns or MAX_COLUMNS, MAX_COLUMNS)
        for number, row in enumerate(ws.iter_rows(values_only=True, max_col=width), start=1):
            if number > MAX_ROWS + 1:
                raise ImportFileError(f"Tệp có hơn {MAX_ROWS} dòng (kể cả dòng trống); "
                                      "hãy chia nhỏ.")
            yield list(row)
    except ImportFileError:
        raise
    except Exception as exc:  # malformed XML, zip or styles: one clear message
        raise ImportFileError(f"Không đọc được tệp Excel (.xlsx): {_reason(exc)}") from None
    finally:
        wb.close()


def _reason(exc: Exception) -> str:
    text = " ".join(str(exc).split())[:200]
    return text or type(exc).__name__


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
    reader = csv.reader(io.StringIO(text), dialect)
    try:
        for row in reader:
            if reader.line_num > MAX_ROWS + 1:
                raise ImportFileError(f"Tệp có hơn {MAX_ROWS} dòng (kể cả dòng trống); "
                                      "hãy chia nhỏ.")
            if len(row) > MAX_COLUMNS:
                raise ImportFileError(f"Dòng {reader.line_num} có {len(row)} cột; "
                                      f"mẫu chỉ có {len(COLUMNS)} cột.")
            yield list(row)
    except csv.Error as exc:
        # The csv module refuses a cell over csv.field_size_limit() (131,072 characters).
        raise ImportFileError(f"Dòng {reader.line_num}: không đọc được ({_reason(exc)}); "
                              f"một ô dài nhất {limits.CELL_MAX_CHARS} ký tự.") from None


def read_rows(filename: str, data: bytes) -> Iterator[list[object]]:
    name = filename.lower()
    if len(data) > limits.IMPORT_MAX_BYTES:
        raise ImportFileError(f"Tệp lớn hơn {limits.IMPORT_MAX_BYTES // 2**20} MB; hãy chia nhỏ.")
    if name.endswith(".xlsx"):
        return _checked_cells(_read_xlsx(data))
    if name.endswith(".csv"):
        return _checked_cells(_read_csv(data))
    raise ImportFileError("Chỉ nhận tệp .xlsx hoặc .csv.")


def _checked_cells(rows: Iterator[list[object]]) -> Iterator[list[object]]:
    """Each cell at most CELL_MAX_CHARS characters (the csv module's own limit), in both
    formats; a longer one stops the import, naming its row and column."""
    for number, row in enumerate(rows, start=1):
        for i, value in enumerate(row):
            if isinstance(value, str) and len(value) > limits.CELL_MAX_CHARS:
                raise ImportFileError(
                    f"Dòng {number}, cột {get_column_letter(i + 1)}: ô dài {len(value)} ký tự, "
                    f"nhiều nhất {limits.CELL_MAX_CHARS}.")
        yield row


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

    for key in index:
        value = _cell(raw, index, key)
        found = control_characters(value) if isinstance(value, str) else []
        if found:
            bad(key, f"có ký tự điều khiển ({', '.join(found)}), không được phép; "
                     "hãy xóa ký tự này.")
    if problems:
        return problems, None

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
    elif len(ethnicity) > 40:
        bad("ethnicity", "dài quá 40 ký tự.")
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
    education = _norm(_cell(raw, index, "education"))
    theory = _norm(_cell(raw, index, "theory_level"))
    for key, text in (("education", education), ("theory_level", theory)):
        if len(text) > 60:
            bad(key, "dài quá 60 ký tự.")
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
        ws.append(safe_row([
            m.full_name, m.get_gender_display(), m.date_of_birth.strftime("%d/%m/%Y"),
            m.ethnicity, m.get_status_display(), m.date_joined.strftime("%d/%m/%Y"),
            m.organization.code, m.education, m.theory_level,
        ]))
    out = io.BytesIO()
    wb.save(out)
    return out.getvalue()
