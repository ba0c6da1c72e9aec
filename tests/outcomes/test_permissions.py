"""Each role against each action on a session's outcomes, over HTTP."""

import pytest

from eventsys.outcomes import services
from eventsys.outcomes.models import OutcomeStatus
from tests.outcomes.conftest import content

# Who may do what is decided before any query a database could answer differently (as in the app's
# permission walk, tests/test_permissions.py); the outcomes' queries meet PostgreSQL in the rest of
# tests/outcomes.
pytestmark = pytest.mark.one_backend

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
    return {
        "base_number": "1",
        "summary_en": summary,
        "summary_th": "",
        "key_messages-0-text_en": "",
        "recommendations-0-text_en": "",
        "action_items-0-what_en": "",
        "action_items-0-status": "open",
    }


# What an allowed POST says on the editor page it redirects to.
DONE = {
    "save": "Saved as version 2.",
    "submit": "Submitted for approval.",
    "approve": "Approved and published.",
    "return": "Returned to the rapporteurs with your comment.",
}


@pytest.mark.parametrize("role", ROLES)
@pytest.mark.parametrize("action", list(ALLOWED))
def test_role_against_action(cast, as_user, role, action):
    s = cast.session
    services.save_draft(s, cast.rapporteur, content(), 0)
    if action in ("approve", "return"):
        services.submit(s, cast.rapporteur)
    before = services.outcome_for(s.id)
    before = (before.status, before.current_number)
    client = as_user(_user(cast, role))
    base = f"/manage/sessions/{s.id}/outcomes"
    if action == "view_public":
        path, response = None, client.get(f"/events/{cast.event.slug}/sessions/{s.id}/outcomes?lang=en")
    elif action == "view_editor":
        path, response = f"{base}?lang=en", client.get(f"{base}?lang=en")
    elif action == "save":
        path, response = base, client.post(base, data=_form())
    elif action == "submit":
        path, response = f"{base}/submit", client.post(f"{base}/submit", data={"base_number": "1"})
    elif action == "approve":
        path, response = f"{base}/approve", client.post(f"{base}/approve", data={"base_number": "1", "confirm": "y"})
    elif action == "return":
        path, response = (
            f"{base}/return",
            client.post(f"{base}/return", data={"base_number": "1", "comment": "Please shorten."}),
        )
    else:
        path, response = None, client.get(f"/api/v1/sessions/{s.id}/outcomes")
    allowed = role in ALLOWED[action]
    html = response.get_data(as_text=True)

    if action == "view_public":  # everyone reads the page; only those who may see drafts get the link
        assert response.status_code == 200
        assert "No approved outcomes for this session yet." in html
        assert "The delegates reviewed the draft Terms of Reference." not in html
        assert ("Edit or review outcomes" in html) is (role in ALLOWED["view_editor"])
    elif action == "api_sees_draft":
        assert response.status_code == 200
        assert response.json["approved"] is None
        if allowed:
            assert (response.json["status"], response.json["latest"]["number"]) == ("draft", 1)
            assert (
                response.json["latest"]["content"]["summary_en"]
                == "The delegates reviewed the draft Terms of Reference."
            )
        else:
            assert "latest" not in response.json and "status" not in response.json
    elif role == "anonymous":  # to the sign-in page; back to this address after it only for a GET
        assert response.status_code == 302
        expected = "/login?next=" + path.replace("=", "%3D") if action == "view_editor" else "/login"
        assert response.headers["Location"] == expected
    elif not allowed:
        assert response.status_code == 403
    elif action == "view_editor":
        assert response.status_code == 200
        assert "The delegates reviewed the draft Terms of Reference." in html
    else:  # an allowed change: back to the editor, which says what happened
        assert response.status_code == 302
        assert response.headers["Location"] == base
        assert DONE[action] in client.get(f"{base}?lang=en").get_data(as_text=True)

    expected_state = (
        {
            "save": (OutcomeStatus.DRAFT, 2),
            "submit": (OutcomeStatus.SUBMITTED, 1),
            "approve": (OutcomeStatus.APPROVED, 1),
            "return": (OutcomeStatus.RETURNED, 1),
        }.get(action)
        if allowed
        else None
    )
    outcome = services.outcome_for(s.id)
    assert (outcome.status, outcome.current_number) == (expected_state or before)


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
