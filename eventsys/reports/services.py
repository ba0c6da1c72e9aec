"""What the reports area does: editors compile approved outcomes and recommendations into a summit
report, order them, add connecting text, publish; readers get it as a page, JSON or PDF."""

from __future__ import annotations

import datetime as dt
import re
from dataclasses import dataclass

from flask_babel import gettext as _
from sqlalchemy import select
from sqlalchemy.orm import selectinload

from eventsys.agenda.models import AgendaSession
from eventsys.audit.services import record
from eventsys.db import db, utcnow
from eventsys.outcomes.content import find_item
from eventsys.outcomes.models import Outcome
from eventsys.reports.models import ReportItem, ReportSection, SummitReport
from eventsys.reports.permissions import can_create, can_edit, can_publish, can_view

SLUG = re.compile(r"^[a-z0-9]+(?:-[a-z0-9]+)*$")


class ReportError(Exception):
    status = 400


class ReportNotFound(ReportError):
    status = 404


class NotAllowed(ReportError):
    status = 403


def _loaded():
    return select(SummitReport).options(
        selectinload(SummitReport.sections)
        .selectinload(ReportSection.items)
        .options(
            selectinload(ReportItem.cited_version),
            selectinload(ReportItem.outcome).options(
                selectinload(Outcome.approved_version), selectinload(Outcome.session).selectinload(AgendaSession.event)
            ),
        )
    )


def get_report(slug: str, user=None) -> SummitReport:
    """A report by slug: published ones for everyone, drafts for their editor and admins."""
    report = db.session.scalar(_loaded().where(SummitReport.slug == slug))
    if report is None or not can_view(user, report):
        raise ReportNotFound(_("No report with that address."))
    return report


def list_reports(user=None) -> list[SummitReport]:
    reports = db.session.scalars(select(SummitReport).order_by(SummitReport.target_date.desc(), SummitReport.id)).all()
    return [r for r in reports if can_view(user, r)]


def reports_citing(session_id: int) -> list[SummitReport]:
    """Published reports that cite this session's outcomes (whole or one recommendation)."""
    stmt = (
        select(SummitReport)
        .join(ReportSection)
        .join(ReportItem)
        .join(Outcome)
        .where(Outcome.session_id == session_id, SummitReport.is_published.is_(True))
        .distinct()
        .order_by(SummitReport.title_en)
    )
    return list(db.session.scalars(stmt))


def create_report(
    user,
    *,
    slug: str,
    title_en: str,
    title_th: str = "",
    target_en: str = "",
    target_th: str = "",
    target_date: dt.date | None = None,
    introduction_en: str = "",
    introduction_th: str = "",
    series_id: int | None = None,
) -> SummitReport:
    if not can_create(user):
        raise NotAllowed(_("Only organizers and admins can start a summit report."))
    slug = (slug or "").strip().lower()
    if not SLUG.match(slug):
        raise ReportError(_("Use lower-case letters, digits and hyphens for the address."))
    if db.session.scalar(select(SummitReport.id).where(SummitReport.slug == slug)):
        raise ReportError(_("A report with that address already exists."))
    if not (title_en or "").strip():
        raise ReportError(_("The report needs an English title."))
    report = SummitReport(
        slug=slug,
        title_en=title_en.strip(),
        title_th=(title_th or "").strip(),
        target_en=target_en or "",
        target_th=target_th or "",
        target_date=target_date,
        introduction_en=introduction_en or "",
        introduction_th=introduction_th or "",
        editor_id=user.id,
        series_id=series_id,
    )
    db.session.add(report)
    db.session.commit()
    return report


def _editable(user, report: SummitReport) -> None:
    if not can_edit(user, report):
        raise NotAllowed(_("Only the report's editor can change it."))


def update_report(user, report: SummitReport, **fields) -> SummitReport:
    _editable(user, report)
    if not (fields.get("title_en") or report.title_en).strip():
        raise ReportError(_("The report needs an English title."))
    for key in ("title_en", "title_th", "target_en", "target_th", "target_date", "introduction_en", "introduction_th"):
        if key in fields:
            setattr(report, key, fields[key] if fields[key] is not None or key == "target_date" else "")
    db.session.commit()
    return report


