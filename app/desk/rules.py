"""Pure rules for a ticket staff open for a resident (代报): the phone they give, who may open where."""
from __future__ import annotations

import re
from dataclasses import dataclass

from app.staff.access import StaffScope

MOBILE = re.compile(r"^1[3-9]\d{9}$")
# 010 and 02x are the three-digit area codes; every other one is 0 and three digits (0571, 0755).
LANDLINE = re.compile(r"^(010|02\d|0[3-9]\d\d)([2-9]\d{6,7})$")
_SEPARATORS = re.compile(r"[\s\-()（）]")

def mainland_phone(raw: str) -> str | None:
    """A mainland mobile (11 digits) or a landline with its area code ("0571-87654321"), written
    the way we store it; None when it is neither. +86 and spaces, dashes and brackets are allowed."""
    digits = _SEPARATORS.sub("", raw or "")
    if digits.startswith("+86"):
        digits = digits[3:]
    elif digits.startswith("86") and len(digits) == 13:
        digits = digits[2:]
    if MOBILE.match(digits):
        return digits
    landline = LANDLINE.match(digits)
    return f"{landline.group(1)}-{landline.group(2)}" if landline else None

@dataclass(frozen=True)
class EstateFacts:
    """Where an estate sits, as the scope rule reads it."""

    estate_id: int
    firm_id: int | None
    grid_id: int
    community_id: int

def may_open_at(staff: StaffScope, e: EstateFacts) -> bool:
    """The front desk and stewards for their firm's estates, a manager for the estates managed, the
    branch secretary for the grid's, the supervisor for the community's."""
    firm = e.firm_id is not None and (e.firm_id in staff.front_desk_firms or e.firm_id in staff.steward_firms)
    return (firm or e.estate_id in staff.managed_estates or e.grid_id in staff.secretary_grids
            or e.community_id in staff.supervised_communities)
