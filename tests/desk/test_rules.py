"""The phone a resident gives at the desk, and who may open a ticket where: pure rules."""
import pytest

from app.desk.rules import EstateFacts, mainland_phone, may_open_at
from app.staff.access import StaffScope

ESTATE = EstateFacts(estate_id=1, firm_id=10, grid_id=20, community_id=30)


@pytest.mark.parametrize("given, stored", [
    ("13800138000", "13800138000"), ("138 0013 8000", "13800138000"), ("+86 138-0013-8000", "13800138000"),
    ("8613800138000", "13800138000"), ("010-62345678", "010-62345678"), ("(0571) 8765 4321", "0571-87654321"),
    ("02087654321", "020-87654321"), ("0755-2345678", "0755-2345678"),
])
def test_a_mainland_mobile_or_a_landline_with_its_area_code_is_stored_in_one_form(given, stored):
    assert mainland_phone(given) == stored


@pytest.mark.parametrize("given", [
    "12800138000",  # no mobile starts 12
    "1380013800",  # ten digits
    "62345678",  # a landline without its area code
    "010-02345678",  # a local number never starts with 0
    "0123-4567890",  # 01 is Beijing's 010 only
    "+1 415 555 0100", "852-23456789", "138OO138000", "",
])
def test_anything_else_is_not_a_phone(given):
    assert mainland_phone(given) is None


@pytest.mark.parametrize("scope", [
    StaffScope(person_id=1, front_desk_firms=frozenset({10})), StaffScope(person_id=1, steward_firms=frozenset({10})),
    StaffScope(person_id=1, managed_estates=frozenset({1})), StaffScope(person_id=1, secretary_grids=frozenset({20})),
    StaffScope(person_id=1, supervised_communities=frozenset({30})),
])
def test_the_front_desk_stewards_managers_secretaries_and_supervisors_open_where_they_work(scope):
    assert may_open_at(scope, ESTATE)


@pytest.mark.parametrize("scope", [
    StaffScope(person_id=1), StaffScope(person_id=1, front_desk_firms=frozenset({11})),
    StaffScope(person_id=1, managed_estates=frozenset({2})), StaffScope(person_id=1, mediator_grids=frozenset({20})),
    StaffScope(person_id=1, pool_communities=frozenset({30})),
])
def test_nobody_opens_a_ticket_outside_their_scope(scope):
    assert not may_open_at(scope, ESTATE)


def test_an_estate_without_a_firm_is_open_to_no_firm_role():
    assert not may_open_at(StaffScope(person_id=1, front_desk_firms=frozenset({10})),
                           EstateFacts(estate_id=1, firm_id=None, grid_id=20, community_id=30))
