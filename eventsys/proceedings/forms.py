"""What an organizer fills in: the book's options and the foreword."""

from __future__ import annotations

from flask_babel import lazy_gettext as _l
from wtforms import SelectField, StringField, TextAreaField
from wtforms.validators import DataRequired, Length

from eventsys.forms_base import CheckboxListField, SafeForm
from eventsys.proceedings.options import PARTS, BookOptions

PART_LABELS = {
    "foreword": _l("Foreword"),
    "contents": _l("Contents"),
    "programme": _l("Programme"),
    "sessions": _l("Sessions (one chapter each)"),
    "index": _l("Index of people"),
    "participants": _l("Participants"),
}


class BookOptionsForm(SafeForm):
    language = SelectField(
        _l("Language"),
        choices=[("en", _l("English")), ("th", _l("Thai")), ("both", _l("English and Thai side by side"))],
    )
    parts = CheckboxListField(
        _l("Parts to include"),
        choices=[(p, PART_LABELS[p]) for p in PARTS],
        default=list(PARTS),
        validators=[DataRequired(_l("Choose at least one part."))],
    )
    watermark = SelectField(
        _l("Draft watermark"),
        choices=[
            ("until_approved", _l("Until all outcomes are approved")),
            ("always", _l("Always (a draft)")),
            ("never", _l("Never")),
        ],
    )

    def to_options(self) -> BookOptions:
        return BookOptions(language=self.language.data, parts=tuple(self.parts.data), watermark=self.watermark.data)


class ForewordForm(SafeForm):
    text_en = TextAreaField(
        _l("Foreword in English"),
        validators=[Length(max=20000)],
        description=_l("Separate paragraphs with an empty line."),
        render_kw={"rows": 10},
    )
    text_th = TextAreaField(
        _l("Foreword in Thai"), validators=[Length(max=20000)], render_kw={"rows": 10, "lang": "th"}
    )
    signed_by = StringField(
        _l("Signed by"),
        validators=[Length(max=200)],
        description=_l("For example: the Chair of the ASCN, on behalf of the organizers."),
    )
