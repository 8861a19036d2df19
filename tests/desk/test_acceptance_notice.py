"""三告知 and 亮身份: every acceptance names the steward, their staff number, what comes next and by when."""
from types import SimpleNamespace

import sqlalchemy as sa

from app.extensions import db
from app.org.models import Person
from app.pushes import texts
from app.pushes.models import Push
from tests.api.helpers import create_resident, token
from tests.conftest import NOW

ORG = """\
street: {code: S9, name: 九号街道}
firms:
  - {code: F9, name: 九号物业}
communities:
  - code: C9
    name: 九号社区
    grids:
      - code: G9
        name: 九号网格
        branch: 九号网格党支部
        estates:
          - {code: E9, name: 九号小区, firm: F9, buildings: ["1", "2"]}
people:
  - code: P9
    name: 张红旗
    openid: o_p9
    staff_number: A017
    party_member: true
    roles:
      - {role: steward, firm: F9, skills: [plumbing], buildings: [E9/1, E9/2]}
  - code: D9
    name: 钱前台
    roles:
      - {role: front_desk, firm: F9}
"""


def test_the_acceptance_names_the_party_member_and_staff_number_from_the_org_file_and_the_deadline_in_beijing_time(
        client, runner, tmp_path, now, clock):
    org = tmp_path / "org.yaml"
    org.write_text(ORG, encoding="utf-8")
    assert runner.invoke(args=["org", "import", str(org)]).exit_code == 0
    steward, desk = (db.session.scalar(sa.select(Person).where(Person.code == c)) for c in ("P9", "D9"))
    assert (steward.staff_number, steward.party_member, desk.party_member) == ("A017", True, False)
    resident = create_resident(now, openid="o_res9", phone="13900009999", last_message_at=now)

    r = client.post("/api/v1/staff/tickets", headers=token(desk), json={
        "channel": "phone", "phone": "13900009999", "text": "1栋厨房水管漏水", "estate": "E9"})
    assert r.status_code == 201 and r.json["assignee_id"] == steward.id
    clock.advance(minutes=4)
    assert client.post(f"/api/v1/staff/tickets/{r.json['id']}/accept", headers=token(steward)).status_code == 200

    told = db.session.scalars(sa.select(Push).where(Push.recipient_openid == resident.openid)).one()
    assert told.payload["text"] == (f"您的报修工单{r.json['number']}已受理。负责人：张红旗（工号A017，中共党员）；"
                                    "下一步：上门查看处理；时限：2026-11-21 10:30前。请保持电话畅通。")
    # The template it falls back to carries the same three facts, short.
    assert told.payload["fallback"]["data"]["note"] == "张红旗 11-21 10:30前上门"


def steward(**kw):
    return SimpleNamespace(**{"name": "李四", "staff_number": None, "party_member": False, **kw})


def ticket(**kw):
    return SimpleNamespace(**{"arrive_due_at": None, "arrived_at": None, "resolve_due_at": None, **kw})


def test_a_steward_without_staff_number_or_party_membership_is_named_alone():
    assert texts.steward_label(steward()) == "李四"
    assert texts.steward_label(steward(party_member=True)) == "李四（中共党员）"
    assert texts.steward_label(steward(staff_number="B2")) == "李四（工号B2）"


def test_with_no_arrival_clock_the_next_step_is_the_answer_by_the_resolve_deadline_in_beijing_time():
    late_evening_utc = NOW.replace(hour=16, minute=30)  # 00:30 the next day in Shanghai
    said = texts.acceptance(ticket(resolve_due_at=late_evening_utc), steward())
    assert said == "已受理。负责人：李四；下一步：处理完毕并答复您；时限：2026-11-22 00:30前。请保持电话畅通。"


def test_once_arrived_or_without_any_clock_the_resident_is_told_what_comes_next_all_the_same():
    arrived = ticket(arrive_due_at=NOW, arrived_at=NOW, resolve_due_at=NOW.replace(hour=5))
    assert texts.next_step(arrived) == ("处理完毕并答复您", "2026-11-21 13:00")
    assert texts.next_step(ticket()) == ("与您联系了解情况", "尽快")
    assert "时限：尽快。" in texts.acceptance(ticket(), steward())
    assert texts.acceptance_note(ticket(), steward(staff_number="B2")) == "李四(工号B2)尽快与您"
