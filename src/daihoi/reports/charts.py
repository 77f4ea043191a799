"""The report's charts, drawn server-side with matplotlib (Agg): SVG for the page, PNG for the
DOCX and PDF. Labels are Vietnamese (the report is an official document) in the bundled
DejaVu Sans, which has every Vietnamese letter."""

from __future__ import annotations

import datetime as dt
import io
from typing import Any

import matplotlib

# A bare Figure (never pyplot): no global state, safe in threads; savefig picks the Agg
# canvas for PNG and the SVG canvas for SVG.
from matplotlib.figure import Figure as MplFigure

from daihoi.reports.prose import FIGURE_WORDS
from daihoi.reports.rollup import Rollup

FONT: Any = {"font.family": "DejaVu Sans", "font.size": 9, "svg.fonttype": "path",
        "svg.hashsalt": "daihoi"}
GREEN, GREY, RED, BLUE = "#1b6e3a", "#9e9aa3", "#b3261e", "#0b57d0"


def _save(fig: MplFigure, fmt: str) -> bytes:
    out = io.BytesIO()
    with matplotlib.rc_context(FONT):
        fig.savefig(out, format=fmt, dpi=150 if fmt == "png" else 72, bbox_inches="tight",
                    metadata={"Date": None} if fmt == "svg" else None)
    return out.getvalue()


def progress_chart(r: Rollup, fmt: str = "svg") -> bytes:
    """Congresses held, cumulated by date, against the deadline and the total."""
    with matplotlib.rc_context(FONT):
        fig = MplFigure(figsize=(7.5, 3.2))
        ax = fig.add_subplot()
        deadline = r.campaign.deadline
        days = [d for d, _n in r.progress]
        start = min([*days, deadline - dt.timedelta(days=30)]) - dt.timedelta(days=1)
        end = max([*days, deadline]) + dt.timedelta(days=3)

        def x(day: dt.date) -> float:
            return float((day - start).days)

        if r.progress:
            counts = [n for _d, n in r.progress]
            ax.step([0.0, *map(x, days)], [0, *counts], where="post", color=GREEN,
                    linewidth=2, label="Số đại hội đã tổ chức (cộng dồn)")
        ax.axhline(r.organizations, color=GREY, linestyle="--", linewidth=1,
                   label=f"Tổng số: {r.organizations}")
        ax.axvline(x(deadline), color=RED, linestyle="--", linewidth=1.2,
                   label=f"Thời hạn {deadline.day}/{deadline.month}/{deadline.year}")
        ax.set_xlim(0.0, x(end))
        span = (end - start).days
        step = max(1, span // 8)
        ticks = [start + dt.timedelta(days=i) for i in range(0, span + 1, step)]
        ax.set_xticks([x(t) for t in ticks], [f"{t.day}/{t.month}" for t in ticks])
        ax.set_ylim(0, max(r.organizations, 1) * 1.08)
        ax.set_ylabel("Số đại hội")
        ax.set_title("Tiến độ đại hội các tổ chức cơ sở đảng")
        ax.legend(loc="upper left", fontsize=8, frameon=False)
        ax.grid(axis="y", alpha=0.3)
        return _save(fig, fmt)


def composition_chart(r: Rollup, fmt: str = "svg") -> bytes:
    """The new committees' structure (percent) beside the campaign's targets."""
    with matplotlib.rc_context(FONT):
        fig = MplFigure(figsize=(7.5, 3.2))
        ax = fig.add_subplot()
        figures = [f for f in r.figures if f.target is not None]
        labels = [FIGURE_WORDS[f.key] for f in figures]
        xs = list(range(len(figures)))
        actual = [float(f.percent) for f in figures]
        target = [float(f.target or 0) for f in figures]
        bars = ax.bar([x - 0.2 for x in xs], actual, width=0.4, color=GREEN, label="Kết quả")
        ax.bar([x + 0.2 for x in xs], target, width=0.4, color=GREY, label="Chỉ tiêu")
        for bar, f in zip(bars, figures, strict=True):
            ax.annotate(f"{f.percent}".replace(".", ",") + "%",
                        (bar.get_x() + bar.get_width() / 2, bar.get_height()),
                        ha="center", va="bottom", fontsize=8)
        ax.set_xticks(xs, labels)
        ax.set_ylabel("%")
        ax.set_ylim(0, max([*actual, *target, 10.0]) * 1.2)
        ax.set_title(f"Cơ cấu cấp ủy khóa mới ({r.committee_members} người) so với chỉ tiêu")
        ax.legend(loc="upper right", fontsize=8, frameon=False)
        ax.grid(axis="y", alpha=0.3)
        return _save(fig, fmt)
