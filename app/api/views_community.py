"""Staff's community-wide steps: merge two tickets about one problem, post and list notices (公告)."""
from __future__ import annotations

from flask import jsonify
from flask.views import MethodView
from flask_smorest import Blueprint

from app.api import auth, present
from app.clock import utcnow
from app.duplicates import service as duplicates
from app.duplicates.rules import MergeRefused
from app.duplicates.schemas import MergeIn
from app.notices import present as notices_present
from app.notices import service as notices
from app.notices.rules import NoticeRefused
from app.notices.schemas import NoticeIn, NoticeOut
from app.api.schemas import TicketDetailOut
from app.staff import service as tasks
from app.staff.access import StaffScope

bp = Blueprint("community", __name__, url_prefix="/api/v1/staff", description="Merging tickets, notices to residents")
bp.before_request(auth.require_staff)


@bp.app_errorhandler(MergeRefused)
@bp.app_errorhandler(NoticeRefused)
def _refused(exc: MergeRefused | NoticeRefused):
    """422 with the rule's Chinese message; someone outside the place gets 403."""
    status = 403 if exc.code == "notice_forbidden" else 422
    response = jsonify({"code": exc.code, "message": exc.message, "detail": str(exc)})
    response.status_code = status
    return response


@bp.route("/tickets/<int(max=2147483647):ticket_id>/merge")
class Merge(MethodView):
    @bp.arguments(MergeIn)
    @bp.response(200, TicketDetailOut)
    def post(self, body, ticket_id):
        """Merge two tickets about one problem (the firm manager, the branch secretary, the supervisor):
        the later closes as merged, its residents follow the earlier, which is returned."""
        staff = auth.staff()
        survivor = duplicates.merge(ticket_id, body["other_ticket_id"], now=utcnow(), staff=staff,
                                    by=tasks.actor(staff))
        return present.detail_for_staff(survivor, staff)


@bp.route("/notices")
class Notices(MethodView):
    @bp.response(200, NoticeOut(many=True))
    def get(self):
        """Notices of my estates, grids and communities, newest first (ended ones for 30 days)."""
        staff = auth.staff()
        rows = notices.recent(now=utcnow(), community_ids=set(staff.supervised_communities),
                              estate_ids=set(staff.managed_estates), grid_ids=set(staff.secretary_grids))
        return [notices_present.notice(*row) for row in rows]

    @bp.arguments(NoticeIn)
    @bp.response(201, NoticeOut)
    def post(self, draft):
        """Post a notice (公告) for an estate, some of its buildings or a whole community; pushed at once
        to residents registered there (how many by which message, and how many not reached, in the answer)."""
        staff = auth.staff()
        posted = notices.post_notice(draft, now=utcnow(), by=tasks.actor(staff), may_post=lambda p: _may_post(staff, p))
        return notices_present.notice(posted, posted.community.name, posted.estate.name if posted.estate else None)


def _may_post(staff: StaffScope, place: notices.Place) -> bool:
    """A community's supervisor anywhere in it; an estate's firm manager and its grid's secretary there."""
    if place.community_id in staff.supervised_communities:
        return True
    return place.estate_id is not None and (place.estate_id in staff.managed_estates
                                            or place.grid_id in staff.secretary_grids)
