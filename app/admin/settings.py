"""The street's settings on the administration pages (the operator's): response policies, the escalation
ladder and the FAQ, through the same checks and writers as `flask sla …` and `flask faq import`."""
from __future__ import annotations

from datetime import datetime

from marshmallow import ValidationError

from app.admin import texts
from app.admin.rules import AdminScope, field_of
from app.admin.service import NotFound, Refused
from app.intake import faq
from app.org.schemas import PolicySchema
from app.tickets.models import Category
from app.tracking import ladder, rules
from app.tracking.models import Clock
from app.transaction import use_case


def _operator_only(scope: AdminScope) -> None:
    if not scope.edits_settings:
        raise NotFound("the operator's")


@use_case
def save_policy(scope: AdminScope, category: Category, form: dict, *, by: str, now: datetime) -> None:
    """A category's policy as the organisation file's `response_policies:` reads it (`-`: no clock)."""
    _operator_only(scope)
    try:
        policy = PolicySchema().load({k: form.get(k, "") for k in ("respond", "arrive", "resolve")})
    except ValidationError as exc:
        raise Refused({field: texts.FIELD_HINTS[field] for field in exc.messages}) from exc
    ladder.set_policy(category, respond=policy["respond"], arrive=policy["arrive"], resolve=policy["resolve"],
                      who=by, via="page", now=now)


@use_case
def save_rung(scope: AdminScope, form: dict, *, by: str, now: datetime) -> int:
    """Add or change a rung of a clock's ladder; the open tickets' next checks follow."""
    _operator_only(scope)
    try:
        clock = Clock(form.get("clock"))
        rung = int(form.get("rung", ""))
    except ValueError as exc:
        raise Refused({"rung": texts.BAD_RUNG["numbered"]}) from exc
    try:
        notify = rules.parse_targets(",".join(form.get("notify", [])))
    except ValueError as exc:
        raise Refused({"notify": "请至少选择一个通知对象"}) from exc
    try:
        return ladder.set_rung(clock, rung, after_seconds=ladder.parse_after(form.get("after", "")), notify=notify,
                               reassign=form.get("reassign") == "on", who=by, via="page", now=now)
    except ladder.LadderError as exc:
        raise Refused({_RUNG_FIELD.get(exc.reason, "rung"): texts.BAD_RUNG.get(exc.reason, str(exc))}) from exc


_RUNG_FIELD = {"numbered": "rung", "after": "after", "reassign_clock": "reassign", "reassign_backup": "notify",
               "last": "rung", "missing": "rung"}


@use_case
def remove_rung(scope: AdminScope, clock: Clock, rung: int, *, by: str, now: datetime) -> int:
    _operator_only(scope)
    try:
        return ladder.remove_rung(clock, rung, who=by, via="page", now=now)
    except ladder.LadderError as exc:
        raise Refused({"rung": texts.BAD_RUNG.get(exc.reason, str(exc))}) from exc


def faq_entries() -> list[dict]:
    return faq.entries()


@use_case
def save_faq_entry(scope: AdminScope, index: int | None, entry: dict, *, by: str, now: datetime) -> bool:
    """Add (index None) or change one question–answer; the list is checked as the FAQ file is. A question
    added twice (a form sent twice) is there once."""
    _operator_only(scope)
    entries = faq.entries()
    if index is None:
        if any(e == entry for e in entries):
            return False
        if any(e["question"] == entry.get("question") for e in entries):
            raise Refused({"question": texts.QUESTION_TAKEN})
        at, entries = len(entries), [*entries, entry]
    elif 0 <= index < len(entries):
        if entries[index] == entry:
            return False
        at, entries[index] = index, entry
    else:
        raise NotFound(index)
    try:
        faq.replace_faq_data({"faq": entries}, who=by, now=now)
    except faq.FaqFileError as exc:
        field = field_of(exc.path, 2) if exc.path[1:2] == [at] else "form"
        raise Refused({field: texts.FIELD_HINTS.get(field, "填写有误") if exc.reason == ("shape",)
                       else texts.refusal(exc, field)}) from exc
    return True


@use_case
def remove_faq_entry(scope: AdminScope, index: int, question: str, *, by: str, now: datetime) -> bool:
    """Remove the entry with this question at this place; a second send finds it gone and changes nothing."""
    _operator_only(scope)
    entries = faq.entries()
    if not (0 <= index < len(entries)) or entries[index]["question"] != question:
        return False
    faq.replace_faq_data({"faq": entries[:index] + entries[index + 1:]}, who=by, now=now)
    return True
