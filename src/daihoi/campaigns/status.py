"""What the superior sees: each congress with its late milestones, the counts by state,
the timeline chart (SVG written by hand), the month calendar and the XLSX export, all as
the campaign stood on one day (``daihoi.campaigns.standing``).

Everything is computed from two queries (the campaign's congresses and their recorded
steps), so a page costs the same number of queries for 5 congresses or 2,000.
"""

from __future__ import annotations

import calendar
import datetime as dt
import io
from collections import Counter, defaultdict
from collections.abc import Mapping
from dataclasses import dataclass
from xml.sax.saxutils import escape

from django.contrib import messages
from django.http import HttpRequest
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
    Transition,
)
from daihoi.campaigns.standing import (
    ANY_MILESTONE,
    AsOf,
    Standing,
    Step,
    Tally,
    as_of,
    campaign_end,
    standing,
    tally,
)
from daihoi.campaigns.workflow import Milestone, Overdue, State
from daihoi.lib.cells import safe_row, safe_text

LATE_CHOICES = (*(m.value for m in Milestone), ANY_MILESTONE)


@dataclass
class Row:
    """One congress as it stood on the day the campaign is seen as of."""

    congress: Congress
    standing: Standing

    @property
    def late(self) -> tuple[Overdue, ...]:
        return self.standing.late

    @property
    def state(self) -> str:
        return self.standing.state.value

    @property
    def state_label(self) -> str:
        return str(CongressState(self.standing.state).label)

    @property
    def held_on(self) -> dt.date | None:
        return self.standing.held_on

    @property
    def late_milestones(self) -> frozenset[Milestone]:
        return self.standing.late_milestones

    @property
    def late_labelled(self) -> list[tuple[str, int]]:
        """Each late milestone's label (in the user's language) with its days late."""
        return [(str(MILESTONE_LABELS[o.milestone]), o.days_late) for o in self.late]


def campaign_as_of(campaign: Campaign, chosen: dt.date | None = None,
                   today: dt.date | None = None) -> AsOf:
    """The day to see ``campaign`` as of (``standing.as_of``): the chosen day, today for a
    running campaign, the final state judged at its end for a finished one."""
    end = campaign_end(campaign.superior_congress_date, campaign.results_due,
                       campaign.subordinate_deadline)
    return as_of(today=today or timezone.localdate(), end=end, chosen=chosen)


def as_of_from_query(request: HttpRequest, campaign: Campaign) -> AsOf:
    """The day a page shows the campaign as of: the query string's ``ngay`` (the date field
    of the dashboard, kept by every link), else ``campaign_as_of``'s default. A value that is
    no date is said so, never silently read."""
    raw = request.GET.get("ngay", "").strip()
    chosen = None
    if raw:
        try:
            chosen = dt.date.fromisoformat(raw)
        except ValueError:
            messages.error(request, _("“%(value)s” is not a date (day/month/year): the campaign "
                                      "is shown as of its default day.") % {"value": raw})
    return campaign_as_of(campaign, chosen)


def steps_of(campaign: Campaign) -> dict[int, list[Step]]:
    """Each congress's recorded steps, in the order they were recorded (a step recorded with
    an earlier ``at``, as the demo loader does, is still the later step): one query."""
    out: dict[int, list[Step]] = defaultdict(list)
    for congress_id, before, after, on in (
            Transition.objects.filter(congress__campaign=campaign).order_by("id")
            .values_list("congress_id", "from_state", "to_state", "on")):
        out[congress_id].append(Step(State(before), State(after), on))
    return out


def rows_as_of(campaign: Campaign, when: AsOf | dt.date) -> list[Row]:
    """Every congress of the campaign as it stood on ``when`` (a day, or an ``AsOf``: states
    on its day, lateness judged on its judging day): two queries."""
    day, judged = (when.day, when.judged) if isinstance(when, AsOf) else (when, when)
    due = campaign.milestone_dates()
    steps = steps_of(campaign)
    congresses = campaign.congresses.select_related("organization").order_by("organization__path")
    return [Row(c, standing(State(c.state), steps.get(c.pk, []), c.held_on, day, due, c.kind,
                            judged)) for c in congresses]


def filter_rows(rows: list[Row], *, kind: str = "", state: str = "", late: str = "") -> list[Row]:
    """The rows of the given kind, state (on the day) and overdue milestone (or any)."""
    out = rows
    if kind in CongressKind.values:
        out = [r for r in out if r.congress.kind == kind]
    if state in CongressState.values:
        out = [r for r in out if r.state == state]
    if late in LATE_CHOICES:
        out = [r for r in out if r.standing.matches_late(late)]
    return out


def summarize(campaign: Campaign, rows: list[Row], day: dt.date) -> Tally:
    return tally((r.standing for r in rows), campaign.subordinate_deadline, day)


def by_state(t: Tally) -> list[tuple[str, str, int]]:
    """(state, its label in the user's language, count) in the workflow's order."""
    return [(value, str(label), t.by_state.get(State(value), 0))
            for value, label in CongressState.choices]


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
    dates = [(r.held_on or r.congress.planned_date, r.held_on is not None) for r in rows]
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
    congresses: list[Row]


def month_grid(rows: list[Row], year: int, month: int) -> list[list[Day]]:
    """The month's weeks, each day with the congresses held (as of the day the campaign is
    seen as of) or planned on it."""
    by_day: dict[dt.date, list[Row]] = {}
    for r in rows:
        day = r.held_on or r.congress.planned_date
        if day is not None and day.year == year and day.month == month:
            by_day.setdefault(day, []).append(r)
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
    if filters.get("late") == ANY_MILESTONE:
        parts.append(_("Overdue: any milestone"))
    elif filters.get("late") in Milestone.__members__.values():
        parts.append(f"{_('Overdue')}: {MILESTONE_LABELS[Milestone(filters['late'])]}")
    if not parts:
        return _("Filter: none (every congress of the campaign).")
    return _("Filter: %(filters)s.") % {"filters": "; ".join(parts)}


def export_xlsx(campaign: Campaign, rows: list[Row], *, day: dt.date,
                filters: Mapping[str, str] | None = None) -> bytes:
    """One row per congress of ``rows`` (as it stood on ``day``), under three lines saying
    which campaign, which filter (``filters`` as the list's query string gives them) and the
    day the states and lateness are as of, and a blank line. States and kinds in words, in
    the user's language."""
    wb = Workbook(write_only=True)
    ws = wb.create_sheet(_("Congresses")[:31])
    due = campaign.milestone_dates()
    title = WriteOnlyCell(ws, value=safe_text(f"{campaign.name} ({campaign.plan_number})"))
    title.font = Font(bold=True)
    ws.append([title])
    ws.append(safe_row([filter_note(filters or {})]))
    ws.append([_("States and lateness as of %(date)s. Congresses listed: %(n)d.")
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
                              r.state_label, c.official_members, c.planned_date,
                              r.held_on, c.place]
        late = r.late_milestones
        for milestone in Milestone:
            line += [due[milestone], yes if milestone in late else no]
        ws.append(safe_row(line))
    out = io.BytesIO()
    wb.save(out)
    return out.getvalue()
