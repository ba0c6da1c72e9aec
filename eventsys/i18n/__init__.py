"""Locale selection, bilingual fields, and dates formatted for the reader (Buddhist Era in Thai).

Bilingual text is stored as two columns, `<field>_en` and `<field>_th`, everywhere in the project;
`bilingual("title")` turns them into one `title` attribute that answers in the reader's language and
falls back to English where no Thai text exists.
"""

from __future__ import annotations

import datetime as dt
import gettext as _gettext
from zoneinfo import ZoneInfo

import pycountry
from babel import Locale, UnknownLocaleError
from babel.dates import format_date, format_time
from flask import has_request_context, request
from flask_babel import get_locale

LOCALES = ("en", "th")
LOCALE_NAMES = {"en": "English", "th": "ไทย"}
LANG_COOKIE = "lang"
BUDDHIST_ERA_OFFSET = 543


def select_locale() -> str:
    """The reader's language: ?lang=, then the saved choice (cookie, account), then Accept-Language."""
    if not has_request_context():
        return "en"
    asked = request.args.get("lang")
    if asked in LOCALES:
        return asked
    saved = request.cookies.get(LANG_COOKIE)
    if saved in LOCALES:
        return saved
    from flask_login import current_user

    user_locale = getattr(current_user, "locale", None) if current_user else None
    if user_locale in LOCALES:
        return user_locale
    return request.accept_languages.best_match(LOCALES) or "en"


def current_language() -> str:
    locale = get_locale()
    return locale.language if locale else "en"


def pick(en: str | None, th: str | None, language: str | None = None) -> str:
    language = language or current_language()
    if language == "th" and th:
        return th
    return en or th or ""


def picked_language(en: str | None, th: str | None, language: str | None = None) -> str:
    """The language of what `pick` shows: Thai where the reader reads Thai and there is Thai, or
    where there is no English; else English. Templates mark a value shown in the other language
    with it (`lang`), so fonts, line breaking and a tagged PDF's /Lang follow the text."""
    language = language or current_language()
    return "th" if (language == "th" and th) or not en else "en"


def bilingual(field: str):
    """A read-only attribute that picks `<field>_th` for Thai readers when it is filled in."""

    def getter(self):
        return pick(getattr(self, f"{field}_en"), getattr(self, f"{field}_th"))

    return property(getter, doc=f"{field} in the reader's language")


def _year(value: dt.date, language: str) -> int:
    return value.year + BUDDHIST_ERA_OFFSET if language == "th" else value.year


def format_day(value: dt.date, language: str | None = None) -> str:
    """'6 June 2019' / '6 มิถุนายน 2562'."""
    language = language or current_language()
    if language == "th":
        return f"{format_date(value, 'd MMMM', locale='th')} {_year(value, 'th')}"
    return format_date(value, "d MMMM y", locale="en_GB" if language == "en" else language)


def format_day_short(value: dt.date, language: str | None = None) -> str:
    language = language or current_language()
    if language == "th":
        return f"{format_date(value, 'EEE d MMM', locale='th')} {_year(value, 'th')}"
    return format_date(value, "EEE d MMM y", locale="en_GB" if language == "en" else language)


def format_date_range(start: dt.date, end: dt.date, language: str | None = None) -> str:
    """'6–7 June 2019' / '6–7 มิถุนายน 2562'; spans months and years as needed.

    Day-month-year in both languages, as ASEAN documents write dates.
    """
    language = language or current_language()
    locale = "en_GB" if language == "en" else language

    def month(d: dt.date) -> str:
        return format_date(d, "MMMM", locale=locale)

    if start == end:
        return f"{start.day} {month(start)} {_year(start, language)}"
    if (start.year, start.month) == (end.year, end.month):
        return f"{start.day}–{end.day} {month(start)} {_year(start, language)}"
    if start.year == end.year:
        return f"{start.day} {month(start)} – {end.day} {month(end)} {_year(start, language)}"
    return f"{start.day} {month(start)} {_year(start, language)} – {end.day} {month(end)} {_year(end, language)}"


