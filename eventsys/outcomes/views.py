"""Pages of the outcomes area: the public outcomes of a session, the rapporteur's editor and the
approver's review, what changed between versions, and follow-up pages per city and member state."""

from __future__ import annotations

from flask import Blueprint, abort, flash, redirect, render_template, request, url_for
from flask_babel import gettext as _
from flask_login import current_user
from sqlalchemy import select

from eventsys.accounts.permissions import permission_required, public, signed_in
from eventsys.db import db
from eventsys.events.models import City, Event, MemberState
from eventsys.inputs import db_id
from eventsys.outcomes import followup, permissions, queue, services
from eventsys.outcomes.directory import load_directory
from eventsys.outcomes.forms import OutcomeForm, ReturnForm, WorkflowForm
from eventsys.outcomes.models import Outcome

bp = Blueprint("outcomes", __name__)


def _session_or_404(session_id: int, *, public: bool = False):
    try:
        return services.get_session(session_id, public=public)
    except services.SessionNotFound:
        abort(404)


@bp.get("/events/<slug>/sessions/<int:session_id>/outcomes")
@public
def session_outcomes(slug: str, session_id: int):
    session = _session_or_404(session_id, public=True)
    if session.event.slug != slug:
        abort(404)
    return render_template(
        "outcomes/session.html", session=session, can_manage=permissions.can_see_drafts(current_user, session)
    )


@bp.get("/manage/outcomes")
@signed_in
def my_sessions():
    sessions = services.sessions_for_user(current_user)
    outcomes = {
        o.session_id: o
        for o in db.session.scalars(select(Outcome).where(Outcome.session_id.in_([s.id for s in sessions])))
    }
    return render_template("outcomes/my_sessions.html", sessions=sessions, outcomes=outcomes)


@bp.get("/manage/queue")
@signed_in
def my_queue():
    """What waits for the signed-in person: outcomes to approve, outcomes returned to them; the
    hub's figure links here with `?event=<slug>` to show one event's."""
    event = None
    slug = request.args.get("event", "")
    if slug:
        event = db.session.scalar(select(Event).where(Event.slug == slug[:80]))
        if event is None:
            abort(404)
    return render_template(
        "outcomes/queue.html",
        event=event,
        awaiting=queue.awaiting_approval(current_user, event),
        returned=queue.returned_to(current_user, event),
    )


def _editor_page(session, form, status=200, **extra):
    outcome = services.outcome_for(session.id)
    return render_template(
        "outcomes/manage.html",
        session=session,
        outcome=outcome,
        form=form,
        can_edit=permissions.can_edit(current_user, session),
        can_approve=permissions.can_approve(current_user, session),
        workflow=WorkflowForm(base_number=outcome.current_number if outcome else 0),
        return_form=extra.pop("return_form", None) or ReturnForm(base_number=outcome.current_number if outcome else 0),
        **extra,
    ), status


def _outcome_form(session_id: int):
    session = _session_or_404(session_id)
    outcome = services.outcome_for(session.id)
    form = OutcomeForm()
    if request.method == "GET":
        form.base_number.data = outcome.current_number if outcome else 0
    form.prepare(load_directory(), outcome.current_version.content if outcome and outcome.versions else None)
    return session, form


@bp.get("/manage/sessions/<int:session_id>/outcomes")
@permission_required(permissions.may_see_drafts)
def manage(session_id: int):
    session, form = _outcome_form(session_id)
    return _editor_page(session, form)


# The same address as the editor: its form posts back to where it was shown.
@bp.post("/manage/sessions/<int:session_id>/outcomes")
@permission_required(permissions.may_edit)
def save(session_id: int):
    session, form = _outcome_form(session_id)
    if "add" in request.form or "remove" in request.form:
        # Without JavaScript: the same form again, one row more or less, nothing saved or checked yet.
        remove = request.form.get("remove")
        added = form.change_rows(request.form.get("add"), remove)
        removed_from = remove.rpartition("-")[0] if remove else None
        return _editor_page(session, form, added=added, removed_from=removed_from, rows_changed=True)
    if form.validate():
        try:
            saved = services.save_draft(session, current_user, form.content(), form.base_number.data)
        except services.EditConflict as conflict:
            flash(str(conflict), "danger")
            # The next save is deliberate: it is based on the version the rapporteur was shown.
            mine = form.base_number.data
            form.base_number.raw_data = [str(conflict.current_number)]
            form.base_number.data = conflict.current_number
            return _editor_page(session, form, 409, conflict_from=mine)
        except (services.OutcomeError, services.InvalidContent) as error:
            for message in getattr(error, "messages", [str(error)]):
                flash(message, "danger")
            return _editor_page(session, form, 400)
        flash(_("Saved as version %(number)s.", number=saved.current_number), "success")
        return redirect(url_for("outcomes.manage", session_id=session.id))
    flash(_("Please correct the marked fields."), "danger")
    return _editor_page(session, form, 400)


