"""Typeset the book: cut it into parts, lay them out in parallel, fill in the cross-references,
stamp the page numbers, assemble one PDF (the machinery is eventsys.pdf.assembly).

Print order: cover and foreword, contents, programme, sessions (one chapter per session, in parts
of about PART_WEIGHT characters), participants (in parts of whole countries, about
PARTICIPANTS_PER_PART people each), index of people. Every part starts on a new page. Only the
contents and the index grow with the event, so a worker's memory hardly does.

1. Everything but the contents and the index is laid out at once; so is the contents with
   placeholder page numbers, to learn how many pages it takes (its numbers sit in a fixed-width
   column, so they do not change its length).
2. Now every chapter's first page is known: the contents and the index are laid out with their
   real page numbers. Should the contents come out longer after all, step 2 is done again.
3. Footers ("page X of Y") for all pages, then the assembly.
"""

from __future__ import annotations

import functools
import time
from collections.abc import Callable
from concurrent.futures import as_completed
from dataclasses import dataclass, field

from flask import current_app, render_template
from flask_babel import force_locale, gettext
from markupsafe import Markup

from eventsys.pdf.assembly import LaidOutPart, PageMap, Part, PartPool, assemble
from eventsys.proceedings.options import BookOptions

# Page margins (mm) of a right-hand page; a left-hand page is the same moved by the difference,
# so that the wider, inner margin is always at the binding of a double-sided print.
INNER_MARGIN_MM, OUTER_MARGIN_MM = 24, 20
PART_WEIGHT = 60_000  # characters of chapter text per part: about 25 pages
CHAPTER_WEIGHT = 1_500  # what a chapter's title, people and headings weigh besides its text
SMALL_BOOK_WEIGHT = 2 * PART_WEIGHT  # below it, a book is laid out in the calling process
PARTICIPANTS_PER_PART = 600  # about 6 pages of the list
PARTICIPANT_WEIGHT = 60  # a participant's line, in characters of chapter text it costs to lay out
PROGRAMME_ROW_WEIGHT = 500  # a session's row in the programme, the same way (for scheduling only)
CONTENTS_ENTRY_WEIGHT = 150  # a line of the contents, the same way (for scheduling only)
FRONT_WEIGHT = 3_000  # the cover and the foreword, the same way (for scheduling only)
PLACEHOLDER_PAGE = "888"
NAMED_DESTINATIONS = ("session-", "foreword", "contents", "programme", "sessions", "projects", "participants", "index")

MARGINS = {"inner_margin": f"{INNER_MARGIN_MM}mm", "outer_margin": f"{OUTER_MARGIN_MM}mm"}
POINTS_PER_MM = 72 / 25.4

Progress = Callable[[int, str], None]


@dataclass
class TypesetBook:
    pdf: bytes
    pages: int
    parts: int
    workers: int
    draft: bool = False  # it carries the DRAFT watermark
    worker_peak_rss_mb: float = 0.0  # the largest worker, for the benchmark
    seconds: dict[str, float] = field(default_factory=dict)  # per step, for the benchmark


# Characters written as CSS hex escapes inside a string: those that end the string (quotes, the
# backslash that starts an escape), the <style> element (`</style>`) or could start markup.
CSS_STRING_ESCAPED = frozenset("\"'\\<>&")


def css_string(text: str) -> Markup:
    """`text` as a double-quoted CSS string literal, safe inside a <style> element.

    Tabs, line breaks, form feeds and the other control characters end a CSS string (an unescaped
    line break or form feed is a "bad string" after which the rest of the text would be read as
    rules) or print as boxes: each becomes a space (a run of them one space). Quotes, the backslash,
    `<`, `>` and `&` become hex escapes (`\\22 `, `\\3c `...): nothing in the text can end the
    string, the rule or the element."""
    out: list[str] = []
    for char in text:
        code = ord(char)
        if code < 0x20 or code == 0x7F or 0xD800 <= code <= 0xDFFF:
            if out and out[-1] != " ":
                out.append(" ")
        elif char in CSS_STRING_ESCAPED:
            out.append(f"\\{code:x} ")
        else:
            out.append(char)
    return Markup('"' + "".join(out).strip() + '"')


def _chapter_weight(session: dict, outcome: dict | None) -> int:
    text = [session.get("abstract_en") or "", session.get("abstract_th") or ""]
    if outcome:
        for _key, value in outcome.items():
            if isinstance(value, str):
                text.append(value)
            elif isinstance(value, list):
                text.extend(str(item) for item in value)
    return CHAPTER_WEIGHT + sum(len(t) for t in text)


def book_weight(context: dict) -> int:
    book = context["book"]
    chapters = sum(_chapter_weight(s, book["outcomes"].get(s["id"])) for s in context["chapters"])
    return chapters + PARTICIPANT_WEIGHT * len(book["participants"])


def _consecutive_groups(items: list[dict], weight_of, limit: int) -> list[list[dict]]:
    """`items` in order, cut into groups weighing about `limit` (at least one item each)."""
    groups, current, current_weight = [], [], 0
    for item in items:
        weight = weight_of(item)
        if current and current_weight + weight > limit:
            groups.append(current)
            current, current_weight = [], 0
        current.append(item)
        current_weight += weight
    return [*groups, current] if current else groups


