"""What the summit simulation needs in the database, made through the app's own models; run by
summit.py in a subprocess with the servers' DATABASE_URL (as seed.py is by run.py).

    python bench/load/summit_seed.py event SLUG CAPACITY DOORS OUT.json
    python bench/load/summit_seed.py badges SLUG OUT.json

`event`: the summit (today and the next two days, open registration, CAPACITY seats) with its
published three-day agenda (seed.py's), and DOORS check-in staff accounts with a `checkin` token
each. `badges`: after the registration wave, every confirmed delegate's badge and its signed code,
as the door's scanners will read it (the code on the printed badge and on the delegate's e-ticket).
"""

from __future__ import annotations

import json
import sys
from pathlib import Path

HERE = Path(__file__).resolve().parent
sys.path.insert(0, str(HERE))
sys.path.insert(1, str(HERE.parents[1]))

from seed import make_agenda, make_event

PRINT_BATCH = 2000  # badges issued per transaction


def make_doors(event, doors: int) -> list[str]:
    """One check-in staff account and API token (scope `checkin`) per door."""
    from eventsys.accounts import tokens
    from eventsys.accounts.models import EventRole, Role, User
    from eventsys.db import db

    secrets = []
    for n in range(doors):
        user = User(email=f"door{n}@{event.slug}.example.org", name=f"Summit door {n}")
        db.session.add(user)
        db.session.flush()
        db.session.add(EventRole(user_id=user.id, event_id=event.id, role=Role.CHECKIN_STAFF))
        db.session.commit()
        db.session.refresh(user)
        _, secret = tokens.create(user, f"summit door {n}", ["checkin"], expires_days=1)
        secrets.append(secret)
    return secrets


def print_badges(slug: str) -> dict:
    """Every confirmed registration's badge and signed code, in registration id order.

    Through the ticket's path (badges.ticket.current_code: the badge issued in a savepoint), not the
    batch printing's (badges_for_printing): RQ workers delivering the confirmation mails issue the
    same badges at the same time, and only the ticket's path expects that race."""
    from eventsys.badges import ticket
    from eventsys.db import db
    from eventsys.events.models import Event
    from eventsys.registration.models import Registration, RegistrationStatus

    event = db.session.scalar(db.select(Event).filter_by(slug=slug))
    confirmed = list(
        db.session.scalars(
            db.select(Registration)
            .filter_by(event_id=event.id, status=RegistrationStatus.CONFIRMED)
            .order_by(Registration.id)
        )
    )
    ids, codes = [], []
    for start in range(0, len(confirmed), PRINT_BATCH):
        for registration in confirmed[start : start + PRINT_BATCH]:
            ids.append(registration.id)
            codes.append(ticket.current_code(registration))
        db.session.commit()
    return {"registration_ids": ids, "codes": codes}


def main() -> None:
    from eventsys import create_app

    app = create_app()
    with app.app_context():
        if sys.argv[1] == "badges":
            slug, out = sys.argv[2], Path(sys.argv[3])
            out.write_text(json.dumps(print_badges(slug)))
            return
        slug, capacity, doors, out = sys.argv[2], int(sys.argv[3]), int(sys.argv[4]), Path(sys.argv[5])
        event = make_event(slug, capacity)
        seeded = {"slug": slug, "event_id": event.id, "capacity": capacity}
        seeded["session_ids"] = make_agenda(event)
        seeded["days"] = [day.isoformat() for day in event.days]
        seeded["tokens"] = make_doors(event, doors)
    out.write_text(json.dumps(seeded))


if __name__ == "__main__":
    main()
