"""People on the administration pages' service layer: added and edited through the import's checks, dispatched
to at once, refused as the file is refused, scoped, idempotent, and written in the audit trail."""
import pytest
import sqlalchemy as sa
from werkzeug.datastructures import MultiDict

from app.admin import forms, service
from app.admin.service import NotFound, Refused
from app.extensions import db
from app.org.audit import AuditEntry
from app.org.models import Person, RoleKind
from app.routing.service import open_and_route
from app.tickets.actors import Actor
from app.tickets.models import Category
from app.tickets.opening import TicketDraft
from tests.admin.helpers import count, operator, scope_of, steward_form, supervisor

BY = "account:yunying"


def save(scope, form: dict, *, editing=None, now):
    data = forms.person(MultiDict([(k, v) for k, vs in form.items() for v in (vs if isinstance(vs, list) else [vs])]))
    return service.save_person(scope, data, editing=editing, by=BY, now=now)


def plumbing_at(building: str, *, now):
    draft = TicketDraft(category=Category.REPAIR, estate_code="YGHY", building=building, description="卫生间水管漏水",
                        skill="plumbing", resident_openid="o_resident", resident_phone="13800138000")
    return open_and_route(draft, now=now, by=Actor.resident("o_resident"))


def test_a_steward_added_with_two_skills_and_a_building_is_dispatched_to(demo, now):
    # No plumber of the firm looks after building 7 yet: the manager on duty has it (on the test's Saturday
    # the demo roster has the manager off, and nobody has it).
    before = plumbing_at("7", now=now).assignee_id
    assert before is None or RoleKind.STEWARD not in {r.kind for r in db.session.get(Person, before).roles}
    assert save(scope_of(operator()), steward_form(), now=now) is True
    person = db.session.scalar(sa.select(Person).where(Person.code == "LC-S09"))
    role = person.roles[0]
    assert role.kind is RoleKind.STEWARD and role.skill_set == {"plumbing", "gas"}
    assert [f"{b.estate.code}/{b.code}" for b in role.buildings] == ["YGHY/7"]
    assert plumbing_at("7", now=now).assignee_id == person.id


def test_the_change_is_in_the_audit_trail_with_who_when_before_and_after(demo, now):
    save(scope_of(operator()), steward_form(), now=now)
    entry = db.session.scalar(sa.select(AuditEntry).where(AuditEntry.target == "person:LC-S09"))
    assert (entry.who, entry.via, entry.at, entry.before) == (BY, "page", now, None)
    assert entry.after["roles"] == [{"role": "steward", "firm": "LC", "skills": ["gas", "plumbing"],
                                     "buildings": ["YGHY/7"]}]


def test_a_form_sent_twice_changes_nothing_the_second_time(demo, now):
    scope = scope_of(operator())
    save(scope, steward_form(), now=now)
    entries, people = count(AuditEntry), count(Person)
    assert save(scope, steward_form(), now=now) is False
    assert (count(AuditEntry), count(Person)) == (entries, people)
    assert save(scope, steward_form(), editing="LC-S09", now=now) is False
    assert count(AuditEntry) == entries


@pytest.mark.parametrize("change, field, message", [
    ({"roles-0-scope": "ZZ"}, "roles-0-scope", "没有物业企业“ZZ”"),
    ({"roles-0-role": "manager", "roles-0-scope": "NOPE", "roles-0-skills": [], "roles-0-buildings": []},
     "roles-0-scope", "没有小区“NOPE”"),
    ({"roles-0-buildings": ["YGHY/99"]}, "roles-0-buildings", "没有楼栋“YGHY/99”"),
    ({"roles-0-buildings": ["CY1/A"]}, "roles-0-buildings", "楼栋 CY1/A 由物业企业“WK”服务，不属于这家物业"),
    ({"roles-0-role": "secretary", "roles-0-scope": "HX-1"}, "roles-0-skills", "只有红色管家有技能和负责楼栋，网格党支部书记没有"),
    ({"roles-0-skills": ["juggling"]}, "roles-0-skills", "请选择列出的技能"),
    ({"roles-0-role": "janitor"}, "roles-0-role", "请选择职务"),
    ({"phone": "12345"}, "phone", "手机号为 11 位数字，以 1 开头"),
    ({"code": "bad code!"}, "code", "编号为字母、数字、- 和 _，最长 32 位"),
    ({"code": "LC-S01"}, "code", "人员编号“LC-S01”已存在"),
])
def test_what_the_file_refuses_the_page_refuses_next_to_the_field(demo, now, change, field, message):
    people, entries = count(Person), count(AuditEntry)
    with pytest.raises(Refused) as refused:
        save(scope_of(operator()), steward_form(**change), now=now)
    assert refused.value.errors == {field: message}
    assert (count(Person), count(AuditEntry)) == (people, entries)


def test_a_supervisor_adds_a_steward_only_within_their_community(demo, now):
    scope = scope_of(supervisor(community="XF"))
    with pytest.raises(Refused) as refused:
        save(scope, steward_form(), now=now)  # YGHY is 红星社区's
    assert refused.value.errors == {"roles-0-scope": "不在您的管辖范围内"}
    assert save(scope, steward_form("WK-S09", scope="WK", buildings=("XFXQ/8",)), now=now) is True


def test_a_supervisor_cannot_leave_a_person_without_a_role_in_their_community(demo, now):
    scope = scope_of(supervisor())
    with pytest.raises(Refused) as refused:
        save(scope, steward_form(**{"roles-0-role": "", "roles-0-scope": "", "roles-0-skills": [],
                                    "roles-0-buildings": []}), now=now)
    assert refused.value.errors == {"roles-0-role": "请至少填写一个在您管辖社区内的职务"}
    assert db.session.scalar(sa.select(Person).where(Person.code == "LC-S09")) is None


def test_a_person_outside_a_supervisors_community_is_not_found(demo, now):
    scope = scope_of(supervisor(community="XF"))
    with pytest.raises(NotFound):
        service.person_for(scope, "LC-S01")
    with pytest.raises(NotFound):
        service.set_duty(scope, "LC-S01", False, by=BY, now=now)
    with pytest.raises(NotFound):
        save(scope, steward_form("LC-S01", scope="WK", buildings=("XFXQ/8",)), editing="LC-S01", now=now)
    assert db.session.scalar(sa.select(Person.on_duty).where(Person.code == "LC-S01")) is True


def test_duty_set_on_a_page_is_audited_once_however_often_it_is_sent(demo, now):
    scope = scope_of(supervisor())
    assert service.set_duty(scope, "LC-S01", False, by="account:duban", now=now) is True
    assert service.set_duty(scope, "LC-S01", False, by="account:duban", now=now) is False
    entries = db.session.scalars(sa.select(AuditEntry).where(AuditEntry.target == "person:LC-S01",
                                                             AuditEntry.via == "page")).all()
    assert [(e.before["on_duty"], e.after["on_duty"], e.via) for e in entries] == [(True, False, "page")]


def test_an_account_with_no_community_and_no_operator_flag_has_no_administration(demo, now):
    from app.accounts.service import create_account
    from app.accounts.models import Account

    account = create_account("jingli", "correct-horse-9", now=now, firm_code="LC")
    with pytest.raises(NotFound):
        service.admin_scope(db.session.get(Account, account.id))
