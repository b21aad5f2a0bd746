"""The catalogs: every shipped language has every message, the same placeholders and the plural forms its
rules need; a third language is one file; English counts right."""

import shutil

import pytest

from commons import i18n
from commons.i18n import Catalog, placeholders, plural_category


def flat(data, prefix=""):
    for key, value in data.items():
        if key == "_meta":
            continue
        name = f"{prefix}{key}"
        if isinstance(value, dict) and not set(value) <= set(i18n.PLURAL_CATEGORIES):
            yield from flat(value, name + ".")
        else:
            yield name, value


def forms(value) -> list[str]:
    if isinstance(value, dict):
        return list(value.values())
    if isinstance(value, list):
        return [str(v) for v in value]
    return [value]


@pytest.mark.parametrize("language", [code for code in i18n.available() if code != "en"])
def test_every_catalog_has_every_english_message_with_the_same_placeholders(language):
    english, other = dict(flat(i18n._load("en"))), dict(flat(i18n._load(language)))
    assert sorted(english) == sorted(other), set(english) ^ set(other)
    rules = i18n._meta_rules(language)
    shipped = [dict(flat(i18n._load(code))) for code in i18n.available()]
    for key, value in english.items():
        # what the code passes: the placeholders any shipped language uses (a date may be {iso} here, {y} {m} {d} there)
        wanted = set().union(*(placeholders(f) for c in shipped if key in c for f in forms(c[key])))
        theirs = other[key]
        assert set().union(*(placeholders(f) for f in forms(theirs))) <= wanted | {"n"}, key
        if isinstance(value, dict):
            assert isinstance(theirs, dict) and "other" in theirs, key
            assert set(theirs) >= {*rules, "other"}, f"{key}: {language} needs forms {sorted({*rules, 'other'})}"
        if isinstance(value, list):
            assert isinstance(theirs, list) and len(theirs) == len(value), key


def test_english_counts_right():
    t = i18n.catalog("en")
    assert t("newsletter.reviewers", n=1) == "1 reviewer" and t("newsletter.reviewers", n=2) == "2 reviewers"
    assert t("assign.pull_title", cycle="2026-W48", n=1, due="Wed 2026-11-25") == "[2026-W48] Review 1 item, due Wed 2026-11-25"
    assert t("assign.pull_title", cycle="2026-W48", n=0, due="x").startswith("[2026-W48] Review 0 items")
    assert "here is your 1 item" in t("assign.pull_body", n=1, handle="a", cycle="c", due="d", timezone="UTC", done="review done", table="")
    assert "here are your 3 items" in t("assign.pull_body", n=3, handle="a", cycle="c", due="d", timezone="UTC", done="review done", table="")


def test_dates_with_weekdays_as_each_language_writes_them():
    from datetime import date

    wednesday = date(2026, 11, 25)
    assert i18n.catalog("en").day(wednesday) == "Wed 2026-11-25"
    assert i18n.catalog("ko").day(wednesday) == "2026-11-25 (수)"
    assert i18n.catalog("ko-KR").language == "ko" and i18n.catalog("en-US").language == "en"


@pytest.mark.parametrize("rules, n, category", [
    ({"one": "n = 1"}, 1, "one"), ({"one": "n = 1"}, 0, "other"), ({"one": "n = 1"}, 21, "other"),
    ({"one": "n = 0,1"}, 0, "one"),  # French
    ({"one": "n % 10 = 1 and n % 100 != 11", "few": "n % 10 = 2..4 and n % 100 != 12..14"}, 21, "one"),  # Russian
    ({"one": "n % 10 = 1 and n % 100 != 11", "few": "n % 10 = 2..4 and n % 100 != 12..14"}, 12, "other"),
    ({"one": "n % 10 = 1 and n % 100 != 11", "few": "n % 10 = 2..4 and n % 100 != 12..14"}, 23, "few"),
    ({}, 1, "other"),  # Korean
])
def test_cldr_plural_rules(rules, n, category):
    assert plural_category(rules, n) == category


def test_a_third_language_is_one_catalog_file(tmp_path, monkeypatch):
    for code in ("en", "ko"):
        shutil.copy(i18n.LOCALES / f"{code}.yml", tmp_path / f"{code}.yml")
    (tmp_path / "de.yml").write_text(
        '_meta: {name: Deutsch, plural: {one: "n = 1"}}\n'
        "calendar:\n  weekdays_short: [Mo, Di, Mi, Do, Fr, Sa, So]\n  day: \"{weekday}, {date}\"\n"
        "newsletter:\n  reviewers: {one: \"{n} Rezensent\", other: \"{n} Rezensenten\"}\n",
        encoding="utf-8",
    )
    monkeypatch.setattr(i18n, "LOCALES", tmp_path)
    i18n._load.cache_clear()
    i18n.catalog.cache_clear()
    try:
        german = Catalog("de")
        assert german("newsletter.reviewers", n=1) == "1 Rezensent" and german("newsletter.reviewers", n=4) == "4 Rezensenten"
        from datetime import date

        assert german.day(date(2026, 11, 25)) == "Mi, 2026-11-25"
        assert german("newsletter.title") == "Newsletter"  # not translated yet: English
        assert "de" in i18n.available()
    finally:
        i18n._load.cache_clear()
        i18n.catalog.cache_clear()


def test_a_missing_message_is_a_clear_error():
    with pytest.raises(KeyError, match="no message 'nothing.here'"):
        i18n.catalog("en")("nothing.here")
