"""Events with delegates checked in, for the documents tests (and the permission walk's world)."""

from __future__ import annotations

import datetime as dt
import io
import subprocess
import tempfile
from pathlib import Path

from pypdf import PdfReader

from eventsys.checkin.models import Checkin, CheckinList
from eventsys.checkin.services import ensure_lists
from eventsys.db import db

# A 1x1 white PNG.
PNG_PIXEL = bytes.fromhex(
    "89504e470d0a1a0a0000000d4948445200000001000000010802000000907753de0000000c4944415408d763f8ffff3f0005fe02fe"
    "a7358a9e0000000049454e44ae426082"
)
THAI_NAME = "น้ำค้าง ปั้นเหน่ง"
THAI_TITLE = "การประชุมเครือข่ายเมืองอัจฉริยะอาเซียน ครั้งที่ ๓"


def check_in(registration, *, day: dt.date | None = None, session=None) -> None:
    """`registration` on the day's list, or the session's."""
    lists = ensure_lists(registration.event)
    for checkin_list in lists:
        if (day is not None and checkin_list.day == day) or (
            session is not None and checkin_list.session_id == session.id
        ):
            db.session.add(Checkin(list_id=checkin_list.id, registration_id=registration.id))
            db.session.commit()
            return
    raise AssertionError("no such check-in list")


def attended_event(make, *, slug: str = "ascn-annual-2019"):
    """A past event with a session and three delegates: Somchai (en) at both days and the session,
    Namkhang (th) on the first day, and Ana who was never checked in."""
    event = make.event(slug, days_ahead=-20, length=2, title_th=THAI_TITLE)
    session = make.session(event, "City data platforms", title_th="แพลตฟอร์มข้อมูลเมือง")
    somchai = make.registration(event, first_name="Somchai", last_name="Jaidee", email="somchai@example.org")
    namkhang = make.registration(
        event,
        first_name="Namkhang",
        last_name="Panneng",
        local_name=THAI_NAME,
        email="namkhang@example.org",
        language="th",
    )
    ana = make.registration(event, first_name="Ana", last_name="Cruz", email="ana@example.org", country_code="PH")
    check_in(somchai, day=event.start_date)
    check_in(somchai, day=event.end_date)
    check_in(somchai, session=session)
    check_in(namkhang, day=event.start_date)
    return event, session, (somchai, namkhang, ana)


def pdf_text(pdf: bytes) -> str:
    return "\n".join(page.extract_text() for page in PdfReader(io.BytesIO(pdf)).pages)


def read_qr(pdf: bytes, dpi: int = 150) -> list[str]:
    """The QR codes zbarimg finds on the PDF's pages rendered at `dpi` (pdftoppm)."""
    with tempfile.TemporaryDirectory() as tmp:
        path = Path(tmp) / "doc.pdf"
        path.write_bytes(pdf)
        subprocess.run(["pdftoppm", "-r", str(dpi), "-png", str(path), str(Path(tmp) / "page")], check=True)
        pages = sorted(str(p) for p in Path(tmp).glob("page*.png"))
        out = subprocess.run(["zbarimg", "-q", "--raw", *pages], capture_output=True, text=True).stdout
    return [line for line in out.splitlines() if line]


def checkin_lists(event) -> list[CheckinList]:
    return ensure_lists(event)


def seed_for_walk(event, registration):
    """The permission walk's documents: the event's signatory with a logo and its own certificate
    layout, the delegate checked in on the first day with a certificate, and a finished bulk issue
    (tests/permission_walk.py; the backup's round trip needs a row in each table too)."""
    from eventsys.documents.models import DocumentKind, DocumentLayout, DocumentSettings
    from eventsys.documents.rendering import default_layout
    from eventsys.documents.services import issue_certificate
    from eventsys.jobs.models import Job, JobStatus

    db.session.add_all(
        [
            DocumentSettings(
                event_id=event.id,
                organisation_en="Ministry of Digital Economy and Society",
                signatory_name_en="Dr. Somsak Wongsa",
                logo=PNG_PIXEL,
                logo_type="image/png",
            ),
            DocumentLayout(
                event_id=event.id, kind=DocumentKind.CERTIFICATE, source=default_layout(DocumentKind.CERTIFICATE)
            ),
        ]
    )

    check_in(registration, day=event.start_date)
    document = issue_certificate(registration, actor=None).document
    job = Job(kind="certificates", function="eventsys.documents.jobs:issue_certificates_job", event_id=event.id)
    job.status, job.progress = JobStatus.DONE, 100
    job.result = {"issued": 1, "replaced": 0, "unchanged": 0, "mailed": 0, "total": 1}
    db.session.add(job)
    db.session.commit()
    return document, job
