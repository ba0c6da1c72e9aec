"""A person on the agenda is linked to the account with the same e-mail address, whichever comes
first and whichever code path writes it: a person added with an address, a person's address changed,
an account created (from an invitation, `flask create-user`, the admin pages, `flask create-admin`)
or its address changed. So a session's rapporteur writes its outcomes without an extra step
(`AgendaSession.rapporteur_user_ids` reads `Person.user_id`).

The links are made at flush time, for every session: `after_flush` notes what changed (the
pending state is still visible there), `after_flush_postexec` sets `Person.user_id` (new accounts
have their id by then), and the commit flushes those changes too.

- A new person with an address and no explicit account gets the account with that address.
- A person whose address changes or is cleared (and whose account is not set in the same change)
  gets the account with the new address, or none: the old account is someone else's.
- A new account, or one whose address changes, is linked to every person with that address who
  has no account yet. A person already linked to another account is left alone.
"""

from __future__ import annotations

from sqlalchemy import event, func, select
from sqlalchemy.orm import Session, attributes

from eventsys.accounts.models import User
from eventsys.events.models import Person

_PENDING = "eventsys_teams_links"


def _changed(instance, name: str) -> bool:
    return attributes.get_history(instance, name).has_changes()


def _normal(email: str | None) -> str:
    return (email or "").strip().lower()


@event.listens_for(Session, "after_flush")
def _note_changes(session: Session, flush_context) -> None:
    people, accounts = [], []
    for instance in session.new:
        if isinstance(instance, Person) and _normal(instance.email) and instance.user_id is None:
            people.append(instance)
        elif isinstance(instance, User):
            accounts.append(instance)
    for instance in session.dirty:
        if isinstance(instance, Person) and _changed(instance, "email") and not _changed(instance, "user_id"):
            people.append(instance)
        elif isinstance(instance, User) and _changed(instance, "email"):
            accounts.append(instance)
    if people or accounts:
        pending = session.info.setdefault(_PENDING, ([], []))
        pending[0].extend(people)
        pending[1].extend(accounts)


@event.listens_for(Session, "after_flush_postexec")
def _link(session: Session, flush_context) -> None:
    people, accounts = session.info.pop(_PENDING, ([], []))
    if not people and not accounts:
        return
    with session.no_autoflush:
        for person in people:
            email = _normal(person.email)
            account_id = session.scalar(select(User.id).where(User.email == email)) if email else None
            if person.user_id != account_id:
                person.user_id = account_id
        for account in accounts:
            unlinked = select(Person).where(
                func.lower(Person.email) == _normal(account.email), Person.user_id.is_(None)
            )
            for person in session.scalars(unlinked):
                person.user_id = account.id
