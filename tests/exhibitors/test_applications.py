"""The public application form: a valid application, each invalid field with its message, logos
checked by their content (SVG refused, oversize refused, a PNG named .jpg accepted as PNG), and a
form that stays closed until the organizers open it."""

from __future__ import annotations

import io
from pathlib import Path

import pytest
from sqlalchemy import select

from eventsys.db import db
from eventsys.exhibitors.logos import LOGO_MAX_BYTES
from eventsys.exhibitors.models import Exhibitor, ExhibitorStatus
from tests.exhibitors.conftest import image_bytes

URL = "/events/smart-city-showcase-test/exhibitors/apply"


def valid(**changes):
    data = {
        "name_en": "Phuket Smart City",
        "name_th": "ภูเก็ตเมืองอัจฉริยะ",
        "kind": "city",
        "country": "TH",
        "city": "phuket",
        "focus_areas": ["safety-and-security", "quality-environment"],
        "description_en": "Tourist safety and a city data platform.",
        "description_th": "ความปลอดภัยของนักท่องเที่ยว",
        "website": "https://www.phuket.go.th",
        "contact_name": "Khun Somchai",
        "contact_email": "Somchai@Phuket.example.org",
        "contact_phone": "+66 76 000 000",
        "language": "th",
    }
    data.update(changes)
    return {k: v for k, v in data.items() if v is not None}


def post(client, data, logo: bytes | None = None, filename: str = "logo.png"):
    if logo is not None:
        data = {**data, "logo": (io.BytesIO(logo), filename)}
    return client.post(URL, data=data, content_type="multipart/form-data")


def test_a_valid_application_is_saved_pending_with_its_logo_and_mailed(client, open_form, outbox, app):
    response = post(client, valid(), image_bytes("PNG"), "phuket.png")
    assert response.status_code == 201
    assert "The organizers will write to somchai@phuket.example.org" in response.get_data(as_text=True)
    exhibitor = db.session.scalar(select(Exhibitor))
    assert exhibitor.status == ExhibitorStatus.PENDING
    assert (exhibitor.name_en, exhibitor.name_th, exhibitor.kind.value) == (
        "Phuket Smart City",
        "ภูเก็ตเมืองอัจฉริยะ",
        "city",
    )
    assert (exhibitor.country_code, exhibitor.city.slug, exhibitor.contact_email) == (
        "TH",
        "phuket",
        "somchai@phuket.example.org",
    )
    assert [t.slug for t in exhibitor.topics] == ["safety-and-security", "quality-environment"]
    assert exhibitor.logo_type == "image/png"
    stored = Path(app.config["STORAGE_PATH"]) / exhibitor.logo_path
    assert stored.read_bytes() == image_bytes("PNG")
    mail = outbox()[-1]
    assert (mail.to_address, mail.language) == ("somchai@phuket.example.org", "th")
    assert "งานแสดงเมืองอัจฉริยะ (ทดสอบ)" in mail.subject  # the event's title in the contact's language
    # Pending: not public yet.
    assert client.get(f"/events/smart-city-showcase-test/exhibitors/{exhibitor.id}").status_code == 404


@pytest.mark.one_backend  # form and image checks: nothing reaches the database
def test_each_invalid_field_is_refused_with_its_message(client, open_form):
    big = image_bytes("PNG", size=(1400, 1400))
    big = big + b"\0" * (LOGO_MAX_BYTES + 1 - len(big)) if len(big) <= LOGO_MAX_BYTES else big
    svg = b'<?xml version="1.0"?><svg xmlns="http://www.w3.org/2000/svg"><script>alert(1)</script></svg>'
    cases = [
        (valid(name_en=""), None, "Name (English): This field is required."),
        (valid(kind="museum"), None, "Kind of exhibitor: Choose one of the kinds listed."),
        (valid(country="XX"), None, "Country: Choose a country from the list."),
        (
            valid(city="atlantis"),
            None,
            "ASCN city (if you exhibit as a city of the network): Choose a city from the list.",
        ),
        (valid(description_en=""), None, "Description (English): This field is required."),
        (valid(website="javascript:alert(1)"), None, "Website: Enter a web address starting with http:// or https://."),
        (valid(website="ftp://example.org"), None, "Website: Enter a web address starting with http:// or https://."),
        (valid(contact_email="not-an-address"), None, "Contact e-mail: Enter a valid e-mail address."),
        (valid(contact_name=""), None, "Contact person: This field is required."),
        (valid(), svg, "Logo: SVG images are not accepted: upload a PNG, JPEG or WebP image."),
        (valid(), big, "Logo: The image is too large: at most 1 MB."),
        (valid(), b"GIF89a not really an image", "Logo: This file is not a PNG, JPEG or WebP image that can be read."),
        (valid(), image_bytes("GIF"), "Logo: Only PNG, JPEG and WebP images are accepted."),
    ]
    for data, logo, message in cases:
        response = post(client, data, logo, "logo.svg" if logo is svg else "logo.png")
        body = response.get_data(as_text=True)
        assert response.status_code == 422, message
        assert message in body, message
    assert db.session.scalar(select(Exhibitor)) is None


@pytest.mark.one_backend  # Pillow reads the bytes; the database only stores its answer
def test_the_logo_type_comes_from_its_content_not_its_name(client, open_form):
    response = post(client, valid(), image_bytes("WEBP"), "logo.jpg")
    assert response.status_code == 201
    exhibitor = db.session.scalar(select(Exhibitor))
    assert exhibitor.logo_type == "image/webp"
    assert exhibitor.logo_path.endswith(".webp")


def test_the_form_is_closed_until_the_organizers_open_it(client, showcase, organizer_client):
    page = client.get(URL)
    assert page.status_code == 200
    assert "Applications are closed" in page.get_data(as_text=True)
    assert post(client, valid()).status_code == 409
    assert db.session.scalar(select(Exhibitor)) is None
    opened = organizer_client.post(
        "/manage/events/smart-city-showcase-test/exhibitors/applications", data={"state": "open"}
    )
    assert opened.headers["Location"] == "/manage/events/smart-city-showcase-test/exhibitors"
    assert "Send the application" in organizer_client.get(URL).get_data(as_text=True)


def test_the_open_form_does_not_offer_the_exhibitor_category_nor_takes_it(client, showcase):
    """An exhibitor's staff come with the exhibitor's invitation; on the open form the category would
    print an exhibitor badge for anyone."""
    from eventsys.registration.models import Registration
    from tests.registration.test_pages import form_data

    page = client.get(f"/events/{showcase.slug}/register?lang=en").get_data(as_text=True)
    assert 'value="speaker"' in page and 'value="exhibitor"' not in page
    answer = client.post(f"/events/{showcase.slug}/register?lang=en", data=form_data(category="exhibitor"))
    assert answer.status_code == 422
    assert "The exhibitor category is for the staff an exhibitor invited." in answer.get_data(as_text=True)
    assert db.session.scalar(select(db.func.count()).select_from(Registration)) == 0