def _workflow(session_id: int, action):
    session = _session_or_404(session_id)
    form = ReturnForm() if action is services.return_to_rapporteurs else WorkflowForm()
    if not form.validate_on_submit():
        flash(_("Say what should change: a comment is required when returning outcomes."), "danger")
        return redirect(url_for("outcomes.manage", session_id=session_id))
    if action is services.approve and request.form.get("confirm") != "y":
        # Approving publishes the outcome on the public session page: the approver says so first.
        flash(_("Tick “I have read this version” to approve it: approving publishes it."), "warning")
        return redirect(url_for("outcomes.manage", session_id=session_id))
    try:
        if action is services.return_to_rapporteurs:
            action(session, current_user, form.comment.data, form.base_number.data)
        else:
            action(session, current_user, form.base_number.data)
    except services.NotAllowed:
        abort(403)
    except (services.OutcomeError, services.InvalidContent) as error:
        flash(str(error), "danger")
        return redirect(url_for("outcomes.manage", session_id=session_id))
    messages = {
        services.submit: _("Submitted for approval."),
        services.approve: _("Approved and published."),
        services.return_to_rapporteurs: _("Returned to the rapporteurs with your comment."),
    }
    flash(messages[action], "success")
    return redirect(url_for("outcomes.manage", session_id=session_id))


@bp.post("/manage/sessions/<int:session_id>/outcomes/submit")
@permission_required(permissions.may_edit)
def submit(session_id: int):
    return _workflow(session_id, services.submit)


@bp.post("/manage/sessions/<int:session_id>/outcomes/approve")
@permission_required(permissions.may_approve)
def approve(session_id: int):
    return _workflow(session_id, services.approve)


@bp.post("/manage/sessions/<int:session_id>/outcomes/return")
@permission_required(permissions.may_approve)
def return_outcome(session_id: int):
    return _workflow(session_id, services.return_to_rapporteurs)


@bp.get("/manage/sessions/<int:session_id>/outcomes/changes")
@permission_required(permissions.may_see_drafts)
def changes(session_id: int):
    session = _session_or_404(session_id)
    outcome = services.outcome_for(session.id)
    if outcome is None or not outcome.versions:
        abort(404)
    new = request.args.get("to", type=db_id) or outcome.current_number
    old = request.args.get("from", type=db_id) or max(new - 1, 1)
    try:
        diffs = services.changes_between(outcome, old, new)
    except services.OutcomeError:
        abort(404)
    return render_template("outcomes/changes.html", session=session, outcome=outcome, diffs=diffs, old=old, new=new)


def _owner_page(title: str, owners: set[str], page_kind: str):
    directory = load_directory()
    actions = followup.actions_for_owners(owners)
    chart = followup.counts_by_focus_area(actions, directory)
    return render_template(
        "outcomes/owner_actions.html",
        title=title,
        actions=actions,
        chart=chart,
        directory=directory,
        page_kind=page_kind,
    )


@bp.get("/cities/<slug>/actions")
@public
def city_actions(slug: str):
    city = db.session.scalar(select(City).where(City.slug == slug))
    if city is None:
        abort(404)
    return _owner_page(city.name, {f"city:{city.slug}"}, "city")


@bp.get("/member-states/<code>/actions")
@public
def member_state_actions(code: str):
    state = db.session.get(MemberState, code.upper())
    if state is None:
        abort(404)
    return _owner_page(state.name, followup.owners_of_member_state(state.code), "member_state")
