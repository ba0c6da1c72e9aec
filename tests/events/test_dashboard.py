"""The event hub as a dashboard: each area's figure, its number and the filtered list it links to,
shown only to the roles allowed to see it, and the registrations-over-time chart with its table."""

from __future__ import annotations

import datetime as dt
import json
from urllib.parse import parse_qs, urlsplit

import pytest
from lxml import html as lxml_html

from eventsys.accounts.models import Role
from eventsys.db import db, utcnow
from tests.conftest import login


@pytest.fixture
def dashboard_event(make):
    """An event running today (in its own time zone) with one of each thing the hub counts."""
    from eventsys.checkin.models import Checkin
    from eventsys.checkin.services import day_key, ensure_lists
    from eventsys.mail.models import MailStatus, OutboxMail
    from eventsys.outcomes.models import Outcome, OutcomeStatus, OutcomeVersion
    from eventsys.registration.models import RegistrationStatus as S

    event = make.event("hub-dashboard", capacity=10, timezone="Asia/Bangkok")
    event.start_date = event.local_today()
    event.end_date = event.start_date + dt.timedelta(days=1)
    db.session.commit()
    now = utcnow()
    states = [S.CONFIRMED, S.CONFIRMED, S.CONFIRMED, S.PENDING, S.PENDING, S.WAITLISTED, S.REJECTED]
    regs = [
        make.registration(event, status=status, created_at=now - dt.timedelta(days=3 - min(i, 3)))
        for i, status in enumerate(states)
    ]
    regs[4].deletion_requested_at = now  # one open deletion request
    lists = {row.key: row for row in ensure_lists(event)}
    today = lists[day_key(event.start_date)]
    tomorrow = lists[day_key(event.end_date)]
    db.session.add_all(
        [
            Checkin(list_id=today.id, registration_id=regs[0].id, at=now),
            Checkin(list_id=tomorrow.id, registration_id=regs[0].id, at=now),  # the same person: counted once
            Checkin(list_id=today.id, registration_id=regs[1].id, at=now),
            Checkin(list_id=today.id, registration_id=regs[2].id, at=now - dt.timedelta(days=2)),  # not today
        ]
    )
    make.session(event, "Unpublished session")  # the agenda was never published: one new session
    submitted = make.session(event, "Submitted session", start="13:00")
    outcome = Outcome(session_id=submitted.id, status=OutcomeStatus.SUBMITTED, current_number=1)
    outcome.versions.append(OutcomeVersion(number=1, content={"summary_en": "x"}))
    db.session.add(outcome)
    for status in (MailStatus.FAILED, MailStatus.FAILED, MailStatus.SENT):
        db.session.add(
            OutboxMail(to_address="a@example.org", subject="s", body_text="b", status=status, event_id=event.id)
        )
    db.session.commit()
    return event


def _figures(page: str) -> dict[str, tuple[str, str]]:
    """{figure key: (number, link)} of the hub's figures."""
    tree = lxml_html.fromstring(page)
    found = {}
    for card in tree.xpath("//*[@data-figure]"):
        link = card.xpath(".//a[@data-figure-link]")[0]
        found[card.get("data-figure")] = (
            link.xpath(".//*[contains(@class, 'es-figure-value')]")[0].text_content().strip(),
            link.get("href"),
        )
    return found


def _target(href: str) -> tuple[str, dict]:
    parts = urlsplit(href)
    return parts.path + (f"#{parts.fragment}" if parts.fragment else ""), {
        k: v[0] for k, v in parse_qs(parts.query).items()
    }


