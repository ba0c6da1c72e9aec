"""What the answers add up to: the organizers' charts and CSV, the rapporteur's view beside the
outcomes, and the API's aggregates. Names appear only with the delegate's consent."""

from __future__ import annotations

import csv
import io

from sqlalchemy import select

from eventsys.agenda.models import SessionRole
from eventsys.audit.models import AuditEntry
from eventsys.db import db
from eventsys.feedback import services
from tests.conftest import login


def answer(registration, target, rating, comment="", *, named=False, session=None):
    services.submit(
        registration,
        [services.Answer(target=target, session_id=session.id if session else None, rating=rating, comment=comment)],
        named=named,
        language=registration.language,
    )


def test_the_results_page_charts_each_target_and_hides_names_without_consent(
    organizer_client, event, opening, delegate, other, survey
):
    answer(delegate, "event", 5, "ดีมาก", named=True)
    answer(other, "event", 3, "Too long", named=False)
    answer(other, f"session-{opening.id}", 4, session=opening)
    page = organizer_client.get(f"/manage/events/{event.slug}/feedback?lang=en").get_data(as_text=True)
    assert 'aria-label="Ratings of ASCN Roundtable (test): 5: 1, 4: 0, 3: 1, 2: 0, 1: 0"' in page
    assert "2 answers · mean 4.00 out of 5" in page
    assert 'aria-label="Ratings of Opening plenary: 5: 0, 4: 1, 3: 0, 2: 0, 1: 0"' in page
    assert "“ดีมาก”" in page and "Somchai Jaidee" in page  # named with consent
    assert "“Too long”" in page and "Maria Santos" not in page
    assert "Answers are anonymous" in page


def test_the_csv_has_one_row_per_answer_and_is_in_the_audit_log(
    organizer_client, organizer, event, opening, delegate, other, survey
):
    answer(delegate, "event", 5, "=cmd()", named=True)
    answer(other, "event", 2, "Not for me")
    response = organizer_client.get(f"/manage/events/{event.slug}/feedback.csv")
    assert response.status_code == 200
    assert response.headers["Content-Disposition"] == f'attachment; filename="{event.slug}-feedback.csv"'
    rows = list(csv.reader(io.StringIO(response.get_data(as_text=True).lstrip("\ufeff"))))
    assert rows[0][:6] == ["answer", "target", "session_id", "session_title", "rating", "comment"]
    assert [(r[1], r[4], r[5], r[9]) for r in rows[1:]] == [
        ("event", "5", "'=cmd()", "Somchai Jaidee"),
        ("event", "2", "Not for me", ""),
    ]
    entry = db.session.scalar(select(AuditEntry).where(AuditEntry.action == "registration.export"))
    assert (entry.actor_id, entry.event_id) == (organizer.id, event.id)
    assert entry.target_ids == [str(delegate.id)]  # the one named in it
    assert entry.detail["export"] == "feedback.csv"
    assert entry.detail["rows"] == 2


def test_the_sessions_rapporteur_sees_its_results_beside_the_outcomes(
    client, make, event, opening, workshop, delegate, other, survey
):
    rapporteur = make.user(email="rapporteur@example.org", name="Rapporteur")
    make.add_person_to_session(
        opening, make.person(name="Rapporteur", local_name="", user_id=rapporteur.id), SessionRole.RAPPORTEUR
    )
    answer(delegate, f"session-{opening.id}", 5, "Inspiring", named=True, session=opening)
    answer(other, f"session-{opening.id}", 2, "Too fast", session=opening)
    answer(other, f"session-{workshop.id}", 1, "Other session", session=workshop)
    login(client, rapporteur)
    page = client.get(f"/manage/sessions/{opening.id}/outcomes?lang=en").get_data(as_text=True)
    assert 'id="session-feedback"' in page
    assert 'aria-label="Ratings of Opening plenary: 5: 1, 4: 0, 3: 0, 2: 1, 1: 0"' in page
    assert "“Inspiring”" in page and "Somchai Jaidee" in page
    assert "“Too fast”" in page and "Maria Santos" not in page
    assert "Other session" not in page
    # The rapporteur of the opening is nobody on the workshop: the outcomes page refuses them.
    assert client.get(f"/manage/sessions/{workshop.id}/outcomes").status_code == 403


def test_the_api_gives_organizers_aggregates_only(client, make, organizer, event, opening, delegate, other, survey):
    from eventsys.accounts.tokens import create

    answer(delegate, "event", 5, "Secret comment", named=True)
    answer(other, "event", 4)
    answer(other, f"session-{opening.id}", 3, session=opening)
    _token, secret = create(organizer, "feedback", ["read"])
    response = client.get(f"/api/v1/events/{event.slug}/feedback", headers={"Authorization": f"Bearer {secret}"})
    assert response.status_code == 200
    body = response.get_json()
    assert body["event"] == {"responses": 2, "mean": 4.5, "distribution": {"1": 0, "2": 0, "3": 0, "4": 1, "5": 1}}
    assert body["sessions"] == [
        {
            "id": opening.id,
            "title": {"en": "Opening plenary", "th": "พิธีเปิด"},
            "responses": 1,
            "mean": 3.0,
            "distribution": {"1": 0, "2": 0, "3": 1, "4": 0, "5": 0},
        }
    ]
    assert body["closes_at"] == survey.closes_at.isoformat()
    assert "Secret comment" not in response.get_data(as_text=True)
    assert "Somchai" not in response.get_data(as_text=True)


def test_the_api_refuses_as_the_rest_of_it_does(client, make, event, delegate, survey):
    from eventsys.accounts.tokens import create

    assert client.get(f"/api/v1/events/{event.slug}/feedback").status_code == 401
    stranger = make.user(email="stranger@example.org")
    _token, secret = create(stranger, "t", ["read"])
    refused = client.get(f"/api/v1/events/{event.slug}/feedback", headers={"Authorization": f"Bearer {secret}"})
    assert refused.status_code == 403
    assert refused.get_json()["status"] == 403
    missing = client.get("/api/v1/events/no-such-event/feedback", headers={"Authorization": f"Bearer {secret}"})
    assert missing.status_code == 404
