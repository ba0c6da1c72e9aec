"""A delegate registers with a Thai name in the Thai interface and sees the confirmation."""

from __future__ import annotations

import pytest
from sqlalchemy import select

from eventsys.db import db
from eventsys.registration.models import Registration, RegistrationStatus


@pytest.mark.browser
def test_thai_delegate_registers_in_thai(make, reference, page, live_server):
    make.event("thai-roundtable", capacity=50)
    db.session.commit()
    db.session.remove()

    page.goto("/language/th?next=/events/thai-roundtable")
    page.get_by_role("link", name="ลงทะเบียน", exact=True).click()
    page.get_by_label("ชื่อ (อักษรโรมัน)").fill("Supaporn")
    page.get_by_label("นามสกุล (อักษรโรมัน)").fill("Wongsawat")
    page.get_by_label("ชื่อในอักษรท้องถิ่น (ไม่บังคับ)").fill("สุภาพร วงศ์สวัสดิ์")
    page.get_by_label("อีเมล", exact=True).fill("supaporn@example.org")
    page.get_by_label("ประเทศ", exact=True).select_option("TH")
    page.get_by_label("เมืองนำร่อง ASCN (ไม่บังคับ)").select_option("chonburi")
    page.get_by_label("ประเภทผู้เข้าร่วม", exact=True).select_option("city_representative")
    page.get_by_label("ข้าพเจ้ายินยอมให้ประมวลผลข้อมูลส่วนบุคคลของข้าพเจ้าสำหรับกิจกรรมนี้").check()
    page.get_by_role("button", name="ลงทะเบียน").click()

    page.get_by_role("heading", name="การลงทะเบียนของคุณ").wait_for()
    assert "ขอบคุณ! การลงทะเบียนของคุณได้รับการยืนยันแล้ว" in page.get_by_role("alert").inner_text()
    assert page.locator("#registration-state").inner_text() == "สถานะ: ยืนยันแล้ว"
    assert "สุภาพร วงศ์สวัสดิ์" in page.locator("main").inner_text()
    registration = db.session.scalar(select(Registration))
    assert (registration.local_name, registration.language, registration.status) == (
        "สุภาพร วงศ์สวัสดิ์",
        "th",
        RegistrationStatus.CONFIRMED,
    )