def format_moment(value: dt.datetime, tz: str = "Asia/Bangkok", language: str | None = None) -> str:
    """A point in time in the event's zone: '6 June 2019, 09:00' / '6 มิถุนายน 2562 09:00 น.'."""
    language = language or current_language()
    local = value.astimezone(ZoneInfo(tz))
    clock = format_time(local, "HH:mm", locale=language)
    if language == "th":
        return f"{format_day(local.date(), 'th')} {clock} น."
    return f"{format_day(local.date(), language)}, {clock}"


def format_clock(value: dt.datetime, tz: str = "Asia/Bangkok") -> str:
    return value.astimezone(ZoneInfo(tz)).strftime("%H:%M")


def _country_translation(language: str):
    cache = _country_translation.__dict__.setdefault("cache", {})
    if language not in cache:
        cache[language] = _gettext.translation("iso3166-1", pycountry.LOCALES_DIR, languages=[language], fallback=True)
    return cache[language]


# Names as ASEAN documents write them, where they differ from ISO 3166's (pycountry's) English.
ASEAN_STYLE_NAMES = {
    "BN": "Brunei Darussalam",
    "LA": "Lao PDR",
    "VN": "Viet Nam",
    "KR": "Republic of Korea",
    "US": "United States",
    "MM": "Myanmar",
}
# And in Thai, as the Ministry of Foreign Affairs writes them, where CLDR's differ (CLDR adds
# "(พม่า)" to Myanmar and spells out Hong Kong and Macao as special administrative regions).
ASEAN_STYLE_NAMES_TH = {
    "LA": "สปป. ลาว",
    "BN": "บรูไนดารุสซาลาม",
    "KR": "สาธารณรัฐเกาหลี",
    "VN": "เวียดนาม",
    "MM": "เมียนมา",
    "HK": "ฮ่องกง",
    "MO": "มาเก๊า",
}


def _cldr_territories(language: str) -> dict[str, str]:
    """CLDR's names of territories in `language`, through Babel (empty for a locale it lacks)."""
    cache = _cldr_territories.__dict__.setdefault("cache", {})
    if language not in cache:
        try:
            cache[language] = dict(Locale.parse(language).territories)
        except (UnknownLocaleError, ValueError):
            cache[language] = {}
    return cache[language]


def country_name(code: str | None, language: str | None = None) -> str:
    """A country's name: in English from pycountry (ISO 3166, with the ASEAN spellings above),
    in other languages from CLDR through Babel, which names every ISO country, recent names
    included (Eswatini, North Macedonia, Türkiye); pycountry's catalogues only where CLDR has none."""
    if not code:
        return ""
    country = pycountry.countries.get(alpha_2=code.upper())
    if country is None:
        return code
    english = getattr(country, "common_name", None) or country.name
    language = language or current_language()
    if language == "en":
        return ASEAN_STYLE_NAMES.get(country.alpha_2, english)
    if language == "th" and country.alpha_2 in ASEAN_STYLE_NAMES_TH:
        return ASEAN_STYLE_NAMES_TH[country.alpha_2]
    cldr = _cldr_territories(language).get(country.alpha_2)
    if cldr:
        return cldr
    translated = _country_translation(language).gettext(english)
    if translated == english and english != country.name:
        translated = _country_translation(language).gettext(country.name)
    return translated


def init_app(app) -> None:
    from eventsys.i18n.views import bp

    app.register_blueprint(bp)
    app.jinja_env.filters.update(
        day=format_day,
        day_short=format_day_short,
        moment=format_moment,
        clock=format_clock,
        country=country_name,
    )
    app.jinja_env.globals.update(
        date_range=format_date_range,
        current_language=current_language,
        LOCALES=LOCALES,
        LOCALE_NAMES=LOCALE_NAMES,
        pick=pick,
        picked_language=picked_language,
    )
