"""What the team pages accept: an invitation, an invitee's new account, a report editor."""

from __future__ import annotations

from flask_babel import gettext as _
from flask_babel import lazy_gettext as _l
from wtforms import EmailField, PasswordField, SelectField, StringField
from wtforms.validators import DataRequired, Email, EqualTo, Length

from eventsys.accounts.models import Role
from eventsys.forms_base import CheckboxListField, SafeForm
from eventsys.i18n import LOCALE_NAMES, LOCALES


def role_label(role) -> str:
    """An event role in the reader's language: the msgids of the `role_label` template global, which
    lives in the accounts package's `__init__` beside the set-up of its pages (views import no pages)."""
    labels = {
        "organizer": _("Organizer"),
        "rapporteur": _("Rapporteur"),
        "checkin_staff": _("Check-in staff"),
        "reviewer": _("Project reviewer"),  # the projects area's call (eventsys/projects)
    }
    return labels.get(getattr(role, "value", role), str(role))


def role_choices() -> list[tuple[str, str]]:
    return [(role.value, role_label(role)) for role in Role]


class InviteForm(SafeForm):
    email = EmailField(_l("E-mail"), validators=[DataRequired(), Email(), Length(max=254)])
    roles = CheckboxListField(
        _l("Roles"),
        validators=[DataRequired(message=_l("Choose at least one role."))],
    )
    language = SelectField(
        _l("Language of the invitation"),
        choices=[(code, LOCALE_NAMES[code]) for code in LOCALES],
        validators=[DataRequired()],
        description=_l("The mail and the acceptance page are in this language."),
    )

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.roles.choices = role_choices()


class NewAccountForm(SafeForm):
    name = StringField(
        _l("Your name"),
        validators=[DataRequired(), Length(max=160)],
        description=_l("As colleagues should see it, e.g. Dr. Nuttapon Nimmanphatcharin."),
    )
    password = PasswordField(
        _l("Choose a password"),
        validators=[DataRequired(), Length(min=10, max=200, message=_l("Use at least 10 characters."))],
    )
    confirm = PasswordField(
        _l("Repeat the password"),
        validators=[DataRequired(), EqualTo("password", message=_l("The two passwords differ."))],
    )


class ReportEditorForm(SafeForm):
    email = EmailField(
        _l("E-mail of the account"),
        validators=[DataRequired(), Email(), Length(max=254)],
        description=_l("The person needs an account, e.g. as a rapporteur on an event's team."),
    )
