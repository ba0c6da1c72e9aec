"""Each role against each action on a session's outcomes, over HTTP."""
import pytest

from eventsys.outcomes import services
from eventsys.outcomes.models import OutcomeStatus
from tests.outcomes.conftest import content

ROLES = ["anonymous", "delegate", "other_rapporteur", "rapporteur", "chair", "organizer", "admin"]

# action -> the roles allowed to do it
ALLOWED = {
    "view_public": set(ROLES),
    "view_editor": {"rapporteur", "chair", "organizer", "admin"},
    "save": {"rapporteur", "admin"},
    "submit": {"rapporteur", "admin"},
    "approve": {"chair", "organizer", "admin"},
    "return": {"chair", "organizer", "admin"},
    "api_sees_draft": {"rapporteur", "chair", "organizer", "admin"},
}


def _user(cast, role):
    return None if role == "anonymous" else getattr(cast, role)


def _form(summary="Edited by someone."):
    return {"base_number": "1", "summary_en": summary, "summary_th": "",
            "key_messages-0-text_en": "", "recommendations-0-text_en": "", "action_items-0-what_en": "",
            "action_items-0-status": "open"}


@pytest.mark.parametrize("role", ROLES)
@pytest.mark.parametrize("action", list(ALLOWED))
def test_role_against_action(cast, as_user, role, action):
    s = cast.session
    services.save_draft(s, cast.rapporteur, content(), 0)
    if action in ("approve", "return"):
        services.submit(s, cast.rapporteur)
    client = as_user(_user(cast, role))
    base = f"/manage/sessions/{s.id}/outcomes"
    if action == "view_public":
        response = client.get(f"/events/{cast.event.slug}/sessions/{s.id}/outcomes?lang=en")
    elif action == "view_editor":
        response = client.get(base + "?lang=en")
    elif action == "save":
        response = client.post(base, data=_form())
    elif action == "submit":
        response = client.post(base + "/submit", data={"base_number": "1"})
    elif action == "approve":
        response = client.post(base + "/approve", data={"base_number": "1"})
    elif action == "return":
        response = client.post(base + "/return", data={"base_number": "1", "comment": "Please shorten."})
    else:
        response = client.get(f"/api/v1/sessions/{s.id}/outcomes")
    allowed = role in ALLOWED[action]
    outcome = services.outcome_for(s.id)

    if action == "api_sees_draft":
        assert response.status_code == 200
        assert ("latest" in response.json) is allowed
        return
    if allowed:
        assert response.status_code in (200, 302)
        if action != "view_public" and response.status_code == 302:
            assert response.headers["Location"].startswith(base)
    elif role == "anonymous" and action != "view_public":
        assert response.status_code == 302 and "/login" in response.headers["Location"]
    else:
        assert response.status_code == 403
    expected_state = {
        "save": (OutcomeStatus.DRAFT, 2 if allowed else 1),
        "submit": (OutcomeStatus.SUBMITTED if allowed else OutcomeStatus.DRAFT, 1),
        "approve": (OutcomeStatus.APPROVED if allowed else OutcomeStatus.SUBMITTED, 1),
        "return": (OutcomeStatus.RETURNED if allowed else OutcomeStatus.SUBMITTED, 1),
    }.get(action)
    if expected_state:
        assert (outcome.status, outcome.current_number) == expected_state


def test_the_public_sees_approved_outcomes_only(cast, client):
    services.save_draft(cast.session, cast.rapporteur, content("A draft nobody outside should read."), 0)
    page = f"/events/{cast.event.slug}/sessions/{cast.session.id}/outcomes?lang=en"
    html = client.get(page).get_data(as_text=True)
    assert "A draft nobody outside should read." not in html
    assert "No approved outcomes for this session yet." in html
    assert client.get(f"/api/v1/sessions/{cast.session.id}/outcomes").json["approved"] is None
    services.submit(cast.session, cast.rapporteur)
    services.approve(cast.session, cast.chair)
    assert "A draft nobody outside should read." in client.get(page).get_data(as_text=True)


def test_a_rapporteur_by_event_role_alone_cannot_edit_a_session(cast, as_user, make):
    from eventsys.accounts.models import User

    role_only = User.by_email("rap-role@example.org")
    client = as_user(role_only)
    assert client.get(f"/manage/sessions/{cast.session.id}/outcomes").status_code == 403
