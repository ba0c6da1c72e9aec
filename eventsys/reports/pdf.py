"""The print-ready summit report: WeasyPrint through the shared renderer (eventsys.pdf).

One language per PDF, the reader's: headings, titles and the editor's text in it, falling back to
the other language (marked with its own lang attribute) where a text has no translation. The
quoted outcomes print in both languages, since the approved wording is what a reader quotes.
"""

from __future__ import annotations

import re
from contextlib import nullcontext
from dataclasses import dataclass

from flask import current_app, has_request_context, render_template, url_for
from flask_babel import force_locale

from eventsys.i18n import LOCALES
from eventsys.pdf import render_html_to_pdf
from eventsys.reports import services
from eventsys.reports.models import SummitReport

URL_PIECE = re.compile(r"[^/#?]*(?:[/#?]+|$)")
# Characters of an address per printed line: the citation list's column holds about 95 at 9 pt.
URL_LINE = 80


@dataclass(frozen=True)
class Source:
    """One entry of the citation list: the session page a cited item came from."""

    number: int
    row: services.CitedItem
    url: str

    @property
    def printed_url(self) -> str:
        """The address as printed: cut into lines only after a "/", "#" or "?". Broken after a
        "-" (where text would break), poppler and pdfium take it for a hyphenated word and copy
        it without the hyphen. The template prints it with white-space: pre."""
        lines = [""]
        for piece in filter(None, URL_PIECE.findall(self.url)):
            if lines[-1] and len(lines[-1]) + len(piece) > URL_LINE:
                lines.append("")
            lines[-1] += piece
        return "\n".join(lines)


def source_url(row: services.CitedItem, base_url: str) -> str:
    """The absolute address of the cited session's outcomes (at the recommendation, if one)."""
    path = url_for("outcomes.session_outcomes", slug=row.event.slug, session_id=row.session.id)
    anchor = f"#{row.item.recommendation_id}" if row.is_recommendation else ""
    return f"{base_url.rstrip('/')}{path}{anchor}"


def cited_events(sections) -> list:
    """The events whose sessions the report cites, by date."""
    events = {row.event.id: row.event for _section, rows in sections for row in rows}
    return sorted(events.values(), key=lambda event: (event.start_date, event.id))


def report_hosts(events) -> list:
    """The events' host organisations (EventHost rows), in the order of the events and of each
    event's hosts; an organisation that hosted several of them appears once."""
    seen, hosts = set(), []
    for event in events:
        for host in event.hosts:
            if host.organisation_id not in seen:
                seen.add(host.organisation_id)
                hosts.append(host)
    return hosts


def report_html(report: SummitReport, language: str = "en") -> str:
    """The report as the HTML the PDF is laid out from, in `language`."""
    language = language if language in LOCALES else "en"
    # The command line has no request; links in the PDF are built against the public base URL.
    context = nullcontext() if has_request_context() else current_app.test_request_context("/")
    with context, force_locale(language):
        sections = services.cited_items(report)
        base_url = current_app.config["BASE_URL"]
        events = cited_events(sections)
        sources = [Source(row.number, row, source_url(row, base_url)) for _s, rows in sections for row in rows]
        return render_template(
            "reports/report_pdf.html",
            report=report,
            sections=sections,
            sources={source.number: source for source in sources},
            hosts=report_hosts(events),
            events=events,
            lang=language,
            other="th" if language == "en" else "en",
        )


def report_pdf(report: SummitReport, language: str = "en") -> bytes:
    """Cover with the hosts, contents with page numbers, numbered sections whose items name their
    session and event, and the list of sources with their addresses, in `language`."""
    return render_html_to_pdf(report_html(report, language))
