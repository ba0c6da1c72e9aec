"""Editable mail texts: the placeholder language is tiny on purpose, and what is saved was checked."""

import pytest
from flask_babel import lazy_gettext as _l

from eventsys.db import db
from eventsys.mail import texts
from eventsys.mail.texts import MailKind, PlaceholderError

KIND = MailKind(
    key="test.greeting",
    label=_l("Greeting"),
    subject=_l("Welcome to {event_title}"),
    body=_l("Dear {name},\n\nSee you at {event_title}."),
    placeholders=("name", "event_title"),
)


@pytest.fixture
def greeting(app):
    texts.register_kind(app, KIND)
    return KIND


def test_placeholders_are_replaced_and_double_braces_stay_braces():
    assert texts.render_placeholders("Hi {name} {{not}}", {"name": "Somchai"}) == "Hi Somchai {not}"


@pytest.mark.parametrize(
    ("text", "problem"),
    [
        ("{nmae}", "Unknown placeholder {nmae}."),
        ("{name.__class__}", "is not a placeholder"),
        ("{name[0]}", "is not a placeholder"),
        ("{0}", "is not a placeholder"),
        ("{}", "is not a placeholder"),
        ("{name!r}", "takes no format"),
        ("{name:>20}", "takes no format"),
        ("{name", "brace is not closed"),
        ("name}", "brace is not closed"),
    ],
)
def test_anything_but_a_known_name_is_refused(app, text, problem):
    with app.test_request_context("/"):
        errors = texts.check_template(text, {"name"})
    assert len(errors) == 1 and problem in errors[0]


def test_rendering_never_reaches_into_objects(app):
    with app.test_request_context("/"), pytest.raises(PlaceholderError):
        texts.render_placeholders("{name.__class__.__mro__}", {"name": "x"})


def test_defaults_come_in_the_asked_language_until_an_event_saves_its_own(app, make, greeting):
    event = make.event()
    with app.test_request_context("/"):
        assert texts.text_for(event.id, KIND.key, "en") == ("Welcome to {event_title}", str(KIND.body), False)
        texts.save_text(event.id, KIND.key, "th", "ยินดีต้อนรับสู่ {event_title}", "เรียน {name}\r\n", user=None)
        db.session.commit()
        assert texts.text_for(event.id, KIND.key, "th") == ("ยินดีต้อนรับสู่ {event_title}", "เรียน {name}\n", True)
        assert texts.text_for(event.id, KIND.key, "en")[2] is False
        assert texts.render_kind(event.id, KIND.key, "th", {"name": "สมชาย", "event_title": "ASCN"}) == (
            "ยินดีต้อนรับสู่ ASCN",
            "เรียน สมชาย\n",
        )
        assert texts.customised_texts(event.id) == {(KIND.key, "th")}
        assert texts.reset_text(event.id, KIND.key, "th") is True
        db.session.commit()
        assert texts.text_for(event.id, KIND.key, "th")[2] is False
        assert texts.reset_text(event.id, KIND.key, "th") is False


def test_a_bad_text_is_not_saved(app, make, greeting):
    event = make.event()
    with app.test_request_context("/"):
        with pytest.raises(PlaceholderError) as caught:
            texts.save_text(event.id, KIND.key, "en", "Line\nbreak {x}", "", user=None)
        assert caught.value.errors == [
            "The subject must be one line.",
            "The text cannot be empty.",
            "Unknown placeholder {x}.",
        ]
        db.session.rollback()
        assert texts.customised_texts(event.id) == set()
