"""What the steward's mobile page (app/h5) needs beyond the steps, for the mini-program alike: the holder's
photos of a ticket (a plain upload, or the JS-SDK's media id), the colleagues to transfer to, the JS-SDK's config."""
from __future__ import annotations

from flask import Response, request
from flask.views import MethodView
from flask_smorest import Blueprint

from app.api import auth, present
from app.clock import utcnow
from app.h5 import jssdk, photos, service
from app.h5.photos import IMAGE_TYPES
from app.h5.schemas import ColleagueOut, JsSdkConfigOut, JsSdkConfigQuery, PhotoIn, PhotoOut, WeChatPhotoIn

bp = Blueprint("staff_mobile", __name__, url_prefix="/api/v1/staff",
               description="Photos, colleagues and the JS-SDK, for the steward's mobile page")
bp.before_request(auth.require_staff)


@bp.before_request
def _bounded_body() -> None:
    """Read no body much past the photo limit: a photo a little over it gets its own message (photo_too_large);
    a body over twice the limit is cut off by Werkzeug as it streams in (413 too_large)."""
    request.max_content_length = 2 * photos.limit()

TICKET = "/tickets/<int(max=2147483647):ticket_id>"
PHOTOS = f"{TICKET}/photos"
IMAGE_CONTENT = {kind: {"schema": {"type": "string", "format": "binary"}} for kind in IMAGE_TYPES.values()}


@bp.route(PHOTOS)
class Photos(MethodView):
    @bp.arguments(PhotoIn, location="files")
    @bp.response(201, PhotoOut)
    def post(self, body, ticket_id):
        """Add a photo (multipart/form-data, field `photo`) while holding the ticket: refused (422) when it
        is not a JPEG, PNG, GIF or WEBP image or is over the size limit; the same photo twice is kept once."""
        staff = auth.staff()
        data = body["photo"].stream.read(photos.limit() + 1)
        return present.photo(photos.add_photo(ticket_id, data, now=utcnow(), staff=staff))


@bp.route(f"{PHOTOS}/wechat")
class WeChatPhotos(MethodView):
    @bp.arguments(WeChatPhotoIn)
    @bp.response(201, PhotoOut)
    def post(self, body, ticket_id):
        """Add a photo uploaded with the JS-SDK (wx.uploadImage): the app fetches it from WeChat by its
        media id and checks it as an upload."""
        staff = auth.staff()
        return present.photo(photos.add_wechat_photo(ticket_id, body["media_id"], now=utcnow(), staff=staff))


@bp.route(f"{PHOTOS}/<int(max=2147483647):photo_id>")
class OnePhoto(MethodView):
    @bp.doc(responses={"200": {"description": "the photo", "content": IMAGE_CONTENT}})
    def get(self, ticket_id, photo_id):
        """A kept photo of a ticket I may see."""
        photo = photos.photo_of(ticket_id, photo_id, auth.staff())
        return Response(photo.content, mimetype=photo.content_type)


@bp.route(f"{TICKET}/colleagues")
class Colleagues(MethodView):
    @bp.response(200, ColleagueOut(many=True))
    def get(self, ticket_id):
        """Whom the holder may transfer the ticket to (转派): the other stewards of its firm."""
        return [{"id": p.id, "name": p.name} for p in service.transfer_targets(ticket_id, auth.staff())]


@bp.route("/jssdk-config")
class JsSdkConfig(MethodView):
    @bp.arguments(JsSdkConfigQuery, location="query")
    @bp.response(200, JsSdkConfigOut)
    def get(self, query):
        """wx.config's signed arguments for the page at `url` (chooseImage, uploadImage)."""
        auth.staff()
        return jssdk.config_for(query["url"])
