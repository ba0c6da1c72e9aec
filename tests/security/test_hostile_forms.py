"""Fuzzing every form: hostile values in every field never give a 5xx, and a refused post writes nothing.

The walk finds every route that takes a POST (the JSON API aside: tests/security/test_hostile_json.py),
fills its address from the permission walk's seeded event (tests/permission_walk.py; signed links
get real tokens), and learns the fields of the forms it builds by asking it once (the page, and an
empty post) while recording every form made. Then it posts each hostile value into every field at
once, plus the names views read without a form: signed in as a site admin, or, on the public
routes (sign-in, registration, a delegate's links, an invitation), as an anonymous visitor. Each
post runs in a transaction rolled back afterwards, so every post meets the same world. Mail a post
queues stays queued, as in every test not marked `delivers_mail`: the walk checks answers and writes.

- No answer is a 5xx.
- Every form derives from eventsys.forms_base.SafeForm (the checks of every field).
- A control character (NUL, vertical tab, form feed) is refused by every field of every form: a
  post that put one into a form's fields changes no row of any table.
"""

from __future__ import annotations

from urllib.parse import urlencode

import pytest
import sqlalchemy as sa
from flask_wtf import FlaskForm
from wtforms.fields import FieldList, FormField

from eventsys.extensions import limiter
from eventsys.forms_base import SafeForm
from tests.conftest import login
from tests.permission_walk import rolled_back, seed_world, url_values

# Hostile input at every route: PostgreSQL refuses what SQLite takes (numbers beyond int4, NUL in
# text), and production runs on it; on SQLite too it would add a minute to CI for nothing new.
pytestmark = pytest.mark.postgresql_only

HOSTILE = {
    "NUL": "a\x00b",
    "vertical tab": "\x0b",
    "form feed": "Title\x0c} body { display: none }",
    # Encoded as the UTF-8 of U+D800 (%ED%A0%80): what a browser never sends, and no text is.
    "lone surrogate": "x\ud800y",
    "100,000 characters": "x" * 100_000,
    "formula": "=cmd|' /C calc'!A0",
    "markup": '</style><style>body{display:none}</style><script>alert("x")</script>',
    "quotes": "\"'`",
    "number beyond 64 bits": "99999999999999999999",
    "number below int4": "-2147483649",
    "number beyond int4": "2147483648",
    "invalid date": "2024-02-30",
    "invalid time": "25:61",
    # str.isdigit() says yes, int() says no.
    "superscript digit": "²",
}
REFUSED = ("NUL", "vertical tab", "form feed")
# Names views read from request.form without a form class.
RAW_FIELDS = (
    "action",
    "back",
    "confirm",
    "digest",
    "ids",
    "layout",
    "next",
    "publish",
    "role",
    "room_id",
    "session_id",
    "track_id",
    "version",
)
# These end the admin's session: walked last, after everything else has been posted.
SIGN_OUT = ("accounts.logout", "accounts.sign_out_everywhere", "accounts.reset_user", "registration.delegate_sign_out")


@pytest.fixture
def world(app, make, db, monkeypatch):
    from eventsys.agenda.personal import make_agenda_token
    from eventsys.registration.models import Registration
    from eventsys.registration.tokens import manage_token, unsubscribe_token
    from eventsys.teams import invitations
    from eventsys.teams.models import TeamInvitation

    world = seed_world(make, db, monkeypatch)
    registration = db.session.get(Registration, world.registration)
    world.tokens = {
        "registration.": manage_token(registration),
        "registration.unsubscribe": unsubscribe_token(registration),
        "agenda.": make_agenda_token(registration),
        "matchmaking.": manage_token(registration),
        "teams.accept": invitations.token_for(db.session.get(TeamInvitation, world.invitation)),
    }
    # The walk's event has ended; registration is open here, so its form is posted too.
    world.open_event = make.event("hostile-forms-open").slug
    monkeypatch.setattr(limiter, "enabled", False)
    return world


def post_routes(app, world) -> list[tuple[str, str, bool, bool]]:
    """(endpoint, address, whether it also answers GET, whether it is public) of every form route,
    sign-outs last."""
    routes = []
    for rule in app.url_map.iter_rules():
        if "POST" not in rule.methods or rule.rule.startswith("/api/"):
            continue
        values, missing = url_values(rule.endpoint, rule.arguments - {"code"}, world)
        assert missing == [], f"{rule.endpoint}: no value for {missing}"
        if "code" in rule.arguments:
            values["code"] = "th"  # the language switch
        for prefix, token in world.tokens.items():
            if "token" in rule.arguments and rule.endpoint.startswith(prefix) and "import" not in rule.endpoint:
                values["token"] = token  # a signed link: its forms open
        public = app.view_functions[rule.endpoint].permission.kind == "public"
        with app.test_request_context():
            routes.append((rule.endpoint, app.url_for(rule.endpoint, **values), "GET" in rule.methods, public))
            if rule.endpoint == "registration.register":
                routes.append((rule.endpoint, app.url_for(rule.endpoint, slug=world.open_event), True, public))
    return sorted(routes, key=lambda route: (route[0] in SIGN_OUT, route[0]))


