"""The audit log's pages: who may read which log, filters, paging, the count, the CSV export, and
that the app offers no way to change the log."""

from __future__ import annotations

import csv
import datetime as dt
import io
import re

import pytest

from eventsys.audit.models import AuditEntry
from eventsys.audit.services import ACTIONS, LABELS, record
from tests.audit.conftest import ADDRESS
from tests.conftest import login

UTC = dt.UTC


def add(db, action, *, event=None, actor=None, at=None, targets=(), target_type="registration", **detail):
    entry = record(action, actor=actor, event=event, target_type=target_type, targets=targets, **detail)
    if at is not None:
        entry.at = at
    db.session.commit()
    return entry


def rows_of(html: str) -> list[str]:
    """The action of each row of the log's table, top to bottom."""
    return re.findall(r'<li class="row[^"]*" data-action="([^"]+)">', html)


def read_csv(response) -> list[list[str]]:
    text = response.data.decode("utf-8")
    assert text.startswith("\ufeff")
    return list(csv.reader(io.StringIO(text[1:])))


# --- who may read which log ------------------------------------------------------------------------


def test_anonymous_visitors_are_sent_to_sign_in(client, event):
    for url in (f"/manage/events/{event.slug}/audit", f"/manage/events/{event.slug}/audit.csv", "/manage/audit"):
        response = client.get(url)
        assert (response.status_code, response.headers["Location"]) == (302, f"/login?next={url}")
    response = client.get("/manage/audit.csv")
    assert (response.status_code, response.headers["Location"]) == (302, "/login?next=/manage/audit.csv")


@pytest.mark.parametrize(
    ("who", "event_log", "site_log"),
    [
        ("delegate", 403, 403),
        ("other_organizer", 403, 403),
        ("rapporteur", 403, 403),
        ("door_staff", 403, 403),
        ("organizer", 200, 403),
        ("admin", 200, 200),
    ],
)
def test_each_role_reads_the_logs_it_may(request, client, make, event, who, event_log, site_log):
    user = make.user(email="delegate@example.org") if who == "delegate" else request.getfixturevalue(who)
    login(client, user)
    assert client.get(f"/manage/events/{event.slug}/audit").status_code == event_log
    assert client.get(f"/manage/events/{event.slug}/audit.csv").status_code == event_log
    assert client.get("/manage/audit").status_code == site_log
    assert client.get("/manage/audit.csv").status_code == site_log
    assert client.get("/manage/events/no-such-event/audit").status_code == 404


def test_the_log_has_no_edit_or_delete_anywhere_in_the_app(app, client, admin, db, event):
    rules = [rule for rule in app.url_map.iter_rules() if "audit" in rule.rule]
    assert {rule.endpoint for rule in rules} == {
        "audit.event_log",
        "audit.event_log_csv",
        "audit.site_log",
        "audit.site_log_csv",
    }
    for rule in rules:
        assert rule.methods <= {"GET", "HEAD", "OPTIONS"}, (rule.rule, rule.methods)
    entry = add(db, "registration.export", event=event, actor=admin, targets=[1])
    login(client, admin)
    for method in ("post", "put", "delete", "patch"):
        assert getattr(client, method)("/manage/audit").status_code == 405
        assert getattr(client, method)(f"/manage/events/{event.slug}/audit").status_code == 405
    assert db.session.get(AuditEntry, entry.id) is not None


def test_every_action_has_a_label():
    assert set(ACTIONS) <= set(LABELS)


# --- what the event log shows -------------------------------------------------------------------------


def test_event_log_shows_its_entries_newest_first_in_the_events_time_zone(
    client, db, make, event, other_event, organizer
):
    registration = make.registration(event, first_name="Kanokwan", last_name="Srisuk")
    add(
        db,
        "registration.erase",
        event=event,
        actor=organizer,
        targets=[registration.id],
        at=dt.datetime(2026, 3, 1, 2, 30, tzinfo=UTC),
    )
    newer = add(
        db,
        "registration.decide",
        event=event,
        actor=organizer,
        targets=[registration.id],
        decision="approve",
        reason="Head of delegation",
        at=dt.datetime(2026, 3, 2, 20, 15, 5, tzinfo=UTC),
    )
    newer.ip_address = ADDRESS
    db.session.commit()
    add(db, "agenda.publish", event=other_event, actor=organizer, target_type="agenda_publication", targets=[1])
    add(db, "account.create", actor=organizer, target_type="user", targets=[organizer.id])
    login(client, organizer)
    html = client.get(f"/manage/events/{event.slug}/audit").get_data(as_text=True)
    assert rows_of(html) == ["registration.decide", "registration.erase"]  # no other event's, no site-wide
    assert '<p class="mb-0" id="entry-count">2 entries</p>' in html
    assert "Times are in Asia/Bangkok." in html
    # 20:15:05 UTC on 2 March is 03:15:05 on 3 March in Bangkok (UTC+7).
    assert "2026-03-03 03:15:05" in html and "2026-03-01 09:30:00" in html
    assert "Registration decision" in html and "Personal data erased" in html
    assert ADDRESS in html and "organizer@example.org" in html
    assert "Head of delegation" in html
    detail = f"/manage/events/{event.slug}/registrations/{registration.id}"
    assert f'<a href="{detail}">#{registration.id} Kanokwan Srisuk</a>' in html


