"""Small builders for the campaign tests: real DOCX and PDF bytes, a campaign."""

from __future__ import annotations

import datetime as dt
import io
from typing import Any

import docx

from daihoi.campaigns import actions
from daihoi.campaigns.models import Campaign
from daihoi.orgs.models import Organization


def docx_bytes(text: str) -> bytes:
    document = docx.Document()
    document.add_paragraph(text)
    out = io.BytesIO()
    document.save(out)
    return out.getvalue()


PDF = b"%PDF-1.4\n1 0 obj<<>>endobj\ntrailer<<>>\n%%EOF\n"


def make_campaign(superior: Organization, **values: Any) -> Campaign:
    defaults: dict[str, Any] = {
        "name": "Đợt đại hội nhiệm kỳ 2010–2015", "term_start": 2010, "term_end": 2015,
        "plan_number": "12-KH/TU", "plan_date": dt.date(2009, 10, 30),
        "directives": "Chỉ thị 37-CT/TW", "subordinate_deadline": dt.date(2010, 6, 30),
        "superior_congress_date": dt.date(2010, 8, 10), "documents_due": dt.date(2010, 2, 28),
        "comments_due": dt.date(2010, 3, 15), "personnel_plan_due": dt.date(2010, 3, 31),
        "window_start": dt.date(2010, 4, 1), "window_end": dt.date(2010, 6, 30),
        "results_due": dt.date(2010, 7, 10),
    }
    defaults.update(values)
    return actions.do_create_campaign(acting_user=None, superior=superior, **defaults)
