"""Imports every area's models so that Alembic and the tests see all tables."""

from eventsys.accounts.models import ApiToken, EventRole, User, UserSession
from eventsys.agenda import models as agenda_models
from eventsys.audit.models import AuditEntry
from eventsys.badges import models as badges_models
from eventsys.checkin import models as checkin_models
from eventsys.documents import models as documents_models
from eventsys.events.models import (
    City,
    Event,
    EventHost,
    EventSeries,
    MemberState,
    Organisation,
    PartnerCountry,
    Person,
    Topic,
)
from eventsys.events.public_cache import STAMPS as public_content_stamps  # the public pages' content stamp
from eventsys.exhibitors import models as exhibitors_models
from eventsys.feedback import models as feedback_models
from eventsys.jobs.models import Job
from eventsys.mail.models import EventMailText, OutboxMail
from eventsys.matchmaking import models as matchmaking_models
from eventsys.messages import models as messages_models
from eventsys.outcomes import models as outcomes_models
from eventsys.proceedings import models as proceedings_models
from eventsys.projects import models as projects_models
from eventsys.registration import models as registration_models
from eventsys.reports import models as reports_models
from eventsys.teams import models as teams_models

# Re-exported for Alembic's env.py and the tests; the module imports are there to register tables.
__all__ = [
    "ApiToken",
    "AuditEntry",
    "City",
    "Event",
    "EventHost",
    "EventMailText",
    "EventRole",
    "EventSeries",
    "Job",
    "MemberState",
    "Organisation",
    "OutboxMail",
    "PartnerCountry",
    "Person",
    "Topic",
    "User",
    "UserSession",
    "agenda_models",
    "badges_models",
    "checkin_models",
    "documents_models",
    "exhibitors_models",
    "feedback_models",
    "matchmaking_models",
    "messages_models",
    "outcomes_models",
    "proceedings_models",
    "projects_models",
    "public_content_stamps",
    "registration_models",
    "reports_models",
    "teams_models",
]
