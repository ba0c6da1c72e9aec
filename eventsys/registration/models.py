"""Delegates' registrations: who, for which event, in which state, and every change of state."""

from __future__ import annotations

import datetime as dt
import enum
import json
from dataclasses import asdict, dataclass

from sqlalchemy import JSON, Boolean, ForeignKey, Index, Integer, String, Text, UniqueConstraint, false
from sqlalchemy.orm import Mapped, backref, mapped_column, relationship

from eventsys.crypto import decrypt_text, encrypt_text
from eventsys.db import UTCDateTime, db, enum_column, utcnow
from eventsys.events.models import City, Event
from eventsys.i18n import bilingual, pick

# Erased registrations keep a unique, undeliverable address in this reserved domain (RFC 2606);
# so do the other rows an erasure or the retention run anonymises (invitations, exhibitor contacts).
ERASED_DOMAIN = "erased.invalid"


def is_erased_address(address: str) -> bool:
    return address.endswith("@" + ERASED_DOMAIN)


def full_name_of(first_name: str, last_name: str) -> str:
    """How a delegate's name reads: "Somchai Jaidee" (a part left empty leaves no space)."""
    return f"{first_name} {last_name}".strip()


def not_erased(column):
    """SQL: the address in `column` is not one an erasure left (is_erased_address, in the database)."""
    return ~column.endswith("@" + ERASED_DOMAIN)


class RegistrationCategory(str, enum.Enum):
    CITY_REPRESENTATIVE = "city_representative"
    NATIONAL_FOCAL_POINT = "national_focal_point"
    EXTERNAL_PARTNER = "external_partner"
    PRIVATE_SECTOR = "private_sector"
    MEDIA = "media"
    OBSERVER = "observer"
    SPEAKER = "speaker"
    STAFF = "staff"
    EXHIBITOR = "exhibitor"  # an exhibitor's booth staff (eventsys/exhibitors links them to it)


class RegistrationStatus(str, enum.Enum):
    PENDING = "pending"
    CONFIRMED = "confirmed"
    WAITLISTED = "waitlisted"
    REJECTED = "rejected"
    WITHDRAWN = "withdrawn"


class Registration(db.Model):
    __tablename__ = "registrations"
    __table_args__ = (
        # One registration per e-mail per event; `email` is stored lower-cased.
        UniqueConstraint("event_id", "email"),
        Index("ix_registrations_event_status", "event_id", "status"),
        # The organizer list filters and sorts on these within one event (5,000+ rows stay fast).
        Index("ix_registrations_event_created", "event_id", "created_at"),
        Index("ix_registrations_event_last_name", "event_id", "last_name"),
        Index("ix_registrations_event_country", "event_id", "country_code"),
        Index("ix_registrations_event_city", "event_id", "city_id"),
        Index("ix_registrations_event_category", "event_id", "category"),
    )

    id: Mapped[int] = mapped_column(primary_key=True)
    event_id: Mapped[int] = mapped_column(ForeignKey("events.id", ondelete="CASCADE"))
    first_name: Mapped[str] = mapped_column(String(100))
    last_name: Mapped[str] = mapped_column(String(100))
    local_name: Mapped[str] = mapped_column(String(200), default="")  # e.g. the name in Thai script
    email: Mapped[str] = mapped_column(String(254))
    organisation: Mapped[str] = mapped_column(String(200), default="")
    position: Mapped[str] = mapped_column(String(200), default="")
    country_code: Mapped[str] = mapped_column(String(2))
    city_id: Mapped[int | None] = mapped_column(ForeignKey("cities.id"))
    category: Mapped[RegistrationCategory] = mapped_column(enum_column(RegistrationCategory, 32))
    dietary: Mapped[str] = mapped_column(String(500), default="")
    accessibility: Mapped[str] = mapped_column(String(500), default="")
    language: Mapped[str] = mapped_column(String(5), default="en")  # the delegate's mail language
    status: Mapped[RegistrationStatus] = mapped_column(enum_column(RegistrationStatus))
    consent_at: Mapped[dt.datetime] = mapped_column(UTCDateTime)  # PDPA consent to processing
    # The delegate's explicit opt-in to the published participant list and the proceedings (the
    # form's unticked box, the API's `listed`); nobody is listed without it.
    listed_as_participant: Mapped[bool] = mapped_column(Boolean, default=False, server_default=false())
    user_id: Mapped[int | None] = mapped_column(ForeignKey("users.id", ondelete="SET NULL"), index=True)
    manage_key_version: Mapped[int] = mapped_column(Integer, default=1)  # bump to void manage links
    deletion_requested_at: Mapped[dt.datetime | None] = mapped_column(UTCDateTime)
    # Set: no more organizers' announcements (mail to many); mails about the registration still go.
    announcements_opt_out_at: Mapped[dt.datetime | None] = mapped_column(UTCDateTime)
    created_at: Mapped[dt.datetime] = mapped_column(UTCDateTime, default=utcnow)
    updated_at: Mapped[dt.datetime] = mapped_column(UTCDateTime, default=utcnow, onupdate=utcnow)

    event: Mapped[Event] = relationship()
    city: Mapped[City | None] = relationship()
    changes: Mapped[list[RegistrationChange]] = relationship(
        back_populates="registration", order_by="RegistrationChange.id", cascade="all, delete-orphan"
    )
    answers: Mapped[list[Answer]] = relationship(back_populates="registration", cascade="all, delete-orphan")

    @property
    def is_erased(self) -> bool:
        """Its personal data was erased on the delegate's request (see registration/erasure.py)."""
        return is_erased_address(self.email)

    @property
    def full_name(self) -> str:
        return full_name_of(self.first_name, self.last_name)

    @property
    def answer_map(self) -> dict[int, Answer]:
        return {a.question_id: a for a in self.answers}


