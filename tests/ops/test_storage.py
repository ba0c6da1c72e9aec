"""STORAGE_PATH: the generated files every machine must see live there, not in the instance folder."""

from __future__ import annotations

from pathlib import Path

from eventsys import create_app


def test_storage_path_defaults_to_the_instance_folder(tmp_path, monkeypatch):
    monkeypatch.delenv("STORAGE_PATH", raising=False)
    app = create_app({"INSTANCE_PATH": str(tmp_path / "instance")})
    assert app.config["STORAGE_PATH"] == str(tmp_path / "instance")
    monkeypatch.setenv("STORAGE_PATH", str(tmp_path / "shared"))
    assert create_app({"INSTANCE_PATH": str(tmp_path / "instance")}).config["STORAGE_PATH"] == str(tmp_path / "shared")


def test_books_badge_sheets_imports_and_backups_use_the_storage_path(app, tmp_path):
    from eventsys.backup.files import backed_up_files
    from eventsys.badges.jobs import output_path
    from eventsys.proceedings import storage
    from eventsys.registration import import_files

    shared = tmp_path / "shared"
    app.config["STORAGE_PATH"] = str(shared)
    assert output_path("job-1") == shared / "badges" / "job-1.pdf"
    assert storage.books_root() == shared / "proceedings"
    written = storage.write_atomically("proceedings/event-1/book.pdf", b"%PDF-1.7 book")
    assert written == (shared / "proceedings/event-1/book.pdf").resolve()
    assert import_files._folder() == shared / "registration-imports"
    # Development mails stay in this machine's instance folder.
    assert Path(app.config["MAIL_DIR"]) == Path(app.instance_path) / "mail"
    output_path("job-1").write_bytes(b"%PDF-1.7 sheet")
    (Path(app.instance_path) / "mail").mkdir(parents=True, exist_ok=True)
    (Path(app.instance_path) / "mail" / "dev.eml").write_text("a development mail")
    # A backup carries the shared files, not this machine's development mails.
    assert [relative for relative, _path in backed_up_files()] == ["badges/job-1.pdf", "proceedings/event-1/book.pdf"]
