"""The organizer's view of an event's registrations: filters, search, sorting, paging and counts.

A page costs a constant number of queries whatever its size: one count, one page of rows (with
the city joined), one batch of answers (with their questions joined).
"""

from __future__ import annotations

import math
from dataclasses import dataclass, field

from sqlalchemy import exists, func, or_, select
from sqlalchemy.orm import joinedload, selectinload

from eventsys.db import db
from eventsys.events.models import City, Event
from eventsys.registration.models import (
    ERASED_DOMAIN,
    Answer,
    Question,
    QuestionKind,
    Registration,
    RegistrationCategory,
    RegistrationStatus,
)

PER_PAGE = 50
SORTS = {
    "created": (Registration.created_at, Registration.id),
    "-created": (Registration.created_at.desc(), Registration.id.desc()),
    "name": (Registration.last_name, Registration.first_name, Registration.id),
    "-name": (Registration.last_name.desc(), Registration.first_name.desc(), Registration.id.desc()),
    "country": (Registration.country_code, Registration.last_name, Registration.id),
    "status": (Registration.status, Registration.created_at, Registration.id),
    "organisation": (Registration.organisation, Registration.last_name, Registration.id),
}


# A delegate asked for their data to be deleted and an organizer has not erased it yet.
OPEN_DELETION_REQUEST = Registration.deletion_requested_at.is_not(None) & Registration.email.not_like(
    f"%@{ERASED_DOMAIN}"
)


def open_deletion_requests(event: Event) -> int:
    return db.session.scalar(
        select(func.count()).select_from(Registration).where(Registration.event_id == event.id, OPEN_DELETION_REQUEST)
    )


def deletion_requests_notice(event: Event):
    """The event hub's line about open deletion requests (none when there are none), leading to
    the registrations list filtered to them."""
    from flask_babel import ngettext

    count = open_deletion_requests(event)
    if not count:
        return None
    text = ngettext(
        "%(num)d delegate has asked for their personal data to be deleted.",
        "%(num)d delegates have asked for their personal data to be deleted.",
        count,
    )
    return text, "registration.organizer_list", {"deletion": "requested"}


@dataclass
class RegistrationFilter:
    status: RegistrationStatus | None = None
    category: RegistrationCategory | None = None
    country: str = ""
    city: str = ""
    search: str = ""
    answers: dict[int, str] = field(default_factory=dict)
    deletion_requested: bool = False  # only delegates who asked for deletion and are not erased yet
    sort: str = "-created"
    page: int = 1

    @classmethod
    def from_args(cls, args, questions: list[Question]) -> RegistrationFilter:
        def enum_or_none(enum_cls, value):
            try:
                return enum_cls(value) if value else None
            except ValueError:
                return None

        try:
            page = max(1, int(args.get("page", 1)))
        except ValueError:
            page = 1
        answers = {
            q.id: args.get(f"a_{q.key}", "").strip()[:200] for q in questions if args.get(f"a_{q.key}", "").strip()
        }
        sort = args.get("sort", "-created")
        return cls(
            status=enum_or_none(RegistrationStatus, args.get("status")),
            category=enum_or_none(RegistrationCategory, args.get("category")),
            country=args.get("country", "").strip().upper()[:2],
            city=args.get("city", "").strip()[:60],
            search=args.get("q", "").strip()[:100],
            answers=answers,
            deletion_requested=args.get("deletion") == "requested",
            sort=sort if sort in SORTS else "-created",
            page=page,
        )

    def args(self, questions: list[Question], **changes) -> dict:
        """The query-string arguments that reproduce this filter (for links and exports)."""
        values = {
            "status": self.status.value if self.status else "",
            "category": self.category.value if self.category else "",
            "country": self.country,
            "city": self.city,
            "q": self.search,
            "deletion": "requested" if self.deletion_requested else "",
            "sort": self.sort,
            "page": self.page,
        }
        keys = {q.id: q.key for q in questions}
        values.update({f"a_{keys[qid]}": value for qid, value in self.answers.items() if qid in keys})
        values.update(changes)
        return {k: v for k, v in values.items() if v not in ("", None) and not (k == "page" and v == 1)}

    @property
    def active(self) -> bool:
        return bool(
            self.status
            or self.category
            or self.country
            or self.city
            or self.search
            or self.answers
            or self.deletion_requested
        )

    def apply(self, stmt, questions: list[Question]):
        if self.status:
            stmt = stmt.where(Registration.status == self.status)
        if self.category:
            stmt = stmt.where(Registration.category == self.category)
        if self.country:
            stmt = stmt.where(Registration.country_code == self.country)
        if self.deletion_requested:
            stmt = stmt.where(OPEN_DELETION_REQUEST)
        if self.city:
            stmt = stmt.where(Registration.city_id == select(City.id).where(City.slug == self.city).scalar_subquery())
        if self.search:
            like = f"%{self.search.lower()}%"
            stmt = stmt.where(
                or_(
                    *(
                        func.lower(col).like(like)
                        for col in (
                            Registration.first_name,
                            Registration.last_name,
                            Registration.local_name,
                            Registration.email,
                            Registration.organisation,
                        )
                    )
                )
            )
        kinds = {q.id: q.kind for q in questions}
        for question_id, value in self.answers.items():
            match = (
                func.lower(Answer.value).like(f"%{value.lower()}%")
                if kinds.get(question_id) == QuestionKind.TEXT
                else Answer.value == value
            )
            stmt = stmt.where(
                exists().where(Answer.registration_id == Registration.id, Answer.question_id == question_id, match)
            )
        return stmt


