"""Who may see and change what on the administration pages (pure).

An operator (运营人员, `Account.operator`) sees and edits the whole organisation and the street's
settings (FAQ, response policies, the ladder). A community supervisor (社区督办: a supervisor role, or an
account whose direct scope is a community) sees their communities, the firms that serve them and the
people who hold a role there; they put those people on or off duty and add or edit a person whose every
role lies in their communities. Anyone else has no administration pages (404).
"""
from __future__ import annotations

from dataclasses import dataclass


@dataclass(frozen=True)
class AdminScope:
    operator: bool
    communities: frozenset[int]

    @property
    def is_empty(self) -> bool:
        return not self.operator and not self.communities

    def sees(self, communities: frozenset[int]) -> bool:
        """A thing touching these communities is shown."""
        return self.operator or bool(self.communities & communities)

    def holds(self, communities: frozenset[int]) -> bool:
        """A thing lying wholly in these communities may be changed (an operator may change anything)."""
        return self.operator or (bool(communities) and communities <= self.communities)

    @property
    def edits_settings(self) -> bool:
        """Firms, the structure, the FAQ, response policies and the ladder are the operator's."""
        return self.operator


ITEM_LISTS = ("roles",)  # lists of items with their own fields, in a form's rows: roles-0-role, roles-0-scope, …


def field_of(path: list, prefix: int) -> str:
    """The form field of a refused path into the document: ["people", 0, "roles", 1, "firm"] → "roles-1-scope"
    (a role's firm, estate, grid or community is typed in its one scope field; a list's item is the list)."""
    names = [str(step) for step in path[prefix:]]
    if names and names[0] not in ITEM_LISTS:
        return names[0]  # a field of the form itself: phone, buildings (a building's units too), location
    if len(names) > 1 and names[-1].isdigit() and names[-2] not in ITEM_LISTS:
        names.pop()  # skills-0 → skills: a list of values is one field
    if len(names) >= 2 and names[-2].isdigit() and names[-1] in ("firm", "estate", "grid", "community"):
        names[-1] = "scope"
    if names and names[-1].isdigit():
        names.append("role")  # the role as a whole: shown at its first field
    return "-".join(names) or "form"
