"""Staff: my duty (值班) — whether I am on duty now and my shifts of the coming week (排班)."""
from __future__ import annotations

from datetime import timezone

from flask.views import MethodView
from flask_smorest import Blueprint
from marshmallow import Schema, fields

from app.api import auth
from app.clock import utcnow
from app.roster.duty import my_duty

bp = Blueprint("roster_api", __name__, url_prefix="/api/v1/staff", description="Duty rosters (排班)")
bp.before_request(auth.require_staff)


class ShiftOut(Schema):
    name = fields.String(metadata={"description": "班次, e.g. 夜班"})
    start = fields.AwareDateTime(metadata={"description": "UTC"})
    end = fields.AwareDateTime(metadata={"description": "UTC"})


class DutyOut(Schema):
    on_duty = fields.Boolean(metadata={"description": "on duty now: the flag and, for a rostered person, a shift"})
    flag = fields.Boolean(metadata={"description": "the manual duty flag; off means off duty whatever the roster"})
    rostered = fields.Boolean(metadata={"description": "on a firm's roster (else on duty while the flag is on)"})
    shifts = fields.List(fields.Nested(ShiftOut), metadata={"description": "my shifts in the coming 7 days"})


@bp.route("/duty")
class MyDutyView(MethodView):
    @bp.response(200, DutyOut)
    def get(self):
        """Am I on duty now, and my shifts of the coming week (leave, swaps, extra shifts and holidays applied)."""
        duty = my_duty(auth.staff().person_id, now=utcnow())
        return {"on_duty": duty.on_duty, "flag": duty.flag, "rostered": duty.rostered,
                "shifts": [{"name": n, "start": s.astimezone(timezone.utc), "end": e.astimezone(timezone.utc)}
                           for n, s, e in duty.shifts]}
