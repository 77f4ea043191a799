"""What the superior sees: each congress with its late milestones, the counts by state,
the timeline chart (SVG written by hand), the month calendar and the XLSX export.

Everything is computed from one query of the campaign's congresses, so a page costs the
same number of queries for 5 congresses or 2,000.
"""

from __future__ import annotations

import calendar
import datetime as dt
import io
from collections import Counter
from collections.abc import Mapping
from dataclasses import dataclass, field
from xml.sax.saxutils import escape

from django.db.models import QuerySet
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import pgettext
from openpyxl import Workbook
from openpyxl.cell import WriteOnlyCell
from openpyxl.styles import Font

from daihoi.campaigns.models import (
    MILESTONE_LABELS,
    Campaign,
    Congress,
    CongressKind,
    CongressState,
)
from daihoi.campaigns.workflow import (
    MILESTONE_STATE,
    RANK,
    Milestone,
    Overdue,
    State,
    overdue,
)
from daihoi.lib.cells import safe_row, safe_text


@dataclass
class Row:
    congress: Congress
    late: list[Overdue]

    @property
    def late_milestones(self) -> set[Milestone]:
        return {o.milestone for o in self.late}

    @property
    def late_labelled(self) -> list[tuple[str, int]]:
        """Each late milestone's label (in the user's language) with its days late."""
        return [(str(MILESTONE_LABELS[o.milestone]), o.days_late) for o in self.late]


@dataclass
class Summary:
    total: int = 0
    by_state: list[tuple[str, str, int]] = field(default_factory=list)
    held: int = 0
    held_on_time: int = 0
    held_late: int = 0
    overdue: int = 0
    delegates: int = 0
    members: int = 0


def congresses_of(campaign: Campaign, *, kind: str = "", state: str = "", late: str = "",
                  today: dt.date | None = None) -> QuerySet[Congress]:
    """The campaign's congresses, filtered by kind, state and an overdue milestone."""
    qs = campaign.congresses.select_related("organization")
    if kind in CongressKind.values:
        qs = qs.filter(kind=kind)
    if state in CongressState.values:
        qs = qs.filter(state=state)
    if late in Milestone.__members__.values() and today is not None:
        due = campaign.milestone_dates()[Milestone(late)]
        if due is None or today <= due:
            return qs.none()
        needed = RANK[MILESTONE_STATE[Milestone(late)]]
        qs = qs.filter(state__in=[s.value for s in State if RANK[s] < needed])
    return qs.order_by("organization__path")


def rows_for(campaign: Campaign, congresses: QuerySet[Congress], today: dt.date) -> list[Row]:
    due = campaign.milestone_dates()
    return [Row(c, overdue(State(c.state), today, due)) for c in congresses]


def summarize(campaign: Campaign, rows: list[Row]) -> Summary:
    counts = Counter(r.congress.state for r in rows)
    s = Summary(total=len(rows))
    s.by_state = [(value, str(label), counts.get(value, 0))
                  for value, label in CongressState.choices]
    deadline = campaign.subordinate_deadline
    for r in rows:
        c = r.congress
        if RANK[State(c.state)] >= RANK[State.HELD]:
            s.held += 1
            if c.held_on is not None and c.held_on <= deadline:
                s.held_on_time += 1
            else:
                s.held_late += 1
        if r.late:
            s.overdue += 1
        if c.kind == CongressKind.DELEGATES:
            s.delegates += 1
        else:
            s.members += 1
    return s


@dataclass
class LateGroup:
    milestone: Milestone
    label: str
    total: int
    shown: list[tuple[Row, Overdue]]


def overdue_by_milestone(rows: list[Row], limit: int = 30) -> list[LateGroup]:
    """Per milestone, the first ``limit`` late congresses (the list page has them all)."""
    out = []
    for milestone in Milestone:
        late = [(r, o) for r in rows for o in r.late if o.milestone == milestone]
        if late:
            out.append(LateGroup(milestone, str(MILESTONE_LABELS[milestone]), len(late),
                                 late[:limit]))
    return out


