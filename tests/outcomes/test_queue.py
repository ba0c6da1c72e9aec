"""Each person's queue: "awaiting my approval" and "returned to me", the count beside their name in
the navigation, and separation of duties keeping one's own text out of one's approval queue."""

from __future__ import annotations

from lxml import html as lxml_html

from eventsys.db import db
from eventsys.outcomes import services
from tests.outcomes.conftest import content


def _queue(client, query: str = "") -> tuple[list[str], list[str]]:
    response = client.get(f"/manage/queue?lang=en{query}")
    assert response.status_code == 200
    tree = lxml_html.fromstring(response.get_data(as_text=True))

    def titles(section_id):
        return [a.text for a in tree.xpath(f"//section[@aria-labelledby='{section_id}']//tbody//td[1]/a")]

    return titles("awaiting"), titles("returned")


def _badge(client) -> str | None:
    tree = lxml_html.fromstring(client.get("/account?lang=en").get_data(as_text=True))
    found = tree.xpath("//a[@id='nav-queue']/span[contains(@class, 'badge')]")
    return found[0].text.strip() if found else None


TITLE = "Draft ASCN Terms of Reference"


def test_submitted_outcome_awaits_its_approvers_only(cast, as_user):
    services.save_draft(cast.session, cast.rapporteur, content(), 0)
    services.submit(cast.session, cast.rapporteur, 1)
    for approver in (cast.organizer, cast.chair, cast.admin):
        client = as_user(approver)
        assert _queue(client) == ([TITLE], []), approver.email
        assert _badge(client) == "1"
    for other in (cast.rapporteur, cast.other_rapporteur, cast.delegate):
        client = as_user(other)
        assert _queue(client) == ([], []), other.email
        assert _badge(client) is None
    client = as_user(cast.organizer)
    page = client.get("/manage/queue?lang=en").get_data(as_text=True)
    assert f'href="/manage/sessions/{cast.session.id}/outcomes"' in page


def test_returned_outcome_is_in_each_rapporteurs_queue_with_the_comment(cast, as_user):
    services.save_draft(cast.session, cast.rapporteur, content(), 0)
    services.submit(cast.session, cast.rapporteur, 1)
    services.return_to_rapporteurs(cast.session, cast.chair, "Cite the city indicators.", 1)
    for rapporteur in (cast.rapporteur, cast.second_rapporteur):
        client = as_user(rapporteur)
        assert _queue(client) == ([], [TITLE])
        assert "Cite the city indicators." in client.get("/manage/queue").get_data(as_text=True)
        assert _badge(client) == "1"
    assert _queue(as_user(cast.organizer)) == ([], [])
    assert _queue(as_user(cast.other_rapporteur)) == ([], [])
    # Resubmitted: out of the rapporteurs' queue, back in the approvers'.
    services.submit(cast.session, cast.rapporteur, 1)
    assert _queue(as_user(cast.rapporteur)) == ([], [])
    assert _queue(as_user(cast.chair)) == ([TITLE], [])


def test_separation_of_duties_keeps_ones_own_text_out_of_ones_approval_queue(cast, as_user):
    services.save_draft(cast.session, cast.admin, content(), 0)  # the admin wrote the pending version
    services.submit(cast.session, cast.rapporteur, 1)
    assert _queue(as_user(cast.admin)) == ([], [])
    assert _queue(as_user(cast.organizer)) == ([TITLE], [])
    cast.event.separation_of_duties = False
    db.session.commit()
    assert _queue(as_user(cast.admin)) == ([TITLE], [])


def test_the_queue_filters_by_event_and_refuses_an_unknown_one(cast, make, as_user):
    services.save_draft(cast.session, cast.rapporteur, content(), 0)
    services.submit(cast.session, cast.rapporteur, 1)
    other = make.event("another-event")
    client = as_user(cast.organizer)
    assert _queue(client, f"&event={cast.event.slug}") == ([TITLE], [])
    assert _queue(client, f"&event={other.slug}") == ([], [])
    assert client.get("/manage/queue?event=no-such-event").status_code == 404
    assert as_user(None).get("/manage/queue").status_code == 302  # sign in first


def test_the_navigation_count_costs_two_queries(cast, as_user, count_queries):
    client = as_user(cast.delegate)
    with count_queries() as counter:
        client.get("/account")
    counts = [s for s in counter.statements if "outcomes" in s and "count(" in s.lower()]
    assert len(counts) == 2
