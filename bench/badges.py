"""Badges per second for 1,000 delegates (Thai and Latin names), and peak memory.

    .venv/bin/python bench/badges.py [--count 1000] [--layout a6-4up] [--workers 2] [--database URL]

Makes a fresh database (a temporary SQLite file unless --database names an empty PostgreSQL one),
registers `count` confirmed delegates, then prints all their badges the way `flask badges` does
(WeasyPrint, whole sheets per document, documents in `workers` processes, merged with pypdf) and,
in the same run, draws the same badges with ReportLab's canvas directly as a reference.
Prints the figures and writes them to bench/results/badges.json.

Prerequisite, for the reference only (the app does not use ReportLab, so it is not in
requirements.txt): .venv/bin/pip install reportlab==5.1.0
"""

from __future__ import annotations

import argparse
import io
import itertools
import json
import os
import platform
import resource
import subprocess
import sys
import tempfile
import time
import tracemalloc
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

THAI_GIVEN = [
    ("Somchai", "สมชาย"),
    ("Nuttapon", "ณัฐพล"),
    ("Siriporn", "ศิริพร"),
    ("Kittisak", "กิตติศักดิ์"),
    ("Pimchanok", "พิมพ์ชนก"),
    ("Thanawat", "ธนวัฒน์"),
    ("Wanida", "วนิดา"),
    ("Chaiwat", "ชัยวัฒน์"),
    ("Supaporn", "สุภาพร"),
    ("Anucha", "อนุชา"),
    ("Kamonwan", "กมลวรรณ"),
    ("Prayut", "ประยุทธ์"),
]
THAI_FAMILY = [
    ("Jaidee", "ใจดี"),
    ("Nimmanphatcharin", "นิมมานพัชรินทร์"),
    ("Srisuk", "ศรีสุข"),
    ("Wongsawat", "วงศ์สวัสดิ์"),
    ("Rattanakosin", "รัตนโกสินทร์"),
    ("Chanthawong", "จันทวงศ์"),
    ("Suwannarat", "สุวรรณรัตน์"),
    ("Phromsuwan", "พรหมสุวรรณ"),
    ("Kaewkhao", "แก้วขาว"),
    ("Thammasat", "ธรรมศาสตร์"),
    ("Boonmee", "บุญมี"),
]
LATIN = [
    ("Nguyen", "Thi Lan"),
    ("Tran", "Van Minh"),
    ("Siti", "Nurhaliza"),
    ("Budi", "Santoso"),
    ("Maria", "Santos"),
    ("Jose", "Reyes"),
    ("Aung", "San Kyaw"),
    ("Sokha", "Chan"),
    ("Bounmy", "Phommachanh"),
    ("Wei Ming", "Tan"),
    ("Muhammad", "Hafiz bin Abdullah"),
    ("Dewi", "Kartika Sari"),
]
ORGANISATIONS = [
    "Digital Economy Promotion Agency (depa)",
    "Bangkok Metropolitan Administration",
    "Da Nang People's Committee",
    "Ministry of Foreign Affairs",
    "ASEAN Secretariat",
    "Smart City Solutions Co., Ltd.",
    "Jakarta Smart City",
    "City of Cebu",
    "Phnom Penh Capital Hall",
]
COUNTRIES = ["TH", "VN", "ID", "PH", "MY", "SG", "KH", "LA", "MM", "BN"]


def delegates(count: int):
    """Half with a Thai name in both scripts, half with Latin names only."""
    thai = itertools.cycle(itertools.product(THAI_GIVEN, THAI_FAMILY))
    latin = itertools.cycle(LATIN)
    for n in range(count):
        if n % 2 == 0:
            (given, given_th), (family, family_th) = next(thai)
            yield {
                "first_name": given,
                "last_name": family,
                "local_name": f"{given_th} {family_th}",
                "country_code": "TH",
            }
        else:
            given, family = next(latin)
            yield {
                "first_name": given,
                "last_name": family,
                "local_name": "",
                "country_code": COUNTRIES[n % len(COUNTRIES)],
            }


