"""The rapporteur's editor: English and Thai side by side, one row per item, one blank row to add."""

from __future__ import annotations

from flask_babel import lazy_gettext as _l
from wtforms import (
    DateField,
    FieldList,
    FormField,
    HiddenField,
    IntegerField,
    SelectField,
    SelectMultipleField,
    TextAreaField,
)
from wtforms.fields import SelectChoice
from wtforms.validators import DataRequired, Length, Optional

from eventsys.events.models import TopicScheme
from eventsys.forms_base import SafeForm, SafeSubForm
from eventsys.outcomes.content import ACTION_STATUSES, STATUS_LABELS


class _Tagged(SafeSubForm):
    id = HiddenField()
    focus_areas = SelectMultipleField(_l("Focus areas"), choices=[], validate_choice=True)
    dimensions = SelectMultipleField(_l("Smart-city dimensions"), choices=[], validate_choice=True)


class StatementForm(_Tagged):
    text_en = TextAreaField(_l("English"), validators=[Optional(), Length(max=4000)])
    text_th = TextAreaField(_l("Thai"), validators=[Optional(), Length(max=4000)])


class ActionItemForm(_Tagged):
    what_en = TextAreaField(_l("What (English)"), validators=[Optional(), Length(max=2000)])
    what_th = TextAreaField(_l("What (Thai)"), validators=[Optional(), Length(max=2000)])
    owner = SelectField(_l("Owner"), choices=[], validate_choice=False)
    due = DateField(_l("Due"), validators=[Optional()])
    # Checked by the content rules (outcomes.content.normalise), which also cover the API and demo.
    status = SelectField(
        _l("Status"),
        choices=[SelectChoice(s, STATUS_LABELS[s]) for s in ACTION_STATUSES],
        default="open",
        validate_choice=False,
    )


class OutcomeForm(SafeForm):
    base_number = IntegerField(validators=[Optional()])
    summary_en = TextAreaField(_l("Summary (English)"), validators=[DataRequired(), Length(max=10000)])
    summary_th = TextAreaField(_l("Summary (Thai)"), validators=[Optional(), Length(max=10000)])
    key_messages = FieldList(FormField(StatementForm))
    recommendations = FieldList(FormField(StatementForm))
    action_items = FieldList(FormField(ActionItemForm))

    def prepare(self, directory, content: dict | None) -> OutcomeForm:
        """Fill rows from `content` on a first view, keep one blank row per list, set choices."""
        if content is not None and not self.is_submitted():
            self.summary_en.data = content["summary_en"]
            self.summary_th.data = content["summary_th"]
            for name in ("key_messages", "recommendations", "action_items"):
                for item in content[name]:
                    getattr(self, name).append_entry(dict(item, due=_date(item.get("due"))))
        for name in ("key_messages", "recommendations", "action_items"):
            rows = getattr(self, name)
            if not rows.entries or _filled(rows.entries[-1].form):
                rows.append_entry()
        focus = directory.topic_choices(TopicScheme.FOCUS_AREA)
        dimensions = directory.topic_choices(TopicScheme.SMART_CITY_DIMENSION)
        owners = {"": [("", "—")], **directory.owner_choices()}
        for name in ("key_messages", "recommendations", "action_items"):
            for entry in getattr(self, name).entries:
                entry.form.focus_areas.choices = focus
                entry.form.dimensions.choices = dimensions
                if name == "action_items":
                    entry.form.owner.choices = owners
        return self

    def content(self) -> dict:
        def rows(name):
            return [
                {k: v for k, v in entry.form.data.items() if k != "csrf_token"} for entry in getattr(self, name).entries
            ]

        return {
            "summary_en": self.summary_en.data,
            "summary_th": self.summary_th.data,
            "key_messages": rows("key_messages"),
            "recommendations": rows("recommendations"),
            "action_items": rows("action_items"),
        }


def _filled(form) -> bool:
    return any(
        (getattr(form, f).data or "").strip() for f in ("text_en", "text_th", "what_en", "what_th") if hasattr(form, f)
    )


def _date(value):
    import datetime as dt

    return dt.date.fromisoformat(value) if value else None


class ReturnForm(SafeForm):
    base_number = IntegerField(validators=[Optional()])
    comment = TextAreaField(_l("What should change"), validators=[DataRequired(), Length(max=4000)])


class WorkflowForm(SafeForm):
    base_number = IntegerField(validators=[Optional()])
