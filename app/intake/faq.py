"""The operator's question–answer list (常见问题): import from YAML, answer inquiries from it."""
from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime

import sqlalchemy as sa
from marshmallow import Schema, fields, validate

from app.extensions import db
from app.org import audit, yaml_lines
from app.org.models import Estate
from app.intake.models import FaqEntry
from app.transaction import use_case


class FaqFileError(yaml_lines.FileError):
    pass


class _EntrySchema(Schema):
    question = fields.String(required=True, validate=validate.Length(min=1, max=200))
    keywords = fields.List(fields.String(validate=validate.Length(min=1, max=40)), required=True,
                           validate=validate.Length(min=1))
    answer = fields.String(required=True, validate=validate.Length(min=1, max=2000))
    estates = fields.List(fields.String(validate=validate.Length(min=1, max=32)), load_default=list)


class _FileSchema(Schema):
    faq = fields.List(fields.Nested(_EntrySchema), required=True)


@dataclass(frozen=True)
class Match:
    score: int
    specific: bool
    entry_id: int


def find_answer(text: str, *, estate_code: str | None = None) -> str | None:
    """The answer to an inquiry from the list, or None when nothing in it matches."""
    best: tuple[Match, str] | None = None
    for entry in db.session.scalars(sa.select(FaqEntry).order_by(FaqEntry.id)):
        match = _match(entry, text, estate_code)
        if match and (best is None or (match.score, match.specific) > (best[0].score, best[0].specific)):
            best = (match, entry.answer)
    return best[1] if best else None


def _match(entry: FaqEntry, text: str, estate_code: str | None) -> Match | None:
    estates = [e for e in entry.estates.split(",") if e]
    if estates and estate_code not in estates:
        return None
    score = sum(1 for word in entry.keywords.split(",") if word and word in text)
    return Match(score, bool(estates), entry.id) if score else None


@use_case
def import_faq(text: str, *, who: str = audit.CLI, now: datetime | None = None) -> int:
    """Replace the whole list with the file's; all or nothing. Returns the number of entries."""
    return _replace(parse(text), who=who, via="cli", now=now)


@use_case
def replace_faq_data(data: dict, *, who: str, now: datetime) -> int:
    """The list as an administration page edited it (`{"faq": [...]}`), held to the file's checks."""
    doc = yaml_lines.validate(data, _FileSchema(), error=FaqFileError)
    _check_estates(doc, data)
    return _replace(doc, who=who, via="page", now=now)


def _replace(doc: dict, *, who: str, via: str, now: datetime | None) -> int:
    before = snapshot()
    db.session.execute(sa.delete(FaqEntry))
    for item in doc["faq"]:
        db.session.add(FaqEntry(question=item["question"], keywords=",".join(item["keywords"]),
                                answer=item["answer"], estates=",".join(item["estates"])))
    db.session.flush()
    audit.record_changes(before, snapshot(), who=who, via=via, now=now)
    return len(doc["faq"])


def entries() -> list[dict]:
    """The list as the file gives it."""
    return [{"question": e.question, "keywords": [w for w in e.keywords.split(",") if w], "answer": e.answer,
             "estates": [c for c in e.estates.split(",") if c]}
            for e in db.session.scalars(sa.select(FaqEntry).order_by(FaqEntry.id))]


def snapshot() -> dict[str, dict]:
    """One audit entry per question ("faq:停水怎么办" → the entry)."""
    return {f"faq:{item['question']}": item for item in entries()}


def parse(text: str) -> dict:
    doc, raw = yaml_lines.load_validated(text, _FileSchema(), error=FaqFileError,
                                         expected="a mapping with `faq:`, a list of entries")
    _check_estates(doc, raw)
    return doc


def _check_estates(doc: dict, raw: dict) -> None:
    known = set(db.session.scalars(sa.select(Estate.code)))
    for i, item in enumerate(doc["faq"]):
        for code in item["estates"]:
            if code not in known:
                raise FaqFileError(yaml_lines.line_of(raw, ["faq", i, "estates"]), f"unknown estate {code!r}",
                                   path=["faq", i, "estates"], reason=("unknown", "estate", code))
