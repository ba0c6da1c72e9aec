"""pretix's side of the peer bench: runs inside pretix's own virtualenv, never the project's.

    PRETIX_CONFIG_FILE=... <pretix-venv>/bin/python bench/peers/pretix_setup.py setup OUT.json [--tickets N]
    PRETIX_CONFIG_FILE=... <pretix-venv>/bin/python bench/peers/pretix_setup.py count OUT.json

`setup` creates what an organizer would click together in pretix's back office: an organizer, a live
event, one free admission ticket (price 0) under a quota, a check-in list, and a team with every
permission holding one API token; then N paid orders of one position each (a second free product
under its own quota), whose ticket secrets the door mix scans (creating them through the API would take longer than the bench itself). It writes the
ids, the token and the secrets to OUT.json.

`count` writes what the database holds after the load, for the correctness check: orders and
positions per origin (the pre-made pool versus those the API created), the quota, successful
check-ins and any ticket checked in twice.
"""

from __future__ import annotations

import json
import os
import secrets as secrets_module
import sys
from pathlib import Path

# This file sits next to bench/peers/pretix.py, which would shadow the pretix package.
HERE = Path(__file__).resolve().parent
sys.path[:] = [p for p in sys.path if Path(p or ".").resolve() != HERE]

os.environ.setdefault("DJANGO_SETTINGS_MODULE", "pretix.settings")
import django

django.setup()

from datetime import timedelta
from decimal import Decimal

from django.db import transaction
from django.db.models import Count
from django.utils.timezone import now
from django_scopes import scopes_disabled
from pretix.base.models import (
    Checkin,
    CheckinList,
    Event,
    Item,
    Order,
    OrderPosition,
    Organizer,
    Quota,
    Team,
)

ORGANIZER = "bench"
EVENT = "summit"
QUOTA_SIZE = 1_000_000  # the registration mix measures speed, not selling out
POOL_COMMENT = "bench ticket pool"
WARM_UP_COMMENT = "bench warm-up"  # orders pretix.py makes before the clock starts
ORDER_CODE_ALPHABET = "ABCDEFGHJKLMNPQRSTUVWXYZ379"  # pretix's own
SECRET_ALPHABET = "abcdefghjkmnpqrstuvwxyz23456789"  # as in the secrets pretix generates
ORDER_CODE_LENGTH = 6  # pretix's API orders get 5 characters: no clash
TICKET_SECRET_LENGTH = 32
PSEUDONYM_LENGTH = 12  # pretix's own are 10 long: no clash


def setup(out: Path, tickets: int) -> None:
    with scopes_disabled(), transaction.atomic():
        organizer = Organizer.objects.create(name="Bench organizer", slug=ORGANIZER)
        event = Event.objects.create(
            organizer=organizer,
            name="Bench summit",
            slug=EVENT,
            currency="EUR",
            date_from=now() + timedelta(days=30),
            live=True,
            plugins="pretix.plugins.ticketoutputpdf,pretix.plugins.banktransfer",
        )
        event.set_defaults()
        item = Item.objects.create(event=event, name="Delegate (free)", default_price=Decimal("0.00"), admission=True)
        quota = Quota.objects.create(event=event, name="Delegates", size=QUOTA_SIZE)
        quota.items.add(item)
        # The door's pool has its own product and quota: pretix counts a quota's sold tickets on every
        # order, and the registration mix should not pay for tens of thousands of pool tickets.
        pool_item = Item.objects.create(
            event=event, name="Delegate (pool)", default_price=Decimal("0.00"), admission=True
        )
        pool_quota = Quota.objects.create(event=event, name="Pool", size=tickets)
        pool_quota.items.add(pool_item)
        checkin_list = CheckinList.objects.create(event=event, name="Main door", all_products=True)
        team = Team.objects.create(
            organizer=organizer,
            name="Bench API",
            all_events=True,
            all_event_permissions=True,
            all_organizer_permissions=True,
        )
        token = team.tokens.create(name="bench")
        channel = organizer.sales_channels.get(identifier="web")
        secrets = _ticket_pool(event, pool_item, channel, tickets)
    out.write_text(
        json.dumps(
            {
                "organizer": ORGANIZER,
                "event": EVENT,
                "item": item.pk,
                "quota": quota.pk,
                "quota_size": QUOTA_SIZE,
                "checkin_list": checkin_list.pk,
                "token": token.token,
                "secrets": secrets,
            }
        )
    )


