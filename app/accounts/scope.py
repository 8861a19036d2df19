"""Pure rules: which tickets an account may see, from its roles or its direct scope fields."""
from __future__ import annotations

from dataclasses import dataclass
from typing import Iterable, Protocol

from app.org.models import RoleKind

# A clause is a conjunction of (ticket column, id); a scope is the union of its clauses.
Clause = tuple[tuple[str, int], ...]


class RoleLike(Protocol):
    kind: RoleKind
    firm_id: int | None
    estate_id: int | None
    grid_id: int | None
    community_id: int | None


@dataclass(frozen=True)
class Scope:
    clauses: tuple[Clause, ...]

    @property
    def is_empty(self) -> bool:
        return not self.clauses

    def allows(self, ticket_fields: dict[str, int | None]) -> bool:
        """Whether a ticket with these frozen ids (community_id, grid_id, firm_id, estate_id) is in scope."""
        return any(all(ticket_fields.get(col) == value for col, value in clause) for clause in self.clauses)


def clause_for_role(role: RoleLike) -> Clause | None:
    """社区督办 → the community; 网格党支部书记 → the grid; 物业项目经理 → the firm (at the estate managed)."""
    if role.kind == RoleKind.SUPERVISOR and role.community_id:
        return (("community_id", role.community_id),)
    if role.kind == RoleKind.SECRETARY and role.grid_id:
        return (("grid_id", role.grid_id),)
    if role.kind == RoleKind.MANAGER and role.firm_id:
        at_estate = (("estate_id", role.estate_id),) if role.estate_id else ()
        return (("firm_id", role.firm_id),) + at_estate
    return None


def direct_clauses(*, community_id: int | None, firm_id: int | None, grid_id: int | None) -> list[Clause]:
    named = (("community_id", community_id), ("firm_id", firm_id), ("grid_id", grid_id))
    return [((col, value),) for col, value in named if value]


def scope_for(roles: Iterable[RoleLike], *, community_id: int | None = None, firm_id: int | None = None,
              grid_id: int | None = None) -> Scope:
    clauses = [c for c in map(clause_for_role, roles) if c is not None]
    clauses += direct_clauses(community_id=community_id, firm_id=firm_id, grid_id=grid_id)
    return Scope(tuple(dict.fromkeys(clauses)))
