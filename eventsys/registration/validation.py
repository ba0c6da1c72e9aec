"""Turn what a delegate sent (form or JSON) into clean values, or InvalidRegistration with a
message per field. One validator for every edge, so the form and the API agree on every rule."""

from __future__ import annotations

import datetime as dt
import re

from email_validator import EmailNotValidError, validate_email
from flask_babel import gettext as _

from eventsys.db import utcnow
from eventsys.i18n import format_day
from eventsys.registration.choices import ALL_COUNTRY_CODES, city_by_slug
from eventsys.registration.errors import InvalidRegistration
from eventsys.registration.models import Question, QuestionKind, RegistrationCategory, VisaDetails

# field -> (required, max length)
TEXT_FIELDS = {
    "first_name": (True, 100),
    "last_name": (True, 100),
    "local_name": (False, 200),
    "organisation": (False, 200),
    "position": (False, 200),
    "dietary": (False, 500),
    "accessibility": (False, 500),
}
ANSWER_MAX = 2000
# Fields a delegate may change later through the manage link (e-mail and category stay: they
# decide identity and seats, so only organizers change those).
EDITABLE_FIELDS = (
    "first_name",
    "last_name",
    "local_name",
    "organisation",
    "position",
    "country",
    "city",
    "dietary",
    "accessibility",
    "answers",
    "listed",
    "language",
)
MAIL_LANGUAGES = ("en", "th")


def normalise_email(value: str) -> str:
    return value.strip().lower()


def _text(data: dict, name: str, required: bool, limit: int, errors: dict) -> str:
    value = data.get(name)
    if value is None:
        value = ""
    if not isinstance(value, str):
        errors[name] = _("Must be text.")
        return ""
    value = " ".join(value.split()) if name in ("first_name", "last_name", "local_name") else value.strip()
    if required and not value:
        errors[name] = _("This field is required.")
    elif len(value) > limit:
        errors[name] = _("At most %(n)d characters.", n=limit)
    return value


def _email(data: dict, errors: dict) -> str:
    value = data.get("email")
    if not isinstance(value, str) or not value.strip():
        errors["email"] = _("This field is required.") if not value else _("Must be text.")
        return ""
    value = normalise_email(value)
    if len(value) > 254:
        errors["email"] = _("At most %(n)d characters.", n=254)
        return value
    try:
        validate_email(value, check_deliverability=False)
    except EmailNotValidError:
        errors["email"] = _("Enter a valid e-mail address.")
    return value


def _flag(data: dict, name: str, errors: dict) -> bool | None:
    """A yes/no the delegate may leave out (None); JSON must say true or false, nothing else."""
    value = data.get(name)
    if value is None:
        return None
    if not isinstance(value, bool):
        errors[name] = _("Must be true or false.")
        return None
    return value


def _language(data: dict, errors: dict) -> str | None:
    value = data.get("language")
    if value in (None, ""):
        return None
    if value not in MAIL_LANGUAGES:
        errors["language"] = _("Choose English (en) or Thai (th).")
        return None
    return value


def _choice_key(question: Question, value) -> str | None:
    keys = {c.get("key") for c in question.choices or []}
    return value if isinstance(value, str) and value in keys else None


def clean_answers(questions: list[Question], raw, errors: dict) -> dict[int, str]:
    """Answers by question id; unknown keys are refused so typos do not vanish silently."""
    if raw is None:
        raw = {}
    if not isinstance(raw, dict):
        errors["answers"] = _("Must be an object of answers by question key.")
        return {}
    known = {q.key: q for q in questions}
    unknown = sorted(set(raw) - set(known))
    if unknown:
        errors["answers"] = _("Unknown question: %(keys)s.", keys=", ".join(unknown))
    cleaned = {}
    for question in questions:
        field = f"answers.{question.key}"
        value = raw.get(question.key)
        if question.kind == QuestionKind.YES_NO and isinstance(value, bool):
            value = "yes" if value else "no"
        if value is None or value == "":
            if question.required:
                errors[field] = _("This question needs an answer.")
            continue
        if question.kind == QuestionKind.TEXT:
            if not isinstance(value, str):
                errors[field] = _("Must be text.")
            elif len(value.strip()) > ANSWER_MAX:
                errors[field] = _("At most %(n)d characters.", n=ANSWER_MAX)
            elif value.strip():
                cleaned[question.id] = value.strip()
            elif question.required:
                errors[field] = _("This question needs an answer.")
        elif question.kind == QuestionKind.YES_NO:
            if value not in ("yes", "no"):
                errors[field] = _("Answer yes or no.")
            else:
                cleaned[question.id] = value
        else:
            key = _choice_key(question, value)
            if key is None:
                errors[field] = _("Choose one of the offered answers.")
            else:
                cleaned[question.id] = key
    return cleaned


# A visa letter's passport details (the form's visa_* fields, the API's `visa_letter` object).
VISA_FIELDS = ("name_in_passport", "nationality", "passport_number", "passport_expiry", "date_of_birth")
PASSPORT_NUMBER = re.compile(r"[A-Z0-9]{5,20}")
AGE_RANGE = (16, 110)  # a delegate's plausible age on the event's first day


