"""The organizers' pages: applications and their decisions, booths, staff, and the floor plan editor."""

from __future__ import annotations

from flask import abort, flash, redirect, render_template, request, url_for
from flask_babel import gettext as _
from flask_babel import ngettext
from flask_login import current_user
from wtforms.fields.choices import SelectChoice

from eventsys.accounts.models import Role
from eventsys.events.permissions import event_permission_required
from eventsys.exhibitors import floorplan, services
from eventsys.exhibitors.forms import (
    KIND_LABELS,
    BoothEditForm,
    BoothForm,
    DecisionForm,
    HallForm,
    OpenForm,
    StaffForm,
    staff_emails,
)
from eventsys.exhibitors.models import ExhibitorStatus
from eventsys.exhibitors.views import bp


@bp.route("/manage/events/<slug>/exhibitors")
@event_permission_required(Role.ORGANIZER)
def manage_list(event):
    status = request.args.get("status", "")
    chosen = ExhibitorStatus(status) if status in {s.value for s in ExhibitorStatus} else None
    return render_template(
        "exhibitors/manage/list.html",
        event=event,
        exhibitors=services.applications(event, chosen),
        status=status if chosen else "",
        counts=services.counts(event),
        is_open=services.applications_open(event),
        settings=services.settings_for(event),
        open_form=OpenForm(),
        kinds=KIND_LABELS,
    )


@bp.route("/manage/events/<slug>/exhibitors/applications", methods=["POST"])
@event_permission_required(Role.ORGANIZER)
def toggle_applications(event):
    form = OpenForm()
    if not form.validate_on_submit():
        flash(_("Choose whether the application form is open or closed."), "danger")
    else:
        services.set_applications_open(event, form.state.data == "open", actor=current_user)
        flash(
            _("The application form is open.") if form.state.data == "open" else _("The application form is closed."),
            "success",
        )
    return redirect(url_for("exhibitors.manage_list", slug=event.slug))


def _exhibitor(event, exhibitor_id: int):
    try:
        return services.get_exhibitor(event, exhibitor_id, accepted_only=False)
    except services.ExhibitorNotFound:
        abort(404)


def _exhibitor_page(event, exhibitor, *, decision=None, booth_form=None, staff_form=None, status=200):
    booth_form = booth_form or BoothForm()
    booths = floorplan.free_booths(event, exhibitor)
    booth_form.booth.choices = [
        SelectChoice("", _("No booth")),
        *(SelectChoice(str(b.id), f"{b.number} · {b.hall.name}") for b in booths),
    ]
    if request.method == "GET":
        booth_form.booth.data = str(exhibitor.booth.id) if exhibitor.booth else ""
    return render_template(
        "exhibitors/manage/exhibitor.html",
        event=event,
        exhibitor=exhibitor,
        decision_form=decision or DecisionForm(),
        booth_form=booth_form,
        staff_form=staff_form or StaffForm(),
        staff=services.staff_of(exhibitor),
        kinds=KIND_LABELS,
    ), status


@bp.route("/manage/events/<slug>/exhibitors/<int:exhibitor_id>")
@event_permission_required(Role.ORGANIZER)
def manage_exhibitor(event, exhibitor_id: int):
    return _exhibitor_page(event, _exhibitor(event, exhibitor_id))


@bp.route("/manage/events/<slug>/exhibitors/<int:exhibitor_id>/decision", methods=["POST"])
@event_permission_required(Role.ORGANIZER)
def decide(event, exhibitor_id: int):
    exhibitor = _exhibitor(event, exhibitor_id)
    form = DecisionForm()
    if not form.validate_on_submit():
        return _exhibitor_page(event, exhibitor, decision=form, status=422)
    accept = form.decision.data == "accept"
    if services.decide(exhibitor, accept, actor=current_user):
        flash(_("Accepted; the contact was mailed.") if accept else _("Declined; the contact was mailed."), "success")
    else:
        flash(_("Nothing changed: the application was already decided so."), "info")
    return redirect(url_for("exhibitors.manage_exhibitor", slug=event.slug, exhibitor_id=exhibitor.id))