# Reasons the system writes into RegistrationChange.reason (organizers type their own); the
# history shows them in the reader's language (registration.choices.SYSTEM_REASONS).
REASON_INVITATION = "invitation"
REASON_REGISTERED_AGAIN = "registered again"
REASON_SEAT_FREED = "a seat became free"
REASON_ERASED = "Personal data erased at the delegate's request"
REASON_RETENTION = "Personal data erased: the event's retention period ended"
REASON_ADDED_BY_ORGANIZER = "added by an organizer"  # consent given on the delegate's behalf
REASON_IMPORTED = "imported from a file"  # consent given on the delegates' behalf
REASON_UNDONE = "bulk decision undone"  # an organizer undid a bulk decision within its minute


class RegistrationChange(db.Model):
    """The audit trail: who changed a registration's state, when, from what, to what, and why."""

    __tablename__ = "registration_changes"

    id: Mapped[int] = mapped_column(primary_key=True)
    registration_id: Mapped[int] = mapped_column(ForeignKey("registrations.id", ondelete="CASCADE"), index=True)
    at: Mapped[dt.datetime] = mapped_column(UTCDateTime, default=utcnow)
    actor_user_id: Mapped[int | None] = mapped_column(ForeignKey("users.id", ondelete="SET NULL"))
    actor: Mapped[str] = mapped_column(String(60), default="")  # "delegate", "system", "api", an e-mail
    from_status: Mapped[RegistrationStatus | None] = mapped_column(enum_column(RegistrationStatus))
    to_status: Mapped[RegistrationStatus] = mapped_column(enum_column(RegistrationStatus))
    reason: Mapped[str] = mapped_column(Text, default="")

    registration: Mapped[Registration] = relationship(back_populates="changes")


