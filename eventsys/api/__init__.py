"""The JSON API, /api/v1: thin views over the areas' services. It owns no logic.

Its contract is generated from the code: each operation declares its request and answer schemas
(eventsys/api/schemas.py) and its errors with flask-smorest, which writes the OpenAPI 3.1
document served at /api/v1/openapi.json (and read by the docs page, /api/v1/docs).

Who calls: a browser signed in with its cookies (the check-in scanner page calls POST
/events/<slug>/checkins from the same origin), or a script with `Authorization: Bearer <token>`.
Tokens work here and nowhere else (eventsys.accounts.tokens). Each operation declares the token
scope it needs with `scope(...)` and who may call it with the decorators of
eventsys/accounts/permissions.py and eventsys/events/permissions.py, as pages do. Every refusal
and error is one JSON shape, `{"error": code, "message": text, "status": n, "errors": {...}}`
(eventsys.errors.error_body); a 401 carries `WWW-Authenticate: Bearer`.

The blueprint is exempt from CSRF tokens (a bearer-token client has no page to take one from);
`require_json_for_writes` below is what keeps cookie-authenticated writes from being forged.
"""

from __future__ import annotations

import threading
from collections.abc import Callable
from typing import Any

from flask import Blueprint as FlaskBlueprint
from flask import current_app, g, request
from flask_login import current_user
from flask_smorest import Api, Blueprint
from webargs.flaskparser import FlaskParser

from eventsys.accounts.models import TOKEN_SCOPES
from eventsys.api.schemas import OPENAPI_FORMATS, Error
from eventsys.errors import json_error_response
from eventsys.extensions import csrf

API_VERSION = "1.0"


class JsonParser(FlaskParser):
    """Bodies are parsed by the app's JSON provider, like `request.get_json()` everywhere else, so
    the limits it sets on hostile input (depth, lone surrogates, control characters) hold here too."""

    def _raw_load_json(self, req):
        from webargs import core

        if not req.is_json:
            return core.missing
        return req.get_json()


class ApiBlueprint(Blueprint):
    ARGUMENTS_PARSER = JsonParser()


bp = ApiBlueprint(
    "api",
    __name__,
    url_prefix="/api/v1",
    description="Events, sessions, outcomes and reports of the ASEAN Smart Cities Network.",
)
csrf.exempt(bp)
# The document and its reading page: not operations of the API, so not in the document.
docs_bp = FlaskBlueprint("api_docs", __name__, url_prefix="/api/v1")


class EventsysApi(Api):
    """flask-smorest's Api, with the document written when it is first read, not in create_app.

    Writing it (a deepcopy of every operation's doc, then each schema through apispec) costs more
    than all the rest of the API's set-up, in every process and every test's app, while the
    document is read only by /api/v1/openapi.json, the docs page and `flask openapi`. So
    `register_blueprint` adds the routes at once and leaves the blueprint's operations to the
    first read of `spec`: the same calls in the same order, so the same document, byte for byte.
    As before, `spec` is that of the app last set up (`init_app` starts a new one).

    The components flask-smorest registers in every new spec (a response per HTTP status, each
    with the error schema run through apispec: a fifth of create_app; the ETag and pagination
    headers) wait for the first read too, with `defer` for eventsys' own (the bearer scheme),
    and are written first then, in the order init_app asked for them.
    """

    # Every operation's "default" answer in the document: the one error shape.
    ERROR_SCHEMA = Error

    def __init__(self, *args, **kwargs) -> None:
        self._undocumented: list[tuple[Blueprint, str, list | None]] = []
        self._components: list[Callable[[], None]] = []  # set-up steps that wait for the first read
        # Two first requests at once must not both write the operations into the one spec; the
        # steps read `spec` themselves (re-entering, in the same thread, while `_writing`).
        self._documenting = threading.RLock()
        self._writing = False
        super().__init__(*args, **kwargs)

    def defer(self, step: Callable[[Any], None]) -> None:
        """Run `step(spec)` at the first read of `spec`, after the steps deferred before it."""
        self._components.append(lambda: step(self._spec))

    def _register_responses(self):
        self._components.append(super()._register_responses)

    def _register_etag_headers(self):
        self._components.append(super()._register_etag_headers)

    def _register_pagination_header(self):
        self._components.append(super()._register_pagination_header)

    @property
    def spec(self):
        if self._components or self._undocumented:
            with self._documenting:
                if self._writing:  # a step of the loop below, reading the spec it writes
                    return self._spec
                self._writing = True
                try:
                    # Each step taken off its list once done: a reader that finds both empty gets
                    # a whole document.
                    while self._components:
                        self._components[0]()
                        self._components.pop(0)
                    while self._undocumented:
                        blp, name, parameters = self._undocumented[0]
                        blp.register_views_in_doc(self, self._app, self._spec, name=name, parameters=parameters)
                        self._spec.tag({"name": name, "description": blp.description})
                        self._undocumented.pop(0)
                finally:
                    self._writing = False
        return self._spec

    @spec.setter
    def spec(self, value) -> None:
        # Set by flask-smorest: None at first, a new APISpec at each init_app, for that app.
        self._undocumented.clear()
        self._components.clear()
        self._spec = value

    def register_blueprint(self, blp, *, parameters=None, **options):
        """flask-smorest's register_blueprint with its documenting step deferred (see the class)."""
        name = options.get("name", blp.name)
        self._app.extensions["flask-smorest"]["blp_name_to_api"][name] = self
        self._app.register_blueprint(blp, **options)
        self._undocumented.append((blp, name, parameters))

    def _register_error_handlers(self):
        """eventsys.errors answers every error, here and on pages: one shape, one place."""


