from tests.badges.conftest import delegate, event, organizer, staff, token_for  # noqa: F401
