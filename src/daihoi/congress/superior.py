"""The link to the campaigns app: the approved personnel plan in, the results up.

The campaigns app owns the campaign's ``Congress`` and its states; this module only reads its
personnel plan and calls its actions (``do_mark_congress_held``, ``do_report_results``).
"""

from __future__ import annotations

from typing import Any

from django.utils.translation import gettext as _

from daihoi.congress.models import CongressDay, ElectionStatus

# Plan positions whose names stand for election to the committee at the congress.
COMMITTEE_POSITIONS = ("committee", "standing", "secretary", "deputy")


def campaign_congress(congress: CongressDay) -> Any | None:
    try:
        from daihoi.campaigns.models import Congress
    except ImportError:  # the campaigns app is optional for a stand-alone hall laptop
        return None
    if congress.campaign_congress_id:
        return Congress.objects.filter(pk=congress.campaign_congress_id).first()
    return (Congress.objects.filter(organization=congress.organization)
            .order_by("-campaign__term_start", "-pk").first())


def plan_names(congress: CongressDay) -> list[str]:
    """Committee names of the approved personnel plan, or [] when there is none."""
    camp = campaign_congress(congress)
    plan = getattr(camp, "personnel_plan", None) if camp is not None else None
    if plan is None or plan.approved_at is None:
        return []
    names: list[str] = []
    for entry in plan.entries.filter(position__in=COMMITTEE_POSITIONS).select_related("member"):
        if entry.member.full_name not in names:
            names.append(entry.member.full_name)
    return names


def report_missing(congress: CongressDay) -> list[str]:
    """What is missing before the congress can report its results upward, in words; [] when
    nothing is (or when it has reported already)."""
    if congress.reported_at is not None:
        return []
    missing: list[str] = []
    elections = list(congress.elections.all())
    if not elections:
        missing.append(_("No election has been created yet."))
    for election in elections:
        if election.status != ElectionStatus.CERTIFIED:
            missing.append(_("The result of “%(title)s” is not certified yet (%(status)s).")
                           % {"title": election.title,
                              "status": election.get_status_display()})
    camp = campaign_congress(congress)
    if camp is not None and camp.state in ("preparing", "documents_submitted",
                                           "comments_given"):
        missing.append(_("The superior has not approved the personnel plan yet."))
    return missing


def report(congress: CongressDay, *, acting_user: Any) -> None:
    """Move the campaign's congress to held, then results reported (inside the caller's
    transaction); nothing to do without a campaign."""
    camp = campaign_congress(congress)
    if camp is None:
        return
    from daihoi.campaigns.actions import WorkflowError, do_mark_congress_held, do_report_results
    from daihoi.congress.actions import CongressError

    if camp.state in ("preparing", "documents_submitted", "comments_given"):
        raise CongressError(
            "Cấp trên chưa phê duyệt phương án nhân sự của đại hội này, nên chưa thể báo cáo "
            "kết quả lên cấp trên. Kết quả đã xác nhận vẫn được giữ nguyên.")
    try:
        if camp.state == "personnel_plan_approved":
            do_mark_congress_held(camp, acting_user=acting_user, held_on=congress.held_on)
            camp.refresh_from_db()
        if camp.state == "held":
            do_report_results(camp, acting_user=acting_user)
    except WorkflowError as exc:
        raise CongressError(str(exc)) from None
