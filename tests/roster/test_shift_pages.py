"""Editing shifts (班次) on the roster page: the firm manager adds and changes a shift and removes an
unused one, with the organisation file's rules (times, overlaps) worded in Chinese; refusals change
nothing; scope (404), the manager only (403) and CSRF as the other roster forms."""
from datetime import date

import pytest
import sqlalchemy as sa

from app.extensions import db
from app.roster.models import ExceptionKind, RosterException, RosterLine, Shift
from tests.dashboard.web import csrf_of
from tests.roster import street as roster_street
from tests.roster.builders import add_exception, create_shift, put_on
from tests.roster.test_pages import page_of, post, signed_in


@pytest.fixture
def s(ctx, now):
    return roster_street.build(now)


def shifts(firm_id: int) -> list[tuple[str, str, int, int, bool]]:
    db.session.expire_all()
    return sorted(db.session.execute(sa.select(Shift.code, Shift.name, Shift.start_minute, Shift.end_minute,
                                               Shift.overnight).where(Shift.firm_id == firm_id)).all())


def shift_form(code="mid", name="中班", start="12:00", end="21:00", overnight=False) -> dict:
    return {"code": code, "name": name, "start": start, "end": end, **({"overnight": "1"} if overnight else {})}


def refused(response, message: str) -> None:
    assert response.status_code == 422, response.status_code
    assert f"未能保存：{message}" in response.get_data(as_text=True)


def test_the_manager_adds_a_shift_and_it_is_shown_and_offered_to_the_line_form(client, s):
    signed_in(client, "manager")
    response = post(client, s.estate.firm_id, "shifts", shift_form())
    assert response.status_code == 302
    assert ("mid", "中班", 12 * 60, 21 * 60, False) in shifts(s.estate.firm_id)
    html = page_of(client, s.estate.firm_id).get_data(as_text=True)
    assert "<td>中班</td><td>mid</td><td>12:00–21:00</td>" in html and 'id="shift-form"' in html
    line_form = html.split('id="line-form"')[1].split("</form>")[0]
    assert ">中班</option>" in line_form


def test_setting_the_same_shift_twice_changes_nothing_the_second_time(client, s):
    signed_in(client, "manager")
    assert post(client, s.estate.firm_id, "shifts", shift_form()).status_code == 302
    once = shifts(s.estate.firm_id)
    assert post(client, s.estate.firm_id, "shifts", shift_form()).status_code == 302
    assert shifts(s.estate.firm_id) == once and len(once) == 3


def test_the_manager_changes_a_shifts_times_and_name_by_its_code(client, s):
    signed_in(client, "manager")
    response = post(client, s.estate.firm_id, "shifts", shift_form("day", "早班", "07:30", "19:30"))
    assert response.status_code == 302
    assert ("day", "早班", 7 * 60 + 30, 19 * 60 + 30, False) in shifts(s.estate.firm_id)
    assert db.session.scalar(sa.select(RosterLine.shift_id).where(RosterLine.person_id == s.lift.id)) == s.day.id


def test_a_shift_ending_before_it_starts_without_overnight_is_refused(client, s):
    signed_in(client, "manager")
    before = shifts(s.estate.firm_id)
    refused(post(client, s.estate.firm_id, "shifts", shift_form("late", "晚班", "22:00", "06:00")),
            "班次的结束时间早于开始时间")
    refused(post(client, s.estate.firm_id, "shifts", shift_form("late", "晚班", "09:00", "09:00")),
            "班次的开始和结束时间不能相同")
    refused(post(client, s.estate.firm_id, "shifts", shift_form("late", "晚班", "09:00", "17:00", overnight=True)),
            "勾选了“次日结束”，但结束时间晚于开始时间")
    refused(post(client, s.estate.firm_id, "shifts", shift_form("day", "白班", "20:00", "08:00")),
            "班次的结束时间早于开始时间")  # a change as well as a new shift
    assert shifts(s.estate.firm_id) == before


def test_an_overnight_shift_crossing_midnight_is_accepted(client, s):
    signed_in(client, "manager")
    response = post(client, s.estate.firm_id, "shifts", shift_form("late", "晚班", "22:00", "06:00", overnight=True))
    assert response.status_code == 302
    assert ("late", "晚班", 22 * 60, 6 * 60, True) in shifts(s.estate.firm_id)
    assert "<td>晚班</td><td>late</td><td>22:00–次日 06:00</td>" in page_of(client, s.estate.firm_id).get_data(
        as_text=True)


