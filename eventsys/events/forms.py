from __future__ import annotations

from zoneinfo import available_timezones

from flask_babel import gettext as _
from flask_babel import lazy_gettext as _l
from wtforms import BooleanField, DateField, SelectField, StringField, TextAreaField
from wtforms.validators import DataRequired, Length, Optional, Regexp, ValidationError

from eventsys.events.models import EventKind
from eventsys.forms_base import SafeForm

SLUG_RULE = Regexp(r"^[a-z0-9]+(?:-[a-z0-9]+)*$", message=_l("Use lower-case letters, digits and hyphens."))


def kind_label(kind) -> str:
    """An event kind in the reader's language (the form's choices, and a template global)."""
    labels = {
        "roundtable": _("Roundtable"),
        "annual_meeting": _("Annual meeting"),
        "showcase": _("Showcase"),
        "conference": _("Conference"),
    }
    return labels.get(getattr(kind, "value", kind), str(kind))


def kind_choices():
    return [(k.value, kind_label(k)) for k in EventKind]


class EventForm(SafeForm):
    slug = StringField(
        _l("Address name (slug)"),
        validators=[DataRequired(), Length(max=80), SLUG_RULE],
        description=_l("Part of the event's web address, e.g. ascn-annual-meeting-2020."),
    )
    # No `required` attribute: the first option is a real kind, which HTML's rule for required
    # selects forbids (the Nu checker says so); the server still requires a kind.
    kind = SelectField(_l("Kind"), validators=[DataRequired()], render_kw={"required": False})
    title_en = StringField(_l("Title (English)"), validators=[DataRequired(), Length(max=250)])
    title_th = StringField(_l("Title (Thai)"), validators=[Optional(), Length(max=250)])
    theme_en = StringField(_l("Theme (English)"), validators=[Optional(), Length(max=250)])
    theme_th = StringField(_l("Theme (Thai)"), validators=[Optional(), Length(max=250)])
    description_en = TextAreaField(_l("Description (English)"), validators=[Optional(), Length(max=20000)])
    description_th = TextAreaField(_l("Description (Thai)"), validators=[Optional(), Length(max=20000)])
    start_date = DateField(_l("First day"), validators=[DataRequired()])
    end_date = DateField(_l("Last day"), validators=[DataRequired()])
    timezone = StringField(_l("Time zone"), default="Asia/Bangkok", validators=[DataRequired(), Length(max=64)])
    venue_en = StringField(_l("Venue (English)"), validators=[Optional(), Length(max=250)])
    venue_th = StringField(_l("Venue (Thai)"), validators=[Optional(), Length(max=250)])
    address = StringField(_l("Address"), validators=[Optional(), Length(max=400)])
    is_published = BooleanField(_l("Published (shown on the public site)"), default=True)
    separation_of_duties = BooleanField(
        _l(
            "Separation of duties: whoever wrote an outcome's version cannot approve it (turn off only for small meetings)"
        ),
        default=True,
    )

    brand_colour = StringField(
        _l("Colour of the event's mails"),
        default="#1452b8",
        validators=[Optional(), Regexp(r"^#[0-9a-fA-F]{6}$", message=_l("Choose a colour such as #1452b8."))],
        description=_l(
            "The band at the top of every mail and its buttons; text on it turns black or white to stay readable."
        ),
        render_kw={"type": "color"},
    )

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.kind.choices = kind_choices()

    def validate_end_date(self, field):
        if self.start_date.data and field.data and field.data < self.start_date.data:
            raise ValidationError(_l("The last day cannot be before the first day."))

    def validate_timezone(self, field):
        if field.data not in available_timezones():
            raise ValidationError(_l("Unknown time zone; use a name such as Asia/Bangkok."))