def make_database(app, count: int):
    from flask_migrate import upgrade

    from eventsys.db import db, utcnow
    from eventsys.registration.models import Registration, RegistrationCategory, RegistrationStatus
    from tests import factories

    upgrade(directory=str(ROOT / "migrations"), revision="heads")
    event = factories.event(slug="bench-badges", title_en="ASCN Annual Meeting (benchmark)")
    categories = list(RegistrationCategory)
    db.session.add_all(
        Registration(
            event_id=event.id,
            email=f"delegate{n}@example.org",
            status=RegistrationStatus.CONFIRMED,
            category=categories[n % len(categories)],
            consent_at=utcnow(),
            organisation=ORGANISATIONS[n % len(ORGANISATIONS)],
            **person,
        )
        for n, person in enumerate(delegates(count))
    )
    db.session.commit()
    return event


def reportlab_badges(data, layout, colours) -> bytes:
    """The same badges drawn with ReportLab's canvas: band, names, organisation, place, QR."""
    from reportlab.lib.units import mm
    from reportlab.pdfbase import pdfmetrics
    from reportlab.pdfbase.ttfonts import TTFont
    from reportlab.pdfgen import canvas

    from eventsys.badges.placement import BAND_EM, SERIAL_EM, SIDE_INSET_EM, qr_placement
    from eventsys.badges.rendering import (
        FONTS,
        LOCAL_NAME_MAX_PT,
        NAME_MAX_PT,
        ORGANISATION_MAX_PT,
        available_text_pt,
        fit_font_size,
        qr_matrix,
    )

    for name, file in (
        ("Sans-Bold", "NotoSans-Bold.ttf"),
        ("Sans", "NotoSans-Regular.ttf"),
        ("Thai-Bold", "NotoSansThai-Bold.ttf"),
    ):
        if name not in pdfmetrics.getRegisteredFontNames():
            pdfmetrics.registerFont(TTFont(name, str(FONTS / file)))
    out = io.BytesIO()
    pdf = canvas.Canvas(out, pagesize=(layout.page_width * mm, layout.page_height * mm))
    scale, available = layout.scale, available_text_pt(layout)
    placement = qr_placement(layout)
    width, height = layout.badge_width * mm, layout.badge_height * mm
    for index, badge in enumerate(data):
        place = index % layout.per_page
        if index and place == 0:
            pdf.showPage()
        left, top = layout.position(place)
        x0, y_top = left * mm, (layout.page_height - top) * mm
        centre = x0 + width / 2
        pdf.setStrokeColorRGB(0.73, 0.73, 0.73)
        pdf.rect(x0, y_top - height, width, height, stroke=1, fill=0)
        pdf.setFillColor(colours[badge.category])
        band = 32 * scale
        pdf.rect(x0, y_top - band, width, band, stroke=0, fill=1)
        pdf.setFillColorRGB(1, 1, 1)
        pdf.setFont("Sans-Bold", 12.5 * scale)
        pdf.drawCentredString(centre, y_top - band * 0.62, badge.category_label.upper())
        pdf.setFillColorRGB(0.07, 0.07, 0.07)
        y = y_top - band - 14 * scale
        pdf.setFont("Sans", 8 * scale)
        pdf.drawCentredString(centre, y, badge.event_title)
        size = min(
            fit_font_size(badge.first_name, available, NAME_MAX_PT * scale),
            fit_font_size(badge.last_name, available, NAME_MAX_PT * scale),
        )
        pdf.setFont("Sans-Bold", size)
        for line in (badge.first_name, badge.last_name):
            y -= size * 1.15
            pdf.drawCentredString(centre, y, line)
        if badge.local_name:
            local = fit_font_size(badge.local_name, available, LOCAL_NAME_MAX_PT * scale)
            y -= local * 1.5
            pdf.setFont("Thai-Bold", local)
            pdf.drawCentredString(centre, y, badge.local_name)
        organisation = fit_font_size(badge.organisation, available, ORGANISATION_MAX_PT * scale, bold=False)
        y -= organisation * 1.6
        pdf.setFont("Sans", organisation)
        pdf.drawCentredString(centre, y, badge.organisation)
        y -= 10.5 * scale * 1.5
        pdf.setFont("Sans", 10.5 * scale)
        pdf.drawCentredString(centre, y, badge.place)
        matrix = qr_matrix(badge.code)
        modules = len(matrix) + 8
        # Where and how large the app draws the code (eventsys.badges.placement).
        module, size = placement.module_mm * mm, placement.size_mm * mm
        if placement.beside:
            qr_left = x0 + width - SIDE_INSET_EM * placement.em_mm * mm - size
            qr_bottom = y_top - (BAND_EM + SIDE_INSET_EM) * placement.em_mm * mm - size
        else:
            qr_left, qr_bottom = centre - size / 2, y_top - height + SERIAL_EM * placement.em_mm * mm
        path = pdf.beginPath()
        for row_index, row in enumerate(matrix):
            for column, dark in enumerate(row):
                if dark:
                    path.rect(
                        qr_left + (column + 4) * module, qr_bottom + (modules - 5 - row_index) * module, module, module
                    )
        pdf.setFillColorRGB(0, 0, 0)
        pdf.drawPath(path, stroke=0, fill=1)
        pdf.setFont("Sans", 7 * scale)
        pdf.drawCentredString(centre, y_top - height + 4 * scale, badge.serial_label)
    pdf.save()
    return out.getvalue()