@bp.route("/manage/events/<slug>/exhibitors/<int:exhibitor_id>/booth", methods=["POST"])
@event_permission_required(Role.ORGANIZER)
def assign_booth(event, exhibitor_id: int):
    exhibitor = _exhibitor(event, exhibitor_id)
    form = BoothForm()
    chosen = form.booth.data or ""
    booth = (
        floorplan.get_booth(event, int(chosen)) if chosen.isascii() and chosen.isdigit() and len(chosen) < 10 else None
    )
    if not form.validate_on_submit() or (chosen and booth is None):
        form.booth.errors = [_("Choose a booth from the list.")]
        return _exhibitor_page(event, exhibitor, booth_form=form, status=422)
    if booth is not None and exhibitor.status != ExhibitorStatus.ACCEPTED:
        form.booth.errors = [_("Accept the application before assigning a booth.")]
        return _exhibitor_page(event, exhibitor, booth_form=form, status=422)
    try:
        services.assign_booth(exhibitor, booth, actor=current_user)
    except services.BoothTaken:
        form.booth.errors = [_("Another exhibitor holds this booth.")]
        return _exhibitor_page(event, exhibitor, booth_form=form, status=409)
    flash(_("Booth %(number)s assigned.", number=booth.number) if booth else _("The booth was freed."), "success")
    return redirect(url_for("exhibitors.manage_exhibitor", slug=event.slug, exhibitor_id=exhibitor.id))


@bp.route("/manage/events/<slug>/exhibitors/<int:exhibitor_id>/staff", methods=["POST"])
@event_permission_required(Role.ORGANIZER)
def invite_staff(event, exhibitor_id: int):
    exhibitor = _exhibitor(event, exhibitor_id)
    form = StaffForm()
    if not form.validate_on_submit():
        return _exhibitor_page(event, exhibitor, staff_form=form, status=422)
    if exhibitor.status != ExhibitorStatus.ACCEPTED:
        form.emails.errors = [_("Accept the application before inviting its staff.")]
        return _exhibitor_page(event, exhibitor, staff_form=form, status=422)
    invited, refused = services.invite_staff(exhibitor, staff_emails(form.emails.data), actor=current_user)
    if invited:
        flash(ngettext("%(num)d invitation sent.", "%(num)d invitations sent.", len(invited)), "success")
    if refused:
        flash(
            _("Not invited (not a valid address, or staff of another exhibitor): %(list)s", list=", ".join(refused)),
            "warning",
        )
    return redirect(url_for("exhibitors.manage_exhibitor", slug=event.slug, exhibitor_id=exhibitor.id))


# --- the floor plan editor ----------------------------------------------------------------------


def _editor(event, *, hall_form=None, booth_form=None, status=200):
    halls = floorplan.halls(event)
    booth_form = booth_form or BoothEditForm(prefix="booth", formdata=None)
    booth_form.fill_choices(halls)
    return render_template(
        "exhibitors/manage/editor.html",
        event=event,
        halls=halls,
        hall_form=hall_form or HallForm(prefix="hall", formdata=None),
        booth_form=booth_form,
        shown=floorplan.public_exhibitor,
    ), status


def _apply_error(form, error: floorplan.FloorplanError) -> None:
    field = getattr(form, error.field)
    field.errors = [*field.errors, error.message]


@bp.route("/manage/events/<slug>/floorplan")
@event_permission_required(Role.ORGANIZER)
def editor(event):
    return _editor(event)


def _hall_data(form: HallForm) -> floorplan.HallData:
    return floorplan.HallData(
        name_en=form.name_en.data.strip(),
        name_th=(form.name_th.data or "").strip(),
        width=form.width.data,
        height=form.height.data,
    )


@bp.route("/manage/events/<slug>/floorplan/halls", methods=["POST"])
@event_permission_required(Role.ORGANIZER)
def add_hall(event):
    form = HallForm(prefix="hall")
    if form.validate_on_submit():
        try:
            hall = floorplan.save_hall(event, _hall_data(form), actor=current_user)
        except floorplan.FloorplanError as error:
            _apply_error(form, error)
        else:
            flash(_("Hall %(name)s added.", name=hall.name), "success")
            return redirect(url_for("exhibitors.editor", slug=event.slug))
    return _editor(event, hall_form=form, status=422)


