from __future__ import annotations

from flask_babel import lazy_gettext as _l
from wtforms import (
    BooleanField,
    EmailField,
    IntegerField,
    PasswordField,
    SelectField,
    StringField,
)
from wtforms.fields.choices import SelectChoice
from wtforms.validators import DataRequired, Email, EqualTo, Length, NumberRange

from eventsys.accounts.tokens import SCOPE_DESCRIPTIONS
from eventsys.forms_base import CheckboxListField, SafeForm


class LoginForm(SafeForm):
    email = EmailField(_l("E-mail"), validators=[DataRequired(), Email(), Length(max=254)])
    password = PasswordField(_l("Password"), validators=[DataRequired(), Length(max=200)])
    remember = BooleanField(_l("Keep me signed in on this device"))


class ForgotPasswordForm(SafeForm):
    email = EmailField(_l("E-mail"), validators=[DataRequired(), Email(), Length(max=254)])


class ResetPasswordForm(SafeForm):
    password = PasswordField(
        _l("New password"),
        validators=[DataRequired(), Length(min=10, max=200, message=_l("Use at least 10 characters."))],
    )
    confirm = PasswordField(
        _l("Repeat the new password"),
        validators=[DataRequired(), EqualTo("password", message=_l("The two passwords differ."))],
    )


class ApiTokenForm(SafeForm):
    name = StringField(
        _l("Token name"),
        validators=[DataRequired(), Length(max=100)],
        description=_l("What will use it, e.g. 'Door scanner 1'."),
    )
    scopes = CheckboxListField(
        _l("What it may do"),
        validators=[DataRequired(message=_l("Choose at least one scope."))],
    )
    expires_days = IntegerField(
        _l("Valid for (days)"),
        default=90,
        validators=[DataRequired(), NumberRange(min=1, max=730)],
        description=_l("From 1 to 730 days. Revoke it sooner below if it is lost."),
    )

    def __init__(self, *args, allowed: list[str] | None = None, **kwargs):
        super().__init__(*args, **kwargs)
        self.scopes.choices = [(s, f"{s}: {SCOPE_DESCRIPTIONS[s]}") for s in (allowed or ["read"])]
        fresh = kwargs.get("formdata", True) is None or not self.is_submitted()
        if not self.scopes.data and fresh:
            self.scopes.data = ["read"]


class InviteUserForm(SafeForm):
    email = EmailField(
        _l("E-mail"), validators=[DataRequired(), Email(_l("Enter a valid e-mail address.")), Length(max=254)]
    )
    name = StringField(
        _l("Name"), validators=[Length(max=160)], description=_l("As it should appear on pages and in the audit log.")
    )
    language = SelectField(
        _l("Language of the invitation"),
        choices=[SelectChoice(value="en", label="English"), SelectChoice(value="th", label="ไทย")],
        default="en",
        validators=[DataRequired()],
    )


class AccountActionForm(SafeForm):
    """Deactivate, reactivate, reset: a button whose only field is the CSRF token."""