def pdf_pages(pdf: bytes) -> int:
    from pypdf import PdfReader

    return len(PdfReader(io.BytesIO(pdf)).pages)


def first_page_codes(pdf: bytes) -> int:
    with tempfile.TemporaryDirectory() as tmp:
        path = Path(tmp) / "b.pdf"
        path.write_bytes(pdf)
        subprocess.run(
            ["pdftoppm", "-r", "150", "-gray", "-png", "-f", "1", "-l", "1", str(path), f"{tmp}/p"], check=True
        )
        image = next(Path(tmp).glob("p*.png"))
        out = subprocess.run(["zbarimg", "-q", "--raw", str(image)], capture_output=True, text=True).stdout
    return len([line for line in out.splitlines() if line])


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--count", type=int, default=1000)
    parser.add_argument("--layout", default="a6-4up")
    parser.add_argument("--workers", type=int, default=2)
    parser.add_argument("--database", help="an empty database URL (default: a fresh SQLite file)")
    args = parser.parse_args()

    with tempfile.TemporaryDirectory(prefix="bench-badges-") as tmp:
        url = args.database or f"sqlite:///{tmp}/bench.db"
        from eventsys import create_app

        app = create_app(
            {
                "SQLALCHEMY_DATABASE_URI": url,
                "INSTANCE_PATH": tmp,
                "SECRET_KEY": "bench-secret",
                "REDIS_URL": None,
                "TESTING": True,
            }
        )
        with app.app_context(), app.test_request_context():
            from eventsys.badges import services
            from eventsys.registration.models import Registration

            event = make_database(app, args.count)
            from eventsys.db import db

            registrations = list(db.session.scalars(db.select(Registration).order_by(Registration.id)))

            # No tracemalloc here: it would slow the timed run (and the forked workers) several-fold.
            started = time.perf_counter()
            pdf, _run = services.print_badges(
                event, registrations, layout_name=args.layout, workers=args.workers, actor="bench", scope="all"
            )
            weasy_seconds = time.perf_counter() - started
            weasy_rate = args.count / weasy_seconds
            pages = pdf_pages(pdf)
            decoded = first_page_codes(pdf)

            layout = services.resolve_layout(event, args.layout)
            from eventsys.badges.layouts import LAYOUT_NAMES, get_layout
            from eventsys.badges.placement import qr_placement

            on_first_page = min(layout.per_page, args.count)
            module_mm = qr_placement(layout).module_mm
            design = services.get_design(event)
            modules_per_layout = {name: qr_placement(get_layout(name, design)).module_mm for name in LAYOUT_NAMES}
            items = [(r, services.current_badge(r)) for r in registrations]
            tracemalloc.start()
            data = services.badge_data(event, items)
            _, data_python_peak = tracemalloc.get_traced_memory()
            tracemalloc.stop()
            colours = services.colours(event)
            try:
                started = time.perf_counter()
                reference = reportlab_badges(data, layout, colours)
                reportlab_seconds = time.perf_counter() - started
                reportlab_rate = args.count / reportlab_seconds
            except ImportError:
                print("ReportLab is not installed: .venv/bin/pip install reportlab==5.1.0 for the reference figure")
                reference, reportlab_seconds, reportlab_rate = b"", None, None

    self_rss = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024
    children_rss = resource.getrusage(resource.RUSAGE_CHILDREN).ru_maxrss / 1024
    results = {
        "delegates": args.count,
        "layout": args.layout,
        "workers": args.workers,
        "database": "postgresql" if url.startswith("postgresql") else "sqlite",
        "weasyprint": {
            "seconds": round(weasy_seconds, 2),
            "badges_per_second": round(weasy_rate, 1),
            "pages": pages,
            "pdf_bytes": len(pdf),
            "qr_codes_decoded_on_page_1": decoded,
            "qr_codes_on_page_1": on_first_page,
            "qr_module_mm": module_mm,
        },
        # The QR module each layout gets (eventsys.badges.placement); 150 dpi is 0.17 mm a pixel.
        "qr_module_mm_per_layout": modules_per_layout,
        "reportlab_reference": {
            "seconds": round(reportlab_seconds, 2),
            "badges_per_second": round(reportlab_rate, 1),
            "pdf_bytes": len(reference),
            "processes": 1,
        }
        if reportlab_rate
        else None,
        "ratio_weasyprint_to_reportlab": round(weasy_rate / reportlab_rate, 2) if reportlab_rate else None,
        "peak_memory_mb": {
            "parent_rss": round(self_rss, 1),
            "largest_worker_rss": round(children_rss, 1),
            "badge_data_python_tracemalloc": round(data_python_peak / 2**20, 1),
        },
        "machine": {
            "cpus": os.cpu_count(),
            "python": platform.python_version(),
            "load_average_1m": round(os.getloadavg()[0], 2),
        },
    }
    print(
        f"WeasyPrint ({args.workers} processes, {args.layout}): {args.count} badges in {weasy_seconds:.2f}s "
        f"= {weasy_rate:.1f} badges/s, {pages} pages, {decoded} of {on_first_page} QR codes decoded on page 1 "
        f"at 150 dpi (module {module_mm} mm)"
    )
    if reportlab_rate:
        print(f"ReportLab reference (1 process): {reportlab_seconds:.2f}s = {reportlab_rate:.1f} badges/s")
        print(f"ratio WeasyPrint/ReportLab: {weasy_rate / reportlab_rate:.2f}")
    print(
        f"peak memory: parent RSS {self_rss:.0f} MB, largest worker RSS {children_rss:.0f} MB, "
        f"Python heap for the badge data {data_python_peak / 2**20:.1f} MB"
    )
    out = ROOT / "bench" / "results" / "badges.json"
    out.parent.mkdir(parents=True, exist_ok=True)
    out.write_text(json.dumps(results, indent=2) + "\n", encoding="utf-8")
    print(f"written {out.relative_to(ROOT)}")


if __name__ == "__main__":
    main()