# --- the timeline chart --------------------------------------------------------------

def _weeks(start: dt.date, end: dt.date) -> list[dt.date]:
    first = start - dt.timedelta(days=start.weekday())
    out = []
    while first <= end:
        out.append(first)
        first += dt.timedelta(days=7)
    return out


def timeline_svg(campaign: Campaign, rows: list[Row]) -> str:
    """Congresses per week (held in green, planned in grey), with the deadline marked."""
    dates = [(r.congress.held_on or r.congress.planned_date, r.congress.held_on is not None)
             for r in rows]
    known = [d for d, _held in dates if d is not None]
    marks = [d for d in (campaign.window_start, campaign.subordinate_deadline,
                         campaign.superior_congress_date) if d is not None]
    width, height, left, bottom, top = 760, 260, 40, 50, 20
    if not known:
        empty = escape(_("No congress date planned yet."))
        return (f'<svg xmlns="http://www.w3.org/2000/svg" width="{width}" height="60" '
                f'role="img"><text x="10" y="30" font-size="13">{empty}</text></svg>')
    weeks = _weeks(min(known + marks), max(known + marks))
    held = Counter(d - dt.timedelta(days=d.weekday()) for d, h in dates if d and h)
    planned = Counter(d - dt.timedelta(days=d.weekday()) for d, h in dates if d and not h)
    peak = max([held[w] + planned[w] for w in weeks] + [1])
    plot_w, plot_h = width - left - 10, height - top - bottom
    bar = plot_w / len(weeks)
    parts = [
        f'<svg xmlns="http://www.w3.org/2000/svg" width="{width}" height="{height}" '
        f'viewBox="0 0 {width} {height}" role="img" font-family="DejaVu Sans, sans-serif" '
        f'font-size="11">',
        "<title>" + escape(_("Congresses per week")) + "</title>",
        f'<line x1="{left}" y1="{top + plot_h}" x2="{width - 10}" y2="{top + plot_h}" '
        f'stroke="#555"/>',
        f'<text x="4" y="{top + 8}">{peak}</text><text x="4" y="{top + plot_h}">0</text>',
    ]

    def x_of(day: dt.date) -> float:
        return left + (day - weeks[0]).days / 7 * bar

    for i, week in enumerate(weeks):
        x = left + i * bar
        y = float(top + plot_h)
        for count, colour, label in ((held[week], "#1b6e3a", _("held")),
                                     (planned[week], "#9e9aa3", _("planned"))):
            if count:
                h = plot_h * count / peak
                y -= h
                parts.append(f'<rect x="{x + 1:.1f}" y="{y:.1f}" width="{max(bar - 2, 1):.1f}" '
                             f'height="{h:.1f}" fill="{colour}"><title>{week:%d/%m/%Y}: '
                             f'{count} {escape(label)}</title></rect>')
        if week.day <= 7:
            parts.append(f'<text x="{x:.1f}" y="{top + plot_h + 14}">{week:%m/%Y}</text>')
    for day, label, colour in (
        (campaign.subordinate_deadline, _("deadline"), "#b3261e"),
        (campaign.superior_congress_date, _("superior's congress"), "#0b57d0"),
    ):
        if day is not None:
            x = x_of(day)
            parts.append(f'<line x1="{x:.1f}" y1="{top}" x2="{x:.1f}" y2="{top + plot_h}" '
                         f'stroke="{colour}" stroke-dasharray="4 3"/>')
            parts.append(f'<text x="{x + 3:.1f}" y="{top + plot_h + 30}" fill="{colour}">'
                         f'{escape(label)} {day:%d/%m}</text>')
    held_label, planned_label = escape(_("held")), escape(_("planned"))
    parts.append(f'<rect x="{left}" y="{height - 14}" width="10" height="10" fill="#1b6e3a"/>'
                 f'<text x="{left + 14}" y="{height - 5}">{held_label}</text>'
                 f'<rect x="{left + 90}" y="{height - 14}" width="10" height="10" '
                 f'fill="#9e9aa3"/><text x="{left + 104}" y="{height - 5}">'
                 f'{planned_label}</text></svg>')
    return "".join(parts)


