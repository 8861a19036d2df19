"""The organisation file's `roster:` section: loaded with the rest, all or nothing, faults named by line."""
import textwrap
from datetime import date

import pytest
import sqlalchemy as sa

from app.extensions import db
from app.org.errors import OrgFileError
from app.org.importer import import_org
from app.org.models import Person
from app.roster.models import ExceptionKind, RosterException, RosterLine, Shift

ORG = textwrap.dedent("""\
    street: {code: S1, name: 测试街道}
    firms:
      - {code: F1, name: 一号物业}
      - {code: F2, name: 二号物业}
    communities:
      - code: C1
        name: 一号社区
        grids:
          - code: G1
            name: 一号网格
            estates:
              - {code: E1, name: 一号小区, firm: F1, buildings: ["1", "2"]}
    people:
      - code: DAY
        name: 白班师傅
        roles: [{role: steward, firm: F1, skills: [plumbing, electrical, lift, gas], buildings: [E1/1, E1/2]}]
      - code: NIGHT
        name: 夜班师傅
        roles: [{role: steward, firm: F1, skills: [plumbing, electrical, lift, gas], buildings: [E1/1, E1/2]}]
      - code: OTHER
        name: 别家师傅
        roles: [{role: steward, firm: F2, skills: [plumbing]}]
    """)

ROSTER = textwrap.dedent("""\
    roster:
      - firm: F1
        shifts:
          - {code: day, name: 白班, start: "08:00", end: "20:00"}
          - {code: night, name: 夜班, start: "20:00", end: "08:00", overnight: true}
        weekly:
          - {person: DAY, shift: day, days: daily}
          - {person: NIGHT, shift: night, days: daily}
        exceptions:
          - {kind: leave, person: DAY, from: 2026-12-01, to: 2026-12-02, note: 病假}
          - {kind: swap, person: DAY, with: NIGHT, day: 2026-12-05}
          - {kind: extra, person: NIGHT, shift: day, day: 2026-12-01}
          - {kind: holiday, day: 2027-01-01}
    """)


def line_no(text: str, needle: str) -> int:
    return next(i for i, line in enumerate(text.splitlines(), 1) if needle in line)


def refused(text: str) -> OrgFileError:
    with pytest.raises(OrgFileError) as caught:
        import_org(text)
    return caught.value


def count(model) -> int:
    return db.session.scalar(sa.select(sa.func.count()).select_from(model))


def test_a_roster_loads_with_the_organisation(ctx):
    result = import_org(ORG + ROSTER)
    night = db.session.scalar(sa.select(Shift).where(Shift.code == "night"))
    assert (night.start_minute, night.end_minute, night.overnight) == (20 * 60, 8 * 60, True)
    assert sorted(db.session.scalars(sa.select(RosterLine.weekdays))) == ["1234567", "1234567"]
    leave = db.session.scalar(sa.select(RosterException).where(RosterException.kind == ExceptionKind.LEAVE))
    assert (leave.first_day, leave.last_day, leave.note) == (date(2026, 12, 1), date(2026, 12, 2), "病假")
    holiday = db.session.scalar(sa.select(RosterException).where(RosterException.kind == ExceptionKind.HOLIDAY))
    assert holiday.person_id is None and holiday.first_day == holiday.last_day == date(2027, 1, 1)
    assert result.warnings == []  # day and night: every hour of the week covered


def test_importing_the_same_roster_twice_changes_nothing(ctx):
    import_org(ORG + ROSTER)
    ids = sorted(db.session.scalars(sa.select(RosterLine.id)))
    again = import_org(ORG + ROSTER)
    assert not again.changed and sorted(db.session.scalars(sa.select(RosterLine.id))) == ids


def test_a_changed_roster_replaces_the_firms_roster_as_a_whole(ctx):
    import_org(ORG + ROSTER)
    result = import_org(ORG + ROSTER.replace("days: daily}\n      - {person: NIGHT", "days: weekdays}\n      - {person: NIGHT")
                        .split("    exceptions:")[0])
    assert result.updated == 1
    assert count(RosterException) == 0
    assert sorted(db.session.scalars(sa.select(RosterLine.weekdays))) == ["12345", "1234567"]


def test_a_week_with_a_gap_is_a_warning_and_the_roster_is_loaded(ctx):
    text = ORG + ROSTER.replace("{person: NIGHT, shift: night, days: daily}", "{person: NIGHT, shift: night, days: [mon, tue]}")
    result = import_org(text)
    assert count(RosterLine) == 2
    assert "warning: firm 'F1': nobody with lift on duty Wed 20:00–Thu 08:00" in result.warnings
    assert "warning: firm 'F1': nobody with lift on duty Sun 20:00–Mon 08:00" in result.warnings  # across the week's end
    assert len([w for w in result.warnings if "with lift" in w]) == 5  # Wed to Sun nights


