"""The exhibitors area: the Showcase's exhibitors, their booths on the floor plan, and the public directory."""


def init_app(app) -> None:
    from flask_babel import lazy_gettext as _l

    from eventsys.accounts.models import Role
    from eventsys.demo.seed import register_demo_step
    from eventsys.events.hub import register_manage_link
    from eventsys.exhibitors import pdf, services
    from eventsys.exhibitors.views import bp
    from eventsys.registration.erasure import register_erasure_step

    app.register_blueprint(bp)
    register_manage_link(app, 60, "exhibitors.manage_list", _l("Exhibitors"), (Role.ORGANIZER,))
    register_manage_link(app, 61, "exhibitors.editor", _l("Floor plan"), (Role.ORGANIZER,))
    # The agenda PDF (templates/agenda/pdf.html) adds the floor plan as its last page when this
    # global is there: the agenda area sits below this one and cannot import it.
    app.jinja_env.globals["floorplan_pdf_page"] = pdf.floorplan_pdf_page
    # The public event page (events area, below this one) links the directory, the floor plan and
    # the application form when these globals say there is something to show.
    app.jinja_env.globals["event_has_exhibitors"] = services.has_exhibitors
    app.jinja_env.globals["exhibitor_applications_open"] = services.applications_open
    register_erasure_step(app, services.forget_staff)
    register_demo_step(app, 40, "eventsys.exhibitors.demo:seed_exhibitors_demo")
