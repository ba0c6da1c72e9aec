"""The `servers` marker, for tests that start real gunicorn servers (also declared in pyproject.toml
once the lead adds it there; registering it twice is harmless)."""


def pytest_configure(config):
    config.addinivalue_line(
        "markers",
        "servers: starts real gunicorn servers and an RQ worker on PostgreSQL and Redis "
        "(tests/ops/test_two_servers.py; skipped without TEST_DATABASE_URL)",
    )
