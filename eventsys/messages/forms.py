"""What the mail pages accept: an event's own mail text, and a mail to participants.

Placeholders are checked here (mail.texts.check_template), so an unknown or malformed one is an
error under the field that holds it, naming it.
"""

from __future__ import annotations

from flask_babel import lazy_gettext as _l
from wtforms import HiddenField, SelectField, StringField, SubmitField, TextAreaField
from wtforms.fields.choices import SelectChoice
from wtforms.validators import DataRequired, Length, Optional, ValidationError

from eventsys.forms_base import CheckboxListField, SafeForm
from eventsys.mail import texts
from eventsys.messages import filters
from eventsys.registration.choices import CATEGORY_LABELS, STATUS_LABELS
from eventsys.registration.models import RegistrationStatus


def _int_or_none(value):
    """A select's id: anything that is not a small whole number is no choice (never an error)."""
    try:
        number = int(value)
    except (TypeError, ValueError):
        return None
    return number if 0 < number < 2**31 else None


class _Placeholders:
    """Each text field's {placeholders} must be among `form.placeholders`."""

    def __call__(self, form, field) -> None:
        problems = texts.check_template(field.data or "", form.placeholders)
        if problems:
            raise ValidationError(" ".join(problems))


class SingleLine:
    def __call__(self, form, field) -> None:
        if "\n" in (field.data or "") or "\r" in (field.data or ""):
            raise ValidationError(_l("The subject must be one line."))


class MailTextForm(SafeForm):
    subject = StringField(
        _l("Subject"), validators=[DataRequired(), Length(max=texts.SUBJECT_MAX), SingleLine(), _Placeholders()]
    )
    body = TextAreaField(
        _l("Text"), validators=[DataRequired(), Length(max=texts.BODY_MAX), _Placeholders()], render_kw={"rows": 16}
    )
    registration_id = SelectField(
        _l("Preview for the registration of"), coerce=_int_or_none, validate_choice=False, validators=[Optional()]
    )
    preview = SubmitField(_l("Preview"))
    save = SubmitField(_l("Save"))

    def __init__(self, *args, placeholders=(), registrations=(), **kwargs):
        super().__init__(*args, **kwargs)
        self.placeholders = tuple(placeholders)
        self.registration_id.choices = [(r.id, f"{r.full_name} · {r.email}") for r in registrations]


class ButtonForm(SafeForm):
    """A button that posts (reset a text, retry a mail, continue sending): the CSRF token only."""


class ComposeForm(SafeForm):
    statuses = CheckboxListField(
        _l("State"),
        default=[RegistrationStatus.CONFIRMED.value],
        validators=[DataRequired(message=_l("Tick at least one state."))],
    )
    categories = CheckboxListField(_l("Category"), validators=[Optional()])
    country = SelectField(_l("Country"), validators=[Optional()])
    city = SelectField(_l("City"), validators=[Optional()])
    checked_in = SelectField(
        _l("Check-in"),
        choices=[
            SelectChoice(value=filters.CHECKED_IN_ANY, label=_l("Checked in or not")),
            SelectChoice(value=filters.CHECKED_IN_YES, label=_l("Checked in (on any check-in list)")),
            SelectChoice(value=filters.CHECKED_IN_NO, label=_l("Not checked in on any list")),
        ],
        validators=[Optional()],
    )
    session_id = SelectField(_l("Signed up for the session"), validators=[Optional()])
    subject_en = StringField(
        _l("Subject in English"),
        validators=[DataRequired(), Length(max=texts.SUBJECT_MAX), SingleLine(), _Placeholders()],
    )
    body_en = TextAreaField(
        _l("Text in English"),
        validators=[DataRequired(), Length(max=texts.BODY_MAX), _Placeholders()],
        render_kw={"rows": 10, "lang": "en"},
    )
    subject_th = StringField(
        _l("Subject in Thai"),
        validators=[Optional(), Length(max=texts.SUBJECT_MAX), SingleLine(), _Placeholders()],
        render_kw={"lang": "th"},
    )
    body_th = TextAreaField(
        _l("Text in Thai"),
        validators=[Optional(), Length(max=texts.BODY_MAX), _Placeholders()],
        render_kw={"rows": 10, "lang": "th"},
    )
    digest = HiddenField()  # what the preview showed (campaigns.Draft.digest)
    confirm_count = HiddenField()  # how many the organizer agreed to send to
    preview = SubmitField(_l("Preview"))
    send = SubmitField(_l("Send"))

    def __init__(self, *args, event, placeholders=(), **kwargs):
        super().__init__(*args, **kwargs)
        self.placeholders = tuple(placeholders)
        self.statuses.choices = [(status.value, label) for status, label in STATUS_LABELS.items()]
        self.categories.choices = [(category.value, label) for category, label in CATEGORY_LABELS.items()]
        self.country.choices = [("", _l("All countries")), *filters.country_choices(event)]
        self.city.choices = [("", _l("All cities")), *filters.city_choices(event)]
        self.session_choices = filters.session_choices(event)
        self.session_id.choices = [("", _l("Any or none"))] + [
            (str(session_id), title) for session_id, title, _count in self.session_choices
        ]

    def validate(self, extra_validators=None) -> bool:
        valid = super().validate(extra_validators)
        # Not a field validator: Optional() ends a field's checks when it is empty.
        if bool((self.subject_th.data or "").strip()) != bool((self.body_th.data or "").strip()):
            empty = self.body_th if (self.subject_th.data or "").strip() else self.subject_th
            empty.errors = [*empty.errors, _l("Write both the Thai subject and the Thai text, or leave both empty.")]
            valid = False
        return valid

    def recipient_filter(self) -> filters.RecipientFilter:
        return filters.RecipientFilter(
            statuses=tuple(self.statuses.data or ()),
            categories=tuple(self.categories.data or ()),
            country=self.country.data or "",
            city=self.city.data or "",
            checked_in=self.checked_in.data or "",
            session_id=int(self.session_id.data) if self.session_id.data else None,
        )

    def confirmed_count(self) -> int | None:
        value = self.confirm_count.data or ""
        return int(value) if value.isascii() and value.isdigit() and len(value) < 10 else None
