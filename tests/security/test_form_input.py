"""Control characters are refused at input, with a field error, by every form (eventsys/forms_base.py)."""

from __future__ import annotations

import pytest
from sqlalchemy import func, select
from werkzeug.datastructures import MultiDict
from wtforms import IntegerField, SelectField, StringField, TextAreaField
from wtforms.validators import DataRequired, Optional

from eventsys.db import db
from eventsys.events.models import Event
from eventsys.forms_base import SafeForm
from eventsys.registration.models import Registration
from tests.conftest import login
from tests.events.test_manage import NEW_EVENT

MESSAGE = "Remove control characters from this field."


class Sample(SafeForm):
    name = StringField(validators=[Optional()])
    required = StringField(validators=[DataRequired()])
    notes = TextAreaField(validators=[Optional()])
    count = IntegerField(validators=[Optional()])
    choice = SelectField(choices=[("a", "A")], validate_choice=False)


def errors(app, **data) -> dict:
    with app.test_request_context("/?lang=en", method="POST"):
        form = Sample(formdata=MultiDict({"required": "ok", **data}))
        form.validate()
        return form.errors


@pytest.mark.parametrize("character", ["\x00", "\x01", "\x08", "\x0b", "\x0c", "\x0e", "\x1b", "\x1f", "\ud800"])
def test_every_field_refuses_a_control_character(app, character):
    found = errors(app, name=f"a{character}b", notes=character, count=character, choice=character)
    assert found == {"name": [MESSAGE], "notes": [MESSAGE], "count": [MESSAGE], "choice": [MESSAGE]}


def test_the_refusal_comes_before_optional_and_required(app):
    """A lone vertical tab is blank to str.strip(): Optional() would let it through unseen."""
    assert errors(app, name="\x0b", required="\x0c") == {"name": [MESSAGE], "required": [MESSAGE]}


def test_tabs_and_line_breaks_only_in_text_areas(app):
    assert errors(app, notes="one\r\ntwo\tthree\n") == {}
    assert errors(app, name="one\ttwo") == {"name": [MESSAGE]}
    assert errors(app, name="one\ntwo") == {"name": [MESSAGE]}


def test_a_number_the_database_cannot_store_is_a_field_error(app):
    assert errors(app, count="2147483647") == {}
    assert errors(app, count="-2147483647") == {}
    assert errors(app, count="2147483648") == {"count": ["This number is too large."]}
    assert errors(app, count="-99999999999999999999") == {"count": ["This number is too large."]}


def test_the_checks_are_not_added_again_with_each_form(app):
    for _ in range(3):
        errors(app)
    with app.test_request_context("/", method="POST"):
        form = Sample(formdata=MultiDict())
        assert len(form.name.validators) == 2  # the check, then Optional()
        assert len(Sample.name.kwargs["validators"]) == 1


def test_an_event_title_with_a_form_feed_is_refused_and_nothing_changes(client, make):
    event = make.event(slug="mine", title_en="Roundtable")
    login(client, make.organizer(event))
    form = dict(NEW_EVENT, slug="mine", title_en="Roundtable\x0c} body { display: none }")
    response = client.post("/manage/events/mine/edit?lang=en", data=form)
    assert response.status_code == 200
    html = response.get_data(as_text=True)
    assert f'<div class="invalid-feedback" id="title_en-error">{MESSAGE}</div>' in html
    db.session.expire_all()
    assert db.session.get(Event, event.id).title_en == "Roundtable"
    # A description (a text area) keeps its line breaks and tabs.
    form = dict(NEW_EVENT, slug="mine", title_en="Roundtable", description_en="First line\r\n\tIndented")
    assert client.post("/manage/events/mine/edit?lang=en", data=form).status_code == 302
    db.session.expire_all()
    assert db.session.get(Event, event.id).description_en == "First line\r\n\tIndented"


def test_a_registration_with_nul_is_a_field_error_not_a_500(client, make):
    """PostgreSQL cannot store NUL: this was a 500 there."""
    from eventsys.demo.seed import seed_reference_data
    from tests.registration.test_pages import form_data

    seed_reference_data()
    make.event("open-roundtable", capacity=10)
    response = client.post("/events/open-roundtable/register?lang=en", data=form_data(first_name="Som\x00chai"))
    assert response.status_code == 422
    assert f'<div class="invalid-feedback" id="first_name-error">{MESSAGE}</div>' in response.get_data(as_text=True)
    assert db.session.scalar(select(func.count()).select_from(Registration)) == 0
