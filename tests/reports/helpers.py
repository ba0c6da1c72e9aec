"""Helpers of the reports tests."""

from __future__ import annotations

from eventsys.outcomes import services as outcomes
from eventsys.reports import services
from tests.outcomes.conftest import content


def approve(cast, summary="The delegates reviewed the draft Terms of Reference.", recommendations=None, base=None):
    outcome = outcomes.outcome_for(cast.session.id)
    outcomes.save_draft(
        cast.session,
        cast.rapporteur,
        content(summary, recommendations=recommendations),
        outcome.current_number if outcome else 0,
    )
    outcomes.submit(cast.session, cast.rapporteur)
    return outcomes.approve(cast.session, cast.chair)


def report_with_citation(cast, *, recommendation_id="rec-1", published=True):
    outcome = approve(cast)
    report = services.create_report(
        cast.organizer,
        slug="ascn-outcomes-test-summit",
        title_en="ASCN outcomes to the 35th ASEAN Summit",
        title_th="ผลการดำเนินงานของเครือข่ายเมืองอัจฉริยะอาเซียน",
        target_en="35th ASEAN Summit",
        introduction_en="Under Thailand's chairmanship.",
    )
    section = services.add_section(cast.organizer, report, "Governance of the network", "การกำกับดูแลเครือข่าย")
    services.cite(cast.organizer, section, outcome.id, recommendation_id, "The Roundtable recommended:")
    if published:
        services.set_published(cast.organizer, report, True)
    return report, outcome
