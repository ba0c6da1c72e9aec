"""Country names (issue 16): Thai for every country from CLDR through Babel, never an English
fallback; the registration form's list in the reader's alphabetical order."""

from __future__ import annotations

import lxml.html
import pycountry
from babel import Locale

from eventsys.i18n import ASEAN_STYLE_NAMES_TH, country_name
from eventsys.i18n.collation import sort_key

THAI_LETTERS = range(0x0E01, 0x0E5C)


def test_every_country_has_its_cldr_name_in_thai(app):
    cldr = Locale("th").territories
    for country in pycountry.countries:
        name = country_name(country.alpha_2, "th")
        assert name == ASEAN_STYLE_NAMES_TH.get(country.alpha_2, cldr[country.alpha_2]), country.alpha_2
        assert any(ord(c) in THAI_LETTERS for c in name), (country.alpha_2, name)


def test_recently_renamed_countries_in_thai(app):
    assert country_name("SZ", "th") == "เอสวาตีนี"
    assert country_name("MK", "th") == "มาซิโดเนียเหนือ"
    assert country_name("TR", "th") == "ตุรกี"
    assert country_name("MM", "th") == "เมียนมา"  # as the Thai foreign ministry writes it
    assert country_name("LA", "th") == "สปป. ลาว"


def test_latin_names_sort_by_their_base_letters():
    names = ["Zambia", "Åland Islands", "Albania", "Afghanistan", "Curaçao", "Cuba", "Côte d'Ivoire", "Đà Nẵng"]
    assert sorted(names, key=sort_key) == [
        "Afghanistan",
        "Åland Islands",
        "Albania",
        "Côte d'Ivoire",
        "Cuba",
        "Curaçao",
        "Đà Nẵng",
        "Zambia",
    ]
    assert sorted(["Réunion", "Reunion"], key=sort_key) == ["Reunion", "Réunion"]  # accents break ties only


def country_options(client, event, language):
    html = client.get(f"/events/{event.slug}/register?lang={language}").get_data(as_text=True)
    page = lxml.html.fromstring(html)
    [group] = page.xpath("//select[@id='country']/optgroup[last()]")
    return [(option.get("value"), option.text) for option in group.xpath("option")]


def test_registration_country_list_in_english_order(client, make):
    options = country_options(client, make.event(slug="countries-en"), "en")
    names = [name for _code, name in options]
    assert len(options) == len(pycountry.countries)
    assert names.index("Afghanistan") < names.index("Åland Islands") < names.index("Albania")
    assert names == sorted(names, key=sort_key)


def test_registration_country_list_in_thai_dictionary_order(client, make):
    options = country_options(client, make.event(slug="countries-th"), "th")
    names = dict(options)
    assert (names["SZ"], names["MK"], names["TR"]) == ("เอสวาตีนี", "มาซิโดเนียเหนือ", "ตุรกี")
    ordered = [name for _code, name in options]
    assert ordered == sorted(ordered, key=sort_key)
    # Leading vowels count after their consonant: เกาหลีเหนือ among the ก's, not after ฮ.
    assert ordered.index("กัมพูชา") < ordered.index("เกาหลีเหนือ") < ordered.index("ไทย") < ordered.index("นอร์เวย์")