def _hall(event, hall_id: int):
    hall = floorplan.get_hall(event, hall_id)
    if hall is None:
        abort(404)
    return hall


@bp.route("/manage/events/<slug>/floorplan/halls/<int:hall_id>", methods=["GET", "POST"])
@event_permission_required(Role.ORGANIZER)
def edit_hall(event, hall_id: int):
    hall = _hall(event, hall_id)
    form = HallForm(obj=hall) if request.method == "GET" else HallForm()
    if form.validate_on_submit():
        try:
            floorplan.save_hall(event, _hall_data(form), actor=current_user, hall=hall)
        except floorplan.FloorplanError as error:
            _apply_error(form, error)
        else:
            flash(_("Hall %(name)s saved.", name=hall.name), "success")
            return redirect(url_for("exhibitors.editor", slug=event.slug))
    status = 422 if request.method == "POST" else 200
    return render_template("exhibitors/manage/hall.html", event=event, hall=hall, form=form), status


@bp.route("/manage/events/<slug>/floorplan/halls/<int:hall_id>/delete", methods=["POST"])
@event_permission_required(Role.ORGANIZER)
def delete_hall(event, hall_id: int):
    hall = _hall(event, hall_id)
    name = hall.name
    floorplan.delete_hall(hall, actor=current_user)
    flash(_("Hall %(name)s and its booths were deleted.", name=name), "success")
    return redirect(url_for("exhibitors.editor", slug=event.slug))


def _booth_data(form: BoothEditForm) -> floorplan.BoothData:
    return floorplan.BoothData(
        hall_id=form.hall_id.data,
        number=form.number.data.strip(),
        x=form.x.data,
        y=form.y.data,
        w=form.w.data,
        h=form.h.data,
    )


@bp.route("/manage/events/<slug>/floorplan/booths", methods=["POST"])
@event_permission_required(Role.ORGANIZER)
def add_booth(event):
    form = BoothEditForm(prefix="booth")
    form.fill_choices(floorplan.halls(event))
    if form.validate_on_submit():
        try:
            booth = floorplan.save_booth(event, _booth_data(form), actor=current_user)
        except floorplan.FloorplanError as error:
            _apply_error(form, error)
        else:
            flash(_("Booth %(number)s added.", number=booth.number), "success")
            return redirect(url_for("exhibitors.editor", slug=event.slug, _anchor="add-booth-title"))
    return _editor(event, booth_form=form, status=422)


def _booth(event, booth_id: int):
    booth = floorplan.get_booth(event, booth_id)
    if booth is None:
        abort(404)
    return booth


@bp.route("/manage/events/<slug>/floorplan/booths/<int:booth_id>", methods=["GET", "POST"])
@event_permission_required(Role.ORGANIZER)
def edit_booth(event, booth_id: int):
    booth = _booth(event, booth_id)
    form = BoothEditForm(obj=booth) if request.method == "GET" else BoothEditForm()
    form.fill_choices(floorplan.halls(event))
    if form.validate_on_submit():
        try:
            floorplan.save_booth(event, _booth_data(form), actor=current_user, booth=booth)
        except floorplan.FloorplanError as error:
            _apply_error(form, error)
        else:
            flash(_("Booth %(number)s saved.", number=booth.number), "success")
            return redirect(url_for("exhibitors.editor", slug=event.slug))
    status = 422 if request.method == "POST" else 200
    return render_template("exhibitors/manage/booth.html", event=event, booth=booth, form=form), status


@bp.route("/manage/events/<slug>/floorplan/booths/<int:booth_id>/delete", methods=["POST"])
@event_permission_required(Role.ORGANIZER)
def delete_booth(event, booth_id: int):
    booth = _booth(event, booth_id)
    number = booth.number
    floorplan.delete_booth(booth, actor=current_user)
    flash(_("Booth %(number)s deleted.", number=number), "success")
    return redirect(url_for("exhibitors.editor", slug=event.slug))