def test_records_that_no_longer_exist_are_named_without_a_link(client, db, make, event, organizer):
    registration = make.registration(event)
    gone = registration.id
    add(db, "registration.erase", event=event, actor=organizer, targets=[gone])
    db.session.delete(registration)
    db.session.commit()
    login(client, organizer)
    html = client.get(f"/manage/events/{event.slug}/audit").get_data(as_text=True)
    assert f"registration #{gone}" in html
    assert f"/registrations/{gone}" not in html


def test_a_long_list_of_records_is_cut_with_the_rest_counted(client, db, make, event, organizer):
    ids = [make.registration(event).id for _ in range(13)]
    add(db, "registration.export", event=event, actor=organizer, targets=ids, export="registrations.csv")
    login(client, organizer)
    html = client.get(f"/manage/events/{event.slug}/audit").get_data(as_text=True)
    assert html.count(f"/manage/events/{event.slug}/registrations/") == 10
    assert "and 3 more" in html


def test_an_empty_log_says_so(client, event, organizer):
    login(client, organizer)
    html = client.get(f"/manage/events/{event.slug}/audit").get_data(as_text=True)
    assert "No entries match" in html and "Nothing has been recorded yet." in html
    assert "Export CSV" not in html


# --- filters and paging ---------------------------------------------------------------------------


def test_filters_by_action_who_and_days_of_the_event(client, db, make, event, organizer):
    colleague = make.organizer(event, email="colleague@example.org")
    bangkok_day = dt.datetime(2026, 3, 10, 17, 30, tzinfo=UTC)  # 11 March, 00:30 in Bangkok
    add(db, "registration.export", event=event, actor=organizer, at=dt.datetime(2026, 3, 9, 3, 0, tzinfo=UTC))
    add(db, "registration.decide", event=event, actor=colleague, at=bangkok_day)
    add(db, "registration.export", event=event, actor=colleague, at=dt.datetime(2026, 3, 12, 3, 0, tzinfo=UTC))
    login(client, organizer)
    base = f"/manage/events/{event.slug}/audit"

    html = client.get(f"{base}?action=registration.export").get_data(as_text=True)
    assert rows_of(html) == ["registration.export", "registration.export"]
    assert "2 entries match the filters</p>" in html

    html = client.get(f"{base}?who=COLLEAGUE").get_data(as_text=True)
    assert rows_of(html) == ["registration.export", "registration.decide"]

    # Days are the event's days: 11 March in Bangkok includes 17:30 UTC on 10 March.
    html = client.get(f"{base}?from=2026-03-11&to=2026-03-11").get_data(as_text=True)
    assert rows_of(html) == ["registration.decide"]
    html = client.get(f"{base}?from=2026-03-10").get_data(as_text=True)
    assert rows_of(html) == ["registration.export", "registration.decide"]
    html = client.get(f"{base}?to=2026-03-10").get_data(as_text=True)
    assert rows_of(html) == ["registration.export"]

    html = client.get(f"{base}?action=registration.export&who=colleague&from=2026-03-12").get_data(as_text=True)
    assert rows_of(html) == ["registration.export"]


def test_nonsense_in_the_query_string_is_ignored_not_an_error(client, db, event, organizer):
    add(db, "registration.export", event=event, actor=organizer)
    login(client, organizer)
    response = client.get(
        f"/manage/events/{event.slug}/audit?action=drop.table&from=yesterday&to=2026-02-30&page=-3&event=x"
    )
    assert response.status_code == 200
    assert rows_of(response.get_data(as_text=True)) == ["registration.export"]
    csv_response = client.get(f"/manage/events/{event.slug}/audit.csv?page=abc&from=1.1.2026")
    assert csv_response.status_code == 200
    # The calendar's ends (Bangkok is ahead of UTC: its first day starts before year 1 in UTC).
    edges = client.get(f"/manage/events/{event.slug}/audit?from=0001-01-01&to=9999-12-31")
    assert edges.status_code == 200
    assert rows_of(edges.get_data(as_text=True)) == ["audit.export", "registration.export"]


def test_pages_of_fifty_newest_first(client, db, event, organizer):
    start = dt.datetime(2026, 1, 1, tzinfo=UTC)
    for n in range(53):
        add(db, "registration.export", event=event, actor=organizer, at=start + dt.timedelta(minutes=n), rows=n)
    login(client, organizer)
    base = f"/manage/events/{event.slug}/audit"
    first = client.get(base).get_data(as_text=True)
    assert len(rows_of(first)) == 50 and "53 entries</p>" in first and "Page 1 of 2" in first
    assert f'rel="next" href="{base}?page=2"' in first
    second = client.get(f"{base}?page=2").get_data(as_text=True)
    assert len(rows_of(second)) == 3 and "Page 2 of 2" in second
    assert re.findall(r"Rows:</span> (\d+)", second) == ["2", "1", "0"]
    assert f'rel="prev" href="{base}"' in second
    # A page past the end shows the last one.
    assert rows_of(client.get(f"{base}?page=9").get_data(as_text=True)) == rows_of(second)
    # Paging keeps the filters.
    filtered = client.get(f"{base}?action=registration.export").get_data(as_text=True)
    assert f'href="{base}?action=registration.export&amp;page=2"' in filtered


