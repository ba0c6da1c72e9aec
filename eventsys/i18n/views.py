"""The language switch: remembered in a cookie and, for signed-in people, on their account."""

from __future__ import annotations

from urllib.parse import urlsplit

from flask import Blueprint, abort, redirect, request, url_for
from flask_login import current_user

from eventsys.accounts.permissions import public
from eventsys.db import db
from eventsys.i18n import LANG_COOKIE, LOCALES
from eventsys.redirects import safe_next

bp = Blueprint("i18n", __name__)


@bp.route("/language/<code>", methods=["GET", "POST"])
@public
def switch_language(code: str):
    if code not in LOCALES:
        abort(404)
    target = safe_next(
        request.values.get("next") or (request.referrer and urlsplit(request.referrer).path), url_for("events.home")
    )
    response = redirect(target)
    response.set_cookie(LANG_COOKIE, code, max_age=365 * 24 * 3600, samesite="Lax", httponly=True)
    if current_user.is_authenticated and current_user.locale != code:
        current_user.locale = code
        db.session.commit()
    return response
