"""Who hears of a survey, and by which WeChat message (app.pushes.broadcast: what the platform allows).

A customer message carries the whole survey; a template message links to it in the mini-program, where a
resident the official account cannot reach finds it too. One push per resident and survey: the outbox's
dedupe key. Those pushed to carry the survey as pending on their row, which is how the chat knows a reply
may be an answer.
"""
from __future__ import annotations

from datetime import datetime

import sqlalchemy as sa

from app.clock import local_day
from app.extensions import db
from app.pushes.broadcast import ADDRESSEE_COLUMNS, Reach, broadcast
from app.pushes.models import PushKind
from app.pushes.texts import field as template_field
from app.residents.models import Resident
from app.surveys import texts
from app.surveys.models import Survey


def push_survey(survey: Survey, *, now: datetime) -> Reach:
    """Write the survey's pushes into the outbox and mark it pending on those pushed to."""
    rows = db.session.execute(_addressees(survey)).all()
    reach, reached = broadcast(rows, lambda r, kind: _push(survey, r, kind), now=now)
    marked = [r.id for r in reached]
    if marked:
        db.session.execute(sa.update(Resident).where(Resident.id.in_(marked)).values(survey_pending_id=survey.id)
                           .execution_options(synchronize_session=False))
    return reach


def _addressees(survey: Survey) -> sa.Select:
    """Residents whose registered home is in the survey's estate."""
    r = Resident
    return sa.select(*ADDRESSEE_COLUMNS).where(r.estate_id == survey.estate_id).order_by(r.id)


def _push(survey: Survey, r, kind: PushKind) -> dict:
    closes = local_day(survey.closes_at)
    data = {"title": template_field(texts.title(survey.estate.name, survey.first, survey.last)),
            "period": template_field(texts.period_name(survey.first, survey.last)),
            "deadline": template_field(f"{closes.month}月{closes.day}日前")}
    template = {"data": data, "page": f"pages/survey/index?id={survey.id}"}
    if kind is PushKind.CUSTOMER:
        text = texts.invitation(survey.estate.name, survey.first, survey.last, survey.questions,
                                survey.open_question, closes)
        payload = {"text": text, "fallback": {"template": "survey", **template}}
    else:
        payload = template
    return dict(kind=kind, purpose="survey", payload=payload, recipient_openid=r.openid,
                template=None if kind is PushKind.CUSTOMER else "survey", dedupe_key=f"survey:s{survey.id}:r{r.id}")
