"""Who is on duty when: the pure rules over plain roster data."""
from datetime import date, datetime, timedelta

from app.clock import SHANGHAI
from app.roster import rules
from app.roster.rules import Exception_, Gap, Line, Roster, ShiftTimes, Worker

DAY = ShiftTimes(1, 8 * 60, 20 * 60, name="白班")
NIGHT = ShiftTimes(2, 20 * 60, 8 * 60, overnight=True, name="夜班")
EVERY_DAY = frozenset(range(1, 8))
F = 1
MON = date(2026, 11, 23)  # a Monday


def at(day: date, hhmm: str) -> datetime:
    return datetime(day.year, day.month, day.day, int(hhmm[:2]), int(hhmm[3:]), tzinfo=SHANGHAI)


def roster(*exceptions, **lines) -> Roster:
    """roster(p1=[(DAY, days)], ...) with person ids as p1, p2, …"""
    return Roster({int(k[1:]): tuple(Line(F, s, frozenset(d)) for s, d in v) for k, v in lines.items()},
                  tuple(exceptions))


def test_a_night_shift_crosses_midnight_into_the_next_morning():
    r = roster(p1=[(NIGHT, {1})])  # Monday nights only
    assert rules.scheduled(r, 1, at(MON, "20:00"))
    assert rules.scheduled(r, 1, at(MON + timedelta(days=1), "03:00"))  # Tuesday 03:00, still Monday's night
    assert not rules.scheduled(r, 1, at(MON + timedelta(days=1), "08:00"))  # ends at 08:00
    assert not rules.scheduled(r, 1, at(MON, "03:00"))  # Sunday's night is not theirs
    assert not rules.scheduled(r, 1, at(MON, "19:59"))


def test_the_flag_off_is_off_whatever_the_roster_and_no_roster_means_the_flag():
    r = roster(p1=[(DAY, EVERY_DAY)])
    noon = at(MON, "12:00")
    assert rules.on_duty(r, 1, True, noon) and not rules.on_duty(r, 1, False, noon)
    assert not rules.on_duty(r, 1, True, at(MON, "22:00"))  # on a roster: only in their shifts
    assert rules.on_duty(r, 2, True, at(MON, "22:00"))  # on no roster: on duty, as before rosters
    assert not rules.on_duty(r, 2, False, noon)


def test_leave_takes_the_days_shifts_and_a_night_begun_before_it_runs_on():
    leave = Exception_(rules.LEAVE, F, MON + timedelta(days=1), MON + timedelta(days=2), person_id=1)
    r = roster(leave, p1=[(NIGHT, EVERY_DAY)])
    assert rules.scheduled(r, 1, at(MON + timedelta(days=1), "03:00"))  # Monday's night, before the leave
    assert not rules.scheduled(r, 1, at(MON + timedelta(days=1), "22:00"))
    assert not rules.scheduled(r, 1, at(MON + timedelta(days=3), "03:00"))  # Wednesday's night
    assert rules.scheduled(r, 1, at(MON + timedelta(days=3), "22:00"))


def test_a_swap_gives_each_the_others_shifts_that_day():
    swap = Exception_(rules.SWAP, F, MON, MON, person_id=1, other_id=2)
    r = roster(swap, p1=[(DAY, EVERY_DAY)], p2=[(NIGHT, EVERY_DAY)])
    assert rules.scheduled(r, 1, at(MON, "22:00")) and not rules.scheduled(r, 1, at(MON, "12:00"))
    assert rules.scheduled(r, 2, at(MON, "12:00")) and not rules.scheduled(r, 2, at(MON, "22:00"))
    assert rules.scheduled(r, 1, at(MON + timedelta(days=1), "12:00"))  # the next day as usual


def test_a_holiday_stops_the_firms_pattern_and_an_extra_shift_works():
    holiday = Exception_(rules.HOLIDAY, F, MON, MON)
    extra = Exception_(rules.EXTRA, F, MON, MON, person_id=2, shift=DAY)
    r = roster(holiday, extra, p1=[(DAY, EVERY_DAY)], p2=[(NIGHT, {2})])
    noon = at(MON, "12:00")
    assert not rules.scheduled(r, 1, noon) and rules.scheduled(r, 2, noon)
    assert rules.scheduled(r, 1, at(MON + timedelta(days=1), "12:00"))


def test_a_shift_ending_before_it_starts_must_say_it_is_overnight():
    assert rules.shift_problem(20 * 60, 8 * 60, overnight=True) is None
    assert "before it starts" in rules.shift_problem(20 * 60, 8 * 60, overnight=False)
    assert "same time" in rules.shift_problem(8 * 60, 8 * 60, overnight=False)
    assert "overnight but ends" in rules.shift_problem(8 * 60, 20 * 60, overnight=True)


def test_overlap_is_found_across_midnight_and_across_the_weeks_end():
    early = ShiftTimes(3, 6 * 60, 10 * 60)
    assert rules.overlap([(NIGHT, frozenset({1})), (early, frozenset({2}))]) == (0, 1, 1)
    assert rules.overlap([(NIGHT, frozenset({7})), (early, frozenset({1}))]) == (0, 1, 7)  # Sunday night → Monday
    assert rules.overlap([(DAY, EVERY_DAY), (NIGHT, EVERY_DAY)]) is None  # back to back is fine


def test_gaps_are_the_stretches_when_nobody_with_the_skill_is_on_duty():
    r = roster(p1=[(DAY, EVERY_DAY)], p2=[(NIGHT, {1})])
    workers = [Worker(1, True, frozenset({"lift"})), Worker(2, True, frozenset({"lift", "gas"}))]
    start = at(MON, "00:00")
    found = rules.gaps(r, workers, start, start + timedelta(days=2), [DAY, NIGHT], ("lift", "gas"))
    assert found == [  # by start, then in the order lift, gas, electrical, plumbing
        Gap("lift", start, at(MON, "08:00")),
        Gap("gas", start, at(MON, "20:00")),
        Gap("gas", at(MON + timedelta(days=1), "08:00"), start + timedelta(days=2)),
        Gap("lift", at(MON + timedelta(days=1), "20:00"), start + timedelta(days=2)),
    ]


def test_a_shift_starting_on_the_half_hour_leaves_a_half_hour_gap():
    late = ShiftTimes(3, 8 * 60 + 30, 20 * 60)
    r = roster(p1=[(late, EVERY_DAY)], p2=[(NIGHT, EVERY_DAY)])
    workers = [Worker(1, True, frozenset({"lift"})), Worker(2, True, frozenset({"lift"}))]
    found = rules.gaps(r, workers, at(MON, "00:00"), at(MON, "12:00"), [late, NIGHT], ("lift",))
    assert found == [Gap("lift", at(MON, "08:00"), at(MON, "08:30"))]


def test_tonight_is_the_night_running_or_the_coming_one():
    assert rules.night_of(at(MON, "10:00")) == (at(MON, "20:00"), at(MON + timedelta(days=1), "08:00"))
    assert rules.night_of(at(MON, "03:00")) == (at(MON - timedelta(days=1), "20:00"), at(MON, "08:00"))
