"""Builds: rebuilt only when something changed, versioned, crash-safe, run as a retried job."""

from __future__ import annotations

import pytest

from eventsys.jobs.models import Job, JobStatus
from eventsys.jobs.services import job_status, run_job
from eventsys.proceedings import storage
from eventsys.proceedings.models import BuildStatus, ProceedingsBuild
from eventsys.proceedings.options import BookOptions, InvalidOptions
from eventsys.proceedings.services import build_book, builds, latest_ready, request_build, save_foreword


def test_a_second_build_without_changes_reuses_the_first(book_event):
    first = build_book(book_event, BookOptions())
    again = build_book(book_event, BookOptions())
    assert again.id == first.id and first.version == 1
    assert len(builds(book_event)) == 1
    assert first.file_path.startswith(f"proceedings/{book_event.slug}/{book_event.slug}-proceedings-v1-")
    assert storage.absolute(first.file_path).read_bytes()[:5] == b"%PDF-"
    assert first.pages == 10 and first.size == storage.absolute(first.file_path).stat().st_size


def test_changed_content_or_options_make_a_new_version(book_event):
    first = build_book(book_event, BookOptions())
    save_foreword(book_event, text_en="Welcome to Bangkok.", text_th="", signed_by="")
    second = build_book(book_event, BookOptions())
    third = build_book(book_event, BookOptions(language="th"))
    assert [first.version, second.version, third.version] == [1, 2, 3]
    assert second.content_hash != first.content_hash and third.options_hash != second.options_hash
    assert storage.absolute(first.file_path).is_file()  # older versions are kept


def test_unknown_options_are_refused():
    with pytest.raises(InvalidOptions):
        BookOptions(language="fr")
    with pytest.raises(InvalidOptions):
        BookOptions(parts=("cover", "appendix"))


def test_a_crash_mid_write_keeps_the_last_good_book_and_serves_no_half_file(book_event, monkeypatch):
    good = build_book(book_event, BookOptions())
    good_bytes = storage.absolute(good.file_path).read_bytes()
    save_foreword(book_event, text_en="A new foreword.", text_th="", signed_by="")

    def crash_half_way(out, data):
        out.write(data[: len(data) // 2])
        raise OSError("disk full")

    monkeypatch.setattr(storage, "write_bytes", crash_half_way)
    with pytest.raises(OSError):
        build_book(book_event, BookOptions())
    attempt = builds(book_event)[0]
    assert (attempt.status, attempt.version, attempt.file_path) == (BuildStatus.FAILED, None, "")
    assert attempt.error == "OSError: disk full"
    assert latest_ready(book_event).id == good.id
    assert storage.absolute(good.file_path).read_bytes() == good_bytes
    folder = storage.absolute(good.file_path).parent
    assert sorted(p.name for p in folder.iterdir()) == [storage.absolute(good.file_path).name]


def test_a_layout_worker_dying_fails_the_build_and_keeps_the_last_good_book(book_event, monkeypatch):
    from concurrent.futures.process import BrokenProcessPool

    from eventsys.proceedings import services

    good = build_book(book_event, BookOptions())
    save_foreword(book_event, text_en="A new foreword.", text_th="", signed_by="")

    def killed(*args, **kwargs):
        raise BrokenProcessPool("A process in the process pool was terminated abruptly")

    monkeypatch.setattr(services, "render_book_pdf", killed)
    with pytest.raises(BrokenProcessPool):  # re-raised, so that RQ retries the job
        build_book(book_event, BookOptions())
    assert builds(book_event)[0].status == BuildStatus.FAILED
    assert latest_ready(book_event).id == good.id


def test_a_worker_killed_mid_write_leaves_only_a_stray_part_that_the_next_build_removes(book_event):
    good = build_book(book_event, BookOptions())
    folder = storage.absolute(good.file_path).parent
    stray = folder / (storage.absolute(good.file_path).name + ".abc.part")
    stray.write_bytes(b"%PDF-1.7 half")  # what a killed process leaves behind
    save_foreword(book_event, text_en="A new foreword.", text_th="", signed_by="")
    newer = build_book(book_event, BookOptions())
    assert not stray.exists()
    assert sorted(p.name for p in folder.iterdir()) == sorted(
        [storage.absolute(good.file_path).name, storage.absolute(newer.file_path).name]
    )


def test_build_job_reports_its_stages_and_result(book_event, monkeypatch):
    from eventsys.proceedings import services

    reported = []
    monkeypatch.setattr(services, "report_progress", lambda job_id, pct, stage: reported.append((pct, stage)))
    build, job = request_build(book_event, BookOptions())
    assert build is None
    # The bar only moves forward, through the three stages in order, one step per part laid out.
    assert reported[:2] == [(5, "collecting"), (20, "laying out")] and reported[-1] == (100, "writing")
    assert [pct for pct, _ in reported] == sorted(pct for pct, _ in reported)
    stages = [stage for _, stage in reported]
    assert stages == sorted(stages, key=["collecting", "laying out", "writing"].index)
    assert stages.count("laying out") >= 1 + 5  # front, contents, programme, sessions, participants
    status = job_status(job.id)
    ready = latest_ready(book_event)
    assert (status["status"], status["progress"]) == ("done", 100)
    assert status["result"] == {"build_id": ready.id, "version": 1, "pages": ready.pages, "size": ready.size}
    again, no_job = request_build(book_event, BookOptions())
    assert (again.id, no_job) == (ready.id, None)


def test_a_failed_job_is_retried_and_then_succeeds(book_event, monkeypatch, db):
    def crash(out, data):
        out.write(data[:100])
        raise OSError("worker lost")

    monkeypatch.setattr(storage, "write_bytes", crash)
    _, job = request_build(book_event, BookOptions())
    failed = db.session.get(Job, job.id)
    assert (failed.status, failed.error) == (JobStatus.FAILED, "OSError: worker lost")
    assert latest_ready(book_event) is None
    monkeypatch.undo()
    run_job(job.id)  # what RQ's Retry does: the same job again
    db.session.expire_all()
    assert db.session.get(Job, job.id).status == JobStatus.DONE
    assert [b.status for b in builds(book_event)] == [BuildStatus.READY, BuildStatus.FAILED]
    assert db.session.query(ProceedingsBuild).filter_by(status=BuildStatus.READY).one().version == 1


def test_a_new_layout_makes_a_new_version_though_the_content_is_the_same(book_event, monkeypatch):
    from eventsys.proceedings import services

    first = build_book(book_event, BookOptions())
    assert build_book(book_event, BookOptions()).id == first.id
    # As after an upgrade that changed a template or the code that lays the book out.
    monkeypatch.setattr(services, "layout_fingerprint", lambda: "a newer layout")
    second = build_book(book_event, BookOptions())
    assert (second.id, second.version) != (first.id, first.version) and second.version == first.version + 1
