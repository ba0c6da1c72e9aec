"""What organizers type into the agenda editor."""

from __future__ import annotations

from flask_babel import lazy_gettext as _l
from wtforms import (
    BooleanField,
    DateField,
    EmailField,
    HiddenField,
    IntegerField,
    SelectField,
    SelectMultipleField,
    StringField,
    TextAreaField,
    TimeField,
)
from wtforms.validators import (
    DataRequired,
    Email,
    InputRequired,
    Length,
    NumberRange,
    Optional,
    Regexp,
    ValidationError,
)

from eventsys.agenda.models import SessionRole, SessionType
from eventsys.forms_base import SafeForm


def _labels_for_this_request(name: str, build) -> dict[str, str]:
    """Labels translated once per request and language (list pages show hundreds of sessions)."""
    from flask import g

    from eventsys.i18n import current_language

    cache = g.setdefault("agenda_labels", {})
    key = (name, current_language())
    if key not in cache:
        cache[key] = build()
    return cache[key]


def session_type_labels() -> dict[str, str]:
    from flask_babel import gettext as _

    return _labels_for_this_request(
        "types",
        lambda: {
            "plenary": _("Plenary"),
            "roundtable": _("Roundtable"),
            "panel": _("Panel"),
            "workshop": _("Workshop"),
            "exhibition": _("Exhibition"),
            "break": _("Break"),
            "networking": _("Networking"),
            "pitch": _("Project pitch"),
        },
    )


def session_role_labels() -> dict[str, str]:
    from flask_babel import gettext as _

    return _labels_for_this_request(
        "roles",
        lambda: {
            "chair": _("Chair"),
            "moderator": _("Moderator"),
            "speaker": _("Speaker"),
            "panellist": _("Panellist"),
            "rapporteur": _("Rapporteur"),
        },
    )


def _optional_int(value):
    return int(value) if value not in (None, "", "0", 0) else None


class SessionForm(SafeForm):
    type = SelectField(_l("Type"), validators=[DataRequired()])
    title_en = StringField(_l("Title (English)"), validators=[DataRequired(), Length(max=300)])
    title_th = StringField(_l("Title (Thai)"), validators=[Optional(), Length(max=300)])
    abstract_en = TextAreaField(_l("Abstract (English)"), validators=[Optional(), Length(max=5000)])
    abstract_th = TextAreaField(_l("Abstract (Thai)"), validators=[Optional(), Length(max=5000)])
    day = DateField(_l("Day"), validators=[InputRequired(message=_l("Choose the day."))])
    start = TimeField(_l("Starts"), validators=[InputRequired(message=_l("Give the start time."))])
    end = TimeField(_l("Ends"), validators=[InputRequired(message=_l("Give the end time."))])
    room_id = SelectField(_l("Room"), coerce=_optional_int, validate_choice=True)
    track_id = SelectField(_l("Track"), coerce=_optional_int, validate_choice=True)
    topic_ids = SelectMultipleField(_l("Focus areas and smart-city dimensions"), coerce=int)
    signup_required = BooleanField(_l("Delegates must sign up for this session"))
    signup_capacity = IntegerField(
        _l("Sign-up limit"),
        validators=[Optional(), NumberRange(min=1, max=100000)],
        description=_l("Leave empty for no limit."),
    )
    version = HiddenField()

    def fill_choices(self, rooms, tracks, topics) -> None:
        labels = session_type_labels()
        self.type.choices = [(t.value, labels[t.value]) for t in SessionType]
        self.room_id.choices = [(0, _l("No room"))] + [(r.id, r.name) for r in rooms]
        self.track_id.choices = [(0, _l("No track"))] + [(t.id, t.name) for t in tracks]
        self.topic_ids.choices = [(t.id, t.name) for t in topics]

    def validate_end(self, field):
        if self.start.data and field.data and field.data <= self.start.data:
            raise ValidationError(_l("The session must end after it starts."))

    def validate_signup_capacity(self, field):
        if field.data is not None and not self.signup_required.data:
            raise ValidationError(_l("A sign-up limit only applies when sign-up is required."))


class MoveForm(SafeForm):
    day = DateField(_l("Day"), validators=[InputRequired(message=_l("Choose the day."))])
    start = TimeField(_l("Starts"), validators=[InputRequired(message=_l("Give the start time."))])
    room_id = SelectField(_l("Room"), coerce=_optional_int, validate_choice=True)
    version = HiddenField()


class AddPersonForm(SafeForm):
    person_id = IntegerField(_l("Person"), validators=[InputRequired(message=_l("Choose a person."))])
    role = SelectField(_l("Role"), validators=[DataRequired()])

    def fill_choices(self) -> None:
        labels = session_role_labels()
        self.role.choices = [(r.value, labels[r.value]) for r in SessionRole]


class NewPersonForm(SafeForm):
    honorific = StringField(_l("Honorific"), validators=[Optional(), Length(max=40)])
    name = StringField(_l("Name (Latin script)"), validators=[DataRequired(), Length(max=160)])
    local_name = StringField(_l("Name in local script"), validators=[Optional(), Length(max=160)])
    position_en = StringField(_l("Position (English)"), validators=[Optional(), Length(max=200)])
    position_th = StringField(_l("Position (Thai)"), validators=[Optional(), Length(max=200)])
    email = EmailField(
        _l("E-mail"),
        validators=[Optional(), Email(), Length(max=254)],
        description=_l(
            "Links the person to the account with this address, now or once it exists (a rapporteur needs one)."
        ),
    )
    role = SelectField(_l("Role"), validators=[DataRequired()])

    def fill_choices(self) -> None:
        labels = session_role_labels()
        self.role.choices = [(r.value, labels[r.value]) for r in SessionRole]


class RoomForm(SafeForm):
    name_en = StringField(_l("Name (English)"), validators=[DataRequired(), Length(max=120)])
    name_th = StringField(_l("Name (Thai)"), validators=[Optional(), Length(max=120)])
    capacity = IntegerField(_l("Capacity"), validators=[Optional(), NumberRange(min=1, max=100000)])


class TrackForm(SafeForm):
    # Own ids: the places page shows the room form too, whose fields have the same names.
    name_en = StringField(_l("Name (English)"), id="track_name_en", validators=[DataRequired(), Length(max=120)])
    name_th = StringField(_l("Name (Thai)"), id="track_name_th", validators=[Optional(), Length(max=120)])
    colour = StringField(
        _l("Colour"),
        default="#1452b8",
        validators=[DataRequired(), Regexp(r"^#[0-9a-fA-F]{6}$", message=_l("Use a colour like #1452b8."))],
    )