def test_a_change_that_would_make_a_persons_weekly_lines_overlap_is_refused(client, s):
    put_on(s.lift, s.night, "1")  # days daily and Monday night: back to back, no overlap
    signed_in(client, "manager")
    before = shifts(s.estate.firm_id)
    refused(post(client, s.estate.firm_id, "shifts", shift_form("day", "白班", "08:00", "21:00")),
            "改后李电梯的班次在周一重叠")
    refused(post(client, s.estate.firm_id, "shifts", shift_form("night", "夜班", "19:00", "08:00", overnight=True)),
            "改后李电梯的班次在周一重叠")
    assert shifts(s.estate.firm_id) == before
    assert post(client, s.estate.firm_id, "shifts", shift_form("day", "白班", "08:00", "19:00")).status_code == 302


def test_bad_codes_names_and_times_are_refused_in_chinese(client, s):
    signed_in(client, "manager")
    before = shifts(s.estate.firm_id)
    refused(post(client, s.estate.firm_id, "shifts", shift_form(code="白 班")), "班次代码只能用字母、数字")
    refused(post(client, s.estate.firm_id, "shifts", shift_form(code="_x")), "班次代码只能用字母、数字")
    refused(post(client, s.estate.firm_id, "shifts", shift_form(code="x" * 33)), "班次代码只能用字母、数字")
    refused(post(client, s.estate.firm_id, "shifts", shift_form(name="")), "请填写班次名称")
    refused(post(client, s.estate.firm_id, "shifts", shift_form(start="25:00")), "时间格式为 时:分")
    refused(post(client, s.estate.firm_id, "shifts", shift_form(end="")), "时间格式为 时:分")
    assert shifts(s.estate.firm_id) == before


def test_removing_a_shift_weekly_lines_still_use_is_refused_with_their_count(client, s):
    put_on(s.manager, s.day, "12345")
    signed_in(client, "manager")
    response = post(client, s.estate.firm_id, f"shifts/{s.day.id}/remove", {})
    refused(response, "还有 2 条固定班次使用“白班”，请先删除这些固定班次")
    assert db.session.get(Shift, s.day.id) is not None


def test_an_unused_shift_is_removed_and_extras_already_over_go_with_it(client, s):
    spare = create_shift(s.estate.firm_id, "spare", "10:00", "14:00", name="备班")
    spare_id = spare.id
    past = add_exception(s.estate.firm_id, ExceptionKind.EXTRA, date(2026, 11, 1), person=s.lift, shift=spare).id
    coming = add_exception(s.estate.firm_id, ExceptionKind.EXTRA, date(2026, 11, 25), person=s.lift, shift=spare).id
    signed_in(client, "manager")
    refused(post(client, s.estate.firm_id, f"shifts/{spare_id}/remove", {}),
            "还有 1 条今天及以后的加班/顶班使用“备班”，请先删除")
    db.session.delete(db.session.get(RosterException, coming))
    db.session.commit()
    assert post(client, s.estate.firm_id, f"shifts/{spare_id}/remove", {}).status_code == 302
    assert "spare" not in {row[0] for row in shifts(s.estate.firm_id)}
    assert db.session.get(RosterException, past) is None
    assert post(client, s.estate.firm_id, f"shifts/{spare_id}/remove", {}).status_code == 404  # twice: gone


def test_another_firms_manager_finds_no_such_roster_or_shift(client, s):
    before = shifts(s.estate.firm_id)
    signed_in(client, "other")
    token = csrf_of(page_of(client, s.other_estate.firm_id).get_data(as_text=True))
    assert client.post(f"/dashboard/roster/{s.estate.firm_id}/shifts",
                       data={**shift_form(), "csrf_token": token}).status_code == 404
    assert client.post(f"/dashboard/roster/{s.estate.firm_id}/shifts/{s.night.id}/remove",
                       data={"csrf_token": token}).status_code == 404
    assert client.post(f"/dashboard/roster/{s.other_estate.firm_id}/shifts/{s.night.id}/remove",
                       data={"csrf_token": token}).status_code == 404  # their own page, firm A's shift
    assert shifts(s.estate.firm_id) == before


def test_the_supervisor_sees_the_shifts_but_may_not_change_them(client, s):
    before = shifts(s.estate.firm_id)
    signed_in(client, "supervisor")
    html = page_of(client, s.estate.firm_id).get_data(as_text=True)
    assert "<td>白班</td><td>day</td>" in html and 'id="shift-form"' not in html and "/remove" not in html
    assert post(client, s.estate.firm_id, "shifts", shift_form()).status_code == 403
    assert post(client, s.estate.firm_id, f"shifts/{s.night.id}/remove", {}).status_code == 403
    assert shifts(s.estate.firm_id) == before


def test_a_shift_post_without_the_csrf_token_is_refused(client, s):
    signed_in(client, "manager")
    before = shifts(s.estate.firm_id)
    response = post(client, s.estate.firm_id, "shifts", shift_form(), csrf=False)
    assert response.status_code == 400 and "CSRF" in response.get_data(as_text=True)
    response = post(client, s.estate.firm_id, f"shifts/{s.night.id}/remove", {}, csrf=False)
    assert response.status_code == 400
    assert shifts(s.estate.firm_id) == before