# --- the calendar --------------------------------------------------------------------

@dataclass
class Day:
    date: dt.date
    in_month: bool
    congresses: list[Congress]


def month_grid(rows: list[Row], year: int, month: int) -> list[list[Day]]:
    by_day: dict[dt.date, list[Congress]] = {}
    for r in rows:
        day = r.congress.held_on or r.congress.planned_date
        if day is not None and day.year == year and day.month == month:
            by_day.setdefault(day, []).append(r.congress)
    weeks = calendar.Calendar(firstweekday=0).monthdatescalendar(year, month)
    return [[Day(d, d.month == month, by_day.get(d, [])) for d in week] for week in weeks]


# --- the export ----------------------------------------------------------------------

def filter_note(filters: Mapping[str, str]) -> str:
    """The filters applied to a list, in words (the user's language), for the export's head."""
    parts = []
    if filters.get("kind") in CongressKind.values:
        parts.append(f"{pgettext('congress', 'Kind')}: {CongressKind(filters['kind']).label}")
    if filters.get("state") in CongressState.values:
        parts.append(f"{_('State')}: {CongressState(filters['state']).label}")
    if filters.get("late") in Milestone.__members__.values():
        parts.append(f"{_('Overdue')}: {MILESTONE_LABELS[Milestone(filters['late'])]}")
    if not parts:
        return _("Filter: none (every congress of the campaign).")
    return _("Filter: %(filters)s.") % {"filters": "; ".join(parts)}


def export_xlsx(campaign: Campaign, rows: list[Row], *, filters: Mapping[str, str] | None = None,
                today: dt.date | None = None) -> bytes:
    """One row per congress of ``rows``, under three lines saying which campaign, which filter
    (``filters`` as the list's query string gives them) and on which day lateness was judged,
    and a blank line."""
    wb = Workbook(write_only=True)
    ws = wb.create_sheet(_("Congresses")[:31])
    due = campaign.milestone_dates()
    title = WriteOnlyCell(ws, value=safe_text(f"{campaign.name} ({campaign.plan_number})"))
    title.font = Font(bold=True)
    ws.append([title])
    ws.append(safe_row([filter_note(filters or {})]))
    day = today or timezone.localdate()
    ws.append([_("Overdue as of %(date)s. Congresses listed: %(n)d.")
               % {"date": f"{day:%d/%m/%Y}", "n": len(rows)}])
    ws.append([])
    headers = [_("Organisation"), _("Code"), pgettext("congress", "Kind"), _("State"),
               _("Official members"), _("Planned date"), _("Held on"), _("Place")]
    due_word, overdue_word = _("due"), _("overdue")
    for milestone in Milestone:
        headers += [f"{MILESTONE_LABELS[milestone]}: {due_word}",
                    f"{MILESTONE_LABELS[milestone]}: {overdue_word}"]
    bold = Font(bold=True)
    header_cells = []
    for text in headers:
        cell = WriteOnlyCell(ws, value=safe_text(str(text)))
        cell.font = bold
        header_cells.append(cell)
    ws.append(header_cells)
    yes, no = _("yes"), ""
    for r in rows:
        c = r.congress
        line: list[object] = [c.organization.name, c.organization.code, c.get_kind_display(),
                              c.get_state_display(), c.official_members, c.planned_date,
                              c.held_on, c.place]
        late = r.late_milestones
        for milestone in Milestone:
            line += [due[milestone], yes if milestone in late else no]
        ws.append(safe_row(line))
    out = io.BytesIO()
    wb.save(out)
    return out.getvalue()
