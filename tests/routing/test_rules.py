"""The routing rules, pure: plain data in, a decision out."""
from datetime import datetime, timedelta, timezone

from app.pushes.models import PushKind
from app.pushes.channels import mask_phone, resident_channel
from app.routing.rules import Candidate, Situation, praised, route
from app.tickets.models import Category, HandlingOrg

NOW = datetime(2026, 11, 21, 2, 0, tzinfo=timezone.utc)
B1, B2 = 101, 102


def steward(pid, *, skills=("plumbing",), buildings=(B1,), load=0, on_duty=True, firm=1):
    return Candidate(pid, frozenset(skills), frozenset(buildings), on_duty, load, firm)


def person(pid, *, on_duty=True, load=0):
    return Candidate(pid, on_duty=on_duty, load=load)


def repair(**kw):
    base = dict(category=Category.REPAIR, skill="plumbing", building_id=B1,
                estate_building_ids=frozenset({B1, B2}), firm_id=1)
    return Situation(**{**base, **kw})


def test_a_repair_goes_to_the_least_loaded_steward_with_the_skill_who_covers_the_building():
    s = repair(stewards=(steward(1, load=3), steward(2, load=1), steward(3, load=0, buildings=(B2,)),
                         steward(4, load=0, skills=("electrical",))))
    d = route(s)
    assert (d.handling_org, d.assignee_id, d.via) == (HandlingOrg.FIRM, 2, "steward")


def test_equally_loaded_stewards_are_chosen_in_a_stable_order():
    assert route(repair(stewards=(steward(7), steward(5), steward(6)))).assignee_id == 5


def test_stewards_off_duty_are_never_chosen():
    d = route(repair(stewards=(steward(1, on_duty=False), steward(2, load=9))))
    assert d.assignee_id == 2


def test_a_general_or_unknown_skill_goes_to_any_steward_of_the_building():
    s = repair(skill="general", stewards=(steward(1, skills=("lift",), load=1), steward(2, skills=(), load=0)))
    assert route(s).assignee_id == 2
    assert route(repair(skill=None, stewards=(steward(3, skills=("lift",)),))).assignee_id == 3


def test_a_repair_without_a_building_goes_to_a_steward_of_the_estate():
    s = repair(building_id=None, stewards=(steward(1, buildings=(999,)), steward(2, buildings=(B2,))))
    assert route(s).assignee_id == 2


def test_with_nobody_in_the_firm_the_task_is_offered_to_the_pool_of_other_firms():
    s = repair(stewards=(steward(1, skills=("lift",)),),
               pool=(steward(8, firm=2, load=2), steward(9, firm=3), steward(10, firm=1),
                     steward(11, firm=2, skills=("lift",)), steward(12, firm=2, on_duty=False)))
    d = route(s)
    assert d.assignee_id is None and d.via == "pool"
    assert d.offered_to == (9, 8) and d.lent_by == (3, 2)


def test_with_nobody_in_the_firm_or_the_pool_the_manager_gets_the_repair():
    d = route(repair(stewards=(), pool=(), managers=(person(40),)))
    assert (d.assignee_id, d.via, d.offered_to) == (40, "manager", ())


def test_with_nobody_at_all_the_repair_waits_at_the_firm_unassigned():
    d = route(repair())
    assert (d.handling_org, d.assignee_id, d.via) == (HandlingOrg.FIRM, None, "nobody")


def test_an_emergency_is_routed_like_a_repair_and_alerts_everyone_on_duty_and_the_manager():
    s = repair(category=Category.EMERGENCY, stewards=(steward(1), steward(2, skills=("lift",), buildings=(B2,)),
                                                     steward(3, on_duty=False)), managers=(person(40),))
    d = route(s)
    assert d.assignee_id == 1
    assert d.alerted == (2, 40)


def test_an_emergency_may_be_taken_by_its_assignee_or_any_steward_of_the_firm_on_duty_who_did_not_return_it():
    s = repair(category=Category.EMERGENCY, stewards=(steward(1, load=2), steward(2, skills=("lift",)),
                                                     steward(3, on_duty=False), steward(4), steward(5)),
               managers=(person(40),), exclude=frozenset({5}))
    d = route(s)
    assert d.assignee_id == 4
    assert d.may_take == (4, 2, 1)  # the holder first, then least loaded; never the manager, off duty or 5
    assert d.alerted == (2, 5, 1, 40)


def test_an_emergency_nobody_in_the_firm_can_do_is_offered_to_the_pool_and_still_taken_by_the_first_on_duty():
    s = repair(category=Category.EMERGENCY, stewards=(steward(1, skills=("lift",)),), pool=(steward(9, firm=2),))
    d = route(s)
    assert (d.assignee_id, d.offered_to, d.may_take) == (None, (9,), (1,))


