"""The feedback area: the delegates' survey of an event and of each session they attended, its
results for organizers and rapporteurs (ASCN's monitoring and evaluation)."""


def init_app(app) -> None:
    from flask_babel import lazy_gettext as _l

    from eventsys.accounts.models import Role
    from eventsys.demo.seed import register_demo_step
    from eventsys.events.hub import register_manage_link
    from eventsys.feedback import results, services
    from eventsys.feedback.views import bp
    from eventsys.registration.erasure import register_erasure_step
    from eventsys.registration.extras import register_manage_panel

    app.register_blueprint(bp)
    register_manage_link(app, 72, "feedback.results_page", _l("Feedback survey"), (Role.ORGANIZER,))
    register_manage_panel(app, services.manage_panel)
    register_erasure_step(app, services.forget_respondent)
    # The outcomes editor shows a session's results beside its outcomes (templates/outcomes/manage.html
    # includes feedback/_session_results.html when this global is there).
    app.jinja_env.globals["feedback_beside_outcomes"] = results.results_beside_outcomes
    register_demo_step(app, 95, "eventsys.feedback.demo:seed_feedback_demo")
