from __future__ import annotations

import datetime as dt

import pytest

from s2c_desktop.stats import cleaning
from s2c_desktop.stats.cleaning import DateCleaner, RepairCounter


def parse_all(values, fallback=None):
    repairs = RepairCounter()
    cleaner = DateCleaner(repairs)
    parsed = [cleaner.parse(v) for v in values]
    return cleaner.resolve_bare_days(parsed, fallback), repairs


def test_text_dates_become_iso_with_the_studys_rules():
    dates, repairs = parse_all(["3/12/2016", "07-02-0217", "11/02/2107", "02-14-17", "05-01.2017", "5/6/17"])
    assert dates == [
        dt.date(2016, 12, 3),
        dt.date(2017, 2, 7),
        dt.date(2017, 2, 11),
        dt.date(2017, 2, 14),
        dt.date(2017, 1, 5),
        dt.date(2017, 6, 5),
    ]
    assert repairs[cleaning.RULE_DATE_YEAR] == 2
    assert repairs[cleaning.RULE_DATE_SWAPPED] == 1
    assert repairs[cleaning.RULE_DATE_TEXT] == 6


def test_real_dates_with_a_typo_year_are_fixed():
    dates, repairs = parse_all([dt.datetime(2107, 2, 11)])
    assert dates == [dt.date(2017, 2, 11)]
    assert repairs[cleaning.RULE_DATE_YEAR] == 1


def test_bare_day_takes_month_and_year_of_its_neighbours():
    dates, repairs = parse_all([dt.datetime(2016, 12, 3), 24, "13", dt.datetime(2016, 12, 29)])
    assert dates == [
        dt.date(2016, 12, 3),
        dt.date(2016, 12, 24),
        dt.date(2016, 12, 13),
        dt.date(2016, 12, 29),
    ]
    assert repairs[cleaning.RULE_DATE_BARE_DAY] == 2


def test_bare_day_without_dated_neighbour_uses_the_sheet_month():
    dates, _ = parse_all([7, None], fallback=[(2016, 12), (2016, 12)])
    assert dates == [dt.date(2016, 12, 7), None]


def test_missing_date_is_kept_unknown_and_counted():
    dates, repairs = parse_all([None, "", dt.datetime(2017, 1, 1)])
    assert dates[:2] == [None, None]
    assert repairs[cleaning.RULE_DATE_MISSING] == 2


@pytest.mark.parametrize("bad", ["yesterday", "31/31/2017", 45, "30/02/2017"])
def test_impossible_dates_raise(bad):
    with pytest.raises(ValueError):
        parse_all([bad])


def test_category_spellings_are_unified():
    repairs = RepairCounter()
    assert cleaning.unify_category("Sin Arma", repairs) == "Sin arma"
    assert cleaning.unify_category("Arma Blanca", repairs) == "Arma blanca"
    assert cleaning.unify_category("Varios (No especifíca)", repairs) == "Varios (no especifica)"
    assert cleaning.unify_category("Pistola", repairs) == "Pistola"
    assert repairs[cleaning.RULE_CATEGORY_SPELLING] == 3


def test_empty_values_get_the_studys_defaults():
    repairs = RepairCounter()
    assert (
        cleaning.clean_or_default(None, "No especifica", cleaning.RULE_AGE_EMPTY, repairs) == "No especifica"
    )
    assert (
        cleaning.clean_or_default("  ", cleaning.UNKNOWN, cleaning.RULE_WEAPON_EMPTY, repairs) == "Sin dato"
    )
    assert cleaning.clean_count(None, cleaning.RULE_DEAD_EMPTY, repairs) == 0
    assert cleaning.clean_count("2", cleaning.RULE_DEAD_EMPTY, repairs) == 2
    with pytest.raises(ValueError):
        cleaning.clean_count("-1", cleaning.RULE_DEAD_EMPTY, repairs)
    assert repairs[cleaning.RULE_AGE_EMPTY] == 1 and repairs[cleaning.RULE_WEAPON_EMPTY] == 1


def test_stray_characters_and_spaces():
    repairs = RepairCounter()
    assert cleaning.clean_text("\u200bNuevo asalto", repairs) == "Nuevo asalto"
    assert cleaning.clean_text("?Nuevo asalto ", repairs) == "Nuevo asalto"
    assert cleaning.clean_text("  Comas ", repairs) == "Comas"
    assert cleaning.clean_text("¿Quién?", repairs) == "¿Quién?"
    assert repairs[cleaning.RULE_STRAY_CHARACTERS] == 2 and repairs[cleaning.RULE_WHITESPACE] == 1


def test_names_are_matched_without_accents_case_or_footnotes():
    assert cleaning.normalize_name("San Martín de Porres") == "SAN MARTIN DE PORRES"
    assert cleaning.normalize_name("PROVINCIA DE LIMA 1/") == "PROVINCIA DE LIMA"
    assert cleaning.normalize_name("LIMA PROVINCIAS 2/") == "LIMA PROVINCIAS"
    assert cleaning.normalize_name("Breña") == cleaning.normalize_name("BRENA")
