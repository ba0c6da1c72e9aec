"""What the feedback pages accept: the organizers' survey settings and a delegate's answers.

The survey form is built per delegate: one rating and one comment for the event and for each
session they attended, named `rating-<target>` and `comment-<target>`.
"""

from __future__ import annotations

from flask_babel import lazy_gettext as _l
from wtforms import BooleanField, DateField, RadioField, StringField, TextAreaField
from wtforms.fields.choices import SelectChoice
from wtforms.validators import InputRequired, Length, Optional, ValidationError

from eventsys.feedback.services import COMMENT_LIMIT, RATINGS
from eventsys.forms_base import SafeForm

RATING_LABELS = {
    1: _l("1: very poor"),
    2: _l("2: poor"),
    3: _l("3: fair"),
    4: _l("4: good"),
    5: _l("5: excellent"),
}


class SettingsForm(SafeForm):
    opens_on = DateField(
        _l("Opens on"),
        validators=[Optional()],
        description=_l("Leave empty to open the survey when the event ends."),
    )
    closes_on = DateField(
        _l("Closes at the end of"),
        validators=[InputRequired(message=_l("Choose the last day delegates may answer."))],
        description=_l("Required before the invitations can be sent."),
    )
    question_en = StringField(_l("Your own question (English, optional)"), validators=[Optional(), Length(max=300)])
    question_th = StringField(_l("Your own question (Thai, optional)"), validators=[Optional(), Length(max=300)])

    def validate_closes_on(self, field) -> None:
        if field.data and self.opens_on.data and field.data < self.opens_on.data:
            raise ValidationError(_l("The survey cannot close before it opens."))

    def validate_question_th(self, field) -> None:
        if (field.data or "").strip() and not (self.question_en.data or "").strip():
            raise ValidationError(_l("Write the question in English too."))


class SendForm(SafeForm):
    """The "Send invitations" button (its CSRF token)."""


class SurveyForm(SafeForm):
    named = BooleanField(_l("My rapporteur may see my name with my comments"), default=False)


def survey_form(targets: list[tuple[str, str]], *, extra_question: str = "", formdata=None) -> SurveyForm:
    """The survey for `targets` ((key, legend) pairs not answered yet). Every rating is optional
    but a comment needs one, and at least one target must be rated."""

    class Form(SurveyForm):
        pass

    for key, legend in targets:
        setattr(
            Form,
            f"rating-{key}",
            RadioField(
                legend,
                choices=[SelectChoice(value=str(r), label=RATING_LABELS[r]) for r in RATINGS],
                validators=[Optional()],
                validate_choice=True,
                invalid_choice_message=_l("Choose a rating from 1 to 5."),
            ),
        )
        setattr(
            Form,
            f"comment-{key}",
            TextAreaField(_l("Comment (optional)"), validators=[Optional(), Length(max=COMMENT_LIMIT)]),
        )
    if extra_question and any(key == "event" for key, _legend in targets):
        setattr(Form, "extra-event", TextAreaField(extra_question, validators=[Optional(), Length(max=COMMENT_LIMIT)]))
    form = Form(formdata=formdata) if formdata is not None else Form()
    form.target_keys = [key for key, _legend in targets]
    return form


def check_answers(form: SurveyForm) -> bool:
    """The rules across fields: a comment needs its rating, and something must be rated."""
    ok = True
    rated = 0
    for key in form.target_keys:
        rating, comment = form[f"rating-{key}"], form[f"comment-{key}"]
        if rating.data:
            rated += 1
        elif (comment.data or "").strip():
            rating.errors = [*rating.errors, str(_l("Choose a rating for your comment."))]
            ok = False
    if ok and not rated:
        form.form_errors.append(str(_l("Choose a rating for at least one question.")))
        ok = False
    return ok
