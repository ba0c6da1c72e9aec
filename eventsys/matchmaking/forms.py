"""What the matchmaking pages accept: the organizers' window, slot series and tables; a delegate's
profile, request and answers."""

from __future__ import annotations

from flask_babel import lazy_gettext as _l
from wtforms import DateField, IntegerField, SelectField, StringField, TextAreaField, TimeField
from wtforms.validators import InputRequired, Length, NumberRange, Optional, ValidationError

from eventsys.forms_base import SafeForm


class WindowForm(SafeForm):
    opens_on = DateField(_l("Opt-in opens on"), validators=[Optional()], description=_l("Leave empty to open it now."))
    closes_on = DateField(
        _l("Opt-in closes at the end of"),
        validators=[Optional()],
        description=_l("Leave empty to keep it open until the last slot ends."),
    )

    def validate_closes_on(self, field) -> None:
        if field.data and self.opens_on.data and field.data < self.opens_on.data:
            raise ValidationError(_l("The opt-in window cannot close before it opens."))


class SlotSeriesForm(SafeForm):
    day = DateField(_l("Day"), validators=[InputRequired(message=_l("Choose the day of the slots."))])
    start = TimeField(_l("From"), validators=[InputRequired(message=_l("Give the time the first slot starts."))])
    end = TimeField(_l("Until"), validators=[InputRequired(message=_l("Give the time the last slot must end."))])
    minutes = IntegerField(
        _l("Length of a slot (minutes)"),
        default=20,
        validators=[
            InputRequired(message=_l("Give the length of a slot.")),
            NumberRange(min=5, max=240, message=_l("A slot lasts 5 to 240 minutes.")),
        ],
    )
    gap = IntegerField(
        _l("Change-over between slots (minutes)"),
        default=0,
        validators=[Optional(), NumberRange(min=0, max=60, message=_l("The change-over is 0 to 60 minutes."))],
    )

    def validate_end(self, field) -> None:
        if field.data and self.start.data and field.data <= self.start.data:
            raise ValidationError(_l("The end must be after the start."))


class TablesForm(SafeForm):
    count = IntegerField(
        _l("Number of tables"),
        validators=[Optional(), NumberRange(min=1, max=200, message=_l("Give 1 to 200 tables."))],
    )
    labels = TextAreaField(
        _l("Or name the tables, one per line"),
        validators=[Optional(), Length(max=8000)],
        description=_l("Named tables are numbered in this order. Leave empty for numbered tables."),
    )

    def validate(self, extra_validators=None) -> bool:
        # Both fields are optional on their own (Optional() ends their checks when empty): one of
        # the two is needed.
        valid = super().validate(extra_validators)
        if valid and not self.count.data and not (self.labels.data or "").strip():
            self.count.errors = [_l("Give the number of tables or their names.")]
            return False
        return valid


class ActionForm(SafeForm):
    """A button that changes something (its CSRF token)."""


class ProfileForm(SafeForm):
    offers_en = TextAreaField(
        _l("What I offer (English)"),
        validators=[InputRequired(message=_l("Say in a few words what you offer.")), Length(max=500)],
        description=_l("For example: LoRaWAN street lighting, financing for PPP projects."),
    )
    offers_th = TextAreaField(_l("What I offer (Thai, optional)"), validators=[Optional(), Length(max=500)])
    seeks_en = TextAreaField(
        _l("What I seek (English)"),
        validators=[InputRequired(message=_l("Say in a few words what you are looking for.")), Length(max=500)],
    )
    seeks_th = TextAreaField(_l("What I seek (Thai, optional)"), validators=[Optional(), Length(max=500)])


class RequestForm(SafeForm):
    slot_id = SelectField(
        _l("Slot"), coerce=int, validate_choice=False, validators=[InputRequired(message=_l("Choose a slot."))]
    )
    message = TextAreaField(
        _l("Message (optional)"),
        validators=[Optional(), Length(max=1000)],
        description=_l("What you would like to talk about."),
    )


class DirectoryFilter(SafeForm):
    class Meta:
        csrf = False

    q = StringField(_l("Search"), validators=[Optional(), Length(max=100)])
    category = SelectField(_l("Who"), validators=[Optional()], validate_choice=False)
