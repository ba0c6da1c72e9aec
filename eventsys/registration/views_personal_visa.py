"""A delegate's visa invitation letter through their signed manage link: ask for one after
registering (until the event starts), with the passport details the letter needs."""

from __future__ import annotations

from flask import flash, redirect, render_template, request, url_for
from flask_babel import gettext as _

from eventsys.accounts.permissions import public
from eventsys.registration import visa
from eventsys.registration.forms import VisaLetterForm
from eventsys.registration.validation import clean_visa_details
from eventsys.registration.views import bp
from eventsys.registration.views_personal import registration_or_404


@bp.route("/events/<slug>/registration/<token>/visa-letter", methods=["GET", "POST"])
@public
def visa_letter_request(slug: str, token: str):
    registration = registration_or_404(slug, token)
    manage = url_for("registration.manage", slug=slug, token=token)
    if not visa.can_request_later(registration):
        flash(_("A visa invitation letter can no longer be requested for this registration."), "warning")
        return redirect(manage + "#visa-letter")
    form = VisaLetterForm()
    form.fill_visa_choices()
    status = 200
    if request.method == "POST":
        errors: dict[str, str] = {}
        details = clean_visa_details(form.visa_data(), registration.event, errors) if form.validate() else None
        if details is not None:
            visa.request_visa_letter(registration, details, actor="delegate")
            flash(
                _("Your request for a visa invitation letter is sent. The organizers will tell you by e-mail."),
                "success",
            )
            return redirect(manage + "#visa-letter")
        form.apply_visa_errors(errors)
        status = 422
    return render_template(
        "registration/visa_request.html", registration=registration, event=registration.event, form=form, token=token
    ), status
