"""Every organizer and delegate form sent back with errors opens with the error summary (issue 16):
one summary, before the fields, each link landing on exactly one control of the page."""

from __future__ import annotations

import lxml.html
import pytest

from tests.conftest import login

# The HTML is the same on either database.
pytestmark = pytest.mark.one_backend


@pytest.fixture
def event(make):
    return make.event(slug="summary-forms", capacity=50)


@pytest.fixture
def staff(client, make, event, admin_user):
    login(client, admin_user)
    return client


def _session_id(make, event):
    return make.session(event, "Opening Plenary").id


# (address, form data, the links the summary must hold); {slug} is the event's.
CASES = [
    ("/events/{slug}/badges/print", {"layout": "nonsense"}, {"#print_layout"}),
    ("/events/{slug}/badges/design", {"layout": "label", "label_columns": "0"}, {"#label_columns"}),
    ("/manage/events/{slug}/team/invite", {"email": "not an address"}, {"#email"}),
    ("/manage/events/{slug}/registrations/new", {"email": "x"}, {"#first_name", "#category"}),
    ("/manage/events/{slug}/registrations/import", {}, {"#file"}),
    ("/manage/events/{slug}/registration-settings", {"mode": "open", "capacity": "-4"}, {"#capacity"}),
    ("/manage/events/{slug}/registration-settings/questions", {"key": "", "label_en": ""}, {"#key"}),
    ("/manage/events/{slug}/invitations", {"emails": ""}, {"#emails"}),
    ("/manage/events/{slug}/agenda/rooms", {"name_en": "", "capacity": "-1"}, {"#name_en"}),
    ("/manage/events/{slug}/agenda/tracks", {"name_en": ""}, {"#track_name_en"}),
    ("/manage/events/{slug}/mail/texts/registration.confirmed/en", {"subject": "", "body": ""}, {"#subject"}),
    ("/manage/events/{slug}/mail", {"subject_en": "", "body_en": ""}, {"#subject_en"}),
    ("/manage/events/{slug}/privacy", {"retention_days": "-5"}, {"#retention_days"}),
    ("/manage/events/{slug}/proceedings/foreword", {"text_en": "x" * 20001}, {"#text_en"}),
    ("/manage/events/{slug}/proceedings", {"language": "klingon"}, {"#language"}),
    ("/manage/reports/new", {"slug": "Not A Slug!", "title_en": ""}, {"#title_en"}),
    ("/manage/users/invite", {"email": "", "name": ""}, {"#email"}),
    ("/my-registrations", {"email": "not an address"}, {"#email"}),
]


@pytest.mark.parametrize(("address", "data", "links"), CASES, ids=[c[0].split("}")[-1] for c in CASES])
def test_a_form_sent_back_with_errors_opens_with_the_summary(staff, event, address, data, links):
    response = staff.post(address.format(slug=event.slug) + "?lang=en", data=data)
    assert response.status_code in (200, 400, 422), response.status_code
    page = lxml.html.fromstring(response.get_data(as_text=True))
    [summary] = page.xpath("//*[@data-error-summary]")
    hrefs = {link.get("href") for link in summary.xpath(".//a")}
    assert links <= hrefs, hrefs
    for href in hrefs:
        controls = page.xpath(f"//*[@id='{href[1:]}']")
        assert len(controls) == 1, (href, hrefs)
        [control] = controls
        assert control.tag in ("input", "select", "textarea"), href
        # The summary is read before the control it points to.
        assert summary in control.xpath("preceding::*"), href
