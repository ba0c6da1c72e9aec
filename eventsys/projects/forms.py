"""What the projects pages accept: the organizers' call and criteria, a city's submission, a
reviewer's scores, the decision, the pitch session and the action item links."""

from __future__ import annotations

from flask_babel import lazy_gettext as _l
from sqlalchemy import select
from wtforms import DateField, IntegerField, RadioField, SelectField, StringField, TextAreaField, TimeField
from wtforms.fields.choices import SelectChoice
from wtforms.validators import DataRequired, InputRequired, Length, NumberRange, Optional, ValidationError

from eventsys.db import db
from eventsys.events.models import City, MemberState, TopicScheme
from eventsys.forms_base import CheckboxListField, SafeForm
from eventsys.i18n import pick
from eventsys.projects import services

STAGE_LABELS = {
    "idea": _l("Idea"),
    "planning": _l("Planning"),
    "pilot": _l("Pilot"),
    "scaling": _l("Scaling up"),
    "operating": _l("In operation"),
}
BUDGET_LABELS = {
    "under_100k": _l("Under USD 100,000"),
    "100k_1m": _l("USD 100,000 to 1 million"),
    "1m_10m": _l("USD 1 million to 10 million"),
    "10m_50m": _l("USD 10 million to 50 million"),
    "over_50m": _l("Over USD 50 million"),
}
SEEKING_LABELS = {"finance": _l("Finance"), "technology": _l("Technology"), "partner": _l("Partner")}
STATUS_LABELS = {
    "submitted": _l("Under review"),
    "accepted": _l("Accepted"),
    "declined": _l("Not selected"),
}


def options(pairs) -> list[SelectChoice]:
    """(value, label) pairs as the choices wtforms wants."""
    return [SelectChoice(value=value, label=label) for value, label in pairs]


def city_choices() -> list[SelectChoice]:
    """Every city, "City (member state)", by member state then city."""
    rows = db.session.execute(
        select(City, MemberState).join(MemberState).order_by(MemberState.position, City.name_en)
    ).all()
    return options([("", _l("Choose a city"))] + [(str(c.id), f"{c.name} ({m.name})") for c, m in rows])


class CallForm(SafeForm):
    closes_on = DateField(
        _l("Deadline: date"), validators=[InputRequired(message=_l("Give the date the call closes."))]
    )
    closes_time = TimeField(
        _l("Deadline: time (event's time zone)"),
        validators=[InputRequired(message=_l("Give the time the call closes."))],
    )
    intro_en = TextAreaField(_l("Introduction (English)"), validators=[Optional(), Length(max=4000)])
    intro_th = TextAreaField(_l("Introduction (Thai)"), validators=[Optional(), Length(max=4000)])


class CriterionForm(SafeForm):
    name_en = StringField(
        _l("Criterion (English)"), validators=[DataRequired(message=_l("Name the criterion.")), Length(max=200)]
    )
    name_th = StringField(_l("Criterion (Thai)"), validators=[Optional(), Length(max=200)])
    weight = IntegerField(
        _l("Weight"),
        default=1,
        validators=[
            InputRequired(message=_l("Give a weight from 1 to 10.")),
            NumberRange(1, 10, message=_l("Give a weight from 1 to 10.")),
        ],
    )
    scale_max = IntegerField(
        _l("Scale: from 1 to"),
        default=5,
        validators=[
            InputRequired(message=_l("Give the top of the scale, from 2 to 10.")),
            NumberRange(2, 10, message=_l("Give the top of the scale, from 2 to 10.")),
        ],
    )


