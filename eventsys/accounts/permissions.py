"""Who may open a page, declared on the route instead of checked by hand inside each view.

Every route carries one of these decorators, right under its `@bp.route(...)` line, and each records
what it requires on the view function as `view.permission`, so the permission walk in the tests
(tests/test_permissions.py) can read it from `app.view_functions`:

- `public`: anyone, signed in or not;
- `signed_in`: any active account (anonymous: the sign-in page, or 401 under /api);
- `admin_required`: site admins only;
- `eventsys.events.permissions.event_permission_required(*roles)`: one of these roles on the event
  named by the route's `slug` (site admins always pass).

Areas with a rule of their own (a session's rapporteurs, a report's editors) use
`permission_required` with a small predicate, so the rule stays a plain function of the user and the
route's values that the tests can call directly.

Refusals speak the language of the request: pages get the sign-in page (anonymous) or the error page
(403, 404); the JSON API under /api gets its one error shape, `{"error": code, "message": reason,
"status": n}` (eventsys.errors.error_body), with 401 and `WWW-Authenticate: Bearer` for anonymous callers.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from functools import wraps
from typing import NoReturn
from urllib.parse import urlsplit

from flask import abort, current_app, flash, redirect, request, url_for
from flask_login import current_user
from werkzeug.exceptions import HTTPException

from eventsys.errors import json_error_response
from eventsys.redirects import safe_next

API_PREFIX = "/api/"
SIGN_IN_REQUIRED = "Authentication required: send Authorization: Bearer <token>."
# What the API says when a rule refuses without a reason of its own (pages show the error page).
REASONS = {403: "You do not have permission to do this.", 404: "Not found."}


@dataclass(frozen=True)
class Permission:
    """What a view requires: `kind` is public, signed_in, admin, event or custom; `roles` are event
    roles (any of them suffices); `rule` names a custom predicate."""

    kind: str
    roles: tuple[str, ...] = ()
    rule: str = ""


def declare(view: Callable, permission: Permission) -> Callable:
    view.permission = permission
    return view


def is_api_request() -> bool:
    return request.blueprint == "api" or request.path.startswith(API_PREFIX)


def api_error(status: int, message: str):
    """The JSON API's error answer; a 401 says how to authenticate (RFC 6750)."""
    headers = {"WWW-Authenticate": 'Bearer realm="eventsys"'} if status == 401 else None
    return json_error_response(status, message, headers=headers)


def refuse(status: int, reason: str = "") -> NoReturn:
    """Stop the request with `status` (403, 404...): under the API a JSON error saying `reason`,
    elsewhere the error page (which never shows `reason`: it may name what the visitor may not see)."""
    if is_api_request():
        abort(api_error(status, reason or REASONS.get(status, "Refused.")))
    abort(status)


def sign_in_next() -> str | None:
    """Where the sign-in page sends the visitor back to: the address asked for when it was a GET;
    for a form sent while signed out (POST...), the page the form was on, if it is one of ours that
    answers GET (the same-origin Referer), else nowhere in particular. Signing in and then landing
    on a POST-only address would only show "Method not allowed"."""
    if request.method in ("GET", "HEAD"):
        return request.full_path.rstrip("?")
    referrer = urlsplit(request.referrer or "")
    here = urlsplit(request.host_url)
    if (referrer.scheme, referrer.netloc) != (here.scheme, here.netloc):
        return None
    target = safe_next(referrer.path + (f"?{referrer.query}" if referrer.query else ""), "")
    if not target:
        return None
    try:
        current_app.url_map.bind_to_environ(request.environ).match(referrer.path, method="GET")
    except HTTPException:  # not found, GET not allowed, or only a redirect to another address
        return None
    return target


def unauthenticated():
    """Anonymous visitors: a JSON 401 under the API, the sign-in page (with `next`) elsewhere."""
    if is_api_request():
        return api_error(401, SIGN_IN_REQUIRED)
    manager = current_app.login_manager
    flash(manager.login_message, manager.login_message_category)
    return redirect(url_for(manager.login_view, next=sign_in_next()))


def public(view: Callable) -> Callable:
    return declare(view, Permission("public"))


def signed_in(view: Callable) -> Callable:
    @wraps(view)
    def wrapper(*args, **kwargs):
        if not current_user.is_authenticated:
            return unauthenticated()
        return view(*args, **kwargs)

    return declare(wrapper, Permission("signed_in"))


def admin_required(view: Callable) -> Callable:
    @wraps(view)
    def wrapper(*args, **kwargs):
        if not current_user.is_authenticated:
            return unauthenticated()
        if not current_user.is_admin:
            refuse(403, "Only site admins may do this.")
        return view(*args, **kwargs)

    return declare(wrapper, Permission("admin"))


def permission_required(rule: Callable[..., bool], name: str = "") -> Callable[[Callable], Callable]:
    """A custom rule: `rule(user, **view_kwargs)` says whether the signed-in user may go on (403 if
    not). Loading what the rule needs is the rule's business: for what does not exist it calls
    `refuse(404, reason)` rather than answer False, so that 404 and 403 stay apart."""

    def decorate(view: Callable) -> Callable:
        @wraps(view)
        def wrapper(*args, **kwargs):
            if not current_user.is_authenticated:
                return unauthenticated()
            if not rule(current_user, **kwargs):
                refuse(403)
            return view(*args, **kwargs)

        return declare(wrapper, Permission("custom", rule=name or rule.__name__))

    return decorate
