"""A page's form, read into the shape the organisation file (or the FAQ file) gives the same thing.

Only reading: what the values may be is the file's schema's and checks' to say (app/org/schemas.py,
app/org/checks.py), so the page refuses exactly what the file refuses.
"""
from __future__ import annotations

import re

from werkzeug.datastructures import MultiDict

from app.org.checks import ROLE_SCOPE
from app.org.models import RoleKind

ROLE_ROWS_FREE = 2  # empty role rows offered under a person's roles


def _text(form: MultiDict, name: str) -> str | None:
    value = (form.get(name) or "").strip()
    return value or None


def _words(text: str | None) -> list[str]:
    return [w.strip() for w in (text or "").replace("，", ",").split(",") if w.strip()]


def person(form: MultiDict) -> dict:
    """Person fields and the role rows roles-N-…; a row with neither role nor scope is left out."""
    data = {"code": _text(form, "code") or "", "name": _text(form, "name") or "", "phone": _text(form, "phone"),
            "on_duty": form.get("on_duty") == "on", "roles": []}
    rows = sorted({int(key.split("-")[1]) for key in form if key.startswith("roles-") and key.split("-")[1].isdigit()})
    for n in rows:
        role = _role(form, n)
        if role is not None:
            data["roles"].append(role)
    return data


def _role(form: MultiDict, n: int) -> dict | None:
    kind, scope = _text(form, f"roles-{n}-role"), _text(form, f"roles-{n}-scope")
    skills, buildings = form.getlist(f"roles-{n}-skills"), form.getlist(f"roles-{n}-buildings")
    if kind is None and scope is None and not skills and not buildings:
        return None
    try:
        key = ROLE_SCOPE[RoleKind(kind)]
    except ValueError:
        key = "firm"  # the schema refuses the role itself, at its field
    role = {"role": kind or "", key: scope}
    if skills:
        role["skills"] = skills
    if buildings:
        role["buildings"] = buildings
    return role


def role_rows(person_doc: dict | None) -> list[dict]:
    """A person's roles as the form's rows (role, scope, skills, buildings), and free rows to add one."""
    rows = []
    for role in (person_doc or {}).get("roles", []):
        key = ROLE_SCOPE[RoleKind(role["role"])]
        rows.append({"role": role["role"], "scope": role.get(key) or "", "skills": role.get("skills", []),
                     "buildings": role.get("buildings", [])})
    return rows + [{"role": "", "scope": "", "skills": [], "buildings": []} for _ in range(ROLE_ROWS_FREE)]


def firm(form: MultiDict) -> dict:
    return {"code": _text(form, "code") or "", "name": _text(form, "name") or "", "phone": _text(form, "phone")}


def community(form: MultiDict) -> dict:
    return {"code": _text(form, "code") or "", "name": _text(form, "name") or ""}


def grid(form: MultiDict) -> dict:
    return {"code": _text(form, "code") or "", "name": _text(form, "name") or "", "branch": _text(form, "branch")}


def estate(form: MultiDict) -> dict:
    """Buildings one a line: `3`, or `3 2` for building 3 with 2 units. 户数 left empty is None: not known."""
    data = {"code": _text(form, "code") or "", "name": _text(form, "name") or "", "firm": _text(form, "firm"),
            "households": _whole_number(_text(form, "households")),
            "buildings": [_building(line) for line in (form.get("buildings") or "").splitlines() if line.strip()]}
    lat, lng = _text(form, "lat"), _text(form, "lng")
    if lat or lng:
        data["location"] = {"lat": lat, "lng": lng}
    return data


def _whole_number(text: str | None) -> int | str | None:
    """Up to 9 digits (a minus sign allowed) as the number they write; any other text as it is, for the schema
    to refuse (a longer run of digits counts no households either, and int() refuses thousands of them)."""
    return int(text) if text is not None and re.fullmatch(r"-?\d{1,9}", text) else text


def _building(line: str):
    parts = line.split()
    return parts[0] if len(parts) == 1 else {"code": parts[0], "units": parts[1]}


def buildings_text(estate_doc: dict | None) -> str:
    items = (estate_doc or {}).get("buildings", [])
    return "\n".join(b if isinstance(b, str) else f"{b['code']} {b['units']}" for b in items)


def faq_entry(form: MultiDict) -> dict:
    return {"question": _text(form, "question") or "", "keywords": _words(form.get("keywords")),
            "answer": _text(form, "answer") or "", "estates": _words(form.get("estates"))}
