"""The floor of the stack on this machine: the least a Flask app under gunicorn can do for a door
scan, to compare eventsys' door with (bench/load/floor/run.py).

Two WSGI apps, neither of them eventsys:

- `bare`: Flask answering a JSON POST with a fixed JSON body (no database): what Flask, gunicorn's
  sync workers and the HTTP round trip cost.
- `door`: the least a real door scan needs, in Flask on PostgreSQL: the scanner's token checked,
  the badge looked up, the check-in written once (unique per list and delegate, the repeat told
  "already checked in") and the scan logged by its nonce, all in ONE statement on a connection
  kept per worker (psycopg, prepared, autocommit). No ORM, no permissions by role, no signature
  check, no audit, no metrics, no request log, no translations: what eventsys does besides is what
  the gap between this and eventsys' door measures.
- the same app's `register` and `page`: the least a registration needs (a seat taken from a
  counter if one is left, else the waitlist; the registration row with a unique address; one
  statement) and the cheapest page (a fixed HTML string), for the registration mix's shape: a page,
  a registration, a page half the time.
"""

from __future__ import annotations

import hashlib
import os

import psycopg
from flask import Flask, abort, jsonify, request

bare = Flask("floor-bare")


@bare.post("/scan")
def bare_scan():
    body = request.get_json(silent=True) or {}
    return jsonify(result="checked_in", ok=True, code=str(body.get("code", ""))[:40]), 201


door = Flask("floor-door")
_connection: psycopg.Connection | None = None

# One round trip: the token's scanner, the badge's delegate, the check-in (inserted unless there)
# and the scan row, and whether this scan made the check-in.
SCAN = """
WITH scanner AS (SELECT id FROM floor_tokens WHERE secret_hash = %(token)s),
     badge AS (SELECT registration_id FROM floor_badges WHERE code = %(code)s),
     made AS (
         INSERT INTO floor_checkins (registration_id, scanner_id)
         SELECT badge.registration_id, scanner.id FROM badge, scanner
         ON CONFLICT (registration_id) DO NOTHING
         RETURNING registration_id
     ),
     logged AS (
         INSERT INTO floor_scans (nonce, registration_id, scanner_id, checked_in)
         SELECT %(nonce)s, badge.registration_id, scanner.id, EXISTS (SELECT 1 FROM made)
         FROM badge, scanner
         ON CONFLICT (nonce) DO NOTHING
         RETURNING id
     )
SELECT (SELECT id FROM scanner), (SELECT registration_id FROM badge), EXISTS (SELECT 1 FROM made),
       (SELECT id FROM logged)
"""


def connection() -> psycopg.Connection:
    global _connection
    if _connection is None or _connection.closed:
        _connection = psycopg.connect(os.environ["FLOOR_DATABASE_URL"], autocommit=True, prepare_threshold=0)
    return _connection


REGISTER = """
WITH seat AS (
         UPDATE floor_events SET taken = taken + 1 WHERE id = 1 AND taken < capacity RETURNING taken
     ),
     made AS (
         INSERT INTO floor_registrations (email, first_name, last_name, status)
         SELECT %(email)s, %(first_name)s, %(last_name)s,
                CASE WHEN EXISTS (SELECT 1 FROM seat) THEN 'confirmed' ELSE 'waitlisted' END
         ON CONFLICT (email) DO NOTHING
         RETURNING id, status
     )
SELECT id, status FROM made
"""
PAGE = "<!doctype html><html lang=en><title>Event</title><h1>ASCN Annual Meeting</h1>" + "<p>Agenda.</p>" * 200


@door.get("/page")
def page():
    return PAGE


@door.post("/register")
def register():
    body = request.get_json(silent=True)
    fields = ("email", "first_name", "last_name")
    if not isinstance(body, dict) or not all(isinstance(body.get(f), str) and body[f].strip() for f in fields):
        return jsonify(error="email, first_name and last_name are required"), 422
    row = connection().execute(REGISTER, {f: body[f].strip()[:200] for f in fields}).fetchone()
    if row is None:  # the address is taken (and a seat taken in vain: a floor, not a product)
        return jsonify(error="already registered"), 409
    return jsonify(id=row[0], status=row[1]), 201


@door.post("/scan")
def door_scan():
    body = request.get_json(silent=True)
    header = request.headers.get("Authorization", "")
    if not isinstance(body, dict) or not isinstance(body.get("code"), str) or not header.startswith("Bearer "):
        abort(422)
    token = hashlib.sha256(header[7:].encode()).hexdigest()
    nonce = str(body.get("nonce") or os.urandom(16).hex())[:64]
    scanner, registration, made, scan = (
        connection().execute(SCAN, {"token": token, "code": body["code"], "nonce": nonce}).fetchone()
    )
    if scanner is None:
        return jsonify(error="unauthorized"), 401
    if registration is None:
        return jsonify(result="invalid", ok=False), 422
    result = "checked_in" if made else "already_checked_in"
    return jsonify(result=result, ok=True, registration=registration, scan_id=scan), 201 if made else 200