def country_groups(countries: list[dict], size: int) -> list[list[dict]]:
    """Consecutive countries of the participants list, cut into groups of about `size` people
    (each group a part, so a new page, of its own: long lists are laid out in parallel too)."""

    def people(country: dict) -> int:
        return sum(len(city["people"]) for city in country["cities"])

    return _consecutive_groups(countries, people, size) or [[]]


def session_groups(chapters: list[dict], outcomes: dict, weight: int = PART_WEIGHT) -> list[list[dict]]:
    """Consecutive chapters, cut into groups of about `weight` characters (at least one each)."""
    return _consecutive_groups(chapters, lambda session: _chapter_weight(session, outcomes.get(session["id"])), weight)


@dataclass(frozen=True)
class PlannedPart:
    """A part of the first round before its HTML is rendered: `weight` is what laying it out
    costs, in characters of chapter text (measured: a programme row costs as much as 500 of
    them, a contents line 150), to hand out the costliest parts first."""

    key: str
    weight: int
    render: Callable[[], Part]


class BookParts:
    """The HTML of each part, rendered with the book's context (in the book's locale)."""

    def __init__(self, context: dict, options: BookOptions, part_weight: int = PART_WEIGHT):
        self.context, self.options = context, options
        self.part_weight = part_weight

    def _html(self, template: str, **extra) -> str:
        return render_template(f"proceedings/parts/{template}", **self.context, **MARGINS, **extra)

    def first_round(self) -> tuple[list[str], list[PlannedPart]]:
        """The print order of all parts, and the parts laid out in the first round, the costliest
        first (by `PlannedPart.weight`), so that no worker is left with a big one at the end. Each
        part's HTML is rendered when it is asked for: a worker lays out the first while this
        process renders the next."""
        order, planned = (
            ["front"],
            [PlannedPart("front", FRONT_WEIGHT, lambda: Part("front", self._html("front.html")))],
        )
        if self.options.has("contents"):
            order.append("contents")
            weight = CONTENTS_ENTRY_WEIGHT * len(self.context["chapters"])
            planned.append(PlannedPart("contents", weight, lambda: self.contents(lambda anchor: PLACEHOLDER_PAGE)))
        if self.options.has("programme"):
            order.append("programme")
            weight = PROGRAMME_ROW_WEIGHT * len(self.context["book"]["sessions"])
            planned.append(PlannedPart("programme", weight, lambda: Part("programme", self._html("programme.html"))))
        if self.options.has("sessions"):
            outcomes = self.context["book"]["outcomes"]
            groups = session_groups(self.context["chapters"], outcomes, self.part_weight) or [[]]
            for number, sessions in enumerate(groups):
                key = f"sessions-{number}"
                order.append(key)
                weight = sum(_chapter_weight(session, outcomes.get(session["id"])) for session in sessions)
                planned.append(PlannedPart(key, weight, functools.partial(self._sessions, key, sessions, number == 0)))
            # The call's accepted city projects, after the sessions (collect.py, projects.py).
            if self.context["book"].get("projects"):
                order.append("projects")
                weight = CHAPTER_WEIGHT * len(self.context["book"]["projects"])
                planned.append(PlannedPart("projects", weight, lambda: Part("projects", self._html("projects.html"))))
        if self.options.has("participants"):
            for number, countries in enumerate(country_groups(self.context["participants"], PARTICIPANTS_PER_PART)):
                key = "participants" if number == 0 else f"participants-{number}"
                order.append(key)
                people = sum(len(city["people"]) for country in countries for city in country["cities"])
                planned.append(
                    PlannedPart(
                        key,
                        PARTICIPANT_WEIGHT * people,
                        functools.partial(self._participants, key, countries, number == 0),
                    )
                )
        if self.context["with_index"]:
            order.append("index")
        planned.sort(key=lambda part: -part.weight)
        return order, planned

    def _sessions(self, key: str, sessions: list[dict], first: bool) -> Part:
        return Part(key, self._html("sessions.html", sessions=sessions, first=first))

    def _participants(self, key: str, countries: list[dict], first: bool) -> Part:
        return Part(key, self._html("participants.html", countries=countries, first=first))

    def contents(self, page_of: Callable[[str], object]) -> Part:
        return Part("contents", self._html("contents.html", page_of=page_of))

    def index(self, page_of: Callable[[str], int | None]) -> Part:
        entries = []
        for entry in self.context["index"]:
            pages = {}  # page -> the first anchor on it: one number per page, however often named
            for anchor in entry["anchors"]:
                page = page_of(anchor)
                if page is not None:
                    pages.setdefault(page, anchor)
            entries.append({"name": entry["name"], "runs": entry["runs"], "pages": sorted(pages.items())})
        return Part("index", self._html("index.html", entries=entries))

    def footers(self, total: int, bare_pages: int, first: int, last: int) -> Part:
        """Pages `first`..`last` (1-based) of the footer document: "page X of Y" on each but the
        first `bare_pages` (the cover)."""
        labels = [
            "" if number <= bare_pages else gettext("page %(number)d of %(total)d", number=number, total=total)
            for number in range(first, last + 1)
        ]
        return Part(
            f"footers-{first}",
            render_template("proceedings/parts/footers.html", labels=labels, lang=self.context["lang"], **MARGINS),
            tagged=False,
        )


