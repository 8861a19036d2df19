"""Who may see and touch a ticket: pure rules over a caller's scopes and a ticket's facts."""
from __future__ import annotations

from dataclasses import dataclass

from app.pushes.channels import mask_phone
from app.staff.redact import redact
from app.pushes.texts import DISPUTE_HIDDEN
from app.tickets.models import Category, HandlingOrg
from app.tickets.rules import TicketError


class Forbidden(TicketError):
    code = "forbidden"


@dataclass(frozen=True)
class StaffScope:
    """A person's scopes, from their roles (one person may hold several: 交叉任职)."""

    person_id: int
    code: str = ""
    name: str | None = None
    staff_number: str | None = None  # 工号 and Party membership: named to residents on acceptance (三告知)
    party_member: bool = False
    steward_firms: frozenset[int] = frozenset()
    managed_estates: frozenset[int] = frozenset()
    secretary_grids: frozenset[int] = frozenset()
    mediator_grids: frozenset[int] = frozenset()
    supervised_communities: frozenset[int] = frozenset()
    front_desk_firms: frozenset[int] = frozenset()
    pool_communities: frozenset[int] = frozenset()  # lent to these communities' shared pools


@dataclass(frozen=True)
class TicketFacts:
    category: Category
    estate_id: int
    firm_id: int | None
    grid_id: int
    community_id: int
    handling_org: HandlingOrg | None
    assignee_id: int | None
    resident_openid: str | None
    offered_to_caller: bool = False  # an open offer: the pool's, or an emergency's (first to accept wins)
    once_offered_to_caller: bool = False  # an offer, open or closed since (taken by someone, routed again)


def works_at(staff: StaffScope, t: TicketFacts) -> bool:
    """A current role where the ticket is: its firm, estate, grid or community, or the community's pool.
    An assignment or an offer outlives a role taken away by an import; the access does not."""
    return (t.firm_id in staff.steward_firms or t.firm_id in staff.front_desk_firms or manages(staff, t)
            or in_branch(staff, t) or supervises(staff, t) or t.community_id in staff.pool_communities)


def holds(staff: StaffScope, t: TicketFacts) -> bool:
    return t.assignee_id == staff.person_id and works_at(staff, t)


def offered(staff: StaffScope, t: TicketFacts) -> bool:
    return t.offered_to_caller and works_at(staff, t)


def manages(staff: StaffScope, t: TicketFacts) -> bool:
    return t.estate_id in staff.managed_estates


def in_branch(staff: StaffScope, t: TicketFacts) -> bool:
    return t.grid_id in staff.secretary_grids or t.grid_id in staff.mediator_grids


def supervises(staff: StaffScope, t: TicketFacts) -> bool:
    return t.community_id in staff.supervised_communities


def can_see(staff: StaffScope, t: TicketFacts) -> bool:
    """Assigned or ever offered to them (the offer's push links to the ticket, and someone alerted
    may read it after another took it), their estates (manager), their grid (branch), their community."""
    return (holds(staff, t) or (t.once_offered_to_caller and works_at(staff, t)) or manages(staff, t)
            or in_branch(staff, t)
            or supervises(staff, t))


def sees_content(staff: StaffScope, t: TicketFacts) -> bool:
    """A dispute's content is for the branch that handles it and the supervisor only."""
    if t.category is not Category.DISPUTE:
        return True
    return in_branch(staff, t) or supervises(staff, t)


def sees_phone(staff: StaffScope, t: TicketFacts) -> bool:
    """The resident's full number is for the person who holds the ticket only."""
    return holds(staff, t)


@dataclass(frozen=True)
class View:
    """What one viewer may read of one ticket; the API, the dashboard and its timeline all ask this."""

    phone: bool  # the resident's number in full
    content: bool  # the resident's words at all (a dispute's are the branch's and the supervisor's)

    def phone_of(self, phone: str | None) -> str | None:
        return phone if self.phone else mask_phone(phone)

    def text(self, words: str | None) -> str | None:
        """The resident's words (description, messages): hidden, or with numbers masked, or in full."""
        if not self.content:
            return DISPUTE_HIDDEN
        return self.numbers(words)

    def numbers(self, text: str | None) -> str | None:
        """Any other free text (notes, reasons, comments): phones and ID numbers masked unless allowed."""
        return text if self.phone else redact(text)


def view_of(staff: StaffScope, t: TicketFacts) -> View:
    return View(phone=sees_phone(staff, t), content=sees_content(staff, t))


def can_accept(staff: StaffScope, t: TicketFacts) -> bool:
    """The holder, or anyone with an open offer (every offer closes at the first acceptance)."""
    return holds(staff, t) or offered(staff, t)


def can_reassign(staff: StaffScope, t: TicketFacts) -> bool:
    """Managers reassign their estates' firm tickets; the branch secretary their grid's branch tickets;
    the community's supervisor any of the community's."""
    if supervises(staff, t):
        return True
    if t.handling_org is HandlingOrg.BRANCH:
        return t.grid_id in staff.secretary_grids
    return manages(staff, t)


def oversees(staff: StaffScope, t: TicketFacts) -> bool:
    """Those who answer for the ticket's handling above its holder: the estate's firm manager, the grid's
    branch secretary, the community's supervisor. They may press the holder (督办), write an internal note
    and close a ticket opened by mistake (误报关闭)."""
    return manages(staff, t) or t.grid_id in staff.secretary_grids or supervises(staff, t)


def can_reclassify(staff: StaffScope, t: TicketFacts) -> bool:
    """改类重派: the holder, the estate's firm manager, the grid's branch secretary or the community's
    supervisor, and only one who may read the resident's words (a dispute's are the branch's)."""
    allowed = holds(staff, t) or manages(staff, t) or t.grid_id in staff.secretary_grids or supervises(staff, t)
    return allowed and sees_content(staff, t)


def check(allowed: bool, what: str) -> None:
    if not allowed:
        raise Forbidden(f"you may not {what} this ticket")