def set_published(user, report: SummitReport, published: bool) -> SummitReport:
    if not can_publish(user, report):
        raise NotAllowed(_("Only the report's editor can change it."))
    report.is_published = published
    report.published_at = utcnow() if published else None
    record(
        "report.publish" if published else "report.unpublish",
        actor=user,
        target_type="report",
        targets=[report.id],
        report=report.slug,
    )
    db.session.commit()
    return report


def add_section(
    user, report: SummitReport, title_en: str, title_th: str = "", text_en: str = "", text_th: str = ""
) -> ReportSection:
    _editable(user, report)
    if not (title_en or "").strip():
        raise ReportError(_("A section needs an English title."))
    section = ReportSection(
        title_en=title_en.strip(),
        title_th=title_th or "",
        text_en=text_en or "",
        text_th=text_th or "",
        position=len(report.sections),
    )
    report.sections.append(section)
    db.session.commit()
    return section


def update_section(user, section: ReportSection, **fields) -> ReportSection:
    _editable(user, section.report)
    if "title_en" in fields and not (fields["title_en"] or "").strip():
        raise ReportError(_("A section needs an English title."))
    for key, value in fields.items():
        setattr(section, key, value or "")
    db.session.commit()
    return section


def _swap(rows: list, row, offset: int) -> None:
    index = rows.index(row)
    other = index + offset
    if 0 <= other < len(rows):
        rows[index], rows[other] = rows[other], rows[index]
    for position, each in enumerate(rows):
        each.position = position


def move_section(user, section: ReportSection, offset: int) -> None:
    _editable(user, section.report)
    _swap(list(section.report.sections), section, offset)
    db.session.commit()


def delete_section(user, section: ReportSection) -> None:
    report = section.report
    _editable(user, report)
    report.sections.remove(section)
    for position, each in enumerate(report.sections):
        each.position = position
    db.session.commit()


def cite(
    user,
    section: ReportSection,
    outcome_id: int,
    recommendation_id: str | None = None,
    connecting_en: str = "",
    connecting_th: str = "",
) -> ReportItem:
    """Add an approved outcome, or one of its recommendations, to a section; the citation keeps
    the approved version it quotes."""
    _editable(user, section.report)
    outcome = db.session.get(Outcome, outcome_id)
    if outcome is None or outcome.approved_version is None:
        raise ReportError(_("Only approved outcomes can be cited."))
    if recommendation_id and find_item(outcome.approved_version.content, recommendation_id) is None:
        raise ReportError(_("That recommendation is not in the approved outcomes."))
    item = ReportItem(
        outcome_id=outcome.id,
        recommendation_id=recommendation_id or None,
        cited_version_id=outcome.approved_version_id,
        connecting_en=connecting_en or "",
        connecting_th=connecting_th or "",
        position=len(section.items),
    )
    section.items.append(item)
    db.session.commit()
    return item


def update_item(user, item: ReportItem, connecting_en: str, connecting_th: str) -> ReportItem:
    _editable(user, item.section.report)
    item.connecting_en, item.connecting_th = connecting_en or "", connecting_th or ""
    db.session.commit()
    return item


def move_item(user, item: ReportItem, offset: int) -> None:
    _editable(user, item.section.report)
    _swap(list(item.section.items), item, offset)
    db.session.commit()


def remove_item(user, item: ReportItem) -> None:
    section = item.section
    _editable(user, section.report)
    section.items.remove(item)
    for position, each in enumerate(section.items):
        each.position = position
    db.session.commit()


def update_citation(user, item: ReportItem) -> ReportItem:
    """Cite the outcome's latest approved version instead of the one cited before."""
    _editable(user, item.section.report)
    approved = item.outcome.approved_version
    if item.recommendation_id and find_item(approved.content, item.recommendation_id) is None:
        raise ReportError(
            _("The recommendation was removed in the new version; remove it from the report or cite another one.")
        )
    item.cited_version_id = approved.id
    db.session.commit()
    return item


# --- reading a report ----------------------------------------------------------------------------


