"""Forms of the registration area. Field rules live in validation.py (shared with the API); these
forms render the fields, carry CSRF, and hand plain values to the services."""

from __future__ import annotations

from flask_babel import lazy_gettext as _l
from flask_wtf.file import FileField, FileRequired
from wtforms import (
    BooleanField,
    DateTimeLocalField,
    EmailField,
    HiddenField,
    IntegerField,
    SelectField,
    StringField,
    TextAreaField,
)
from wtforms.fields.choices import SelectChoice
from wtforms.validators import URL, AnyOf, DataRequired, Email, InputRequired, Length, NumberRange, Optional

from eventsys.events.models import RegistrationMode
from eventsys.forms_base import SafeForm
from eventsys.i18n import current_language
from eventsys.registration.choices import CATEGORY_LABELS, city_choices, country_choices
from eventsys.registration.models import Question, QuestionKind, RegistrationCategory
from eventsys.registration.validation import VISA_FIELDS

REQUIRED = _l("This field is required.")
MAIL_LANGUAGE_CHOICES = [("en", "English"), ("th", "ไทย")]  # each in its own language, as language menus are
LISTED_LABEL = _l("List my name and organisation in the published participant list and proceedings")


def options(pairs) -> list[SelectChoice]:
    return [SelectChoice(value=value, label=label) for value, label in pairs]


class VisaFields:
    """The passport details a visa invitation letter needs (registration form and manage page). The
    rules are validation.clean_visa_details' (shared with the API), so the fields only carry text."""

    visa_name_in_passport = StringField(
        _l("Name as in passport"),
        validators=[Length(max=200)],
        description=_l("Exactly as printed on the photo page of your passport."),
        render_kw={"autocomplete": "name"},
    )
    visa_nationality = SelectField(_l("Nationality"), validate_choice=False)
    visa_passport_number = StringField(
        _l("Passport number"),
        validators=[Length(max=40)],
        description=_l("5 to 20 letters and digits."),
        render_kw={"autocomplete": "off", "autocapitalize": "characters", "spellcheck": "false"},
    )
    visa_passport_expiry = StringField(
        _l("Passport expiry date"),
        validators=[Length(max=20)],
        description=_l("Your passport must still be valid after the event's last day."),
        render_kw={"type": "date"},
    )
    visa_date_of_birth = StringField(
        _l("Date of birth"), validators=[Length(max=20)], render_kw={"type": "date", "autocomplete": "bday"}
    )

    def fill_visa_choices(self, countries: dict | None = None) -> None:
        # The registration form passes its country list: the same options, sorted once.
        self.visa_nationality.choices = countries if countries is not None else dict(country_choices())

    def visa_data(self) -> dict:
        return {name: getattr(self, f"visa_{name}").data or "" for name in VISA_FIELDS}

    def visa_field_list(self) -> list:
        return [getattr(self, f"visa_{name}") for name in VISA_FIELDS]

    def apply_visa_errors(self, errors: dict[str, str]) -> None:
        """The checker's messages ("visa_letter.passport_number": ...) on the visa_* fields."""
        for key, message in errors.items():
            target = getattr(self, "visa_" + key.removeprefix("visa_letter."), None)
            if key.startswith("visa_letter.") and target is not None:
                target.errors = [*list(target.errors), message]