api = EventsysApi()
# Once, on the one Api: each init_app (each app: every test makes one) registers every field listed
# so far into its new spec. Registered per app, the list grew by one set each time, and the
# thousandth app of a process registered them a thousand times over.
for _field, (_kind, _fmt) in OPENAPI_FORMATS.items():
    api.register_field(_field, _kind, _fmt)


def json_error(status: int, message: str, *, code: str | None = None, **extra):
    return json_error_response(status, message, code=code, **extra)


# What every operation may answer about who is calling (besides its own errors).
AUTH_ERRORS = {
    401: "The token sent is unknown, expired or revoked; or this needs a signed-in caller. "
    "Carries `WWW-Authenticate: Bearer`.",
    403: "The caller may not do this: the token lacks the scope, or the account the role.",
}


def scope(name: str) -> Callable:
    """The token scope an operation needs (`admin` holds them all). Cookie sessions are not
    scoped: a signed-in person's roles decide, as on the pages."""
    if name not in TOKEN_SCOPES:
        raise ValueError(f"unknown token scope {name!r}")

    def mark(view: Callable) -> Callable:
        permission = getattr(view, "permission", None)
        anyone = permission is not None and permission.kind == "public"
        declared = getattr(view, "_apidoc", {}).get("response", {}).get("responses", {})
        for status, description in AUTH_ERRORS.items():
            if status not in declared:
                view = bp.alt_response(status, schema=Error, description=description)(view)
        view.api_scope = name
        doc = getattr(view, "_apidoc", {})
        # `{}`: callable without a token too (public operations).
        manual = doc.setdefault("manual_doc", {})
        manual["security"] = [{"bearer": [name]}, *([{}] if anyone else [])]
        manual["operationId"] = view.__name__
        view._apidoc = doc
        return view

    return mark


@bp.before_request
def authenticate_and_check_scope():
    # A token that is sent must work: an unknown, expired or revoked one is a 401, never a quiet
    # fall-back to anonymous access.
    signed_in = current_user.is_authenticated  # runs the loaders: cookies first, then the bearer token
    if request.headers.get("Authorization") and not signed_in:
        return json_error_response(
            401,
            "The token is not valid: it is unknown, expired or revoked.",
            code="invalid_token",
            headers={"WWW-Authenticate": 'Bearer realm="eventsys", error="invalid_token"'},
        )
    token = g.get("api_token")
    view = current_app.view_functions.get(request.endpoint)
    needed = getattr(view, "api_scope", None)
    if token is not None and needed and not token.allows(needed):
        return json_error_response(
            403,
            f"This token lacks the '{needed}' scope.",
            code="insufficient_scope",
            headers={"WWW-Authenticate": f'Bearer realm="eventsys", error="insufficient_scope", scope="{needed}"'},
        )
    # A cross-site page can only send application/json after a CORS preflight, which this app never
    # grants (it sends no Access-Control-Allow-* header), and a plain cross-site form cannot send it
    # at all; so requiring it on every write stops forged writes riding on a signed-in browser's
    # cookie, without CSRF tokens.
    if request.method in ("POST", "PUT", "PATCH", "DELETE") and not request.is_json:
        return json_error_response(
            415, "Send a JSON body with Content-Type: application/json.", code="unsupported_media_type"
        )
    return None


def init_app(app) -> None:
    app.config.setdefault("API_TITLE", "eventsys API")
    app.config.setdefault("API_VERSION", API_VERSION)
    app.config.setdefault("OPENAPI_VERSION", "3.1.0")
    # The document and the docs page are served by eventsys.api.docs (with the app's CSP).
    app.config.setdefault("OPENAPI_URL_PREFIX", None)
    api.init_app(
        app,
        spec_kwargs={
            "info": {
                "description": (
                    "Read the ASCN's published events, sessions, outcomes and reports; register delegates; "
                    "scan badges at the doors. Send `Authorization: Bearer <token>`: tokens are made on "
                    "the account page or with `flask --app wsgi create-token`, each with scopes: "
                    + ", ".join(TOKEN_SCOPES)
                    + "."
                ),
                "contact": {"name": "ASCN secretariat"},
            },
            "servers": [{"url": "/"}],
        },
    )
    api.defer(
        lambda spec: spec.components.security_scheme(
            "bearer",
            {"type": "http", "scheme": "bearer", "description": "An eventsys API token (esk_...)."},
        )
    )
    api.register_blueprint(bp)
    app.register_blueprint(docs_bp)


from eventsys.api import (  # noqa: E402,F401  (imported for their routes, once the blueprint above exists)
    agenda,
    badges,
    checkin,
    docs,
    documents,
    events,
    exhibitors,
    feedback,
    outcomes,
    projects,
    registration,
    reports,
)
