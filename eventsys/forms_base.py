"""The base of every form: control characters and out-of-range numbers are field errors.

Every form of the app derives from `SafeForm` (a Flask-WTF form, with CSRF) or, for the rows of a
`FormField`, from `SafeSubForm`. Their `Meta` gives each field, first in its chain:

- a check that what was typed holds no control character: NUL, vertical tab, form feed and the
  other C0 characters are refused everywhere, and tabs and line breaks too except in a text area
  (a lone surrogate is refused with them). PostgreSQL cannot store NUL; the others break the CSV,
  XLSX and PDF files the text ends up in, and no person types them.
- for number fields, that the number fits the database's `integer` (an id or a count beyond
  2**31 - 1 is not a value of this app).

The check runs before `Optional()` and `DataRequired()` (which take a lone vertical tab for
blank), so the person is told what to correct instead of the value going through.
"""

from __future__ import annotations

from flask_babel import gettext as _
from flask_wtf import FlaskForm
from wtforms import Form
from wtforms.fields import FieldList, FileField, FormField, IntegerField, SelectMultipleField, TextAreaField
from wtforms.validators import StopValidation
from wtforms.widgets import CheckboxInput, ListWidget

from eventsys.inputs import MAX_ID, has_control_characters


class NoControlCharacters:
    """Refuse a value holding a control character (tabs and line breaks allowed if `multiline`)."""

    field_flags: dict = {}  # noqa: RUF012  (wtforms reads it; never changed)

    def __init__(self, multiline: bool):
        self.multiline = multiline

    def __call__(self, form, field) -> None:
        for value in field.raw_data or ():
            if isinstance(value, str) and has_control_characters(value, multiline=self.multiline):
                field.errors.clear()  # "not a valid number/date": the control character is what to fix
                raise StopValidation(_("Remove control characters from this field."))


class WithinDatabaseRange:
    """A whole number the database can store, whatever range the field allows otherwise."""

    field_flags: dict = {}  # noqa: RUF012  (wtforms reads it; never changed)

    def __call__(self, form, field) -> None:
        if isinstance(field.data, int) and not -MAX_ID <= field.data <= MAX_ID:
            raise StopValidation(_("This number is too large."))


def checks_for(field) -> list:
    if isinstance(field, FormField | FieldList):
        return []  # containers: their own fields carry the checks
    checks = []
    if not isinstance(field, FileField):
        checks.append(NoControlCharacters(multiline=isinstance(field, TextAreaField)))
    if isinstance(field, IntegerField):
        checks.append(WithinDatabaseRange())
    return checks


class _CheckedMeta:
    def bind_field(self, form, unbound_field, options):
        field = super().bind_field(form, unbound_field, options)
        if field.name != getattr(self, "csrf_field_name", None):
            # A new list: the validators given to the field's class are shared by all its instances.
            field.validators = [*checks_for(field), *field.validators]
        return field


class SafeForm(FlaskForm):
    """A page's form: CSRF (Flask-WTF) and the checks above on every field."""

    class Meta(_CheckedMeta):
        pass


class SafeSubForm(Form):
    """A row inside a `FormField` (no CSRF of its own), with the same checks."""

    class Meta(_CheckedMeta):
        pass


class CheckboxListField(SelectMultipleField):
    """A multiple choice as a list of checkboxes (easier than a multiple select, also on a phone).
    Each box's id is `<field id>-<n>`: the error summary links a failed field to its first box."""

    widget = ListWidget(prefix_label=False)
    option_widget = CheckboxInput()
