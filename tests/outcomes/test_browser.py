"""A rapporteur writes and submits outcomes, the chair approves, the public reads them (chromium)."""

import pytest

pytestmark = pytest.mark.browser


def sign_in(page, email):
    page.goto("/login?lang=en")
    page.fill("#email", email)
    page.fill("#password", "correct horse battery")
    page.get_by_role("button", name="Sign in").click()


def test_rapporteur_writes_chair_approves_public_reads(cast, page, db):
    editor = f"/manage/sessions/{cast.session.id}/outcomes?lang=en"
    public = f"/events/{cast.event.slug}/sessions/{cast.session.id}/outcomes?lang=en"
    db.session.remove()  # reading those ids opened a transaction; on SQLite it would block the server
    sign_in(page, "rap1@example.org")
    page.goto(editor)
    page.fill("#summary_en", "Delegates reviewed the draft Terms of Reference.")
    page.fill("#summary_th", "ผู้แทนได้พิจารณาร่างขอบเขตการดำเนินงาน")
    page.fill("#recommendations-0-text_en", "Endorse the Terms of Reference at the Annual Meeting.")
    page.locator("[data-rows=recommendations] .es-tags summary").first.click()
    page.check("#recommendations-0-focus_areas input[value=civic-and-social]")
    page.fill("#action_items-0-what_en", "Circulate the revised Terms of Reference.")
    page.select_option("#action_items-0-owner", "member_state:TH")
    page.get_by_role("button", name="Save draft").click()
    assert "Saved as version 1." in page.locator(".alert-success").inner_text()
    page.get_by_role("button", name="Submit for approval").click()
    assert page.locator("#outcome-status").inner_text() == "Submitted"
    page.get_by_role("button", name="Sign out").click()

    sign_in(page, "chair@example.org")
    page.goto(editor)
    page.get_by_label("I have read this version: approving publishes it on the session page.").check()
    page.get_by_role("button", name="Approve").click()
    assert page.locator("#outcome-status").inner_text() == "Approved"
    page.get_by_role("button", name="Sign out").click()

    page.goto(public)
    assert (
        page.locator("#rec-1, [id^=rec-]")
        .first.inner_text()
        .startswith("Endorse the Terms of Reference at the Annual Meeting.")
    )
    assert "Owner: Thailand" in page.locator("[id^=act-]").first.inner_text()
