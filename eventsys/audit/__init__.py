"""The audit log: who did what, when, to which records and from where. Written in the same
transaction as the action it records; the app offers no way to edit or delete an entry."""

from __future__ import annotations


def init_app(app) -> None:
    from eventsys.audit.views import bp, register_links

    app.register_blueprint(bp)
    register_links(app)