class ProjectForm(SafeForm):
    title_en = StringField(
        _l("Title (English)"),
        validators=[DataRequired(message=_l("Give the project's title in English.")), Length(max=250)],
    )
    title_th = StringField(_l("Title (Thai, optional)"), validators=[Optional(), Length(max=250)])
    city_id = SelectField(_l("City"), validators=[DataRequired(message=_l("Choose the city of the project."))])
    # No Optional(): it would end the checks before validate_focus_areas, which needs one of the two.
    focus_areas = CheckboxListField(_l("ASCN focus areas"))
    dimensions = CheckboxListField(_l("Thailand's smart-city dimensions"), validators=[Optional()])
    stage = SelectField(
        _l("Stage"),
        choices=options([("", _l("Choose a stage")), *STAGE_LABELS.items()]),
        validators=[DataRequired(message=_l("Choose the project's stage."))],
    )
    budget_range = SelectField(
        _l("Budget"),
        choices=options([("", _l("Choose a budget range")), *BUDGET_LABELS.items()]),
        validators=[DataRequired(message=_l("Choose the project's budget range."))],
    )
    seeking = CheckboxListField(
        _l("The city seeks"),
        choices=options(SEEKING_LABELS.items()),
        validators=[DataRequired(message=_l("Choose at least one thing the city seeks."))],
    )
    description_en = TextAreaField(
        _l("Description (English)"),
        validators=[DataRequired(message=_l("Describe the project in English.")), Length(max=6000)],
    )
    description_th = TextAreaField(_l("Description (Thai, optional)"), validators=[Optional(), Length(max=6000)])

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.city_id.choices = city_choices()
        self.focus_areas.choices = options((str(t.id), t.name) for t in services.topics_of(TopicScheme.FOCUS_AREA))
        self.dimensions.choices = options(
            (str(t.id), t.name) for t in services.topics_of(TopicScheme.SMART_CITY_DIMENSION)
        )

    def validate_focus_areas(self, field) -> None:
        if not (field.data or self.dimensions.data):
            raise ValidationError(_l("Choose at least one focus area or smart-city dimension."))

    def submission(self) -> services.Submission:
        return services.Submission(
            title_en=self.title_en.data,
            title_th=self.title_th.data or "",
            city_id=int(self.city_id.data),
            stage=self.stage.data,
            budget_range=self.budget_range.data,
            seeking=list(self.seeking.data or []),
            topic_ids=[int(v) for v in (self.focus_areas.data or []) + (self.dimensions.data or [])],
            description_en=self.description_en.data or "",
            description_th=self.description_th.data or "",
        )

    def fill(self, data: services.Submission) -> None:
        self.title_en.data, self.title_th.data = data.title_en, data.title_th
        self.city_id.data = str(data.city_id)
        ids = {str(i) for i in data.topic_ids}
        self.focus_areas.data = [c.value for c in self.focus_areas.choices if c.value in ids]
        self.dimensions.data = [c.value for c in self.dimensions.choices if c.value in ids]
        self.stage.data, self.budget_range.data, self.seeking.data = data.stage, data.budget_range, data.seeking
        self.description_en.data, self.description_th.data = data.description_en, data.description_th


class ReviewForm(SafeForm):
    """One select per criterion of the call (`score-<criterion id>`), and a comment."""

    comment = TextAreaField(_l("Comment for the organizers"), validators=[Optional(), Length(max=4000)])


def review_form(call, formdata=None, review=None) -> ReviewForm:
    class Form(ReviewForm):
        pass

    for criterion in call.criteria:
        choices = options([("", _l("Choose a score"))] + [(str(n), str(n)) for n in range(1, criterion.scale_max + 1)])
        setattr(
            Form,
            f"score-{criterion.id}",
            SelectField(
                pick(criterion.name_en, criterion.name_th),
                choices=choices,
                validators=[DataRequired(message=_l("Score every criterion."))],
            ),
        )
    form = Form(formdata=formdata)
    if formdata is None and review is not None:
        form.comment.data = review.comment
        for criterion in call.criteria:
            value = (review.scores or {}).get(str(criterion.id))
            form[f"score-{criterion.id}"].data = str(value) if value else ""
    return form


def scores_from(form, call) -> dict:
    return {str(c.id): int(form[f"score-{c.id}"].data) for c in call.criteria}


class DecisionForm(SafeForm):
    decision = RadioField(
        _l("Decision"),
        choices=options([("accepted", _l("Accept")), ("declined", _l("Decline")), ("submitted", _l("Back to review"))]),
        validators=[InputRequired(message=_l("Choose a decision."))],
    )


class PitchForm(SafeForm):
    """Link an existing pitch session, or (session "new") create one on the day and time given."""

    session = SelectField(_l("Pitch session"), validators=[Optional()])
    day = DateField(_l("Day of a new pitch session"), validators=[Optional()])
    start = TimeField(_l("Starts at"), validators=[Optional()])
    minutes = IntegerField(
        _l("Minutes"),
        default=20,
        validators=[Optional(), NumberRange(5, 240, message=_l("Give a length from 5 to 240 minutes."))],
    )


class ActionLinkForm(SafeForm):
    action = SelectField(_l("Action item"), validators=[DataRequired(message=_l("Choose an action item."))])


class EmptyForm(SafeForm):
    """A button's form: the CSRF token only."""