# --- the site log -----------------------------------------------------------------------------------------


def test_site_log_shows_every_event_and_the_site_wide_entries_in_utc(client, db, event, other_event, admin):
    add(db, "registration.export", event=event, actor=admin, at=dt.datetime(2026, 3, 1, 23, 0, tzinfo=UTC))
    add(db, "agenda.publish", event=other_event, actor=admin, target_type="agenda_publication", targets=[])
    add(db, "account.create", actor=admin, target_type="user", targets=[admin.id], email="new@example.org")
    login(client, admin)
    html = client.get("/manage/audit").get_data(as_text=True)
    assert rows_of(html) == ["account.create", "agenda.publish", "registration.export"]
    assert "Times are in UTC." in html and "2026-03-01 23:00:00" in html
    assert '<a href="/manage/users?q=admin@example.org">admin@example.org</a>' in html

    only_event = client.get(f"/manage/audit?event={other_event.id}").get_data(as_text=True)
    assert rows_of(only_event) == ["agenda.publish"]
    no_event = client.get("/manage/audit?event=none").get_data(as_text=True)
    assert rows_of(no_event) == ["account.create"]
    assert f'<option value="{event.id}" >{event.slug}</option>' in html


def test_the_site_log_is_linked_for_admins_and_the_event_log_on_the_hub_for_organizers(
    client, make, event, organizer, rapporteur, admin
):
    login(client, admin)
    assert 'href="/manage/audit"' in client.get("/manage/").get_data(as_text=True)
    client.post("/logout")
    login(client, organizer)
    assert 'href="/manage/audit"' not in client.get("/manage/").get_data(as_text=True)
    assert f'href="/manage/events/{event.slug}/audit"' in client.get(f"/manage/events/{event.slug}").get_data(
        as_text=True
    )
    client.post("/logout")
    login(client, rapporteur)
    assert f'href="/manage/events/{event.slug}/audit"' not in client.get(f"/manage/events/{event.slug}").get_data(
        as_text=True
    )


# --- CSV export ---------------------------------------------------------------------------------------------


def test_csv_export_of_the_filtered_log_defangs_formulas_and_is_itself_recorded(
    from_address, db, make, event, organizer, entries
):
    client = from_address
    # An e-mail address may legally start with "=" or "+": a spreadsheet would run it as a formula.
    schemer = make.organizer(event, email="=hyperlink@example.org")
    registration = make.registration(event)
    add(
        db,
        "registration.export",
        event=event,
        actor=schemer,
        targets=[registration.id],
        at=dt.datetime(2026, 4, 1, 1, 2, 3, tzinfo=UTC),
        export="registrations.csv",
    )
    add(db, "registration.decide", event=event, actor=organizer, targets=[registration.id])
    login(client, organizer)
    response = client.get(f"/manage/events/{event.slug}/audit.csv?action=registration.export")
    assert response.status_code == 200 and response.mimetype == "text/csv"
    assert response.headers["Content-Disposition"] == f'attachment; filename="audit-{event.slug}.csv"'
    table = read_csv(response)
    assert table[0] == [
        "When (UTC)",
        "When (Asia/Bangkok)",
        "Done by",
        "Action code",
        "Action",
        "Event",
        "Records",
        "IP address",
        "Details",
    ]
    assert table[1:] == [
        [
            "2026-04-01 01:02:03",
            "2026-04-01 08:02:03",
            "'=hyperlink@example.org",
            "registration.export",
            "Personal data exported",
            event.slug,
            f"registration: {registration.id}",
            "",
            '{"export": "registrations.csv"}',
        ]
    ]
    (export,) = entries("audit.export")
    assert (export.actor_id, export.event_id, export.ip_address) == (organizer.id, event.id, ADDRESS)
    assert export.detail == {"rows": 1, "filters": {"action": "registration.export"}}


def test_site_log_csv_covers_all_events_for_admins(client, db, event, other_event, admin, entries):
    add(db, "registration.export", event=event, actor=admin)
    add(db, "agenda.publish", event=other_event, actor=admin)
    login(client, admin)
    response = client.get("/manage/audit.csv")
    assert response.headers["Content-Disposition"] == 'attachment; filename="audit-site.csv"'
    table = read_csv(response)
    assert [row[3] for row in table[1:]] == ["agenda.publish", "registration.export"]
    assert table[0][1] == "When (UTC)"
    (export,) = entries("audit.export")
    assert (export.event_id, export.detail) == (None, {"rows": 2})