def _day(value) -> dt.date | None:
    if isinstance(value, dt.date) and not isinstance(value, dt.datetime):
        return value
    try:
        return dt.date.fromisoformat(value.strip()) if isinstance(value, str) else None
    except ValueError:
        return None


def _age(born: dt.date, on: dt.date) -> int:
    return on.year - born.year - ((on.month, on.day) < (born.month, born.day))


def clean_visa_details(raw, event, errors: dict, *, prefix: str = "visa_letter.") -> VisaDetails | None:
    """The passport details a visa invitation letter needs, checked for `event`, or None with a
    message per field in `errors` (keys `prefix` + field name)."""
    if not isinstance(raw, dict):
        errors[prefix.rstrip(".")] = _("Must be an object with the passport details.")
        return None
    before = len(errors)
    name = raw.get("name_in_passport")
    name = " ".join(name.split()) if isinstance(name, str) else ""
    if not name:
        errors[prefix + "name_in_passport"] = _("This field is required.")
    elif len(name) > 200:
        errors[prefix + "name_in_passport"] = _("At most %(n)d characters.", n=200)
    nationality = raw.get("nationality")
    nationality = nationality.strip().upper() if isinstance(nationality, str) else ""
    if not nationality:
        errors[prefix + "nationality"] = _("This field is required.")
    elif nationality not in ALL_COUNTRY_CODES:
        errors[prefix + "nationality"] = _("Unknown country: use an ISO 3166 two-letter code.")
    number = raw.get("passport_number")
    # As people type it: spaces and hyphens between groups go, letters become capitals.
    number = re.sub(r"[\s-]+", "", number).upper() if isinstance(number, str) else ""
    if not number:
        errors[prefix + "passport_number"] = _("This field is required.")
    elif not PASSPORT_NUMBER.fullmatch(number):
        errors[prefix + "passport_number"] = _("A passport number has 5 to 20 letters and digits.")
    dates = {}
    for field in ("passport_expiry", "date_of_birth"):
        value = raw.get(field)
        dates[field] = _day(value)
        if value in (None, ""):
            errors[prefix + field] = _("This field is required.")
        elif dates[field] is None:
            errors[prefix + field] = _("Enter a date as YYYY-MM-DD.")
    expiry, born = dates["passport_expiry"], dates["date_of_birth"]
    if expiry is not None and expiry <= event.end_date:
        errors[prefix + "passport_expiry"] = _(
            "The passport must still be valid after the event's last day (%(date)s).", date=format_day(event.end_date)
        )
    if born is not None:
        if born >= utcnow().date():
            errors[prefix + "date_of_birth"] = _("The date of birth must be in the past.")
        elif not AGE_RANGE[0] <= _age(born, event.start_date) <= AGE_RANGE[1]:
            errors[prefix + "date_of_birth"] = _(
                "Check the date of birth: delegates are between %(low)d and %(high)d years old.",
                low=AGE_RANGE[0],
                high=AGE_RANGE[1],
            )
    if len(errors) > before:
        return None
    return VisaDetails(
        name_in_passport=name,
        nationality=nationality,
        passport_number=number,
        passport_expiry=expiry,
        date_of_birth=born,
    )


def clean_registration(data, questions: list[Question], *, partial: bool = False, event=None) -> dict:
    """Validate a whole registration (or, with `partial`, the fields a delegate may edit). With
    `event`, a new registration's `visa_letter` (passport details for a visa invitation letter; None
    or absent: no letter wanted) is checked too and given back as VisaDetails."""
    if not isinstance(data, dict):
        raise InvalidRegistration({"body": _("Send a JSON object.")})
    errors: dict[str, str] = {}
    clean: dict = {}
    for name, (required, limit) in TEXT_FIELDS.items():
        clean[name] = _text(data, name, required, limit, errors)
    country = data.get("country")
    if not isinstance(country, str) or not country.strip():
        errors["country"] = _("This field is required.")
    elif country.strip().upper() not in ALL_COUNTRY_CODES:
        errors["country"] = _("Unknown country: use an ISO 3166 two-letter code.")
    else:
        clean["country_code"] = country.strip().upper()
    city = data.get("city")
    clean["city"] = None
    if city not in (None, ""):
        row = city_by_slug(city) if isinstance(city, str) else None
        if row is None:
            errors["city"] = _("Unknown ASCN city.")
        else:
            clean["city"] = row
    clean["answers"] = clean_answers(questions, data.get("answers"), errors)
    # Listed in the published participant list and proceedings: only by an explicit yes.
    clean["listed"] = _flag(data, "listed", errors)
    clean["language"] = _language(data, errors)
    if not partial:
        clean["email"] = _email(data, errors)
        category = data.get("category")
        try:
            clean["category"] = RegistrationCategory(category)
        except ValueError:
            errors["category"] = _("This field is required.") if category in (None, "") else _("Unknown category.")
        if data.get("consent") is not True:
            errors["consent"] = _("Please agree to the processing of your personal data to register.")
        visa = data.get("visa_letter")
        wanted = event is not None and visa is not None and visa is not False
        clean["visa_letter"] = clean_visa_details(visa, event, errors) if wanted else None
    if errors:
        raise InvalidRegistration(errors)
    return clean
