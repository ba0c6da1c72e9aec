"""Mail to participants: what an organizer writes, who it goes to, and queuing it through the outbox.

An organizer writes a subject and text in English and, optionally, in Thai, with the placeholders of
ANNOUNCEMENT_PLACEHOLDERS. Each recipient gets the text of their registration's language (Thai
readers get the English when there is no Thai). "Send" freezes who the filter chose (what the
preview counted is what goes out) and starts a job that queues one outbox mail per recipient, a batch
per transaction. Each recipient's row in campaign_recipients is unique per campaign and written in
the transaction that queues their mail, so a job run again (a retry, a second worker, "Continue
sending" after a failure) carries on where it stopped and never mails anyone twice.

Delegates who asked for no more announcements, and erased registrations, get nothing and are counted.
"""

from __future__ import annotations

import hashlib
import json
from collections.abc import Callable
from dataclasses import dataclass, field

from flask_babel import force_locale
from flask_babel import gettext as _
from sqlalchemy import func, select

from eventsys.audit.services import record
from eventsys.db import db, utcnow
from eventsys.events.models import Event
from eventsys.jobs.services import start_job
from eventsys.mail import texts
from eventsys.mail.layout import render_html
from eventsys.mail.services import queue_mail
from eventsys.messages.filters import RecipientFilter
from eventsys.messages.models import CampaignRecipient, CampaignStatus, MailCampaign, RecipientOutcome
from eventsys.registration.mail_texts import ANNOUNCEMENT_PLACEHOLDERS, placeholders_for
from eventsys.registration.models import Registration
from eventsys.registration.tokens import unsubscribe_url

BATCH = 200  # mails queued per transaction
MAIL_KIND = "messages.announcement"
JOB_KIND = "mail_campaign"
ANNOUNCEMENT = "announcement"  # the mail name extras providers see (registration/extras.py)


def announcement_placeholders() -> tuple[str, ...]:
    return tuple(ANNOUNCEMENT_PLACEHOLDERS)


def opted_out(registration: Registration) -> bool:
    return registration.announcements_opt_out_at is not None


@dataclass(frozen=True)
class Draft:
    """What the compose form holds: the filter and the texts."""

    filter: RecipientFilter
    subject_en: str
    body_en: str
    subject_th: str = ""
    body_th: str = ""

    @property
    def has_thai(self) -> bool:
        return bool(self.subject_th.strip() and self.body_th.strip())

    def text_in(self, language: str) -> tuple[str, str, str]:
        """(language actually used, subject, body) for a reader of `language`."""
        if language == "th" and self.has_thai:
            return "th", self.subject_th, self.body_th
        return "en", self.subject_en, self.body_en

    def digest(self) -> str:
        """Fingerprint of what the preview showed: "Send" checks it was not changed since."""
        data = {
            "filter": self.filter.to_json(),
            "texts": [self.subject_en, self.body_en, self.subject_th, self.body_th],
        }
        return hashlib.sha256(json.dumps(data, sort_keys=True, ensure_ascii=False).encode()).hexdigest()[:32]

    @classmethod
    def of(cls, campaign: MailCampaign) -> Draft:
        return cls(
            filter=RecipientFilter.from_json(campaign.filters),
            subject_en=campaign.subject_en,
            body_en=campaign.body_en,
            subject_th=campaign.subject_th,
            body_th=campaign.body_th,
        )


@dataclass
class Recipients:
    """Who a filter chooses now, and what will become of them."""

    ids: list[int]
    receiving: list[Registration] = field(default_factory=list)  # first ones only (previews)
    will_receive: int = 0
    opted_out: int = 0
    erased: int = 0
    by_language: dict[str, int] = field(default_factory=dict)  # the language of the text they get

    @property
    def total(self) -> int:
        return len(self.ids)


def recipients(event: Event, draft: Draft, *, keep: int = 50) -> Recipients:
    """Count what the filter selects (one pass over the rows, oldest first)."""
    found = Recipients(ids=[])
    for registration in db.session.scalars(draft.filter.statement(event)):
        found.ids.append(registration.id)
        if registration.is_erased:
            found.erased += 1
        elif opted_out(registration):
            found.opted_out += 1
        else:
            found.will_receive += 1
            language = draft.text_in(registration.language)[0]
            found.by_language[language] = found.by_language.get(language, 0) + 1
            if len(found.receiving) < keep:
                found.receiving.append(registration)
    return found