@dataclass
class CitedItem:
    """What a report shows for one item: the cited text, where it came from, and whether it is stale."""

    item: ReportItem
    cited: dict  # a recommendation, or a whole outcome's content
    current: dict | None  # the same part in the latest approved version
    number: int  # the footnote number, counted through the report

    @property
    def session(self) -> AgendaSession:
        return self.item.outcome.session

    @property
    def event(self):
        return self.session.event

    @property
    def is_recommendation(self) -> bool:
        return self.item.recommendation_id is not None

    @property
    def is_out_of_date(self) -> bool:
        return self.item.cited_version_id != self.item.outcome.approved_version_id and self.current != self.cited

    @property
    def cited_version_number(self) -> int:
        return self.item.cited_version.number

    @property
    def current_version_number(self) -> int:
        return self.item.outcome.approved_version.number


def _part(content: dict, recommendation_id: str | None) -> dict | None:
    return find_item(content, recommendation_id) if recommendation_id else content


def cited_items(report: SummitReport) -> list[tuple[ReportSection, list[CitedItem]]]:
    number = 0
    sections = []
    for section in report.sections:
        rows = []
        for item in section.items:
            number += 1
            rows.append(
                CitedItem(
                    item,
                    _part(item.cited_version.content, item.recommendation_id) or {},
                    _part(item.outcome.approved_version.content, item.recommendation_id),
                    number,
                )
            )
        sections.append((section, rows))
    return sections


def citable_outcomes(report: SummitReport) -> list[Outcome]:
    """Approved outcomes an editor may pull in: any event of the report's series (or all events)."""
    from eventsys.events.models import Event

    stmt = (
        select(Outcome)
        .where(Outcome.approved_version_id.is_not(None))
        .join(AgendaSession, AgendaSession.id == Outcome.session_id)
        .join(Event)
        .options(
            selectinload(Outcome.approved_version), selectinload(Outcome.session).selectinload(AgendaSession.event)
        )
        .order_by(Event.start_date, AgendaSession.starts_at)
    )
    if report.series_id is not None:
        stmt = stmt.where(Event.series_id == report.series_id)
    return list(db.session.scalars(stmt))


def report_as_json(report: SummitReport) -> dict:
    def text(en, th):
        return {"en": en or None, "th": th or None}

    sections = []
    for position, (section, rows) in enumerate(cited_items(report), start=1):
        items = []
        for row in rows:
            entry = {
                "position": row.item.position + 1,
                "kind": "recommendation" if row.is_recommendation else "outcome",
                "recommendation_id": row.item.recommendation_id,
                "outcome_id": row.item.outcome_id,
                "session_id": row.session.id,
                "event_id": row.event.id,
                "event_slug": row.event.slug,
                "session_title": text(row.session.title_en, row.session.title_th),
                "connecting_text": text(row.item.connecting_en, row.item.connecting_th),
                "cited_version": row.cited_version_number,
                "current_version": row.current_version_number,
                "out_of_date": row.is_out_of_date,
            }
            if row.is_recommendation:
                entry["text"] = text(row.cited.get("text_en"), row.cited.get("text_th"))
            else:
                entry["summary"] = text(row.cited.get("summary_en"), row.cited.get("summary_th"))
                entry["recommendations"] = [
                    {"id": r["id"], "text": text(r["text_en"], r["text_th"])}
                    for r in row.cited.get("recommendations", [])
                ]
            items.append(entry)
        sections.append(
            {
                "number": position,
                "title": text(section.title_en, section.title_th),
                "text": text(section.text_en, section.text_th),
                "items": items,
            }
        )
    return {
        "slug": report.slug,
        "title": text(report.title_en, report.title_th),
        "target": {
            "name": text(report.target_en, report.target_th),
            "date": report.target_date.isoformat() if report.target_date else None,
        },
        "editor": (report.editor.name or report.editor.email) if report.editor else None,
        "introduction": text(report.introduction_en, report.introduction_th),
        "published": report.is_published,
        "published_at": report.published_at.isoformat() if report.published_at else None,
        "sections": sections,
    }