class CategoryCapacity(db.Model):
    """An optional seat limit for one category of an event (on top of the event's capacity)."""

    __tablename__ = "category_capacities"
    __table_args__ = (UniqueConstraint("event_id", "category"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    event_id: Mapped[int] = mapped_column(ForeignKey("events.id", ondelete="CASCADE"), index=True)
    category: Mapped[RegistrationCategory] = mapped_column(enum_column(RegistrationCategory, 32))
    capacity: Mapped[int] = mapped_column(Integer)


class QuestionKind(str, enum.Enum):
    TEXT = "text"
    CHOICE = "choice"
    YES_NO = "yes_no"


class Question(db.Model):
    """An organizer's own question on an event's registration form."""

    __tablename__ = "registration_questions"
    __table_args__ = (UniqueConstraint("event_id", "key"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    event_id: Mapped[int] = mapped_column(ForeignKey("events.id", ondelete="CASCADE"), index=True)
    key: Mapped[str] = mapped_column(String(60))  # stable key used by the API's `answers`
    label_en: Mapped[str] = mapped_column(String(300))
    label_th: Mapped[str] = mapped_column(String(300), default="")
    kind: Mapped[QuestionKind] = mapped_column(enum_column(QuestionKind))
    # For CHOICE: [{"key": "...", "en": "...", "th": "..."}]
    choices: Mapped[list] = mapped_column(JSON, default=list)
    required: Mapped[bool] = mapped_column(Boolean, default=False)
    position: Mapped[int] = mapped_column(Integer, default=0)

    label = bilingual("label")

    def choice_label(self, choice: dict) -> str:
        return pick(choice.get("en"), choice.get("th"))

    def options(self) -> list[tuple[str, str]]:
        """(value, label) pairs a yes/no or choice question accepts."""
        from flask_babel import gettext as _

        if self.kind == QuestionKind.YES_NO:
            return [("yes", _("Yes")), ("no", _("No"))]
        return [(c.get("key"), self.choice_label(c)) for c in self.choices or []]

    def display_value(self, value: str) -> str:
        from flask_babel import gettext as _

        if self.kind == QuestionKind.YES_NO:
            return {"yes": _("Yes"), "no": _("No")}.get(value, value)
        if self.kind == QuestionKind.CHOICE:
            for choice in self.choices or []:
                if choice.get("key") == value:
                    return self.choice_label(choice)
        return value


class Answer(db.Model):
    __tablename__ = "registration_answers"
    __table_args__ = (UniqueConstraint("registration_id", "question_id"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    registration_id: Mapped[int] = mapped_column(ForeignKey("registrations.id", ondelete="CASCADE"))
    question_id: Mapped[int] = mapped_column(ForeignKey("registration_questions.id", ondelete="CASCADE"), index=True)
    value: Mapped[str] = mapped_column(Text, default="")

    registration: Mapped[Registration] = relationship(back_populates="answers")
    question: Mapped[Question] = relationship()

    @property
    def display(self) -> str:
        """The answer as a reader sees it: a choice's label, yes/no in their language."""
        return self.question.display_value(self.value)


class Invitation(db.Model):
    """An invitation to an invitation-only event, bound to one e-mail address."""

    __tablename__ = "invitations"
    __table_args__ = (UniqueConstraint("event_id", "email"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    event_id: Mapped[int] = mapped_column(ForeignKey("events.id", ondelete="CASCADE"), index=True)
    email: Mapped[str] = mapped_column(String(254))
    category: Mapped[RegistrationCategory | None] = mapped_column(enum_column(RegistrationCategory, 32))
    created_by_id: Mapped[int | None] = mapped_column(ForeignKey("users.id", ondelete="SET NULL"))
    created_at: Mapped[dt.datetime] = mapped_column(UTCDateTime, default=utcnow)
    used_at: Mapped[dt.datetime | None] = mapped_column(UTCDateTime)
    # The invitee's language: the invitation mail, and the registration made with it, use it.
    language: Mapped[str] = mapped_column(String(5), default="en", server_default="en")

    event: Mapped[Event] = relationship()


# --- visa invitation letters: the request, its passport details encrypted at rest ------------------


class VisaLetterStatus(str, enum.Enum):
    REQUESTED = "requested"
    APPROVED = "approved"
    DECLINED = "declined"


@dataclass(frozen=True)
class VisaDetails:
    """What an invitation letter for a visa needs, as in the passport."""

    name_in_passport: str
    nationality: str  # ISO 3166 alpha-2
    passport_number: str
    passport_expiry: dt.date
    date_of_birth: dt.date

    def to_json(self) -> str:
        values = asdict(self)
        values["passport_expiry"] = self.passport_expiry.isoformat()
        values["date_of_birth"] = self.date_of_birth.isoformat()
        return json.dumps(values, ensure_ascii=False, sort_keys=True)

    @classmethod
    def from_json(cls, text: str) -> VisaDetails:
        values = json.loads(text)
        return cls(
            name_in_passport=values["name_in_passport"],
            nationality=values["nationality"],
            passport_number=values["passport_number"],
            passport_expiry=dt.date.fromisoformat(values["passport_expiry"]),
            date_of_birth=dt.date.fromisoformat(values["date_of_birth"]),
        )

    @property
    def masked_passport_number(self) -> str:
        """What the delegate sees again after sending it: the last three characters."""
        return "•" * max(len(self.passport_number) - 3, 0) + self.passport_number[-3:]


class VisaLetterRequest(db.Model):
    """A delegate's request for a visa invitation letter. The passport details are one Fernet token
    (eventsys/crypto.py) in `details_encrypted`, never a readable column: a database dump or a
    backup holds no passport number. Erased (None, `erased_at` set) 30 days after the event or with
    the registration's personal data; the request's status and decision stay."""

    __tablename__ = "visa_letter_requests"

    id: Mapped[int] = mapped_column(primary_key=True)
    registration_id: Mapped[int] = mapped_column(ForeignKey("registrations.id", ondelete="CASCADE"), unique=True)
    status: Mapped[VisaLetterStatus] = mapped_column(enum_column(VisaLetterStatus), default=VisaLetterStatus.REQUESTED)
    details_encrypted: Mapped[str | None] = mapped_column(Text)
    created_at: Mapped[dt.datetime] = mapped_column(UTCDateTime, default=utcnow)
    decided_at: Mapped[dt.datetime | None] = mapped_column(UTCDateTime)
    decided_by_id: Mapped[int | None] = mapped_column(ForeignKey("users.id", ondelete="SET NULL"))
    decline_reason: Mapped[str] = mapped_column(Text, default="")
    erased_at: Mapped[dt.datetime | None] = mapped_column(UTCDateTime)

    registration: Mapped[Registration] = relationship(
        backref=backref("visa_letter_request", uselist=False, cascade="all, delete-orphan", passive_deletes=True)
    )

    @property
    def details(self) -> VisaDetails | None:
        """The decrypted details; None once erased."""
        if self.details_encrypted is None:
            return None
        return VisaDetails.from_json(decrypt_text(self.details_encrypted))

    @details.setter
    def details(self, value: VisaDetails | None) -> None:
        self.details_encrypted = encrypt_text(value.to_json()) if value is not None else None
