"""The roster page (排班): tonight's cover, the week's gaps on the overview, and the firm manager's
edits — CSRF on every form, scoped (outside scope: 404), refusals in Chinese that change nothing."""
import sqlalchemy as sa
import pytest

from app.extensions import db
from app.roster.models import ExceptionKind, RosterException, RosterLine
from tests.dashboard.web import csrf_of, log_in
from tests.roster import street as roster_street


@pytest.fixture
def s(ctx, now):
    return roster_street.build(now)


def signed_in(client, username: str):
    log_in(client, username, roster_street.PASSWORD)
    return client


def page_of(client, firm_id: int):
    return client.get(f"/dashboard/roster/{firm_id}")


def post(client, firm_id: int, path: str, data: dict, *, csrf: bool = True):
    token = csrf_of(page_of(client, firm_id).get_data(as_text=True)) if csrf else "wrong"
    return client.post(f"/dashboard/roster/{firm_id}/{path}", data={**data, "csrf_token": token})


def lines() -> list[tuple[int, int, str]]:
    return sorted(db.session.execute(sa.select(RosterLine.person_id, RosterLine.shift_id, RosterLine.weekdays)).all())


def test_the_manager_sees_tonights_cover_per_estate_and_skill_with_its_gaps(client, s):
    signed_in(client, "manager")
    html = page_of(client, s.estate.firm_id).get_data(as_text=True)
    assert "排班 · 测试物业" in html and "今晚值班（11-21 20:00 至 11-22 08:00）" in html
    row = html.split("<td>阳光花园</td><td>电梯</td>")[1].split("</tr>")[0]
    assert "<td>无</td>" in row and "无人值班 20:00–08:00" in row  # the lift steward works days only
    row = html.split("<td>阳光花园</td><td>水暖</td>")[1].split("</tr>")[0]
    assert "王水暖" in row and "全程有人" in row
    assert 'id="line-form"' in html and 'id="exception-form"' in html
    assert "<li>电梯 11月21日 周六 20:00 至 11月22日 08:00</li>" in html  # the week's gaps


def test_the_overview_warns_of_a_firm_with_nobody_on_duty_for_an_emergency_skill(client, s):
    signed_in(client, "manager")
    html = client.get("/dashboard/").get_data(as_text=True)
    assert "排班缺口：测试物业 未来 7 天有" in html
    assert "电梯 11月21日 周六 20:00 至 11月22日 08:00" in html
    assert f'href="/dashboard/roster/{s.estate.firm_id}"' in html


def test_a_firm_with_every_hour_covered_raises_no_warning(client, s):
    db.session.add(RosterLine(firm_id=s.estate.firm_id, person_id=s.lift.id, shift_id=s.night.id, weekdays="1234567"))
    db.session.execute(sa.delete(RosterLine).where(RosterLine.person_id == s.plumber.id))
    db.session.commit()  # the lift steward (lift, electrical, gas) day and night; the plumber off the roster (flag: on)
    signed_in(client, "manager")
    assert "排班缺口" not in client.get("/dashboard/").get_data(as_text=True)


def test_the_manager_puts_a_steward_on_a_shift(client, s):
    signed_in(client, "manager")
    response = post(client, s.estate.firm_id, "lines",
                    {"person_id": s.lift.id, "shift_id": s.day.id, "days": ["1", "2", "3"]})
    assert response.status_code == 302
    assert (s.lift.id, s.day.id, "123") in lines()


def test_overlapping_shifts_for_one_person_are_refused_and_nothing_changes(client, s):
    signed_in(client, "manager")
    before = lines()
    response = post(client, s.estate.firm_id, "lines", {"person_id": s.lift.id, "shift_id": s.night.id, "days": ["1"]})
    # the lift steward works days daily: Monday's night is back to back with it — no clash ...
    assert response.status_code == 302
    db.session.execute(sa.update(RosterLine).where(RosterLine.person_id == s.plumber.id).values(weekdays="1"))
    db.session.commit()
    early = db.session.get(type(s.day), s.day.id)
    early.start_minute = 6 * 60  # ... but a 06:00–20:00 day runs into the plumber's Monday night
    db.session.commit()
    before = lines()
    response = post(client, s.estate.firm_id, "lines", {"person_id": s.plumber.id, "shift_id": s.day.id, "days": ["2"]})
    assert response.status_code == 422
    assert "未能保存：王水暖的班次在周二重叠" in response.get_data(as_text=True)
    assert lines() == before


def test_a_form_without_days_or_with_a_stranger_is_refused_in_chinese(client, s):
    signed_in(client, "manager")
    no_days = post(client, s.estate.firm_id, "lines", {"person_id": s.lift.id, "shift_id": s.day.id})
    assert no_days.status_code == 422 and "请至少选择一天" in no_days.get_data(as_text=True)
    stranger = db.session.scalar(sa.select(type(s.manager).id).where(type(s.manager).code == "OTHERM"))
    response = post(client, s.estate.firm_id, "lines", {"person_id": stranger, "shift_id": s.day.id, "days": ["1"]})
    assert response.status_code == 422 and "钱经理不是本企业的人员" in response.get_data(as_text=True)