def test_the_import_command_prints_the_gap_warnings(runner, tmp_path):
    path = tmp_path / "org.yaml"
    path.write_text(ORG + ROSTER.replace("{person: NIGHT, shift: night, days: daily}", "{person: NIGHT, shift: night, days: [tue]}")
                    .split("    exceptions:")[0], encoding="utf-8")
    result = runner.invoke(args=["org", "import", str(path)])
    assert result.exit_code == 0, result.output
    assert "warning: firm 'F1': nobody with gas on duty Mon 20:00–Tue 08:00" in result.output


def test_overlapping_shifts_for_one_person_are_refused_at_the_line(ctx):
    text = ORG + ROSTER.replace(
        "{person: NIGHT, shift: night, days: daily}",
        "{person: NIGHT, shift: night, days: daily}\n      - {person: DAY, shift: late, days: [sun]}").replace(
        '      - {code: night,', '      - {code: late, name: 晚班, start: "16:00", end: "23:00"}\n      - {code: night,')
    error = refused(text)
    assert "person 'DAY' has overlapping shifts on Sun" in error.message
    assert error.line == line_no(text, "{person: DAY, shift: late")
    assert count(Person) == 0  # all or nothing


def test_a_night_line_overlapping_the_next_mornings_shift_is_refused(ctx):
    text = ORG + ROSTER.replace(
        "{person: NIGHT, shift: night, days: daily}",
        "{person: NIGHT, shift: night, days: [mon]}\n      - {person: NIGHT, shift: early, days: [tue]}").replace(
        '      - {code: night,', '      - {code: early, name: 早班, start: "06:00", end: "10:00"}\n'
                                 '      - {code: night,')
    error = refused(text)
    assert "person 'NIGHT' has overlapping shifts on Mon" in error.message


def test_a_shift_that_ends_before_it_starts_is_refused(ctx):
    text = ORG + ROSTER.replace('{code: day, name: 白班, start: "08:00", end: "20:00"}',
                                '{code: day, name: 白班, start: "20:00", end: "08:00"}')
    error = refused(text)
    assert error.line == line_no(text, "{code: day")
    assert "shift 'day' ends (08:00) before it starts (20:00)" in error.message
    assert count(Person) == 0


def test_a_night_shift_crossing_midnight_is_fine_when_it_says_so(ctx):
    text = ORG + ROSTER.replace('start: "20:00", end: "08:00", overnight: true', "start: 20:00, end: 06:00, overnight: true")
    import_org(text)  # unquoted 20:00 is YAML's base-60 1200: the same minutes
    night = db.session.scalar(sa.select(Shift).where(Shift.code == "night"))
    assert (night.start_minute, night.end_minute) == (1200, 360)


@pytest.mark.parametrize("old, new, needle, message", [
    ("- firm: F1", "- firm: F9", "- firm: F9", "unknown firm 'F9'"),
    ("{person: DAY, shift: day, days: daily}", "{person: NOBODY, shift: day, days: daily}", "NOBODY",
     "unknown person 'NOBODY'"),
    ("{kind: swap, person: DAY, with: NIGHT", "{kind: swap, person: DAY, with: GHOST", "GHOST", "unknown person 'GHOST'"),
    ("{person: DAY, shift: day, days: daily}", "{person: DAY, shift: evening, days: daily}", "evening",
     "unknown shift 'evening'"),
    ("{person: DAY, shift: day, days: daily}", "{person: DAY, shift: day, days: daily}\n"
     "      - {person: OTHER, shift: day, days: daily}", "{person: OTHER",
     "person 'OTHER' holds no role at firm 'F1'"),
    ("{kind: leave, person: DAY,", "{kind: leave, person: OTHER,", "kind: leave",
     "person 'OTHER' has no weekly line in the roster of firm 'F1'"),
    ("from: 2026-12-01, to: 2026-12-02", "from: 2026-12-02, to: 2026-12-01", "kind: leave",
     "ends (2026-12-01) before it starts (2026-12-02)"),
    ('start: "08:00", end: "20:00"', 'start: "08:00", end: "25:00"', "{code: day", "HH:MM"),
    ("days: daily}\n      - {person: NIGHT", "days: [mon, funday]}\n      - {person: NIGHT", "funday",
     "days are a list of mon"),
], ids=["unknown-firm", "unknown-person", "unknown-swap-partner", "unknown-shift", "not-the-firms-staff",
        "leave-without-a-line", "leave-ends-before-it-starts", "bad-time", "bad-day"])
def test_bad_roster_input_is_refused_at_its_line_and_nothing_is_loaded(ctx, old, new, needle, message):
    text = ORG + ROSTER.replace(old, new)
    assert text != ORG + ROSTER
    error = refused(text)
    assert message in error.message
    assert error.line == line_no(text, needle)
    assert count(Person) == 0 and count(Shift) == 0
