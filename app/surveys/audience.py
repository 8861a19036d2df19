"""Who hears of a survey, and by which WeChat message (app.pushes.channels' rule, as notices use it).

A customer message with the whole survey inside the resident's 48-hour window and under its cap
(queued ones count), else a template message whose link opens the survey in the mini-program; a
resident known only to the mini-program would need their consent for this very message, so they are
not pushed to (they find the survey in the mini-program), and neither is one who unfollowed.
One push per resident and survey: the outbox's dedupe key. Those pushed to carry the survey as
pending on their row, which is how the chat knows a reply may be an answer.
"""
from __future__ import annotations

from dataclasses import dataclass, field
from datetime import datetime

import sqlalchemy as sa

from app.clock import local_day
from app.extensions import db
from app.notices.audience import _customer_queued
from app.pushes.channels import resident_channel
from app.pushes.models import PushKind
from app.pushes.service import enqueue_many
from app.pushes.texts import field as template_field
from app.residents.models import Resident
from app.surveys import texts
from app.surveys.models import Survey


@dataclass
class Reach:
    customer: int = 0
    template: int = 0
    not_reached: dict[str, int] = field(default_factory=dict)  # why → how many

    def miss(self, why: str) -> None:
        self.not_reached[why] = self.not_reached.get(why, 0) + 1


def push_survey(survey: Survey, *, now: datetime) -> Reach:
    """Write the survey's pushes into the outbox and mark it pending on those pushed to."""
    rows = db.session.execute(_addressees(survey)).all()
    queued = _customer_queued([r.openid for r in rows])
    reach, pushes, marked = Reach(), [], []
    for r in rows:
        kind = resident_channel(now=now, openid=r.openid, last_message_at=r.last_message_at,
                                cs_sent_in_window=r.cs_sent_in_window + queued.get(r.openid, 0),
                                mini_openid=r.mini_openid) if r.subscribed else None
        if kind is PushKind.CUSTOMER:
            reach.customer += 1
        elif kind is PushKind.TEMPLATE:
            reach.template += 1
        else:
            reach.miss("mini_only" if r.subscribed else "unsubscribed")
            continue
        pushes.append(_push(survey, r, kind))
        marked.append(r.id)
    enqueue_many(pushes, now=now)
    if marked:
        db.session.execute(sa.update(Resident).where(Resident.id.in_(marked)).values(survey_pending_id=survey.id)
                           .execution_options(synchronize_session=False))
    return reach


def _addressees(survey: Survey) -> sa.Select:
    """Residents whose registered home is in the survey's estate."""
    r = Resident
    return (sa.select(r.id, r.openid, r.mini_openid, r.subscribed, r.last_message_at, r.cs_sent_in_window)
            .where(r.estate_id == survey.estate_id).order_by(r.id))


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
