"""The print-ready summit report: WeasyPrint through the shared renderer (eventsys.pdf)."""

from __future__ import annotations

from contextlib import nullcontext

from flask import current_app, has_request_context
from flask_babel import force_locale

from eventsys.outcomes.directory import load_directory
from eventsys.pdf import render_pdf
from eventsys.reports import services
from eventsys.reports.models import SummitReport


def report_pdf(report: SummitReport, language: str = "en") -> bytes:
    """Cover, contents with page numbers, numbered sections, a footnote per cited source. Both
    languages are printed; `language` picks the headings' language."""
    # The command line has no request; links in the PDF are built against the public base URL.
    context = nullcontext() if has_request_context() else current_app.test_request_context("/")
    with context, force_locale(language):
        return render_pdf(
            "reports/report_pdf.html",
            report=report,
            sections=services.cited_items(report),
            directory=load_directory(),
            base_url=current_app.config["BASE_URL"],
        )
