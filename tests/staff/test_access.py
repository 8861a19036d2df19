"""Who may read and touch a ticket: pure rules, no database."""
from app.staff.access import StaffScope, TicketFacts, can_accept, holds, view_of
from app.staff.redact import ID_CARD_MASK
from app.pushes.texts import DISPUTE_HIDDEN
from app.tickets.models import Category, HandlingOrg

WORDS = "打我电话13912345678，身份证110101199003071234"


def facts(**overrides) -> TicketFacts:
    base = dict(category=Category.REPAIR, estate_id=1, firm_id=10, grid_id=100, community_id=1000,
                handling_org=HandlingOrg.FIRM, assignee_id=7, resident_openid="o_r")
    return TicketFacts(**{**base, **overrides})


def test_the_assignee_holds_the_ticket_only_while_a_steward_of_its_firm():
    assert holds(StaffScope(person_id=7, steward_firms=frozenset({10})), facts())
    assert not holds(StaffScope(person_id=7, steward_firms=frozenset({11})), facts())


def test_a_pool_member_may_accept_an_offer_only_while_in_the_communitys_pool():
    offer = facts(assignee_id=None, offered_to_caller=True)
    assert can_accept(StaffScope(person_id=8, pool_communities=frozenset({1000})), offer)
    assert not can_accept(StaffScope(person_id=8, steward_firms=frozenset({11})), offer)


def test_the_holder_reads_everything_and_a_manager_reads_the_words_with_numbers_masked():
    holder = view_of(StaffScope(person_id=7, steward_firms=frozenset({10})), facts())
    manager = view_of(StaffScope(person_id=9, managed_estates=frozenset({1})), facts())
    assert (holder.phone_of("13800138000"), holder.text(WORDS)) == ("13800138000", WORDS)
    assert manager.phone_of("13800138000") == "138****8000"
    assert manager.text(WORDS) == f"打我电话139****5678，身份证{ID_CARD_MASK}"


def test_a_disputes_words_are_for_the_branch_and_the_supervisor_only():
    dispute = facts(category=Category.DISPUTE, handling_org=HandlingOrg.BRANCH, assignee_id=None)
    assert view_of(StaffScope(person_id=9, managed_estates=frozenset({1})), dispute).text(WORDS) == DISPUTE_HIDDEN
    for reader in (StaffScope(person_id=5, mediator_grids=frozenset({100})),
                   StaffScope(person_id=6, supervised_communities=frozenset({1000}))):
        assert view_of(reader, dispute).text(WORDS).startswith("打我电话139****5678")
