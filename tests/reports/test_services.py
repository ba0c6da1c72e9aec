import pytest

from eventsys.reports import services
from tests.reports.helpers import approve, report_with_citation


def test_citation_records_the_version_and_goes_out_of_date_when_revised_and_reapproved(cast):
    report, _outcome = report_with_citation(cast)
    [(_section, [row])] = services.cited_items(report)
    assert (row.cited["text_en"], row.cited_version_number, row.is_out_of_date) == (
        "Endorse the Terms of Reference at the Annual Meeting.",
        1,
        False,
    )
    approve(
        cast,
        recommendations=[
            {"id": "rec-1", "text_en": "Endorse the Terms of Reference at the Annual Meeting 2019.", "text_th": ""}
        ],
    )
    [(_section, [row])] = services.cited_items(services.get_report(report.slug))
    assert row.is_out_of_date
    assert (row.cited["text_en"], row.current["text_en"], row.current_version_number) == (
        "Endorse the Terms of Reference at the Annual Meeting.",
        "Endorse the Terms of Reference at the Annual Meeting 2019.",
        2,
    )
    services.update_citation(cast.organizer, row.item)
    [(_section, [row])] = services.cited_items(services.get_report(report.slug))
    assert (row.is_out_of_date, row.cited["text_en"], row.cited_version_number) == (
        False,
        "Endorse the Terms of Reference at the Annual Meeting 2019.",
        2,
    )


def test_a_revision_that_leaves_the_cited_recommendation_alone_is_not_out_of_date(cast):
    report, _outcome = report_with_citation(cast)
    approve(cast, summary="Only the summary changed.")
    [(_section, [row])] = services.cited_items(services.get_report(report.slug))
    assert row.cited_version_number == 1 and row.current_version_number == 2
    assert row.is_out_of_date is False


def test_only_approved_outcomes_and_existing_recommendations_can_be_cited(cast):
    from eventsys.outcomes import services as outcomes
    from tests.outcomes.conftest import content

    report = services.create_report(cast.organizer, slug="r1", title_en="Report")
    section = services.add_section(cast.organizer, report, "One")
    draft = outcomes.save_draft(cast.session, cast.rapporteur, content(), 0)
    with pytest.raises(services.ReportError, match=r"Only approved outcomes can be cited\."):
        services.cite(cast.organizer, section, draft.id)
    outcome = approve(cast)
    with pytest.raises(services.ReportError, match=r"That recommendation is not in the approved outcomes\."):
        services.cite(cast.organizer, section, outcome.id, "rec-missing")
    assert section.items == []


def test_reports_citing_lists_published_reports_only(cast):
    report, _outcome = report_with_citation(cast, published=False)
    assert services.reports_citing(cast.session.id) == []
    services.set_published(cast.organizer, report, True)
    assert [r.slug for r in services.reports_citing(cast.session.id)] == ["ascn-outcomes-test-summit"]


def test_sections_and_items_keep_the_order_the_editor_gives(cast):
    report, outcome = report_with_citation(cast)
    second = services.add_section(cast.organizer, report, "Monitoring and evaluation")
    services.move_section(cast.organizer, second, -1)
    assert [s.title_en for s in report.sections] == ["Monitoring and evaluation", "Governance of the network"]
    first_section = report.sections[1]
    services.cite(cast.organizer, first_section, outcome.id, None, "And the whole outcome:")
    services.move_item(cast.organizer, first_section.items[1], -1)
    assert [(i.recommendation_id, i.position) for i in first_section.items] == [(None, 0), ("rec-1", 1)]


@pytest.mark.parametrize(
    "role,allowed", [("delegate", False), ("rapporteur", False), ("chair", False), ("organizer", True), ("admin", True)]
)
def test_who_may_create_a_report(cast, role, allowed):
    user = getattr(cast, role)
    if allowed:
        assert services.create_report(user, slug=f"by-{role}", title_en="A report").editor_id == user.id
    else:
        with pytest.raises(services.NotAllowed):
            services.create_report(user, slug=f"by-{role}", title_en="A report")


def test_create_report_refuses_bad_or_taken_slugs(cast):
    with pytest.raises(services.ReportError, match="Use lower-case letters"):
        services.create_report(cast.organizer, slug="Bad Slug!", title_en="A report")
    services.create_report(cast.organizer, slug="taken", title_en="A report")
    with pytest.raises(services.ReportError, match="already exists"):
        services.create_report(cast.organizer, slug="taken", title_en="Another")