@dataclass(frozen=True)
class ComposedMail:
    language: str
    subject: str
    body: str
    footer: str
    unsubscribe_url: str


def _values(registration: Registration, language: str) -> dict[str, str]:
    """The recipient's placeholder values in the language of the text they get (a Thai reader of the
    English text is greeted by the Latin name, as the English text reads)."""
    allowed = set(announcement_placeholders())
    values = placeholders_for(registration, ANNOUNCEMENT, language=language)
    return {k: str(v) for k, v in values.items() if k in allowed}


def compose(draft: Draft, registration: Registration) -> ComposedMail:
    """One recipient's mail: their language's text with their values, the unsubscribe footer."""
    language, subject, body = draft.text_in(registration.language)
    values = _values(registration, language)
    url = unsubscribe_url(registration)
    with force_locale(language):
        footer = _(
            "You receive this mail because you registered for %(event)s. To receive no more announcements "
            "from its organizers: %(url)s",
            event=registration.event.title,
            url=url,
        )
    return ComposedMail(
        language=language,
        subject=texts.render_placeholders(subject, values),
        body=texts.render_placeholders(body, values),
        footer=footer,
        unsubscribe_url=url,
    )


def preview(event: Event, draft: Draft, registration: Registration) -> dict:
    """What `registration` would receive: subject, text, html (the mail's own layout)."""
    mail = compose(draft, registration)
    html = render_html(mail.body, language=mail.language, event=event, footer_text=mail.footer, subject=mail.subject)
    text = mail.body.rstrip("\n") + "\n\n-- \n" + mail.footer + "\n"
    return {
        "subject": mail.subject,
        "text": text,
        "html": html,
        "language": mail.language,
        "registration": registration,
    }


def start(event: Event, draft: Draft, *, actor) -> MailCampaign:
    """Record the campaign (with who the filter chooses now), audit it, start the sending job."""
    chosen = recipients(event, draft, keep=0)
    campaign = MailCampaign(
        event_id=event.id,
        subject_en=draft.subject_en.strip(),
        body_en=draft.body_en,
        subject_th=draft.subject_th.strip() if draft.has_thai else "",
        body_th=draft.body_th if draft.has_thai else "",
        filters=draft.filter.to_json(),
        registration_ids=chosen.ids,
        status=CampaignStatus.SENDING,
        created_by_id=getattr(actor, "id", None),
    )
    db.session.add(campaign)
    db.session.flush()
    record(
        "mail.participants",
        actor=actor,
        event=event,
        target_type="mail_campaign",
        targets=[campaign.id],
        subject=campaign.subject_en[:200],
        recipients=chosen.will_receive,
        skipped=chosen.opted_out + chosen.erased,
    )
    db.session.commit()
    return restart(campaign, actor=actor)


def restart(campaign: MailCampaign, *, actor=None) -> MailCampaign:
    """Run (again) the job that queues the campaign's mails; it skips whoever already has their row.
    Without Redis the job runs here and now; the job records its id on the campaign as it starts."""
    campaign.status = CampaignStatus.SENDING
    campaign.finished_at = None
    db.session.commit()
    job = start_job(
        JOB_KIND,
        "eventsys.messages.jobs:send_campaign_job",
        user=actor,
        event=db.session.get(Event, campaign.event_id),
        on_abandon="eventsys.messages.campaigns:settle_abandoned_job",
        campaign_id=campaign.id,
    )
    campaign = db.session.get(MailCampaign, campaign.id, populate_existing=True)
    if campaign.status == CampaignStatus.SENDING and campaign.job_id != job.id:
        campaign.job_id = job.id  # queued on RQ: the page polls this job
        db.session.commit()
    return campaign


