"""The outcomes area: what each session concluded, written by its rapporteurs, approved by its
chair or the organizers, and followed up at the next meetings.

Other areas' pages plug in two partials: `outcomes/_session_outcomes.html` (takes `session`) and
`outcomes/_followup.html` (takes `event`); the template globals below feed them.
"""


def init_app(app) -> None:
    from eventsys.demo.seed import register_demo_step
    from eventsys.outcomes import followup, queue, services
    from eventsys.outcomes.content import OWNER_KIND_LABELS, STATUS_LABELS
    from eventsys.outcomes.directory import load_directory
    from eventsys.outcomes.views import bp

    app.register_blueprint(bp)
    app.jinja_env.globals.update(
        approved_outcome=services.approved_content,
        outcome_directory=load_directory,
        followup_for_event=followup.actions_before,
        action_status_labels=STATUS_LABELS,
        owner_kind_labels=OWNER_KIND_LABELS,
        outcome_status_label=outcome_status_label,
        outcome_approval_blocked=services.approval_blocked,
        outcome_queue_count=queue.queue_count,  # the navigation's badge (templates/base.html)
    )
    app.jinja_env.filters["isodate"] = _isodate
    register_demo_step(app, 30, "eventsys.outcomes.demo:seed_outcomes_demo")

    from eventsys.accounts.models import Role
    from eventsys.events.hub import register_hub_figure

    register_hub_figure(app, 40, queue.outcome_figures, (Role.ORGANIZER,))


def _isodate(value):
    import datetime as dt

    return dt.date.fromisoformat(value) if isinstance(value, str) else value


def outcome_status_label(status) -> str:
    from flask_babel import gettext as _

    labels = {
        "draft": _("Draft"),
        "submitted": _("Submitted"),
        "returned": _("Returned with comments"),
        "resubmitted": _("Resubmitted"),
        "approved": _("Approved"),
    }
    return labels.get(getattr(status, "value", status), str(status))
