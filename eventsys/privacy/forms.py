"""What the privacy pages accept: an event's retention period."""

from __future__ import annotations

from flask_babel import lazy_gettext as _l
from wtforms import IntegerField
from wtforms.validators import NumberRange, Optional

from eventsys.forms_base import SafeForm

MAX_RETENTION_DAYS = 3650  # ten years


class RetentionForm(SafeForm):
    retention_days = IntegerField(
        _l("Keep registrations for (days after the last day)"),
        validators=[Optional(), NumberRange(min=0, max=MAX_RETENTION_DAYS)],
        description=_l(
            "Leave empty to keep them until they are erased one by one. For example 180: from the 181st day "
            "after the event, every registration is anonymised; the counts stay."
        ),
    )
