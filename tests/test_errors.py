def test_500_is_a_friendly_page_and_json_under_api(app, client):
    @app.get("/boom")
    def boom():
        raise RuntimeError("kaboom")

    @app.get("/api/v1/boom")
    def api_boom():
        raise RuntimeError("kaboom")

    app.config["PROPAGATE_EXCEPTIONS"] = False
    response = client.get("/boom?lang=en")
    assert response.status_code == 500
    assert "Something went wrong" in response.get_data(as_text=True)
    assert "kaboom" not in response.get_data(as_text=True)
    response = client.get("/api/v1/boom")
    assert response.status_code == 500
    assert response.get_json() == {
        "error": "server_error",
        "message": "An unexpected error happened on our side. It has been logged; please try again in a moment.",
        "status": 500,
    }


def test_403_page_in_thai(app, client):
    from flask import abort

    @app.get("/forbidden")
    def forbidden():
        abort(403)

    response = client.get("/forbidden?lang=th")
    assert response.status_code == 403
    assert "ไม่ได้รับอนุญาต" in response.get_data(as_text=True)


def test_security_headers(client):
    response = client.get("/")
    assert response.headers["X-Content-Type-Options"] == "nosniff"
    assert response.headers["X-Frame-Options"] == "DENY"
