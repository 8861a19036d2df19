"""Committees, members and assessments for the assessment's tests."""
from __future__ import annotations

import itertools
from datetime import date

from app.assessments import rules
from app.assessments.models import Assessment, AssessmentScore
from app.clock import utcnow
from app.extensions import db
from app.org.models import CommitteeMember, Estate, OwnersCommittee

ITEMS = ("attitude", "repairs", "cleaning", "order", "facilities", "party_building")  # the shipped items file
NOVEMBER = date(2026, 11, 1)
_seq = itertools.count(1)


def all_scores(value: int = 4, **overrides) -> dict:
    return {code: overrides.get(code, value) for code in ITEMS}


def create_member(estate: Estate, *, name: str | None = None, openid: str | None = "", **overrides) -> CommitteeMember:
    """A member of the estate's owners' committee (made with the committee when it has none yet)."""
    committee = estate.owners_committee or OwnersCommittee(name=f"{estate.name}业主委员会", estate_id=estate.id)
    n = next(_seq)
    member = CommitteeMember(committee=committee, name=name or f"委员{n}",
                             openid=f"o_member_{n}" if openid == "" else openid, **overrides)
    db.session.add(member)
    db.session.commit()
    return member


def create_assessment(member: CommitteeMember, *, month: date = NOVEMBER, score: int = 4, comment: str = "",
                      **scores) -> Assessment:
    """An assessment as the service keeps it, for any month (the rules on open months are tested elsewhere)."""
    estate = db.session.get(Estate, member.committee.estate_id)
    given = all_scores(score, **scores)
    kept = Assessment(member_id=member.id, estate_id=estate.id, firm_id=estate.firm_id, grid_id=estate.grid_id,
                      community_id=estate.grid.community_id, month=month, mean=rules.mean(given), comment=comment,
                      submitted_at=utcnow(), scores=[AssessmentScore(item=code, score=value)
                                                     for code, value in given.items()])
    db.session.add(kept)
    db.session.commit()
    return kept