def field_names(form) -> set[str]:
    names = set()
    for field in form:
        if isinstance(field, FormField):
            names |= field_names(field.form)
        elif isinstance(field, FieldList):
            for entry in field.entries:
                names |= field_names(entry.form) if isinstance(entry, FormField) else {entry.name}
        elif field.name != "csrf_token":
            names.add(field.name)
    return names


def forms_made(client, db, monkeypatch, url: str, has_get: bool) -> list:
    """Every form the route builds for its page and for an empty post."""
    made = []
    original = FlaskForm.__init__

    def recording(self, *args, **kwargs):
        original(self, *args, **kwargs)
        made.append(self)

    with monkeypatch.context() as patch:
        patch.setattr(FlaskForm, "__init__", recording)
        with rolled_back(db, monkeypatch):
            if has_get:
                client.get(url)
            client.post(url, data={})
    return made


def table_rows(db, skip: set[str]) -> dict[str, object]:
    """Each table's rows, to compare before and after a post. On PostgreSQL in one statement: the MD5
    of each table's rows as text (every column of every row), sorted; reading every row of the 53
    tables back into Python, table by table, took a fifth of the walk. Elsewhere the rows themselves."""
    tables = [table for table in db.metadata.sorted_tables if table.name not in skip]
    if db.session.get_bind().dialect.name != "postgresql":
        return {table.name: sorted(map(repr, db.session.execute(sa.select(table)).all())) for table in tables}
    digests = " UNION ALL ".join(
        f"SELECT '{table.name}', md5(coalesce(string_agg(t::text, E'\\n' ORDER BY t::text), '')) FROM \"{table.name}\" AS t"
        for table in tables
    )
    return dict(db.session.execute(sa.text(digests)).all())


def encoded(names, value: str) -> bytes:
    return urlencode([(name, value) for name in sorted(names)], errors="surrogatepass").encode("ascii")


def signed_in(client) -> bool:
    return client.get("/account").status_code == 200


def test_hostile_values_in_every_field_of_every_form(app, client, db, world, monkeypatch):
    admin = world.users["admin"]
    login(client, admin)
    # What any signed-in request writes (the session's last use...): not what a post wrote.
    with rolled_back(db, monkeypatch):
        before = table_rows(db, set())
        client.get("/account")
        db.session.remove()
        volatile = {name for name, rows in table_rows(db, set()).items() if rows != before[name]}
    routes = post_routes(app, world)
    assert len(routes) > 60
    anonymous = app.test_client()
    problems, posts = [], 0
    for endpoint, url, has_get, public in routes:
        if not public and not signed_in(client):
            login(client, admin)
        visitor = anonymous if public else client
        forms = forms_made(visitor, db, monkeypatch, url, has_get)
        problems += [
            f"{endpoint}: {type(form).__name__} is not a SafeForm" for form in forms if not isinstance(form, SafeForm)
        ]
        fields = set().union(*(field_names(form) for form in forms))
        for case, value in HOSTILE.items():
            with rolled_back(db, monkeypatch):
                before = table_rows(db, volatile) if case in REFUSED and fields else None
                response = visitor.post(
                    url, data=encoded(fields | set(RAW_FIELDS), value), content_type="application/x-www-form-urlencoded"
                )
                posts += 1
                if response.status_code >= 500:
                    problems.append(f"{endpoint} {case}: {response.status_code}")
                elif before is not None:
                    db.session.remove()  # what a request leaves uncommitted ends with it
                    changed = sorted(name for name, rows in table_rows(db, volatile).items() if rows != before[name])
                    if changed:
                        problems.append(f"{endpoint} {case}: {response.status_code}, yet wrote to {', '.join(changed)}")
            with visitor.session_transaction() as session:
                session.pop("_flashes", None)
    assert problems == [], "\n".join(["hostile posts that were not refused cleanly:", *problems])
    assert posts == len(routes) * len(HOSTILE)
    assert app.extensions["tests.deliveries"], (
        "no post queued a mail: the walk no longer reaches the forms that send one"
    )