class DetailsForm(SafeForm):
    """The fields a delegate fills in and may later edit."""

    first_name = StringField(_l("First name (Latin script)"), validators=[DataRequired(REQUIRED), Length(max=100)])
    last_name = StringField(_l("Last name (Latin script)"), validators=[DataRequired(REQUIRED), Length(max=100)])
    local_name = StringField(
        _l("Name in local script (optional)"),
        validators=[Length(max=200)],
        description=_l("For example your name in Thai, as it should appear on your badge."),
    )
    organisation = StringField(_l("Organisation"), validators=[Length(max=200)])
    position = StringField(_l("Position"), validators=[Length(max=200)])
    country = SelectField(_l("Country"), validators=[DataRequired(REQUIRED)], validate_choice=False)
    city = SelectField(
        _l("ASCN pilot city (optional)"),
        validate_choice=False,
        description=_l("Only if you represent one of the 26 ASCN pilot cities."),
    )
    dietary = TextAreaField(_l("Dietary needs"), validators=[Length(max=500)], render_kw={"rows": 2})
    accessibility = TextAreaField(_l("Accessibility needs"), validators=[Length(max=500)], render_kw={"rows": 2})
    # Checked by the registration rules (a form without it keeps the page's or the saved language).
    language = SelectField(_l("Language of our e-mails"), choices=options(MAIL_LANGUAGE_CHOICES), validate_choice=False)
    listed = BooleanField(
        LISTED_LABEL,
        description=_l(
            "Optional. Other participants and readers of the proceedings see your name, organisation and "
            "country. You can change this at any time on your registration page."
        ),
    )

    def fill_choices(self) -> None:
        # Grouped (<optgroup>); templates/registration/_fields.html adds the empty first option.
        self.country.choices = dict(country_choices())
        self.city.choices = dict(city_choices())

    def question_fields(self):
        return [f for f in self if f.name.startswith("q_")]

    def to_data(self, questions: list[Question]) -> dict:
        data = {
            name: getattr(self, name).data or ""
            for name in (
                "first_name",
                "last_name",
                "local_name",
                "organisation",
                "position",
                "country",
                "city",
                "dietary",
                "accessibility",
            )
        }
        data["answers"] = {q.key: getattr(self, f"q_{q.key}").data or None for q in questions}
        data["listed"] = bool(self.listed.data)
        data["language"] = self.language.data or None
        return data

    def apply_errors(self, errors: dict[str, str]) -> None:
        """Show the service's messages on the fields they belong to."""
        for name, message in errors.items():
            field_name = "q_" + name.split(".", 1)[1] if name.startswith("answers.") else name
            if name.startswith("visa_letter"):  # the passport details (RegistrationForm's VisaFields)
                field_name = "visa_" + name.removeprefix("visa_letter.") if "." in name else "visa_requested"
            target = getattr(self, field_name, None)
            if target is not None and hasattr(target, "errors"):
                target.errors = [*list(target.errors), message]


class RegistrationForm(VisaFields, DetailsForm):
    email = EmailField(_l("E-mail"), validators=[DataRequired(REQUIRED), Length(max=254)])
    visa_requested = BooleanField(
        _l("I need a visa invitation letter"),
        description=_l(
            "The organizers issue an official letter for your visa application. It needs the details below, "
            "as in your passport: they are encrypted, seen only by the organizers, and erased 30 days after "
            "the event."
        ),
    )
    category = SelectField(_l("Category"), validators=[DataRequired(REQUIRED)], validate_choice=False)
    consent = BooleanField(
        _l("I agree to the processing of my personal data for this event."),
        validators=[DataRequired(_l("Please agree to the processing of your personal data to register."))],
    )

    def fill_choices(self) -> None:
        super().fill_choices()
        self.fill_visa_choices(self.country.choices)
        self.category.choices = options(
            [("", _l("Choose a category"))] + [(c.value, label) for c, label in CATEGORY_LABELS.items()]
        )

    def to_data(self, questions: list[Question]) -> dict:
        data = super().to_data(questions)
        data.update(email=self.email.data or "", category=self.category.data or "", consent=bool(self.consent.data))
        # The passport details only when the box is ticked (fields filled and then unticked are dropped).
        data["visa_letter"] = self.visa_data() if self.visa_requested.data else None
        return data


def _question_field(question: Question):
    validators = [DataRequired(_l("This question needs an answer."))] if question.required else [Optional()]
    if question.kind == QuestionKind.TEXT:
        return StringField(question.label, validators=[*validators, Length(max=2000)])
    choices = options([("", "—"), *question.options()])
    return SelectField(question.label, choices=choices, validators=validators, validate_choice=False)


def build_form(base: type[DetailsForm], questions: list[Question], **kwargs) -> DetailsForm:
    """A form class for one event: the standard fields plus the event's own questions."""
    form_class = type(base.__name__, (base,), {f"q_{q.key}": _question_field(q) for q in questions})
    form = form_class(**kwargs)
    form.fill_choices()
    return form


