"""Forms of the exhibitors area: the application, the organizers' decisions, booths and staff, and
the floor plan editor's halls and booths."""

from __future__ import annotations

from urllib.parse import urlsplit

from flask_babel import lazy_gettext as _l
from flask_wtf.file import FileField
from wtforms import EmailField, IntegerField, SelectField, StringField, TextAreaField
from wtforms.fields.choices import SelectChoice
from wtforms.validators import DataRequired, Email, InputRequired, Length, NumberRange, Optional, ValidationError

from eventsys.forms_base import CheckboxListField, SafeForm
from eventsys.i18n import current_language
from eventsys.registration.choices import ALL_COUNTRY_CODES, city_choices, country_choices

REQUIRED = _l("This field is required.")
KIND_LABELS = {
    "city": _l("City"),
    "agency": _l("Government agency"),
    "company": _l("Company"),
    "partner": _l("Partner organisation"),
}
LANGUAGE_CHOICES = [
    SelectChoice("en", "English"),
    SelectChoice("th", "ไทย"),
]  # each in its own language, as language menus are


def kind_label(kind) -> str:
    return str(KIND_LABELS.get(getattr(kind, "value", kind), kind))


def web_address(form, field) -> None:
    value = (field.data or "").strip()
    if not value:
        return
    parts = urlsplit(value)
    if parts.scheme not in ("http", "https") or not parts.netloc or " " in value:
        raise ValidationError(_l("Enter a web address starting with http:// or https://."))


class ApplicationForm(SafeForm):
    name_en = StringField(_l("Name (English)"), validators=[DataRequired(REQUIRED), Length(max=200)])
    name_th = StringField(_l("Name (Thai)"), validators=[Optional(), Length(max=200)])
    kind = SelectField(_l("Kind of exhibitor"), validators=[DataRequired(REQUIRED)], validate_choice=False)
    country = SelectField(_l("Country"), validators=[DataRequired(REQUIRED)], validate_choice=False)
    city = SelectField(
        _l("ASCN city (if you exhibit as a city of the network)"), validators=[Optional()], validate_choice=False
    )
    focus_areas = CheckboxListField(_l("ASCN focus areas"), validate_choice=False)
    description_en = TextAreaField(_l("Description (English)"), validators=[DataRequired(REQUIRED), Length(max=2000)])
    description_th = TextAreaField(_l("Description (Thai)"), validators=[Optional(), Length(max=2000)])
    website = StringField(_l("Website"), validators=[Optional(), Length(max=300), web_address])
    contact_name = StringField(_l("Contact person"), validators=[DataRequired(REQUIRED), Length(max=200)])
    contact_email = EmailField(
        _l("Contact e-mail"),
        validators=[DataRequired(REQUIRED), Length(max=254), Email(_l("Enter a valid e-mail address."))],
    )
    contact_phone = StringField(_l("Contact phone"), validators=[Optional(), Length(max=40)])
    language = SelectField(_l("Language of our mails to you"), choices=LANGUAGE_CHOICES, validate_choice=False)
    logo = FileField(
        _l("Logo"), description=_l("PNG, JPEG or WebP, at most 1 MB. Shown in the directory and on your page.")
    )

    def fill_choices(self, topics) -> None:
        self.kind.choices = [
            SelectChoice("", _l("Choose a kind")),
            *(SelectChoice(k, v) for k, v in KIND_LABELS.items()),
        ]
        # Grouped (<optgroup>): rendered by templates/registration/_fields.html's grouped_select.
        self.country.choices = dict(country_choices())
        self.city.choices = dict(city_choices())
        self.focus_areas.choices = [SelectChoice(t.slug, t.name) for t in topics]
        if not self.language.data:
            self.language.data = current_language()

    def validate_kind(self, field) -> None:
        if field.data and field.data not in KIND_LABELS:
            raise ValidationError(_l("Choose one of the kinds listed."))

    def validate_country(self, field) -> None:
        if field.data and field.data not in ALL_COUNTRY_CODES:
            raise ValidationError(_l("Choose a country from the list."))

    def validate_language(self, field) -> None:
        if field.data not in ("en", "th"):
            raise ValidationError(_l("Choose English or Thai."))


class DecisionForm(SafeForm):
    """Accept or decline: the button pressed carries the decision."""

    decision = SelectField(
        _l("Decision"),
        choices=[SelectChoice("accept", _l("Accept")), SelectChoice("decline", _l("Decline"))],
        validators=[InputRequired()],
    )


class BoothForm(SafeForm):
    booth = SelectField(_l("Booth"), validate_choice=False)


class StaffForm(SafeForm):
    emails = TextAreaField(
        _l("E-mail addresses of the exhibitor's staff (one per line)"),
        validators=[DataRequired(_l("Enter at least one e-mail address.")), Length(max=5000)],
    )


class OpenForm(SafeForm):
    """Open or close the application form (the button pressed says which)."""

    state = SelectField(
        choices=[SelectChoice("open", "open"), SelectChoice("closed", "closed")], validators=[InputRequired()]
    )


def _cells(label, minimum: int):
    return IntegerField(
        label,
        validators=[
            InputRequired(_l("Enter a whole number.")),
            NumberRange(min=minimum, max=200, message=_l("Enter a whole number from %(min)s to %(max)s.")),
        ],
    )


class HallForm(SafeForm):
    name_en = StringField(_l("Name (English)"), validators=[DataRequired(REQUIRED), Length(max=120)])
    name_th = StringField(_l("Name (Thai)"), validators=[Optional(), Length(max=120)])
    width = _cells(_l("Width (cells)"), 1)
    height = _cells(_l("Height (cells)"), 1)


class BoothEditForm(SafeForm):
    hall_id = SelectField(
        _l("Hall"), coerce=int, validate_choice=False, validators=[InputRequired(_l("Choose a hall."))]
    )
    number = StringField(_l("Booth number"), validators=[DataRequired(REQUIRED), Length(max=20)])
    x = _cells(_l("Column (x, from 0)"), 0)
    y = _cells(_l("Row (y, from 0)"), 0)
    w = _cells(_l("Width (cells)"), 1)
    h = _cells(_l("Depth (cells)"), 1)

    def fill_choices(self, halls) -> None:
        self.hall_id.choices = [SelectChoice(h.id, h.name) for h in halls]


def staff_emails(text: str) -> list[str]:
    return [line.strip() for line in (text or "").replace(",", "\n").splitlines() if line.strip()]
