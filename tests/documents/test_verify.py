"""/verify/<code> and GET /api/v1/verify/<code>: valid, revoked, altered, mistyped, never issued;
case and hyphens do not matter; nothing private shows; not indexed; rate-limited."""

from __future__ import annotations

from eventsys.documents import codes
from eventsys.documents.services import issue_certificate
from tests.documents.helpers import attended_event


def _altered(code: str) -> str:
    """The code with one character changed (the first of the random part)."""
    first = code[0]
    return ("1" if first != "1" else "2") + code[1:]


def test_codes_are_typeable_and_check_themselves(app):
    code = codes.new_code()
    assert len(code) == 14 and code[4] == code[9] == "-"
    assert codes.parse(code) == (codes.CodeState.WELL_FORMED, code)
    # Lower case, no hyphens, spaces, O for 0 and I or L for 1 all read as the same code.
    sloppy = code.replace("-", " ").lower().replace("0", "o").replace("1", "l")
    assert codes.parse(sloppy) == (codes.CodeState.WELL_FORMED, code)
    assert codes.parse(_altered(code))[0] == codes.CodeState.ALTERED
    assert codes.parse("ABCD-EFGH")[0] == codes.CodeState.MALFORMED
    assert codes.parse("UUUU-UUUU-UUUU")[0] == codes.CodeState.MALFORMED  # U is not in the alphabet


def test_each_answer_of_the_page_and_the_api(app, db, client, make):
    event, _session, (somchai, _namkhang, _ana) = attended_event(make)
    document = issue_certificate(somchai, actor=None).document
    db.session.commit()

    page = client.get(f"/verify/{document.code.lower().replace('-', '')}")
    body = page.get_data(as_text=True)
    assert page.status_code == 200 and 'data-state="valid"' in body
    assert "Somchai Jaidee" in body and "City data platforms" in body and event.title_en in body
    assert "somchai@example.org" not in body
    assert page.headers["X-Robots-Tag"] == "noindex" and '<meta name="robots" content="noindex, nofollow">' in body
    api = client.get(f"/api/v1/verify/{document.code}")
    assert api.status_code == 200
    answer = api.get_json()
    assert answer["holder"] == "Somchai Jaidee" and answer["kind"] == "certificate"
    assert answer["event"] == {
        "slug": event.slug,
        "name": {"en": event.title_en, "th": event.title_th},
        "starts_on": event.start_date.isoformat(),
        "ends_on": event.end_date.isoformat(),
    }
    assert answer["attended"]["days"] == [event.start_date.isoformat(), event.end_date.isoformat()]
    assert "somchai@example.org" not in api.get_data(as_text=True)

    altered = client.get(f"/verify/{_altered(document.code)}")
    assert altered.status_code == 400
    assert "it was mistyped or altered" in altered.get_data(as_text=True)
    assert "Somchai" not in altered.get_data(as_text=True)
    assert client.get(f"/api/v1/verify/{_altered(document.code)}").get_json() == {
        "error": "invalid_code",
        "message": "Not a valid code: it was mistyped or altered.",
        "status": 400,
    }

    never = codes.new_code()
    unknown = client.get(f"/verify/{never}")
    assert unknown.status_code == 404 and "No document was issued with this code" in unknown.get_data(as_text=True)
    assert client.get(f"/api/v1/verify/{never}").get_json()["error"] == "not_issued"

    assert client.get("/verify/not-a-code").status_code == 400
    assert client.get("/verify?code=" + document.code).headers["Location"] == f"/verify/{document.code}"


def test_the_thai_reader_gets_the_page_in_thai_with_the_thai_title(app, db, client, make):
    event, _session, (_somchai, namkhang, _ana) = attended_event(make)
    document = issue_certificate(namkhang, actor=None).document
    db.session.commit()

    body = client.get(f"/verify/{document.code}?lang=th").get_data(as_text=True)

    assert 'lang="th"' in body.split(">", 2)[1]
    assert event.title_th in body and "น้ำค้าง ปั้นเหน่ง" in body


def test_verify_is_rate_limited_per_address(app, db, client, make):
    app.config["VERIFY_RATE_LIMIT"] = "3 per minute"
    answers = [client.get(f"/verify/{codes.new_code()}").status_code for _ in range(4)]
    assert answers == [404, 404, 404, 429]
    api = [client.get(f"/api/v1/verify/{codes.new_code()}").status_code for _ in range(4)]
    assert api == [404, 404, 404, 429]
