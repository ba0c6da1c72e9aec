"""What the check-in area does, for its views, the API, the CLI and other areas, in one place:
lists (`lists.py`), scans (`scans.py`, the door's hot path) and what the door answers about them
(`answers.py`). What it shows of who came (search, attendance figures, the export) is in
attendance.py."""

from __future__ import annotations

from eventsys.checkin.answers import (
    HTTP_STATUS,
    Delegate,
    ScanOutcome,
    mask_email,
    registration_json,
    result_message,
    status_label,
)
from eventsys.checkin.lists import CheckinError, ListNotFound, day_key, ensure_lists, find_list
from eventsys.checkin.scans import record_scan

__all__ = [
    "HTTP_STATUS",
    "CheckinError",
    "Delegate",
    "ListNotFound",
    "ScanOutcome",
    "day_key",
    "ensure_lists",
    "find_list",
    "mask_email",
    "record_scan",
    "registration_json",
    "result_message",
    "status_label",
]