def typeset_book(
    context: dict,
    options: BookOptions,
    *,
    progress: Progress | None = None,
    workers: int | None = None,
    part_weight: int = PART_WEIGHT,
) -> TypesetBook:
    """The book's PDF from its template context (eventsys.proceedings.render.book_context).

    `workers`: processes to lay out in; by default the PDF_WORKERS setting (0: one per CPU) for
    a book of more than a few dozen pages, and this process alone for a smaller one."""
    progress = progress or (lambda percent, stage: None)
    builder = BookParts(context, options, part_weight)
    if workers is None:
        small = book_weight(context) < SMALL_BOOK_WEIGHT
        workers = 1 if small else (current_app.config.get("PDF_WORKERS") or None)
    seconds, started = {}, time.perf_counter()

    def lap(step):
        nonlocal started
        seconds[step] = round(time.perf_counter() - started, 2)
        started = time.perf_counter()

    with force_locale(context["lang"]):
        with PartPool(workers) as pool:
            order, first = builder.first_round()
            laid = _lay_out_first_round(pool, first, progress)
            lap("parts")
            _lay_out_cross_references(pool, builder, order, laid)
            lap("cross-references")
            progress(85, "writing")
            ordered = [laid[key] for key in order]
            total = sum(part.page_count for part in ordered)
            footers = _lay_out_footers(pool, builder, total, _cover_pages(laid["front"], options))
            lap("footers")
        # The workers are gone: their memory is free before the assembly takes its share.
        progress(92, "writing")
        t, event = context["t"], context["event"]
        pdf = assemble(
            ordered,
            footers,
            lang=context["lang"],
            named=NAMED_DESTINATIONS,
            gutter_pt=(INNER_MARGIN_MM - OUTER_MARGIN_MM) * POINTS_PER_MM,
            title=f"{t(event, 'title')} · {gettext('Proceedings')}",
            subject=gettext("Proceedings"),
            author=", ".join(t(host, "name") for host in event["hosts"]),
        )
        lap("assembly")
    everything = [*laid.values(), *footers]
    seconds["in workers"] = round(sum(part.seconds for part in everything), 2)
    seconds["CPU in workers"] = round(sum(part.cpu_seconds for part in everything), 2)
    return TypesetBook(
        pdf=pdf,
        pages=total,
        parts=len(laid),
        workers=pool.workers,
        draft=bool(context["watermark"]),
        worker_peak_rss_mb=max(part.peak_rss_mb for part in everything),
        seconds=seconds,
    )


def _lay_out_first_round(pool: PartPool, parts: list[PlannedPart], progress: Progress) -> dict[str, LaidOutPart]:
    """Each part handed to the pool as soon as its HTML is rendered."""
    laid: dict[str, LaidOutPart] = {}
    expected = len(parts) + 3  # and the contents, the index, the footers
    for future in as_completed([pool.submit(part.render()) for part in parts]):
        result = future.result()
        laid[result.key] = result
        progress(20 + 60 * len(laid) // expected, "laying out")
    return laid


def _lay_out_cross_references(
    pool: PartPool, builder: BookParts, order: list[str], laid: dict[str, LaidOutPart]
) -> None:
    """The contents and the index with real page numbers, into `laid`; again should the contents
    come out longer than its placeholder did."""
    while True:
        counts = {key: laid[key].page_count for key in order if key in laid}
        counts.setdefault("index", 0)
        pages = PageMap(order, counts)

        def page_of(anchor, pages=pages):
            if anchor == "index":  # the index is laid out last, after all it refers to
                return pages.first_page["index"] + 1
            return pages.page_of(laid, anchor)

        futures = []
        if "contents" in order:
            futures.append(pool.submit(builder.contents(page_of)))
        if "index" in order:
            futures.append(pool.submit(builder.index(page_of)))
        results = [future.result() for future in futures]
        contents_grew = any(r.key == "contents" and r.page_count != laid["contents"].page_count for r in results)
        laid.update((result.key, result) for result in results)
        if not contents_grew:
            return


def _lay_out_footers(pool: PartPool, builder: BookParts, total: int, bare_pages: int) -> list[LaidOutPart]:
    """The footer pages, in one half per worker."""
    ranges = [(1, total // 2), (total // 2 + 1, total)] if total > 1 and pool.workers > 1 else [(1, total)]
    futures = [pool.submit(builder.footers(total, bare_pages, first, last)) for first, last in ranges]
    return [future.result() for future in futures]


def _cover_pages(front: LaidOutPart, options: BookOptions) -> int:
    """The cover's pages in the front part: those before the foreword begins."""
    foreword = front.anchors.get("foreword") if options.has("foreword") else None
    return foreword[0] if foreword else front.page_count
