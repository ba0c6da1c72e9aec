"""The rapporteur's editor: English and Thai side by side, one row per item.

Rows are added and removed in place by static/js/outcome-editor.js, or without JavaScript by the
"Add" and "Remove" buttons, which post the form back to be shown again with one row more or less
(nothing saved). A list starts with one blank row only while it is empty, so saving never adds one.
Topics are checkbox groups (a fieldset each), not Ctrl-click multi-selects."""

from __future__ import annotations

from flask_babel import lazy_gettext as _l
from wtforms import (
    DateField,
    FieldList,
    FormField,
    HiddenField,
    IntegerField,
    SelectField,
    TextAreaField,
)
from wtforms.fields import SelectChoice
from wtforms.validators import DataRequired, Length, Optional

from eventsys.events.models import TopicScheme
from eventsys.forms_base import CheckboxListField, SafeForm, SafeSubForm
from eventsys.outcomes.content import ACTION_STATUSES, LIST_FIELDS, STATUS_LABELS


def _checkboxes(label):
    return CheckboxListField(label, choices=[], validate_choice=True)


class _Tagged(SafeSubForm):
    id = HiddenField()
    focus_areas = _checkboxes(_l("Focus areas"))
    dimensions = _checkboxes(_l("Smart-city dimensions"))


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
    # The labels name a row in the error summary ("Action items 2: Due: ...").
    key_messages = FieldList(FormField(StatementForm), label=_l("Key messages"))
    recommendations = FieldList(FormField(StatementForm), label=_l("Recommendations"))
    action_items = FieldList(FormField(ActionItemForm), label=_l("Action items"))

    def prepare(self, directory, content: dict | None) -> OutcomeForm:
        """Fill rows from `content` on a first view (a blank row for a list still empty), set choices."""
        if not self.is_submitted():
            if content is not None:
                self.summary_en.data = content["summary_en"]
                self.summary_th.data = content["summary_th"]
            for name in LIST_FIELDS:
                rows = getattr(self, name)
                for item in content[name] if content is not None else []:
                    rows.append_entry(dict(item, due=_date(item.get("due"))))
                if not rows.entries:
                    rows.append_entry()
        self._directory = directory
        for name in LIST_FIELDS:
            for entry in getattr(self, name).entries:
                self._set_choices(name, entry.form)
        return self

    def _set_choices(self, name: str, form) -> None:
        form.focus_areas.choices = self._directory.topic_choices(TopicScheme.FOCUS_AREA)
        form.dimensions.choices = self._directory.topic_choices(TopicScheme.SMART_CITY_DIMENSION)
        if name == "action_items":
            form.owner.choices = {"": [("", "—")], **self._directory.owner_choices()}

    def change_rows(self, add: str | None, remove: str | None) -> str | None:
        """The no-JavaScript "Add" (a list's name) or "Remove" (a row's name, "recommendations-2"):
        returns the name of the row added, or None. Unknown names change nothing."""
        if add in LIST_FIELDS:
            rows = getattr(self, add)
            rows.append_entry()
            new = rows.entries[-1].form
            self._set_choices(add, new)
            (new.what_en if add == "action_items" else new.text_en).render_kw = {"autofocus": True}
            return rows.entries[-1].name
        if remove:
            name = remove.rpartition("-")[0]
            if name in LIST_FIELDS:
                rows = getattr(self, name)
                rows.entries = [e for e in rows.entries if e.name != remove]
        return None

    def blank_row(self, name: str):
        """A row of list `name` numbered "__index__", for the page's <template> that JavaScript copies."""
        form = (ActionItemForm if name == "action_items" else StatementForm)(prefix=f"{name}-__index__")
        self._set_choices(name, form)
        return form

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


def _date(value):
    import datetime as dt

    return dt.date.fromisoformat(value) if value else None


class ReturnForm(SafeForm):
    base_number = IntegerField(validators=[Optional()])
    comment = TextAreaField(_l("What should change"), validators=[DataRequired(), Length(max=4000)])


class WorkflowForm(SafeForm):
    base_number = IntegerField(validators=[Optional()])
