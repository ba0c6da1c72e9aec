from __future__ import annotations

from flask_babel import lazy_gettext as _l
from wtforms import DateField, SelectField, StringField, TextAreaField
from wtforms.validators import DataRequired, Length, Optional

from eventsys.forms_base import SafeForm


class ReportForm(SafeForm):
    slug = StringField(
        _l("Address (slug)"),
        validators=[DataRequired(), Length(max=100)],
        description=_l("Lower-case letters, digits and hyphens, e.g. ascn-outcomes-36th-asean-summit."),
    )
    title_en = StringField(_l("Title (English)"), validators=[DataRequired(), Length(max=250)])
    title_th = StringField(_l("Title (Thai)"), validators=[Optional(), Length(max=250)])
    target_en = StringField(
        _l("Reported to (English)"), validators=[Optional(), Length(max=200)], description=_l("e.g. 35th ASEAN Summit")
    )
    target_th = StringField(_l("Reported to (Thai)"), validators=[Optional(), Length(max=200)])
    target_date = DateField(_l("Date of the summit"), validators=[Optional()])
    introduction_en = TextAreaField(_l("Introduction (English)"), validators=[Optional(), Length(max=20000)])
    introduction_th = TextAreaField(_l("Introduction (Thai)"), validators=[Optional(), Length(max=20000)])


class SectionForm(SafeForm):
    # Own ids: the report's page shows the report form too, whose fields have the same names.
    title_en = StringField(
        _l("Section title (English)"), id="section_title_en", validators=[DataRequired(), Length(max=250)]
    )
    title_th = StringField(_l("Section title (Thai)"), id="section_title_th", validators=[Optional(), Length(max=250)])
    text_en = TextAreaField(_l("Opening text (English)"), validators=[Optional(), Length(max=20000)])
    text_th = TextAreaField(_l("Opening text (Thai)"), validators=[Optional(), Length(max=20000)])


class CiteForm(SafeForm):
    source = SelectField(_l("Approved outcome or recommendation"), choices=[], validate_choice=True)
    connecting_en = TextAreaField(_l("Connecting text (English)"), validators=[Optional(), Length(max=4000)])
    connecting_th = TextAreaField(_l("Connecting text (Thai)"), validators=[Optional(), Length(max=4000)])


class ItemTextForm(SafeForm):
    connecting_en = TextAreaField(_l("Connecting text (English)"), validators=[Optional(), Length(max=4000)])
    connecting_th = TextAreaField(_l("Connecting text (Thai)"), validators=[Optional(), Length(max=4000)])
