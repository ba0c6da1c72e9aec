from tests.badges.conftest import delegate, event, organizer, staff, token_for  # noqa: F401  (pytest finds fixtures by name in conftest)
