import datetime as dt

import pytest

from eventsys.i18n import country_name, format_date_range, format_day, format_moment


@pytest.mark.parametrize(
    "start,end,language,expected",
    [
        (dt.date(2019, 6, 6), dt.date(2019, 6, 7), "en", "6–7 June 2019"),
        (dt.date(2019, 6, 6), dt.date(2019, 6, 7), "th", "6–7 มิถุนายน 2562"),
        (dt.date(2019, 8, 22), dt.date(2019, 8, 24), "th", "22–24 สิงหาคม 2562"),
        (dt.date(2019, 11, 30), dt.date(2019, 12, 2), "en", "30 November – 2 December 2019"),
        (dt.date(2019, 12, 31), dt.date(2020, 1, 1), "th", "31 ธันวาคม 2562 – 1 มกราคม 2563"),
        (dt.date(2020, 7, 1), dt.date(2020, 7, 1), "th", "1 กรกฎาคม 2563"),
    ],
)
def test_date_ranges_use_the_buddhist_era_in_thai(app, start, end, language, expected):
    assert format_date_range(start, end, language) == expected


def test_days_and_moments(app):
    assert format_day(dt.date(2019, 6, 6), "th") == "6 มิถุนายน 2562"
    moment = dt.datetime(2019, 6, 6, 2, 0, tzinfo=dt.UTC)
    assert format_moment(moment, "Asia/Bangkok", "en") == "6 June 2019, 09:00"
    assert format_moment(moment, "Asia/Bangkok", "th") == "6 มิถุนายน 2562 09:00 น."


def test_country_names_come_from_pycountry_in_both_languages(app):
    assert country_name("VN", "en") == "Viet Nam"
    assert country_name("JP", "th") == "ญี่ปุ่น"
    assert country_name("KR", "en") == "Republic of Korea"
    assert country_name("LA", "th") == "สปป. ลาว"
    assert country_name("DE", "en") == "Germany"


def test_language_switch_persists_in_a_cookie(client, seeded):
    response = client.get("/language/th?next=/events/ascn-roundtable-2019")
    assert response.status_code == 302
    assert response.headers["Location"] == "/events/ascn-roundtable-2019"
    html = client.get("/", headers={"Accept-Language": "en"}).get_data(as_text=True)
    assert '<html lang="th">' in html
    client.get("/language/en")
    assert '<html lang="en">' in client.get("/", headers={"Accept-Language": "th"}).get_data(as_text=True)


def test_language_switch_is_saved_on_the_account(client, make):
    from tests.conftest import login

    user = make.user()
    login(client, user)
    client.get("/language/th")
    assert user.locale == "th"
    other = client.application.test_client()
    from tests.factories import PASSWORD

    other.post("/login", data={"email": user.email, "password": PASSWORD})
    assert '<html lang="th">' in other.get("/account").get_data(as_text=True)


def test_language_switch_refuses_open_redirects_and_unknown_languages(client):
    assert client.get("/language/th?next=https://evil.example/").headers["Location"] == "/"
    assert client.get("/language/th?next=//evil.example/").headers["Location"] == "/"
    assert client.get("/language/xx").status_code == 404


def test_accept_language_decides_when_nothing_was_chosen(client, seeded):
    html = client.get("/", headers={"Accept-Language": "th-TH,th;q=0.9,en;q=0.5"}).get_data(as_text=True)
    assert '<html lang="th">' in html