class DecisionForm(SafeForm):
    reason = TextAreaField(_l("Reason (sent to the delegates)"), validators=[Length(max=2000)], render_kw={"rows": 2})


class BulkDecisionForm(DecisionForm):
    """The list's decision: on the rows ticked, or on every registration the filter matches (the
    filter travels in the form's address; `expected` is the number the organizer saw)."""

    scope = SelectField(
        _l("Apply to"),
        choices=options([("selection", _l("The registrations ticked")), ("filter", _l("All matching the filter"))]),
        default="selection",
    )
    expected = IntegerField(validators=[Optional(), NumberRange(min=0)])


class UndoForm(SafeForm):
    entry = IntegerField(validators=[DataRequired(), NumberRange(min=1)])


class WithdrawForm(SafeForm):
    reason = TextAreaField(
        _l("Why are you withdrawing? (optional)"), validators=[Length(max=2000)], render_kw={"rows": 2}
    )


class SettingsForm(SafeForm):
    mode = SelectField(
        _l("Registration mode"),
        choices=options(
            [
                (RegistrationMode.OPEN.value, _l("Open: confirmed at once while seats remain")),
                (RegistrationMode.MODERATED.value, _l("Moderated: organizers approve or reject each one")),
                (RegistrationMode.INVITATION.value, _l("Invitation only: a personal link bound to one e-mail")),
            ]
        ),
    )
    opens_at = DateTimeLocalField(
        _l("Registration opens (event time)"), validators=[Optional()], format="%Y-%m-%dT%H:%M"
    )
    closes_at = DateTimeLocalField(
        _l("Registration closes (event time)"),
        validators=[Optional()],
        format="%Y-%m-%dT%H:%M",
        description=_l("Leave empty to close when the event ends."),
    )
    capacity = IntegerField(_l("Seats (empty: no limit)"), validators=[Optional(), NumberRange(min=0, max=1_000_000)])
    privacy_notice_url = StringField(
        _l("Privacy notice address (empty: the built-in notice)"),
        validators=[Optional(), URL(message=_l("Enter a full web address.")), Length(max=400)],
    )
    # The second step: the ids of the waitlisted delegates the organizer was shown would be confirmed
    # (and mailed) by these settings, comma-separated; empty on the first step.
    confirm_promotion = HiddenField(validators=[Length(max=20000)])


def build_settings_form(**kwargs) -> SettingsForm:
    fields = {
        f"cap_{c.value}": IntegerField(label, validators=[Optional(), NumberRange(min=0, max=1_000_000)])
        for c, label in CATEGORY_LABELS.items()
    }
    return type("EventSettingsForm", (SettingsForm,), fields)(**kwargs)


class QuestionForm(SafeForm):
    key = StringField(
        _l("Key (used by the API)"),
        validators=[DataRequired(REQUIRED), Length(max=60)],
        description=_l("Lower-case letters, digits and _, e.g. site_visit."),
    )
    label_en = StringField(_l("Question in English"), validators=[DataRequired(REQUIRED), Length(max=300)])
    label_th = StringField(_l("Question in Thai"), validators=[Length(max=300)])
    kind = SelectField(
        _l("Kind of answer"),
        choices=options(
            [
                (QuestionKind.TEXT.value, _l("Text")),
                (QuestionKind.CHOICE.value, _l("One of several choices")),
                (QuestionKind.YES_NO.value, _l("Yes or no")),
            ]
        ),
    )
    choices = TextAreaField(_l("Choices (one per line: key | English | Thai)"), render_kw={"rows": 3})
    required = BooleanField(_l("An answer is required"))


class InvitationForm(SafeForm):
    emails = TextAreaField(
        _l("E-mail addresses (one per line)"),
        validators=[InputRequired(REQUIRED), Length(max=20000)],
        render_kw={"rows": 4},
    )
    category = SelectField(_l("Category (optional)"), validate_choice=False)
    language = SelectField(
        _l("Language of the invitation"),
        choices=options(MAIL_LANGUAGE_CHOICES),
        default=current_language,  # the organizer's page language, unless they choose another
        description=_l("The invitation is written in it, and so are the mails of whoever registers with it."),
    )

    def fill_choices(self) -> None:
        self.category.choices = options(
            [("", _l("Delegate chooses"))] + [(c.value, label) for c, label in CATEGORY_LABELS.items()]
        )


