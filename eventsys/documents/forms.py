"""Forms of the documents area: revoking, who signs, the images, the layouts."""

from __future__ import annotations

from flask_babel import lazy_gettext as _l
from flask_wtf.file import FileField
from wtforms import BooleanField, StringField, TextAreaField
from wtforms.validators import DataRequired, Length

from eventsys.documents.rendering import LAYOUT_MAX_CHARS
from eventsys.forms_base import SafeForm


class RevokeForm(SafeForm):
    reason = StringField(
        _l("Reason (shown on the verify page)"),
        validators=[DataRequired(_l("Say why the document is revoked.")), Length(max=500)],
    )


class ConfirmForm(SafeForm):
    """A button that changes something: issue, mail, start the bulk job."""

    mail = BooleanField(_l("Mail each new certificate to its holder"))


class SettingsForm(SafeForm):
    organisation_en = StringField(_l("Issuing organisation (English)"), validators=[Length(max=200)])
    organisation_th = StringField(_l("Issuing organisation (Thai)"), validators=[Length(max=200)])
    signatory_name_en = StringField(_l("Signatory's name (English)"), validators=[Length(max=200)])
    signatory_name_th = StringField(_l("Signatory's name (Thai)"), validators=[Length(max=200)])
    signatory_title_en = StringField(_l("Signatory's title (English)"), validators=[Length(max=200)])
    signatory_title_th = StringField(_l("Signatory's title (Thai)"), validators=[Length(max=200)])
    logo = FileField(_l("Letterhead logo (PNG or JPEG, at most 1 MB)"))
    signature = FileField(_l("Signature image (PNG or JPEG, at most 1 MB)"))
    remove_logo = BooleanField(_l("Remove the logo"))
    remove_signature = BooleanField(_l("Remove the signature image"))


class LayoutForm(SafeForm):
    source = TextAreaField(
        _l("Layout (HTML and CSS)"),
        validators=[DataRequired(_l("The layout is empty.")), Length(max=LAYOUT_MAX_CHARS)],
    )
