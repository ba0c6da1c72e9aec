"""Public pages: the application form, the directory, each exhibitor's page and logo, the floor plan."""

from __future__ import annotations

from flask import abort, render_template, request, send_file
from flask_babel import gettext as _

from eventsys.accounts.permissions import public
from eventsys.events import services as events
from eventsys.events.models import Event
from eventsys.events.public_cache import cached_public_page
from eventsys.exhibitors import floorplan, logos, services
from eventsys.exhibitors.forms import KIND_LABELS, ApplicationForm
from eventsys.exhibitors.models import ExhibitorKind
from eventsys.exhibitors.views import bp
from eventsys.registration.choices import city_by_slug


def _event(slug: str) -> Event:
    try:
        return events.get_event(slug)
    except events.EventNotFound:
        abort(404)


def _exhibitor(event: Event, exhibitor_id: int):
    try:
        return services.get_exhibitor(event, exhibitor_id)
    except services.ExhibitorNotFound:
        abort(404)


def _read_logo(form: ApplicationForm) -> bytes | None:
    """The uploaded logo's bytes, checked by content; a refusal becomes the field's error."""
    upload = request.files.get(form.logo.name)
    if upload is None or not upload.filename:
        return None
    data = upload.stream.read(logos.LOGO_MAX_BYTES + 1)
    try:
        logos.check_logo(data)
    except logos.LogoRefused as refused:
        form.logo.errors = [*form.logo.errors, str(refused)]
        return None
    return data


def _application(form: ApplicationForm, topics, logo: bytes | None) -> services.Application:
    chosen = set(form.focus_areas.data or [])
    return services.Application(
        kind=ExhibitorKind(form.kind.data),
        name_en=form.name_en.data.strip(),
        name_th=(form.name_th.data or "").strip(),
        country_code=form.country.data,
        city=city_by_slug(form.city.data) if form.city.data else None,
        topics=[t for t in topics if t.slug in chosen],
        description_en=form.description_en.data.strip(),
        description_th=(form.description_th.data or "").strip(),
        website=(form.website.data or "").strip(),
        contact_name=form.contact_name.data.strip(),
        contact_email=form.contact_email.data.strip().lower(),
        contact_phone=(form.contact_phone.data or "").strip(),
        language=form.language.data,
        logo=logo,
    )


@bp.route("/events/<slug>/exhibitors/apply", methods=["GET", "POST"])
@public
def apply(slug: str):
    event = _event(slug)
    is_open = services.applications_open(event)
    topics = services.focus_areas()
    form = ApplicationForm()
    form.fill_choices(topics)
    if request.method == "POST":
        if not is_open:
            return render_template("exhibitors/apply.html", event=event, form=form, is_open=False), 409
        valid = form.validate_on_submit()
        if valid and form.city.data and city_by_slug(form.city.data) is None:
            form.city.errors = [*form.city.errors, _("Choose a city from the list.")]
            valid = False
        logo = _read_logo(form)
        if valid and not form.logo.errors:
            exhibitor = services.apply(event, _application(form, topics, logo))
            return render_template("exhibitors/applied.html", event=event, exhibitor=exhibitor), 201
        return render_template("exhibitors/apply.html", event=event, form=form, is_open=True), 422
    return render_template("exhibitors/apply.html", event=event, form=form, is_open=is_open)


def _filters() -> services.DirectoryFilters:
    kind = request.args.get("kind", "")
    country = request.args.get("country", "").upper()
    return services.DirectoryFilters(
        q=" ".join(request.args.get("q", "").split())[:100],
        kind=kind if kind in KIND_LABELS else "",
        country=country if len(country) == 2 and country.isalpha() else "",
        topic=request.args.get("topic", "")[:60],
    )


@bp.route("/events/<slug>/exhibitors")
@public
@cached_public_page
def directory(slug: str):
    event = _event(slug)
    filters = _filters()
    return render_template(
        "exhibitors/directory.html",
        event=event,
        filters=filters,
        exhibitors=services.directory(event, filters),
        any_exhibitors=services.has_exhibitors(event),
        countries=services.directory_countries(event),
        topics=services.focus_areas(),
        kinds=KIND_LABELS,
        applications_open=services.applications_open(event),
    )


@bp.route("/events/<slug>/exhibitors/<int:exhibitor_id>")
@public
def exhibitor_page(slug: str, exhibitor_id: int):
    event = _event(slug)
    exhibitor = _exhibitor(event, exhibitor_id)
    return render_template(
        "exhibitors/exhibitor.html",
        event=event,
        exhibitor=exhibitor,
        staff=services.staff_counts(event).get(exhibitor.id, 0),
        kinds=KIND_LABELS,
    )


@bp.route("/events/<slug>/exhibitors/<int:exhibitor_id>/logo")
@public
def logo(slug: str, exhibitor_id: int):
    event = _event(slug)
    exhibitor = _exhibitor(event, exhibitor_id)
    path = logos.path_of(exhibitor.logo_path) if exhibitor.logo_path else None
    if path is None:
        abort(404)
    # The type Pillow found when it was uploaded; nosniff (on every answer) keeps browsers to it.
    response = send_file(path, mimetype=exhibitor.logo_type, max_age=3600)
    response.headers["Content-Security-Policy"] = "default-src 'none'"
    return response


@bp.route("/events/<slug>/floorplan")
@public
@cached_public_page
def floorplan_page(slug: str):
    event = _event(slug)
    halls = floorplan.halls(event)
    unplaced = [e for e in services.directory(event, services.DirectoryFilters()) if e.booth is None]
    return render_template(
        "exhibitors/floorplan.html", event=event, halls=halls, unplaced=unplaced, shown=floorplan.public_exhibitor
    )