def category_or_none(value: str) -> RegistrationCategory | None:
    try:
        return RegistrationCategory(value) if value else None
    except ValueError:
        return None


# --- organizers add registrations (views_manage_add.py) ---------------------------------------------


class OrganizerRegistrationForm(RegistrationForm):
    """The registration form as an organizer fills it in for someone else (a VIP, a walk-in)."""

    consent = BooleanField(
        _l("The delegate agreed to the processing of their personal data for this event."),
        description=_l("Recorded as given on their behalf, under your name."),
        validators=[DataRequired(_l("Confirm that the delegate agreed to the processing of their personal data."))],
    )
    language = SelectField(_l("Language of the delegate's e-mails"), choices=options(MAIL_LANGUAGE_CHOICES))
    listed = BooleanField(
        _l("List them in the published participant list and proceedings"),
        description=_l("Only if they agreed to it. They can change it on their registration page."),
    )
    confirm = BooleanField(_l("Confirm at once"), default=True)
    waitlist_if_full = BooleanField(_l("If no seat is free, put them on the waiting list"))
    send_mail = BooleanField(_l("E-mail the delegate their confirmation"), default=True)


class ImportUploadForm(SafeForm):
    file = FileField(_l("CSV or XLSX file"), validators=[FileRequired(_l("Choose a file."))])


class ImportConfirmForm(SafeForm):
    digest = HiddenField()
    consent = BooleanField(
        _l("The people in this file agreed to the processing of their personal data for this event."),
        description=_l("Recorded as given on their behalf, under your name."),
        validators=[
            DataRequired(_l("Confirm that the people in this file agreed to the processing of their personal data."))
        ],
    )
    send_mail = BooleanField(_l("E-mail each new delegate their confirmation or waiting-list notice"))


class VisaLetterForm(VisaFields, SafeForm):
    """A delegate asks for a visa invitation letter after registering (their manage page)."""


class VisaDecisionForm(SafeForm):
    """An organizer's decision on a request: approve, or decline with the reason the delegate is sent."""

    action = HiddenField(validators=[AnyOf(["approve", "decline"])])
    reason = TextAreaField(
        _l("Reason for declining (sent to the delegate)"), validators=[Length(max=2000)], render_kw={"rows": 2}
    )


# --- "My registrations" by a mailed link (views_personal_signin.py) ----------------------------------


class DelegateLinkForm(SafeForm):
    email = EmailField(
        _l("E-mail"),
        validators=[DataRequired(), Email(_l("Enter a valid e-mail address.")), Length(max=254)],
        description=_l("The address you registered with."),
    )


class DelegateSessionForm(SafeForm):
    """Use a mailed link, or sign out: a button whose only field is the CSRF token."""


# --- a delegate's choices on their manage page (views_personal.py) ---------------------------------


class PreferencesForm(SafeForm):
    """One of the manage page's small forms: each sends only the choice it changes."""

    listed = HiddenField()  # "yes" / "no"
    language = SelectField(_l("Language of our e-mails"), choices=options(MAIL_LANGUAGE_CHOICES), validate_choice=False)
    announcements = HiddenField()  # "yes" / "no"

    def choices_made(self) -> dict:
        """Only what this submission changes, e.g. {"listed": True, "language": None, ...}."""
        flags = {"yes": True, "no": False}
        return {
            "listed": flags.get(self.listed.data),
            "language": self.language.data if self.language.data in ("en", "th") else None,
            "announcements": flags.get(self.announcements.data),
        }


class UnsubscribeForm(SafeForm):
    """The unsubscribe page's buttons (the route also takes RFC 8058 one-click POSTs, which carry no
    CSRF token and no form: the signed address is the secret)."""

    action = HiddenField(validators=[AnyOf(["unsubscribe", "resubscribe"])])
