"""Cross-references of an organisation file: every code it names must exist, once."""
from __future__ import annotations

from app.org import yaml_lines
from app.org.errors import OrgFileError
from app.org.models import RoleKind

# The scope each role is held at, and the one it may also name.
ROLE_SCOPE = {
    RoleKind.STEWARD: "firm",
    RoleKind.FRONT_DESK: "firm",
    RoleKind.MANAGER: "estate",
    RoleKind.SECRETARY: "grid",
    RoleKind.MEDIATOR: "grid",
    RoleKind.SUPERVISOR: "community",
}
SCOPES = ("firm", "estate", "grid", "community")


def check_references(doc: dict, raw: dict, known: dict[str, set[str]],
                     known_estate_firms: dict[str, str | None] | None = None) -> None:
    """Raise OrgFileError at the first unknown or duplicate reference. `known_estate_firms` (estate code →
    firm code, from the database) lets a file that names no estates still be held to the estates' firms."""
    codes = {name: set(values) for name, values in known.items()}
    estate_firm: dict[str, str | None] = dict(known_estate_firms or {})
    _define(codes, "firm", [(f["code"], ["firms", i]) for i, f in enumerate(doc["firms"])], raw)
    for ci, community in enumerate(doc["communities"]):
        _define(codes, "community", [(community["code"], ["communities", ci])], raw)
        for gi, grid in enumerate(community["grids"]):
            gpath = ["communities", ci, "grids", gi]
            _define(codes, "grid", [(grid["code"], gpath)], raw)
            for ei, estate in enumerate(grid["estates"]):
                epath = [*gpath, "estates", ei]
                _define(codes, "estate", [(estate["code"], epath)], raw)
                _expect(codes, "firm", estate["firm"], [*epath, "firm"], raw, optional=True)
                estate_firm[estate["code"]] = estate["firm"]
                _check_buildings(codes, estate, epath, raw)
    _define(codes, "person", [(p["code"], ["people", i]) for i, p in enumerate(doc["people"])], raw)
    _check_openids(doc, raw)
    for pi, person in enumerate(doc["people"]):
        for ri, role in enumerate(person["roles"]):
            _check_role(codes, role, ["people", pi, "roles", ri], raw, estate_firm)
    for i, member in enumerate(doc["pool"]):
        _expect(codes, "community", member["community"], ["pool", i, "community"], raw)
        _expect(codes, "person", member["person"], ["pool", i, "person"], raw)
    _define(codes, "equipment", [(e["code"], ["equipment", i]) for i, e in enumerate(doc["equipment"])], raw)
    for i, item in enumerate(doc["equipment"]):
        _expect(codes, "firm", item["firm"], ["equipment", i, "firm"], raw)
        _expect(codes, "community", item["community"], ["equipment", i, "community"], raw)


def _fail(raw: dict, path: list, message: str, *reason) -> None:
    raise OrgFileError(yaml_lines.line_of(raw, path), message, path=path, reason=reason)


def _define(codes: dict, kind: str, items: list[tuple[str, list]], raw: dict) -> None:
    """Codes defined by this file: each once (they may already exist in the database)."""
    seen = codes.setdefault(f"_file_{kind}", set())
    codes.setdefault(kind, set())
    for code, path in items:
        if code in seen:
            _fail(raw, path, f"duplicate {kind} {code!r}", "duplicate", kind, code)
        seen.add(code)
        codes[kind].add(code)


def _expect(codes: dict, kind: str, code: str | None, path: list, raw: dict, optional: bool = False) -> None:
    if code is None and optional:
        return
    if code not in codes.get(kind, set()):
        _fail(raw, path, f"unknown {kind} {code!r}", "unknown", kind, code)


def _check_buildings(codes: dict, estate: dict, path: list, raw: dict) -> None:
    seen: set[str] = set()
    for bi, building in enumerate(estate["buildings"]):
        if building["code"] in seen:
            _fail(raw, [*path, "buildings", bi], f"duplicate building {building['code']!r} in estate {estate['code']}",
                  "duplicate", "building", building["code"])
        seen.add(building["code"])
        codes.setdefault("building", set()).add(f"{estate['code']}/{building['code']}")


def _check_openids(doc: dict, raw: dict) -> None:
    seen: dict[str, str] = {}
    for pi, person in enumerate(doc["people"]):
        openid = person["openid"]
        if openid and openid in seen:
            _fail(raw, ["people", pi, "openid"], f"openid {openid!r} is already {seen[openid]}'s",
                  "openid_taken", openid, seen[openid])
        if openid:
            seen[openid] = person["code"]


def _check_role(codes: dict, role: dict, path: list, raw: dict, estate_firm: dict) -> None:
    kind = role["role"]
    scope = ROLE_SCOPE[kind]
    if role[scope] is None:
        _fail(raw, [*path, scope], f"a {kind.value} is held at a {scope}: give `{scope}:`",
              "scope_missing", kind, scope)
    for other in SCOPES:
        if other != scope and role[other] is not None:
            _fail(raw, [*path, other], f"a {kind.value} is held at a {scope}, not at a {other}",
                  "scope_wrong", kind, scope, other)
    _expect(codes, scope, role[scope], [*path, scope], raw)
    if kind is not RoleKind.STEWARD and (role["buildings"] or role["skills"]):
        _fail(raw, [*path, "skills" if role["skills"] else "buildings"],
              f"only a steward has skills and buildings, not a {kind.value}", "not_steward", kind)
    for bi, ref in enumerate(role["buildings"]):
        _expect(codes, "building", ref, [*path, "buildings", bi], raw)
        estate = ref.split("/", 1)[0]
        if estate in estate_firm and estate_firm[estate] != role["firm"]:
            _fail(raw, [*path, "buildings", bi],
                  f"building {ref} is served by firm {estate_firm[estate]!r}, not {role['firm']!r}",
                  "building_firm", ref, estate_firm[estate])
