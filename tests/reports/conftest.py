from tests.outcomes.conftest import as_user, cast, quick_password_hashing, reference  # noqa: F401  (pytest finds fixtures by name in conftest)
