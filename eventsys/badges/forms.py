"""Forms of the badges area: the design, and what to print."""

from __future__ import annotations

import re

from flask_babel import lazy_gettext as _l
from wtforms import (
    BooleanField,
    IntegerField,
    SelectField,
    SelectMultipleField,
    StringField,
    SubmitField,
    TextAreaField,
)
from wtforms.validators import DataRequired, Length, NumberRange, Optional, ValidationError

from eventsys.badges.layouts import layout_choices
from eventsys.badges.rendering import CATEGORY_COLOURS
from eventsys.forms_base import SafeForm
from eventsys.registration.models import RegistrationCategory

HEX_COLOUR = re.compile(r"^#[0-9a-fA-F]{6}$")


def category_choices():
    from eventsys.badges.services import category_label

    return [(category.value, category_label(category)) for category in RegistrationCategory]


class DesignForm(SafeForm):
    layout = SelectField(_l("Default sheet"))
    label_columns = IntegerField(_l("Label columns"), validators=[NumberRange(1, 6)])
    label_rows = IntegerField(_l("Label rows"), validators=[NumberRange(1, 12)])
    label_width_mm = IntegerField(_l("Label width (mm)"), validators=[NumberRange(40, 200)])
    label_height_mm = IntegerField(_l("Label height (mm)"), validators=[NumberRange(25, 280)])
    margin_top_mm = IntegerField(_l("Top margin (mm)"), validators=[NumberRange(0, 100)])
    margin_left_mm = IntegerField(_l("Left margin (mm)"), validators=[NumberRange(0, 100)])
    gap_mm = IntegerField(_l("Gap between labels (mm)"), validators=[NumberRange(0, 30)])
    save = SubmitField(_l("Save design"))

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.layout.choices = layout_choices()
        self.colour_fields = []
        for category in RegistrationCategory:
            name = f"colour_{category.value}"
            self.colour_fields.append((category, name))

    def colours_from(self, formdata) -> dict[str, str]:
        colours = {}
        for category, name in self.colour_fields:
            value = (formdata.get(name) or "").strip()
            if value and not HEX_COLOUR.match(value):
                raise ValidationError(_l("Colours are written #rrggbb."))
            if value and value.lower() != CATEGORY_COLOURS[category.value]:
                colours[category.value] = value.lower()
        return colours


class PrintForm(SafeForm):
    layout = SelectField(_l("Sheet"), id="print_layout")  # the design form on the same page has a `layout`
    categories = SelectMultipleField(_l("Categories (none chosen: all)"), validators=[Optional()])
    only_unprinted = BooleanField(_l("Only badges not printed yet"))
    search = StringField(_l("Name or organisation contains"), validators=[Optional()])
    submit = SubmitField(_l("Print badges"))

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.layout.choices = layout_choices()
        self.categories.choices = category_choices()


class ReplaceForm(SafeForm):
    """Replace one person's badge: the old code stops admitting anyone, a new one is issued."""

    reason = TextAreaField(
        _l("Why is the badge replaced?"),
        validators=[
            DataRequired(_l("Say why the badge is replaced (for example: lost, or a wrong name).")),
            Length(max=500),
        ],
    )
    submit = SubmitField(_l("Replace the badge"))