def test_a_reopened_ticket_goes_back_to_its_last_holder_on_duty_even_when_another_is_less_loaded():
    s = repair(stewards=(steward(1, load=0), steward(2, load=5)), last_holder_id=2)
    d = route(s)
    assert (d.assignee_id, d.via) == (2, "last_holder")


def test_a_reopened_tickets_last_holder_off_duty_or_no_longer_around_is_passed_over():
    assert route(repair(stewards=(steward(1), steward(2, on_duty=False)), last_holder_id=2)).assignee_id == 1
    assert route(repair(stewards=(steward(1),), last_holder_id=99)).assignee_id == 1


def test_a_reopened_pool_task_goes_back_to_the_pool_member_who_had_it_and_is_offered_to_no_one():
    s = repair(stewards=(), pool=(steward(8, firm=2), steward(9, firm=3)), last_holder_id=9)
    d = route(s)
    assert (d.assignee_id, d.offered_to, d.lent_by) == (9, (), ())


def test_a_reopened_emergency_goes_back_to_its_holder_and_alerts_everyone_else_on_duty():
    s = repair(category=Category.EMERGENCY, stewards=(steward(1), steward(2)), managers=(person(40),),
               last_holder_id=2)
    d = route(s)
    assert (d.assignee_id, d.alerted, d.may_take) == (2, (1, 40), (2, 1))


def test_a_dispute_goes_to_the_branch_mediator_else_its_secretary():
    s = Situation(category=Category.DISPUTE, mediators=(person(20),), secretaries=(person(21),))
    assert (route(s).handling_org, route(s).assignee_id) == (HandlingOrg.BRANCH, 20)
    s = Situation(category=Category.DISPUTE, mediators=(person(20, on_duty=False),), secretaries=(person(21),))
    assert (route(s).assignee_id, route(s).via) == (21, "secretary")


def test_a_complaint_goes_to_the_branch_secretary_informs_the_supervisor_and_tells_the_firm():
    s = Situation(category=Category.COMPLAINT, firm_id=1, stewards=(steward(1),), managers=(person(40),),
                  secretaries=(person(21),), supervisors=(person(30),))
    d = route(s)
    assert (d.handling_org, d.assignee_id) == (HandlingOrg.BRANCH, 21)
    assert d.informed == (30,) and d.told == (40,)
    assert d.assignee_id not in (1, 40)


def test_an_unanswered_inquiry_goes_to_the_front_desk_else_the_manager():
    s = Situation(category=Category.INQUIRY, front_desk=(person(50),), managers=(person(40),))
    assert (route(s).handling_org, route(s).assignee_id) == (HandlingOrg.FRONT_DESK, 50)
    s = Situation(category=Category.INQUIRY, front_desk=(person(50, on_duty=False),), managers=(person(40),))
    assert route(s).assignee_id == 40


def test_a_returned_ticket_is_routed_to_someone_other_than_who_returned_it():
    s = repair(stewards=(steward(1), steward(2, load=5)), exclude=frozenset({1}))
    assert route(s).assignee_id == 2


def test_praise_finds_every_named_person_and_prefers_the_longest_name():
    names = {1: "李红", 2: "李红梅", 3: "王建国", 4: "赵强"}
    assert praised("感谢李红梅和王建国师傅，修得很快", names) == (2, 3)
    assert praised("谢谢物业", names) == ()


def test_a_resident_inside_the_window_and_under_the_cap_gets_a_customer_message():
    kw = dict(now=NOW, openid="o_r", mini_openid=None)
    assert resident_channel(last_message_at=NOW - timedelta(hours=47), cs_sent_in_window=4, **kw) is PushKind.CUSTOMER
    assert resident_channel(last_message_at=NOW - timedelta(hours=48), cs_sent_in_window=0, **kw) is PushKind.TEMPLATE
    assert resident_channel(last_message_at=NOW, cs_sent_in_window=5, **kw) is PushKind.TEMPLATE
    assert resident_channel(last_message_at=None, cs_sent_in_window=0, **kw) is PushKind.TEMPLATE


def test_a_resident_known_only_to_the_mini_program_gets_a_subscribe_message_or_nothing():
    kw = dict(now=NOW, last_message_at=NOW, cs_sent_in_window=0)
    assert resident_channel(openid="mini:m1", mini_openid="m1", **kw) is PushKind.SUBSCRIBE
    assert resident_channel(openid=None, mini_openid=None, **kw) is None


def test_a_phone_number_is_masked_in_the_middle():
    assert mask_phone("13800138000") == "138****8000"
    assert mask_phone(None) is None
