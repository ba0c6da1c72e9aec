"""The outcomes area."""


def init_app(app) -> None:
    """Register this area's blueprint, CLI commands and demo steps (filled in by its issue)."""
