"""Imports every area's models so that Alembic and the tests see all tables."""
from eventsys.accounts.models import ApiToken, EventRole, User  # noqa: F401
from eventsys.agenda import models as agenda_models  # noqa: F401
from eventsys.badges import models as badges_models  # noqa: F401
from eventsys.checkin import models as checkin_models  # noqa: F401
from eventsys.events.models import (  # noqa: F401
    City, Event, EventHost, EventSeries, MemberState, Organisation, PartnerCountry, Person, Topic,
)
from eventsys.jobs.models import Job  # noqa: F401
from eventsys.mail.models import OutboxMail  # noqa: F401
from eventsys.outcomes import models as outcomes_models  # noqa: F401
from eventsys.proceedings import models as proceedings_models  # noqa: F401
from eventsys.registration import models as registration_models  # noqa: F401
from eventsys.reports import models as reports_models  # noqa: F401
