"""Which community a code of the organisation lies in: the administration pages' scope, in a few queries."""
from __future__ import annotations

from dataclasses import dataclass

import sqlalchemy as sa

from app.extensions import db
from app.org.checks import ROLE_SCOPE
from app.org.models import Building, Community, Estate, Firm, Grid, RoleKind


@dataclass(frozen=True)
class Places:
    by_code: dict[tuple[str, str], int]  # ("community"|"grid"|"estate", code) → community id
    firm_communities: dict[str, frozenset[int]]  # firm code → the communities of the estates it serves
    building_community: dict[str, int]  # "ESTATE/BUILDING" → community id

    def of_role(self, role: dict) -> frozenset[int]:
        """The communities a role (as the file gives it) lies in; none when it names nothing known."""
        try:
            scope = ROLE_SCOPE[RoleKind(role.get("role"))]
        except ValueError:
            return frozenset()
        code = role.get(scope)
        if scope != "firm":
            found = self.by_code.get((scope, code))
            return frozenset() if found is None else frozenset({found})
        if role.get("buildings"):
            found = [self.building_community.get(ref) for ref in role["buildings"]]
            return frozenset() if None in found else frozenset(found)
        return self.firm_communities.get(code, frozenset())

    def of_person(self, person: dict) -> list[frozenset[int]]:
        return [self.of_role(role) for role in person.get("roles", [])]

    def of_estate(self, estate_code: str) -> frozenset[int]:
        found = self.by_code.get(("estate", estate_code))
        return frozenset() if found is None else frozenset({found})


def load() -> Places:
    by_code = {("community", code): cid for cid, code in db.session.execute(sa.select(Community.id, Community.code))}
    by_code |= {("grid", code): cid for code, cid in db.session.execute(sa.select(Grid.code, Grid.community_id))}
    estates = db.session.execute(sa.select(Estate.code, Grid.community_id, Estate.firm_id).join(Estate.grid)).all()
    by_code |= {("estate", code): cid for code, cid, _ in estates}
    firm_codes = dict(db.session.execute(sa.select(Firm.id, Firm.code)).all())
    firms: dict[str, set[int]] = {code: set() for code in firm_codes.values()}
    for _, cid, firm_id in estates:
        if firm_id is not None:
            firms[firm_codes[firm_id]].add(cid)
    buildings = db.session.execute(sa.select(Estate.code, Building.code, Grid.community_id)
                                   .join(Building.estate).join(Estate.grid))
    return Places(by_code, {code: frozenset(ids) for code, ids in firms.items()},
                  {f"{e}/{b}": cid for e, b, cid in buildings})
