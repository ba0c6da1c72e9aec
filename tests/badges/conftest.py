import pytest

from eventsys.accounts.models import Role
from eventsys.registration.models import RegistrationCategory


@pytest.fixture
def event(make):
    return make.event(slug="ascn-badges-test", title_en="ASCN Annual Meeting (test)")


@pytest.fixture
def delegate(make, event):
    return make.registration(
        event,
        first_name="Nuttapon",
        last_name="Nimmanphatcharin",
        local_name="ณัฐพล นิมมานพัชรินทร์",
        organisation="Digital Economy Promotion Agency (depa)",
        category=RegistrationCategory.SPEAKER,
        city_slug=None,
    )


@pytest.fixture
def organizer(make, event):
    return make.organizer(event, email="organizer@example.org")


@pytest.fixture
def staff(make, event):
    return make.with_role(event, Role.CHECKIN_STAFF, email="door@example.org", name="Door Staff")


@pytest.fixture
def token_for(app):
    from eventsys.accounts.tokens import create as create_api_token
    from eventsys.db import db

    def make_token(user):
        _, secret = create_api_token(user, "scanner")
        db.session.commit()
        return {"Authorization": f"Bearer {secret}"}

    return make_token