def test_leave_is_added_and_an_end_before_the_start_is_refused(client, s):
    signed_in(client, "manager")
    ok = post(client, s.estate.firm_id, "exceptions", {"kind": "leave", "person_id": s.lift.id,
                                                       "first_day": "2026-11-23", "last_day": "2026-11-24",
                                                       "note": "病假"})
    assert ok.status_code == 302
    bad = post(client, s.estate.firm_id, "exceptions", {"kind": "leave", "person_id": s.lift.id,
                                                        "first_day": "2026-11-25", "last_day": "2026-11-24"})
    assert bad.status_code == 422 and "结束日期早于开始日期" in bad.get_data(as_text=True)
    assert db.session.scalars(sa.select(RosterException.note)).all() == ["病假"]
    html = page_of(client, s.estate.firm_id).get_data(as_text=True)
    assert "请假" in html and "2026-11-23 至 2026-11-24" in html


def test_the_forms_empty_choices_are_taken_as_none_as_a_browser_sends_them(client, s):
    signed_in(client, "manager")
    sent = {"kind": "leave", "person_id": str(s.lift.id), "other_id": "", "shift_id": "", "first_day": "2026-11-23",
            "last_day": "", "note": ""}
    assert post(client, s.estate.firm_id, "exceptions", sent).status_code == 302
    item = db.session.scalar(sa.select(RosterException))
    assert (item.other_id, item.shift_id, item.last_day.isoformat()) == (None, None, "2026-11-23")
    huge = post(client, s.estate.firm_id, "exceptions", {**sent, "shift_id": "99999999999"})
    assert huge.status_code == 422


def test_a_swap_needs_a_partner_on_the_roster_and_a_holiday_no_person(client, s):
    signed_in(client, "manager")
    alone = post(client, s.estate.firm_id, "exceptions", {"kind": "swap", "person_id": s.lift.id,
                                                          "first_day": "2026-11-23"})
    assert alone.status_code == 422 and "换班须选择换班对象" in alone.get_data(as_text=True)
    manager = post(client, s.estate.firm_id, "exceptions", {"kind": "swap", "person_id": s.lift.id,
                                                            "other_id": s.manager.id, "first_day": "2026-11-23"})
    assert manager.status_code == 422 and "张经理在本企业没有固定班次" in manager.get_data(as_text=True)
    holiday = post(client, s.estate.firm_id, "exceptions", {"kind": "holiday", "person_id": s.lift.id,
                                                            "first_day": "2027-01-01"})
    assert holiday.status_code == 422
    assert post(client, s.estate.firm_id, "exceptions", {"kind": "holiday", "first_day": "2027-01-01"}).status_code == 302
    assert db.session.scalar(sa.select(RosterException.kind)) is ExceptionKind.HOLIDAY


def test_a_post_without_the_csrf_token_is_refused(client, s):
    signed_in(client, "manager")
    response = post(client, s.estate.firm_id, "lines", {"person_id": s.lift.id, "shift_id": s.day.id, "days": ["1"]},
                    csrf=False)
    assert response.status_code == 400 and "CSRF" in response.get_data(as_text=True)
    assert (s.lift.id, s.day.id, "1") not in lines()


def test_another_firms_manager_finds_no_such_roster(client, s):
    signed_in(client, "other")
    assert page_of(client, s.estate.firm_id).status_code == 404
    line_id = db.session.scalar(sa.select(RosterLine.id))
    response = client.post(f"/dashboard/roster/{s.other_estate.firm_id}/lines/{line_id}/remove",
                           data={"csrf_token": csrf_of(page_of(client, s.other_estate.firm_id).get_data(as_text=True))})
    assert response.status_code == 404  # their own firm's page, someone else's line
    assert db.session.get(RosterLine, line_id) is not None


def test_the_supervisor_sees_the_roster_but_may_not_change_it(client, s):
    signed_in(client, "supervisor")
    html = page_of(client, s.estate.firm_id).get_data(as_text=True)
    assert "李电梯" in html and 'id="line-form"' not in html and "只有本企业的物业项目经理可以修改排班" in html
    token = csrf_of(html)
    line_id = db.session.scalar(sa.select(RosterLine.id))
    response = client.post(f"/dashboard/roster/{s.estate.firm_id}/lines/{line_id}/remove", data={"csrf_token": token})
    assert response.status_code == 403
    assert db.session.get(RosterLine, line_id) is not None


def test_the_roster_link_leads_a_manager_of_one_firm_straight_to_its_page(client, s):
    signed_in(client, "manager")
    response = client.get("/dashboard/roster/")
    assert response.status_code == 302 and response.location.endswith(f"/dashboard/roster/{s.estate.firm_id}")
