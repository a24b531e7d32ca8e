"""Dates and times in words, French and English; times never break across lines."""

from __future__ import annotations

from datetime import UTC, date, datetime, timedelta

import pytest

from rencontres.dates import clock, day, month, when
from rencontres.timezones import zone

PARIS = zone("Europe/Paris")
TORONTO = zone("America/Toronto")
NB = "\xa0"
SEP = "\xa0– "  # a dash that never starts a line


def at(tz, *args: int) -> datetime:
    return datetime(*args, tzinfo=tz)


def test_same_day_in_french():
    start = at(PARIS, 2026, 12, 3, 18, 0)
    assert when(start, start + timedelta(hours=3), False, "fr") == (
        f"jeudi 3 décembre 2026, 18{NB}h{NB}00{SEP}21{NB}h{NB}00"
    )


def test_same_day_in_english():
    start = at(PARIS, 2026, 12, 3, 18, 0)
    assert when(start, start + timedelta(hours=3), False, "en") == (
        f"Thursday, December 3, 2026, 6:00{NB}PM{SEP}9:00{NB}PM"
    )


def test_no_plain_spaces_inside_a_time():
    text = when(at(TORONTO, 2027, 1, 7, 9, 5), at(TORONTO, 2027, 1, 7, 11, 30), False, "fr")
    assert text == f"jeudi 7 janvier 2027, 9{NB}h{NB}05{SEP}11{NB}h{NB}30"
    assert clock(at(TORONTO, 2027, 1, 7, 9, 5), "en") == f"9:05{NB}AM"


def test_overnight_event_names_both_days():
    start, end = at(TORONTO, 2026, 12, 3, 22, 0), at(TORONTO, 2026, 12, 4, 2, 0)
    assert when(start, end, False, "fr") == (
        f"jeudi 3 décembre 2026, 22{NB}h{NB}00{SEP}vendredi 4 décembre 2026, 2{NB}h{NB}00"
    )
    assert when(start, end, False, "en") == (
        f"Thursday, December 3, 2026, 10:00{NB}PM{SEP}Friday, December 4, 2026, 2:00{NB}AM"
    )


def test_times_are_shown_in_the_events_own_zone():
    # 23:00 UTC is 18:00 in Toronto in December.
    start = datetime(2026, 12, 3, 23, 0, tzinfo=UTC).astimezone(TORONTO)
    assert clock(start, "fr") == f"18{NB}h{NB}00"
    assert day(start, "fr") == "jeudi 3 décembre 2026"


def test_time_on_the_fall_back_day_is_the_wall_clock():
    start = at(TORONTO, 2026, 11, 1, 18, 0)
    assert when(start, start + timedelta(hours=2), False, "fr") == (
        f"dimanche 1er novembre 2026, 18{NB}h{NB}00{SEP}20{NB}h{NB}00"
    )


@pytest.mark.parametrize(
    ("lang", "expected"),
    [("fr", "samedi 15 mai 2027"), ("en", "Saturday, May 15, 2027")],
)
def test_one_whole_day(lang, expected):
    assert when(at(TORONTO, 2027, 5, 15), at(TORONTO, 2027, 5, 16), True, lang) == expected


@pytest.mark.parametrize(
    ("lang", "expected"),
    [
        ("fr", f"samedi 15 mai{SEP}dimanche 16 mai 2027"),
        ("en", f"Saturday, May 15{SEP}Sunday, May 16, 2027"),
    ],
)
def test_two_whole_days_share_the_year(lang, expected):
    assert when(at(TORONTO, 2027, 5, 15), at(TORONTO, 2027, 5, 17), True, lang) == expected


def test_whole_days_across_new_year_write_both_years():
    assert when(at(PARIS, 2026, 12, 31), at(PARIS, 2027, 1, 2), True, "fr") == (
        f"jeudi 31 décembre 2026{SEP}vendredi 1er janvier 2027"
    )


@pytest.mark.parametrize(
    ("lang", "named"),
    [
        ("fr", f"heure d’Europe centrale, soit 12{NB}h{NB}00 heure de l’Est nord-américain"),
        ("en", f"Central European Time, that is 12:00{NB}PM Eastern Time"),
    ],
)
def test_zone_is_named_only_when_the_regions_zone_is_given(lang, named):
    # 18:00 in Paris on 2026-12-10 (CET, UTC+1) is 17:00 UTC, 12:00 in Toronto (EST).
    start = at(PARIS, 2026, 12, 10, 18, 0)
    end = start + timedelta(hours=2)
    plain = when(start, end, False, lang)
    assert "(" not in plain
    assert when(start, end, False, lang, local_zone=TORONTO) == f"{plain} ({named})"


def test_local_time_between_the_two_spring_changes():
    # On 2026-03-20 Toronto is already on EDT (UTC-4), Paris still on CET
    # (UTC+1): 18:00 in Paris is 17:00 UTC, 13:00 in Toronto (5 hours, not 6).
    start = at(PARIS, 2026, 3, 20, 18, 0)
    text = when(start, start + timedelta(hours=2), False, "fr", local_zone=TORONTO)
    assert text.endswith(f", soit 13{NB}h{NB}00 heure de l’Est nord-américain)")


def test_local_time_on_another_day():
    # 18:00 in Toronto on 2026-12-03 is 23:00 UTC, midnight in Paris.
    start = at(TORONTO, 2026, 12, 3, 18, 0)
    text = when(start, start + timedelta(hours=2), False, "fr", local_zone=PARIS)
    assert text == (
        f"jeudi 3 décembre 2026, 18{NB}h{NB}00{SEP}20{NB}h{NB}00 "
        f"(heure de l’Est nord-américain, soit 0{NB}h{NB}00 heure d’Europe centrale)"
    )


def test_month_heading_is_capitalised():
    assert month(at(PARIS, 2026, 12, 3), "fr") == "Décembre 2026"
    assert month(at(PARIS, 2026, 12, 3), "en") == "December 2026"


def test_the_first_of_the_month_is_1er_in_french_only():
    assert day(date(2026, 10, 1), "fr") == "jeudi 1er octobre 2026"
    assert day(date(2026, 10, 1), "en") == "Thursday, October 1, 2026"
    assert day(date(2026, 10, 11), "fr") == "dimanche 11 octobre 2026"
    assert when(at(PARIS, 2027, 5, 1), at(PARIS, 2027, 5, 3), True, "fr") == (
        f"samedi 1er mai{SEP}dimanche 2 mai 2027"
    )
