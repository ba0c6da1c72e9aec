"""Names for the keys stored in outcome content: owners ("city:bangkok") and topic slugs.

Loaded once per request (a handful of small tables), so pages never query per item.
"""

from __future__ import annotations

from dataclasses import dataclass

from flask import g, has_request_context
from sqlalchemy import select

from eventsys.db import db
from eventsys.events.models import City, MemberState, Organisation, PartnerCountry, Topic, TopicScheme
from eventsys.i18n import country_name, pick


@dataclass
class Directory:
    cities: dict[str, City]
    member_states: dict[str, MemberState]
    partners: dict[str, PartnerCountry]
    organisations: dict[str, Organisation]
    topics: dict[str, Topic]

    def owner_label(self, owner: str, language: str | None = None) -> str:
        kind, _sep, key = (owner or "").partition(":")
        if kind == "city" and key in self.cities:
            return pick(self.cities[key].name_en, self.cities[key].name_th, language)
        if kind == "member_state" and key in self.member_states:
            return pick(self.member_states[key].name_en, self.member_states[key].name_th, language)
        if kind == "partner":
            return country_name(key, language)
        if kind == "organisation" and key in self.organisations:
            org = self.organisations[key]
            return pick(org.name_en, org.name_th, language)
        return key or owner

    def topic_label(self, slug: str, language: str | None = None) -> str:
        topic = self.topics.get(slug)
        return pick(topic.name_en, topic.name_th, language) if topic else slug

    def topic_choices(self, scheme: TopicScheme) -> list[tuple[str, str]]:
        return [(t.slug, t.name) for t in sorted(self.topics.values(), key=lambda t: t.position) if t.scheme == scheme]

    def owner_choices(self) -> dict[str, list[tuple[str, str]]]:
        """Grouped choices for a select: member states, cities, partners, organisations."""
        from eventsys.outcomes.content import OWNER_KIND_LABELS

        return {
            str(OWNER_KIND_LABELS["member_state"]): [
                (f"member_state:{c}", m.name) for c, m in self.member_states.items()
            ],
            str(OWNER_KIND_LABELS["city"]): [
                (f"city:{s}", f"{c.name} ({c.member_state_code})") for s, c in self.cities.items()
            ],
            str(OWNER_KIND_LABELS["partner"]): [(f"partner:{c}", country_name(c)) for c in self.partners],
            str(OWNER_KIND_LABELS["organisation"]): [
                (f"organisation:{s}", o.label) for s, o in self.organisations.items()
            ],
        }


def load_directory() -> Directory:
    if has_request_context() and "outcomes_directory" in g:
        return g.outcomes_directory
    directory = Directory(
        cities={c.slug: c for c in db.session.scalars(select(City).order_by(City.name_en))},
        member_states={m.code: m for m in db.session.scalars(select(MemberState).order_by(MemberState.position))},
        partners={p.code: p for p in db.session.scalars(select(PartnerCountry).order_by(PartnerCountry.code))},
        organisations={o.slug: o for o in db.session.scalars(select(Organisation).order_by(Organisation.name_en))},
        topics={t.slug: t for t in db.session.scalars(select(Topic).order_by(Topic.position))},
    )
    if has_request_context():
        g.outcomes_directory = directory
    return directory
