"""The scanner page runs no inline script: its code is a static file, its texts a JSON block."""

import json
from html.parser import HTMLParser
from urllib.parse import parse_qs, urlsplit

from eventsys.checkin import services
from tests.conftest import login


class Scripts(HTMLParser):
    """Every <script> (attributes and text) and every inline event-handler attribute on the page."""

    def __init__(self):
        super().__init__()
        self.scripts: list[dict] = []
        self.handlers: list[str] = []
        self._current: dict | None = None

    def handle_starttag(self, tag, attrs):
        attributes = dict(attrs)
        self.handlers += [f"<{tag} {name}>" for name in attributes if name.startswith("on")]
        if tag == "script":
            self._current = {"attrs": attributes, "text": ""}
            self.scripts.append(self._current)

    def handle_data(self, data):
        if self._current is not None:
            self._current["text"] += data

    def handle_endtag(self, tag):
        if tag == "script":
            self._current = None


def scanner_page(client, event, staff, lang="en"):
    login(client, staff)
    response = client.get(f"/events/{event.slug}/checkin/?lang={lang}")
    assert response.status_code == 200
    parser = Scripts()
    parser.feed(response.get_data(as_text=True))
    return parser


def test_the_scanner_page_has_no_inline_code(app, client, event, staff):
    page = scanner_page(client, event, staff)
    assert page.handlers == []
    sources = [script["attrs"]["src"] for script in page.scripts if "src" in script["attrs"]]
    assert "/static/checkin/scanner.js" in sources
    for script in page.scripts:
        if "src" in script["attrs"]:
            assert script["text"].strip() == ""
        else:
            assert script["attrs"].get("type") == "application/json", script


def test_the_scanner_reads_its_addresses_and_thai_texts_from_the_json_block(app, client, event, staff):
    page = scanner_page(client, event, staff, lang="th")
    [block] = [script for script in page.scripts if script["attrs"].get("id") == "scanner-config"]
    config = json.loads(block["text"])
    assert config["api"] == f"/api/v1/events/{event.slug}/checkins"
    assert config["keys"] == f"/api/v1/events/{event.slug}/checkin-keys"
    assert config["search"] == f"/events/{event.slug}/checkin/search"
    assert config["event"] == event.slug
    assert config["text"]["queued"] == "มีการสแกน {n} รายการรอส่ง"


def test_the_sign_in_again_banner_in_thai(app, client, event, staff):
    login(client, staff)
    html = client.get(f"/events/{event.slug}/checkin/?lang=th").get_data(as_text=True)
    banner = html[html.index('id="scan-signin"') :]
    banner = banner[: banner.index("</div>")]
    assert "เซสชันของคุณหมดอายุแล้ว โปรดเข้าสู่ระบบอีกครั้ง" in banner
    assert ">เข้าสู่ระบบอีกครั้ง</a>" in banner


def test_the_sign_in_again_link_comes_back_to_the_scanner_on_the_same_list(app, client, event, staff):
    second_day = services.ensure_lists(event)[1].key
    login(client, staff)
    html = client.get(f"/events/{event.slug}/checkin/?lang=en&list={second_day}").get_data(as_text=True)
    start = html.index('id="scan-signin"')
    href = html[html.index('href="', start) + 6 : html.index('"', html.index('href="', start) + 6)]
    target = urlsplit(href.replace("&amp;", "&"))
    assert target.path == "/login"
    assert parse_qs(target.query)["next"] == [f"/events/{event.slug}/checkin/?lang=en&list={second_day}"]


def test_the_scanner_script_is_served(client):
    response = client.get("/static/checkin/scanner.js")
    assert response.status_code == 200
    assert response.mimetype in ("text/javascript", "application/javascript")
    assert b'document.getElementById("scanner-config")' in response.data
