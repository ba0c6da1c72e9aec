"""The projects area: the call for city projects, its review, and accepted projects across meetings.

What other areas may use (matchmaking: a meeting with an accepted project's city):
`services.accepted_projects(event)` and `models.Project` (`city_id`, `submitter_registration`,
`submitter_user`). The lower areas show projects through hooks plugged in here: the proceedings
book's provider (proceedings/projects.py), and three template globals: `pitch_project` (the agenda's
session page), `projects_naming_action` (an outcome's action items) and `accepted_project_count` (the
event page's link to the projects).
"""


def init_app(app) -> None:
    from flask_babel import lazy_gettext as _l

    from eventsys.accounts.models import Role
    from eventsys.demo.seed import register_demo_step
    from eventsys.events.hub import register_hub_notice, register_manage_link
    from eventsys.proceedings.projects import register_projects_provider
    from eventsys.projects import links, personal, reviews, services
    from eventsys.projects.views import bp
    from eventsys.registration.extras import register_manage_panel

    app.register_blueprint(bp)
    register_manage_link(app, 74, "projects.manage_list", _l("City projects"), (Role.ORGANIZER, Role.REVIEWER))
    register_hub_notice(app, 40, reviews.undecided_notice, (Role.ORGANIZER,))
    register_manage_panel(app, personal.manage_panel)
    register_projects_provider(collect=links.book_projects)
    # templates/agenda/session.html and templates/outcomes/_render.html show these when defined.
    app.jinja_env.globals["pitch_project"] = links.pitch_project
    app.jinja_env.globals["projects_naming_action"] = links.projects_naming_action
    app.jinja_env.globals["accepted_project_count"] = services.accepted_count  # templates/events/event.html
    # After the agenda and outcomes steps (20, 30), before check-in (80), which makes a list for each
    # session: the demo's pitch session must exist by then, or a second `seed-demo` would add its list.
    register_demo_step(app, 35, "eventsys.projects.demo:seed_projects_demo")
