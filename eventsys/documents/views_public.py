"""/verify/<code>: anyone checks what a letter or certificate says and whether it still stands.

It shows the document's facts (holder's name as on it, event, dates, place, issuer, issue date,
attendance) and nothing else: no e-mail, no passport data. Mistyped or altered codes, and codes
never issued, each say so. Not indexed by search engines; rate-limited per address.
"""

from __future__ import annotations

from flask import current_app, redirect, render_template, request, url_for
from flask_babel import lazy_gettext as _l

from eventsys.accounts.permissions import public
from eventsys.documents import facts, services
from eventsys.documents.models import REASON_HOLDER_ERASED, REASON_REPLACED
from eventsys.documents.views import verify
from eventsys.extensions import limiter
from eventsys.i18n import current_language, format_day

STATUS = {"valid": 200, "revoked": 200, "unknown": 404, "altered": 400, "malformed": 400}
# Reasons the system writes when it revokes (an organizer's own reason is shown as typed).
SYSTEM_REASONS = {
    REASON_REPLACED: _l("replaced by a newer certificate"),
    REASON_HOLDER_ERASED: _l("the holder's personal data was erased at their request"),
}


def rate_limit() -> str:
    return current_app.config["VERIFY_RATE_LIMIT"]


@verify.route("/verify", methods=["GET"])
@public
@limiter.limit(rate_limit)
def lookup():
    """The form to type a code in; sent, it goes to the code's own page."""
    code = (request.args.get("code") or "").strip()
    if code:
        return redirect(url_for(".verify_page", code=code[:64]))
    response = current_app.make_response(render_template("documents/verify.html", result=None))
    response.headers["X-Robots-Tag"] = "noindex"
    return response


@verify.route("/verify/<code>", methods=["GET"])
@public
@limiter.limit(rate_limit)
def verify_page(code: str):
    result = services.verify(code)
    language = current_language()
    shown = facts.shown(result.document, language) if result.document is not None else None
    revoked_on = (
        format_day(result.document.revoked_at.date(), language)
        if result.document is not None and result.document.revoked_at
        else ""
    )
    response = current_app.make_response(
        (
            render_template(
                "documents/verify.html",
                result=result,
                shown=shown,
                revoked_on=revoked_on,
                reason=_reason(result.document),
            ),
            STATUS[result.state],
        )
    )
    response.headers["X-Robots-Tag"] = "noindex"
    response.headers["Cache-Control"] = "no-store"  # a revocation shows at once
    return response


def _reason(document) -> str:
    if document is None or not document.revoke_reason:
        return ""
    return str(SYSTEM_REASONS.get(document.revoke_reason, document.revoke_reason))
