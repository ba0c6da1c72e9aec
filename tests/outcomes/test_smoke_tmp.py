def test_smoke(cast, as_user, db):
    from eventsys.outcomes import services
    from tests.outcomes.conftest import content
    o = services.save_draft(cast.session, cast.rapporteur, content(), 0)
    services.submit(cast.session, cast.rapporteur, 1)
    services.approve(cast.session, cast.chair, 1)
    c = as_user(cast.rapporteur)
    r = c.get(f"/manage/sessions/{cast.session.id}/outcomes?lang=en")
    assert r.status_code == 200, r.get_data(as_text=True)[:3000]
    open("/tmp/manage.html","w").write(r.get_data(as_text=True))
    r = c.get(f"/events/ascn-roundtable-2019/sessions/{cast.session.id}/outcomes?lang=th")
    assert r.status_code == 200, r.get_data(as_text=True)[:3000]
    r = c.get("/cities/bangkok/actions")
    assert r.status_code == 200
    r = c.get("/member-states/TH/actions")
    assert r.status_code == 200
    r = c.get(f"/api/v1/sessions/{cast.session.id}/outcomes")
    assert r.status_code == 200, r.json