@dataclass
class Page:
    items: list[Registration]
    total: int
    page: int
    per_page: int

    @property
    def pages(self) -> int:
        return max(1, math.ceil(self.total / self.per_page))


def _rows(event: Event, filt: RegistrationFilter, questions: list[Question]):
    stmt = filt.apply(select(Registration).where(Registration.event_id == event.id), questions)
    return stmt.options(joinedload(Registration.city), selectinload(Registration.answers).joinedload(Answer.question))


def list_page(event: Event, filt: RegistrationFilter, questions: list[Question], per_page: int = PER_PAGE) -> Page:
    count_stmt = filt.apply(
        select(func.count()).select_from(Registration).where(Registration.event_id == event.id), questions
    )
    total = db.session.scalar(count_stmt)
    page = min(filt.page, max(1, math.ceil(total / per_page)))
    stmt = _rows(event, filt, questions).order_by(*SORTS[filt.sort]).limit(per_page).offset((page - 1) * per_page)
    return Page(items=db.session.scalars(stmt).unique().all(), total=total, page=page, per_page=per_page)


def all_rows(event: Event, filt: RegistrationFilter, questions: list[Question]) -> list[Registration]:
    """Every row the filter shows, in its order (exports)."""
    return db.session.scalars(_rows(event, filt, questions).order_by(*SORTS[filt.sort])).unique().all()


@dataclass
class Counts:
    by_status: dict[str, int]
    by_country: list[tuple[str, int]]
    by_city: list[tuple[str, str, int]]  # (slug, name, count)
    total: int
    by_country_status: dict[tuple[str, str], int] = field(default_factory=dict)


def counts(event: Event) -> Counts:
    """Counts by state, country (and country x state, for the chart) and city: two queries."""
    from eventsys.i18n import pick

    base = Registration.event_id == event.id
    pairs = db.session.execute(
        select(Registration.country_code, Registration.status, func.count())
        .where(base)
        .group_by(Registration.country_code, Registration.status)
    ).all()
    city_rows = db.session.execute(
        select(City.slug, City.name_en, City.name_th, func.count())
        .join(Registration, Registration.city_id == City.id)
        .where(base)
        .group_by(City.slug, City.name_en, City.name_th)
        .order_by(func.count().desc(), City.slug)
    ).all()
    by_status = {s.value: 0 for s in RegistrationStatus}
    by_country: dict[str, int] = {}
    by_country_status: dict[tuple[str, str], int] = {}
    for country, status, n in pairs:
        by_status[status.value] += n
        by_country[country] = by_country.get(country, 0) + n
        by_country_status[(country, status.value)] = n
    return Counts(
        by_status=by_status,
        by_country=sorted(by_country.items(), key=lambda item: (-item[1], item[0])),
        by_city=[(slug, pick(en, th), n) for slug, en, th, n in city_rows],
        total=sum(by_status.values()),
        by_country_status=by_country_status,
    )


STATUS_COLOURS = {
    "confirmed": "#198754",
    "pending": "#ffc107",
    "waitlisted": "#0dcaf0",
    "rejected": "#dc3545",
    "withdrawn": "#6c757d",
}


def chart_data(counts: Counts, limit: int = 12) -> dict:
    """Chart.js data: the `limit` largest countries, one stacked bar per state."""
    from eventsys.i18n import country_name
    from eventsys.registration.choices import status_label

    top = [code for code, _n in counts.by_country[:limit]]
    return {
        "labels": [country_name(code) for code in top],
        "datasets": [
            {
                "label": status_label(status),
                "backgroundColor": STATUS_COLOURS[status.value],
                "data": [counts.by_country_status.get((code, status.value), 0) for code in top],
            }
            for status in RegistrationStatus
        ],
    }


def matching_rows(event: Event, filt: RegistrationFilter, questions: list[Question]) -> list[Registration]:
    """Every registration the filter matches now, first come first served: what a decision on
    "all matching this filter" applies to (read at submit, inside the event lock, not the ids the
    page showed)."""
    stmt = filt.apply(select(Registration).where(Registration.event_id == event.id), questions)
    return db.session.scalars(stmt.order_by(Registration.created_at, Registration.id)).all()
