"""Collecting the book: a fixed handful of queries, and a hash that follows the content."""

from __future__ import annotations

from eventsys.proceedings.collect import collect_book, content_hash
from eventsys.proceedings.services import save_foreword
from tests.proceedings.conftest import make_book_event


def _queries_to_collect(count_queries, db, event) -> int:
    db.session.expire_all()
    with count_queries() as counter:
        collect_book(event.id)
    return counter.count


def test_collecting_takes_the_same_few_queries_for_a_small_and_a_large_event(make, db, count_queries):
    small = make_book_event(make, db, sessions=2, people_per_session=1, participants=2)
    large = make_book_event(make, db, sessions=24, people_per_session=4, participants=40)
    small_count = _queries_to_collect(count_queries, db, small)
    large_count = _queries_to_collect(count_queries, db, large)
    # 8 for the book itself, 1 for the call's accepted projects (eventsys/projects' provider)
    assert small_count == large_count == 9


def test_collected_book_lists_sessions_in_programme_order_and_only_listed_participants(book_event):
    book = collect_book(book_event.id)
    assert [s["title_en"][:9] for s in book["sessions"]] == ["Session 1", "Session 3", "Session 2"]
    assert sorted(p["first_name"] for p in book["participants"]) == [
        "Delegate0",
        "Delegate1",
        "Delegate2",
        "Delegate3",
        "Somchai",
    ]
    assert book["outcomes"] == {} and book["outcomes_all_approved"] is True


def test_content_hash_changes_with_the_content_only(book_event):
    before = content_hash(collect_book(book_event.id))
    assert content_hash(collect_book(book_event.id)) == before
    save_foreword(book_event, text_en="Welcome to Bangkok.", text_th="", signed_by="")
    assert content_hash(collect_book(book_event.id)) != before
