"""The dashboard's hand-off forms (marshmallow, refused in Chinese), and who acts on the timeline."""
from __future__ import annotations

from datetime import datetime, timezone

from marshmallow import ValidationError, fields, post_load, validate

from app.accounts.models import Account
from app.clock import SHANGHAI
from app.dashboard.schemas import Args, String, label
from app.handoff.models import HandoffTo
from app.tickets.actors import Actor

# A refused form's HTTP status, as the API gives it.
STATUS = {"forbidden": 403, "illegal_transition": 409, "already_handed_off": 409, "not_handed_off": 409,
          "awaiting_unit": 409, "no_unit_asked": 409}


def _words(name: str, max_len: int):
    return String(required=True, validate=[validate.Length(min=1, error=f"请填写{name}"),
                                           validate.Length(max=max_len, error=f"{name}不能超过 {max_len} 字")],
                  error_messages={"required": f"请填写{name}"}, **label(name))


class _TicketForm(Args):
    number = _words("工单编号", 24)
    csrf_token = String(load_default="")


class HandoffForm(_TicketForm):
    to = String(required=True, validate=validate.OneOf([t.value for t in HandoffTo], error="请选择转办给谁"),
                error_messages={"required": "请选择转办给谁"}, **label("转办给"))
    reason = _words("转办原因", 500)

    @post_load
    def _to(self, data, **_kw):
        data["to"] = HandoffTo(data["to"])
        return data


class HandOnForm(_TicketForm):
    unit = _words("单位", 64)
    note = _words("转交说明", 500)


class LocalMinute(fields.Field):
    """A `datetime-local` field (Asia/Shanghai, to the minute) → an aware UTC moment."""

    def _deserialize(self, value, attr, data, **kwargs):
        try:
            moment = datetime.strptime(str(value), "%Y-%m-%dT%H:%M")
        except ValueError:
            raise ValidationError("时间格式有误（应写作 2026-11-01T09:30）")
        return moment.replace(tzinfo=SHANGHAI).astimezone(timezone.utc)


class ReplyForm(_TicketForm):
    said = _words("单位答复内容", 1000)
    at = LocalMinute(required=True, error_messages={"required": "请填写答复时间"}, **label("答复时间"))


def actor_of(account: Account) -> Actor:
    """The account's person on the timeline; an account with a direct scope and no person by its name."""
    if account.person is not None:
        return Actor.person(account.person.id, account.person.code)
    return Actor(label=f"account:{account.username}"[:64])
