"""The organizers' layouts (sandboxed: no way to Python internals or the settings), the preview, and
the images: PNG or JPEG by content, size-limited, SVG refused."""

from __future__ import annotations

import io

import pytest
from PIL import Image
from sqlalchemy import select

from eventsys.documents.models import DocumentKind, DocumentLayout, DocumentSettings
from eventsys.documents.rendering import default_layout
from tests.conftest import login
from tests.documents.helpers import attended_event, pdf_text


def png(width=40, height=20, colour=(20, 82, 184)) -> bytes:
    out = io.BytesIO()
    Image.new("RGB", (width, height), colour).save(out, "PNG")
    return out.getvalue()


@pytest.fixture
def organizer_client(client, make):
    event, _session, _people = attended_event(make)
    login(client, make.organizer(event))
    client.event = event
    return client


@pytest.mark.parametrize(
    "hostile",
    [
        "{{ ''.__class__.__mro__[1].__subclasses__() }}",
        "{{ ''.__class__ }}",
        "{{ config.SECRET_KEY }}",
        "{{ document.qr.__class__.__init__.__globals__ }}",
        "{% for x in range(10) %}{{ x.__class__.__base__ }}{% endfor %}",
    ],
)
def test_a_layout_cannot_reach_python_internals_or_the_settings(organizer_client, db, hostile):
    event = organizer_client.event
    response = organizer_client.post(
        f"/events/{event.slug}/documents/layouts/certificate", data={"source": f"<p>{hostile}</p>", "action": "save"}
    )
    body = response.get_data(as_text=True)
    assert response.status_code == 422
    assert "The layout cannot be used" in body
    assert "test-secret" not in body
    assert db.session.scalar(select(DocumentLayout)) is None


def test_a_layout_is_previewed_then_saved_and_used(organizer_client, db):
    event = organizer_client.event
    source = default_layout(DocumentKind.CERTIFICATE).replace("{{ text.certify }}", "Hereby certified by the host:")
    url = f"/events/{event.slug}/documents/layouts/certificate"

    preview = organizer_client.post(url, data={"source": source, "action": "preview", "language": "en"})
    assert preview.status_code == 200
    assert preview.get_data(as_text=True).count('src="data:image/png;base64,') == 1
    pdf = organizer_client.post(url, data={"source": source, "action": "pdf"})
    assert pdf.mimetype == "application/pdf"
    assert "Hereby certified by the host:" in pdf_text(pdf.data)
    assert "Somchai Jaidee" in pdf_text(pdf.data)  # a real delegate of the event, checked in
    assert db.session.scalar(select(DocumentLayout)) is None  # previews save nothing

    saved = organizer_client.post(url, data={"source": source, "action": "save"})
    assert saved.status_code == 302
    assert db.session.scalar(select(DocumentLayout)).source == source
    reset = organizer_client.post(url, data={"action": "reset"})
    assert reset.status_code == 302 and db.session.scalar(select(DocumentLayout)) is None


def test_signatory_and_images(organizer_client, db):
    event = organizer_client.event
    url = f"/events/{event.slug}/documents/settings"
    fields = {
        "organisation_en": "Ministry of Digital Economy and Society",
        "organisation_th": "กระทรวงดิจิทัลเพื่อเศรษฐกิจและสังคม",
        "signatory_name_en": "Dr. Somsak Wongsa",
        "signatory_title_en": "Permanent Secretary",
    }

    def send(**files):
        data = dict(fields)
        for name, (content, filename) in files.items():
            data[name] = (io.BytesIO(content), filename)
        return organizer_client.post(url, data=data, content_type="multipart/form-data")

    svg = send(logo=(b'<?xml version="1.0"?><svg xmlns="http://www.w3.org/2000/svg"/>', "logo.png"))
    assert svg.status_code == 422
    assert "SVG images are not accepted: upload a PNG or JPEG image." in svg.get_data(as_text=True)
    fake = send(signature=(b"GIF89a" + b"\0" * 100, "signature.png"))
    assert fake.status_code == 422
    assert "This file is not a PNG or JPEG image that can be read." in fake.get_data(as_text=True)
    gif = io.BytesIO()
    Image.new("RGB", (10, 10)).save(gif, "GIF")
    assert "Only PNG and JPEG images are accepted." in send(logo=(gif.getvalue(), "logo.gif")).get_data(as_text=True)
    huge = send(logo=(png() + b"\0" * (1024 * 1024), "logo.png"))
    assert "The image is too large: at most 1 MB." in huge.get_data(as_text=True)
    assert db.session.scalar(select(DocumentSettings)) is None  # nothing saved by a refused upload

    ok = send(logo=(png(), "logo.png"), signature=(png(60, 20, (0, 0, 0)), "sig.png"))
    assert ok.status_code == 302
    settings = db.session.scalar(select(DocumentSettings))
    assert (settings.logo_type, settings.signature_type) == ("image/png", "image/png")
    assert settings.signatory_name_en == "Dr. Somsak Wongsa"
