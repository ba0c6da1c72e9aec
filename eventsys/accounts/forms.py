from __future__ import annotations

from flask_babel import lazy_gettext as _l
from flask_wtf import FlaskForm
from wtforms import BooleanField, EmailField, PasswordField, SelectField, StringField
from wtforms.fields.choices import SelectChoice
from wtforms.validators import DataRequired, Email, EqualTo, Length


class LoginForm(FlaskForm):
    email = EmailField(_l("E-mail"), validators=[DataRequired(), Email(), Length(max=254)])
    password = PasswordField(_l("Password"), validators=[DataRequired(), Length(max=200)])
    remember = BooleanField(_l("Keep me signed in on this device"))


class ForgotPasswordForm(FlaskForm):
    email = EmailField(_l("E-mail"), validators=[DataRequired(), Email(), Length(max=254)])


class ResetPasswordForm(FlaskForm):
    password = PasswordField(
        _l("New password"),
        validators=[DataRequired(), Length(min=10, max=200, message=_l("Use at least 10 characters."))],
    )
    confirm = PasswordField(
        _l("Repeat the new password"),
        validators=[DataRequired(), EqualTo("password", message=_l("The two passwords differ."))],
    )


class ApiTokenForm(FlaskForm):
    name = StringField(
        _l("Token name"),
        validators=[DataRequired(), Length(max=100)],
        description=_l("What will use it, e.g. 'Door scanner 1'."),
    )


class InviteUserForm(FlaskForm):
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


class AccountActionForm(FlaskForm):
    """Deactivate, reactivate, reset: a button whose only field is the CSRF token."""