def _ticket_pool(event, item, channel, tickets: int) -> list[str]:
    """Paid free orders of one position each, in bulk.

    Saving them one by one as pretix does (code, secret, ledger) costs ~30 ms each on this machine, longer
    than the door run itself; bulk rows fill in what those saves would: a unique code per order, a
    unique ticket secret in pretix's alphabet, the organizer, a zero tax.
    """
    created = now()
    expires = created + timedelta(days=10)
    codes = _unique_strings(tickets, ORDER_CODE_LENGTH, ORDER_CODE_ALPHABET)
    secrets = _unique_strings(tickets, TICKET_SECRET_LENGTH, SECRET_ALPHABET)
    pseudonyms = _unique_strings(tickets, PSEUDONYM_LENGTH, ORDER_CODE_ALPHABET)
    orders = Order.objects.bulk_create(
        Order(
            event=event,
            organizer_id=event.organizer_id,
            code=code,
            status=Order.STATUS_PAID,
            email=f"pool{number}@example.org",
            locale="en",
            sales_channel=channel,
            total=Decimal("0.00"),
            datetime=created,
            expires=expires,
            comment=POOL_COMMENT,
        )
        for number, code in enumerate(codes)
    )
    OrderPosition.objects.bulk_create(
        OrderPosition(
            order=order,
            organizer_id=event.organizer_id,
            item=item,
            price=Decimal("0.00"),
            tax_rate=Decimal("0.00"),
            tax_value=Decimal("0.00"),
            positionid=1,
            secret=secret,
            pseudonymization_id=pseudonym,
        )
        for order, secret, pseudonym in zip(orders, secrets, pseudonyms, strict=True)
    )
    return secrets


def _unique_strings(how_many: int, length: int, alphabet: str) -> list[str]:
    made: set[str] = set()
    while len(made) < how_many:
        made.add("".join(secrets_module.choice(alphabet) for _ in range(length)))
    return sorted(made, key=lambda _: secrets_module.randbits(32))


def count(out: Path) -> None:
    with scopes_disabled():
        event = Event.objects.get(organizer__slug=ORGANIZER, slug=EVENT)
        orders = Order.objects.filter(event=event)
        api_orders = orders.exclude(comment__in=(POOL_COMMENT, WARM_UP_COMMENT))
        positions = OrderPosition.objects.filter(order__event=event)
        successful = Checkin.objects.filter(list__event=event, successful=True, type=Checkin.TYPE_ENTRY)
        twice = successful.values("position_id").annotate(n=Count("id")).filter(n__gt=1).count()
        quota = event.quotas.get(name="Delegates")
        counts = {
            "orders_total": orders.count(),
            "api_orders": api_orders.count(),
            "api_orders_paid": api_orders.filter(status=Order.STATUS_PAID).count(),
            "api_positions": positions.filter(order__in=api_orders).count(),
            "warm_up_orders": orders.filter(comment=WARM_UP_COMMENT).count(),
            "pool_orders": orders.filter(comment=POOL_COMMENT).count(),
            "positions_total": positions.count(),
            "quota_size": quota.size,
            "quota_positions": positions.filter(item__in=quota.items.all()).count(),
            "successful_checkins": successful.count(),
            "positions_checked_in_twice": twice,
        }
    out.write_text(json.dumps(counts))


if __name__ == "__main__":
    command, target = sys.argv[1], Path(sys.argv[2])
    if command == "setup":
        setup(target, int(sys.argv[sys.argv.index("--tickets") + 1]) if "--tickets" in sys.argv else 2000)
    elif command == "count":
        count(target)
    else:
        sys.exit(f"unknown command {command!r}: use setup or count")
