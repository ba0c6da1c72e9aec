"""Reprints keep every code; an organizer replacing one person's lost or wrong badge, with a reason,
is the only thing that revokes one, and the door then refuses the old code and admits the new."""

from __future__ import annotations

from sqlalchemy import select

from eventsys.audit.models import AuditEntry
from eventsys.badges import replacement, services
from eventsys.badges.models import Badge
from tests.badges.test_printing import decode_qr_codes
from tests.conftest import login


def scan(client, event, headers, code: str, nonce: str):
    return client.post(f"/api/v1/events/{event.slug}/checkins", headers=headers, json={"code": code, "nonce": nonce})


def test_a_second_run_and_a_second_layout_void_nothing(app, client, make, event, delegate, organizer, staff, token_for):
    other = make.registration(event, first_name="Ann", last_name="Lee")
    first, _ = services.print_badges(event, [delegate, other], layout_name="a6-4up", user=organizer, workers=1)
    second, run = services.print_badges(event, [delegate, other], layout_name="id1-9up", user=organizer, workers=1)
    assert decode_qr_codes(first) == decode_qr_codes(second)
    assert run.reprint_count == 2
    headers = token_for(staff)
    for n, code in enumerate(decode_qr_codes(first)):
        assert scan(client, event, headers, code, f"keep-000{n}").status_code == 201
    assert services.badge_summary(event)["revoked"] == 0


def test_an_organizer_replaces_one_badge_with_a_reason(
    app, client, db, make, event, delegate, organizer, staff, token_for
):
    other = make.registration(event, first_name="Ann", last_name="Lee")
    services.print_badges(event, [delegate, other], user=organizer, workers=1)
    old, others = services.code_for(services.current_badge(delegate)), services.code_for(services.current_badge(other))
    login(client, organizer)
    url = f"/events/{event.slug}/badges/registrations/{delegate.id}/replace"

    refused = client.post(url, data={"reason": "  "})
    assert refused.status_code == 422
    assert "Say why the badge is replaced (for example: lost, or a wrong name)." in refused.get_data(as_text=True)
    assert services.current_badge(delegate).serial == 1

    done = client.post(url, data={"reason": "Lost at the gala dinner"}, follow_redirects=True)
    page = done.get_data(as_text=True)
    assert "Badge replaced: the old code no longer admits anyone. Print the new badge (serial 2)." in page
    assert "Serial 1, replaced" in page and "by organizer@example.org: Lost at the gala dinner" in page
    badges = db.session.scalars(select(Badge).filter_by(registration_id=delegate.id).order_by(Badge.serial)).all()
    assert [(b.serial, b.is_revoked, b.revoked_reason, b.revoked_by) for b in badges] == [
        (1, True, "Lost at the gala dinner", "organizer@example.org"),
        (2, False, None, None),
    ]
    entry = db.session.scalars(select(AuditEntry).where(AuditEntry.action == "badge.replace")).one()
    assert (entry.actor_label, entry.target_ids, entry.event_id) == (
        "organizer@example.org",
        [str(delegate.id)],
        event.id,
    )
    assert (entry.detail["reason"], entry.detail["revoked_serial"], entry.detail["serial"]) == (
        "Lost at the gala dinner",
        1,
        2,
    )

    # At the door: the old code is refused and says why; the new one and everyone else's work.
    headers = token_for(staff)
    refused = scan(client, event, headers, old, "replace-01")
    assert refused.status_code == 409 and refused.json["result"] == "revoked"
    assert refused.json["message"] == (
        "This badge was replaced (lost or wrong) and no longer admits anyone: its holder has a new one."
    )
    [new] = decode_qr_codes(services.print_badges(event, [delegate], scope="one", workers=1)[0])
    assert new != old and scan(client, event, headers, new, "replace-02").status_code == 201
    assert scan(client, event, headers, others, "replace-03").status_code == 201
    # The scanners' revocation list names the replaced serial, and only it.
    body = services.scanner_keys(event)
    assert [(r["registration_id"], r["serial"]) for r in body["revoked"]] == [(delegate.id, 1)]


def test_only_organizers_replace_and_only_a_printed_badge(app, client, make, event, delegate, organizer, staff):
    login(client, staff)
    url = f"/events/{event.slug}/badges/registrations/{delegate.id}/replace"
    assert client.post(url, data={"reason": "lost"}).status_code == 403
    client.post("/logout")
    login(client, organizer)
    nothing = client.post(url, data={"reason": "lost"})
    assert nothing.status_code == 422
    assert "This registration has no badge yet: print it instead." in nothing.get_data(as_text=True)


def test_the_cli_replaces_one_badge(app, db, event, delegate):
    services.print_badges(event, [delegate], workers=1)
    runner = app.test_cli_runner()
    result = runner.invoke(args=["badge-replace", event.slug, str(delegate.id), "--reason", "wrong name"])
    assert result.exit_code == 0, result.output
    assert f"Badge of registration {delegate.id} replaced: serial 1 revoked, serial 2 issued." in result.output
    assert services.revoked_badges(delegate)[0].revoked_reason == "wrong name"
    entry = db.session.scalars(select(AuditEntry).where(AuditEntry.action == "badge.replace")).one()
    assert entry.actor_label == "cli" and entry.detail["reason"] == "wrong name"
    missing = runner.invoke(args=["badge-replace", event.slug, "999999", "--reason", "lost"])
    assert missing.exit_code == 1 and f"No registration 999999 in event '{event.slug}'." in missing.output


def test_erasing_the_person_forgets_the_reason_and_keeps_the_code_revoked(app, db, event, delegate, organizer):
    from eventsys.registration.erasure import erase_personal_data

    services.print_badges(event, [delegate], workers=1)
    replacement.replace_badge(delegate, "Lost by Nuttapon at the dinner", user=organizer)
    erase_personal_data(delegate, actor=organizer)
    db.session.commit()
    [old] = services.revoked_badges(delegate)
    assert (old.serial, old.is_revoked, old.revoked_reason) == (1, True, None)


def test_the_api_replaces_one_badge_for_organizers(app, client, db, event, delegate, organizer, staff, token_for):
    services.print_badges(event, [delegate], user=organizer, workers=1)
    old = services.code_for(services.current_badge(delegate))
    url = f"/api/v1/registrations/{delegate.id}/badge/replace"
    assert client.post(url, headers=token_for(staff), json={"reason": "lost"}).status_code == 403
    missing = client.post(url, headers=token_for(organizer), json={})
    assert missing.status_code == 422 and "reason" in missing.json["errors"]
    blank = client.post(url, headers=token_for(organizer), json={"reason": "   "})
    assert blank.status_code == 422
    assert blank.json["message"] == "Say why the badge is replaced (for example: lost, or a wrong name)."
    assert services.current_badge(delegate).serial == 1

    done = client.post(url, headers=token_for(organizer), json={"reason": "Wrong name spelling"})
    assert done.status_code == 200
    assert done.json == {"registration_id": delegate.id, "revoked_serial": 1, "serial": 2}
    entry = db.session.scalars(select(AuditEntry).where(AuditEntry.action == "badge.replace")).one()
    assert (entry.actor_label, entry.detail["reason"]) == ("organizer@example.org", "Wrong name spelling")
    refused = scan(client, event, token_for(staff), old, "api-repl-01")
    assert refused.status_code == 409 and refused.json["result"] == "revoked"