def _recount(campaign: MailCampaign) -> None:
    counts = dict(
        db.session.execute(
            select(CampaignRecipient.outcome, func.count())
            .where(CampaignRecipient.campaign_id == campaign.id)
            .group_by(CampaignRecipient.outcome)
        ).all()
    )
    campaign.queued_count = counts.get(RecipientOutcome.QUEUED, 0)
    campaign.opted_out_count = counts.get(RecipientOutcome.OPTED_OUT, 0)
    campaign.erased_count = counts.get(RecipientOutcome.ERASED, 0)


def queue_campaign(campaign: MailCampaign, *, progress: Callable[[int, int], None] | None = None) -> dict:
    """Queue the mails of every recipient who has none yet, BATCH per transaction."""
    event = db.session.get(Event, campaign.event_id)
    draft = Draft.of(campaign)
    ids = list(campaign.registration_ids or ())
    done = set(
        db.session.scalars(
            select(CampaignRecipient.registration_id).where(CampaignRecipient.campaign_id == campaign.id)
        )
    )
    for start_at in range(0, len(ids), BATCH):
        batch = [i for i in ids[start_at : start_at + BATCH] if i not in done]
        if batch:
            rows = db.session.scalars(
                select(Registration)
                .where(Registration.id.in_(batch), Registration.event_id == event.id)
                .order_by(Registration.id)
            )
            for registration in rows:  # a registration deleted since "Send" is simply gone
                db.session.add(_deliver(campaign, draft, event, registration))
            db.session.flush()
            _recount(campaign)
            db.session.commit()
        if progress is not None:
            progress(min(start_at + BATCH, len(ids)), len(ids))
    _recount(campaign)
    campaign.status = CampaignStatus.DONE
    campaign.finished_at = utcnow()
    db.session.commit()
    return counts(campaign)


def _deliver(campaign: MailCampaign, draft: Draft, event: Event, registration: Registration) -> CampaignRecipient:
    row = CampaignRecipient(campaign_id=campaign.id, registration_id=registration.id)
    if registration.is_erased:
        row.outcome = RecipientOutcome.ERASED
        return row
    if opted_out(registration):
        row.outcome = RecipientOutcome.OPTED_OUT
        return row
    mail = compose(draft, registration)
    outbox = queue_mail(
        to=registration.email,
        subject=mail.subject,
        body_text=mail.body,
        language=mail.language,
        event=event,
        footer_text=mail.footer,
        list_unsubscribe=mail.unsubscribe_url,
        kind=MAIL_KIND,
        registration_id=registration.id,
        campaign_id=campaign.id,
    )
    db.session.flush()
    row.outcome, row.mail_id, row.language = RecipientOutcome.QUEUED, outbox.id, mail.language
    return row


def mark_failed(campaign_id: int) -> None:
    campaign = db.session.get(MailCampaign, campaign_id)
    if campaign is not None:
        _recount(campaign)
        campaign.status = CampaignStatus.FAILED
        db.session.commit()


def settle_abandoned_job(job_id: str, reason: str, final: bool) -> None:
    """The job queuing a campaign's mails lost its worker (eventsys.jobs.lease.reap). Retried, it
    continues where it stopped; with no attempt left, the campaign shows it stopped, with "Continue
    sending". In the reaper's transaction: no commit here."""
    if not final:
        return
    campaign = db.session.scalars(select(MailCampaign).where(MailCampaign.job_id == job_id)).first()
    if campaign is not None and campaign.status == CampaignStatus.SENDING:
        _recount(campaign)
        campaign.status = CampaignStatus.FAILED


def counts(campaign: MailCampaign) -> dict:
    return {
        "recipients": campaign.recipient_count,
        "queued": campaign.queued_count,
        "opted_out": campaign.opted_out_count,
        "erased": campaign.erased_count,
        "skipped": campaign.skipped_count,
    }


def campaign_for(event: Event, campaign_id: int) -> MailCampaign | None:
    campaign = db.session.get(MailCampaign, campaign_id)
    return campaign if campaign is not None and campaign.event_id == event.id else None


def campaigns_of(event: Event, limit: int | None = None) -> list[MailCampaign]:
    """The event's mail to participants, newest first."""
    stmt = select(MailCampaign).where(MailCampaign.event_id == event.id).order_by(MailCampaign.id.desc())
    return list(db.session.scalars(stmt.limit(limit) if limit else stmt))
