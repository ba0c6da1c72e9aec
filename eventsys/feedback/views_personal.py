"""A delegate's survey, reached by their signed manage link (in the invitation mail and on the
manage page). The link is its own permission, as on the manage page: the route is public."""

from __future__ import annotations

from flask import abort, flash, redirect, render_template, request, url_for
from flask_babel import force_locale
from flask_babel import gettext as _

from eventsys.accounts.permissions import public
from eventsys.feedback import services
from eventsys.feedback.forms import RATING_LABELS, check_answers, survey_form
from eventsys.feedback.models import EVENT_TARGET
from eventsys.feedback.views import bp
from eventsys.i18n import LANG_COOKIE, LOCALES
from eventsys.registration.tokens import registration_from_manage_token


def _registration_or_404(slug: str, token: str):
    registration = registration_from_manage_token(token)
    if registration is None or registration.event.slug != slug or registration.is_erased:
        abort(404)
    return registration


def _language(registration) -> str:
    """The page's language: the one asked for (?lang=, the language switch), else the delegate's own."""
    asked = request.args.get("lang") or request.cookies.get(LANG_COOKIE)
    if asked in LOCALES:
        return asked
    return registration.language if registration.language in LOCALES else "en"


def _targets(event, sessions) -> list[tuple[str, str]]:
    return [(EVENT_TARGET, event.title)] + [(services.target_of(s.id), s.title) for s in sessions]


def _answers_from(form) -> list[services.Answer]:
    answers = []
    for key in form.target_keys:
        rating = form[f"rating-{key}"].data
        if not rating:
            continue
        extra = form["extra-event"].data if key == EVENT_TARGET and "extra-event" in form else ""
        session_id = None if key == EVENT_TARGET else int(key.split("-", 1)[1])
        answers.append(
            services.Answer(
                target=key,
                session_id=session_id,
                rating=int(rating),
                comment=form[f"comment-{key}"].data or "",
                extra_answer=extra or "",
            )
        )
    return answers


@bp.route("/events/<slug>/registration/<token>/feedback", methods=["GET", "POST"])
@public
def survey(slug: str, token: str):
    registration = _registration_or_404(slug, token)
    event = registration.event
    language = _language(registration)
    here = url_for("feedback.survey", slug=slug, token=token, lang=request.args.get("lang"))
    with force_locale(language):
        survey_row = services.survey_for(event)
        state = services.state(survey_row, event)
        context = {
            "event": event,
            "registration": registration,
            "survey": survey_row,
            "state": state,
            "opens_at": services.opens_at(survey_row, event),
            "closes_on": services.closes_on(survey_row, event),
            "manage_url": url_for("registration.manage", slug=slug, token=token),
            "rating_labels": RATING_LABELS,
            "action": here,
        }
        if state != "open" or not services.may_answer(registration):
            context["asked"] = services.may_answer(registration)
            status = 200 if request.method == "GET" else 409
            return render_template("feedback/survey.html", form=None, answered=[], **context), status
        sessions = services.sessions_attended(registration)
        targets = _targets(event, sessions)
        given = services.answers_of(registration)
        form = survey_form(
            [t for t in targets if t[0] not in given],
            extra_question=survey_row.question,
            formdata=request.form if request.method == "POST" else None,
        )
        status = 200
        if request.method == "POST":
            # The same survey sent again (a second tab, the back button): what was answered stands.
            repeated = [key for key in given if request.form.get(f"rating-{key}")]
            if repeated and not any(request.form.get(f"rating-{key}") for key in form.target_keys):
                flash(_("You have already answered these questions; your first answers stand."), "warning")
                return redirect(here, code=303)
            if form.validate() and check_answers(form):
                try:
                    outcome = services.submit(
                        registration, _answers_from(form), named=form.named.data, language=language
                    )
                except services.SurveyClosed:
                    flash(_("The survey closed before your answers arrived; they were not saved."), "warning")
                    return redirect(here, code=303)
                if outcome.saved:
                    flash(_("Thank you: your answers are saved."), "success")
                if outcome.already or repeated:
                    flash(_("You have already answered these questions; your first answers stand."), "warning")
                return redirect(here, code=303)
            status = 422
        answered = [(key, legend, given[key]) for key, legend in targets if key in given]
        return render_template(
            "feedback/survey.html",
            form=form,
            answered=answered,
            named_given=any(row.named for _key, _legend, row in answered),
            asked=True,
            **context,
        ), status