def test_organizer_sees_each_figure_linking_to_its_filtered_list(client, make, dashboard_event):
    organizer = make.organizer(dashboard_event)
    login(client, organizer)
    page = client.get("/manage/events/hub-dashboard?lang=en").get_data(as_text=True)
    figures = _figures(page)
    slug = "/manage/events/hub-dashboard"
    assert {key: (value, _target(href)) for key, (value, href) in figures.items()} == {
        "registrations": ("3", (f"{slug}/registrations", {"status": "confirmed"})),
        "pending": ("2", (f"{slug}/registrations", {"status": "pending"})),
        "deletion-requests": ("1", (f"{slug}/registrations", {"deletion": "requested"})),
        "checkins-today": (
            "2",
            ("/events/hub-dashboard/checkin/dashboard", {"list": f"day-{dashboard_event.start_date}"}),
        ),
        "agenda-unpublished": ("2", (f"{slug}/agenda#publish-title", {})),
        "outcomes-awaiting": ("1", ("/manage/queue#awaiting", {"event": "hub-dashboard"})),
        "failed-mails": ("2", (f"{slug}/outbox", {"status": "failed"})),
    }
    tree = lxml_html.fromstring(page)
    bar = tree.xpath("//*[@data-figure='registrations']//*[@role='progressbar']")[0]
    assert (bar.get("aria-valuenow"), bar.get("aria-valuemax")) == ("3", "10")
    assert "3 of 10 seats confirmed" in page
    parts = {
        li.get("data-part"): (li.xpath(".//span")[0].text, _target(li.xpath(".//a")[0].get("href"))[1])
        for li in tree.xpath("//*[@data-figure='registrations']//li[@data-part]")
    }
    assert parts == {
        "pending": ("2", {"status": "pending"}),
        "confirmed": ("3", {"status": "confirmed"}),
        "waitlisted": ("1", {"status": "waitlisted"}),
        "rejected": ("1", {"status": "rejected"}),
        "withdrawn": ("0", {"status": "withdrawn"}),
    }
    # Each link opens its list, and the list agrees with the number.
    for _key, (_value, href) in figures.items():
        assert client.get(href).status_code == 200, href


def test_registrations_chart_is_cumulative_by_day_with_a_table(client, make, dashboard_event):
    login(client, make.organizer(dashboard_event))
    page = client.get("/manage/events/hub-dashboard?lang=en").get_data(as_text=True)
    tree = lxml_html.fromstring(page)
    canvas = tree.xpath("//canvas[@data-hub-chart]")[0]
    data = json.loads(tree.xpath(f"//script[@id='{canvas.get('data-hub-chart')}']")[0].text)
    first = dashboard_event.local_today() - dt.timedelta(days=3)
    assert data["labels"] == [(first + dt.timedelta(days=n)).isoformat() for n in range(4)]
    # created 3, 2, 1 days ago, then four today; confirmed: the first three
    assert [d["data"] for d in data["datasets"]] == [[1, 2, 3, 7], [1, 2, 3, 3]]
    assert canvas.get("role") == "img" and canvas.get("aria-describedby")
    assert "7 registrations received from" in page
    rows = [[c.text_content().strip() for c in tr] for tr in tree.xpath("//details//tbody/tr")]
    assert [r[1:] for r in rows] == [["1", "1"], ["2", "2"], ["3", "3"], ["7", "3"]]
    assert tree.xpath("//script[contains(@src, 'js/hub-chart.js')]")
    assert not tree.xpath("//script[not(@src) and not(@type='application/json')]")  # CSP: no inline script


@pytest.mark.parametrize(
    ("role", "visible"),
    [
        (Role.CHECKIN_STAFF, {"checkins-today"}),
        (Role.RAPPORTEUR, set()),
    ],
)
def test_figures_are_shown_only_to_the_roles_allowed_to_see_them(client, make, dashboard_event, role, visible):
    login(client, make.with_role(dashboard_event, role))
    response = client.get("/manage/events/hub-dashboard?lang=en")
    assert response.status_code == 200
    assert set(_figures(response.get_data(as_text=True))) == visible


def test_the_hub_costs_a_few_queries_whatever_the_size(client, make, dashboard_event, count_queries):
    login(client, make.organizer(dashboard_event))
    client.get("/manage/events/hub-dashboard")
    with count_queries() as small:
        client.get("/manage/events/hub-dashboard")
    for _n in range(20):
        make.registration(dashboard_event)
    make.session(dashboard_event, "Another", start="15:00")
    with count_queries() as large:
        client.get("/manage/events/hub-dashboard")
    assert large.count == small.count
