"""Photos a steward adds to a ticket from the mobile page: a plain upload or a WeChat JS-SDK upload
fetched by its media id. Pillow reads the bytes; anything that is not a photo, or is over the size
limit (PHOTO_MAX_BYTES), is refused. A kept photo is an Attachment with its bytes, and a timeline entry."""
from __future__ import annotations

import hashlib
import io
import warnings
from datetime import datetime

from flask import current_app
from PIL import Image

from app.h5 import jssdk
from app.staff import access, scopes
from app.staff.access import StaffScope, check
from app.staff.service import actor, load_ticket, visible_ticket
from app.tickets import timeline
from app.tickets.models import Attachment, Status
from app.tickets.rules import IllegalTransition, TicketError
from app.tickets.service import TicketNotFound
from app.transaction import use_case

# What phones send and every browser shows; Pillow's format name → the type it is served with.
IMAGE_TYPES = {"JPEG": "image/jpeg", "PNG": "image/png", "GIF": "image/gif", "WEBP": "image/webp"}
# While the steward works on it: photos of the job, before and after.
PHOTO_STATUSES = frozenset({Status.ACCEPTED, Status.ON_SITE, Status.PAUSED})
MB = 1024 * 1024


class NotAnImage(TicketError):
    code = "not_an_image"


class PhotoTooLarge(TicketError):
    code = "photo_too_large"

    def __init__(self, size: int, limit: int):
        super().__init__(f"photo of {size} bytes is over the limit of {limit} bytes")
        self.facts = {"limit_mb": round(limit / MB, 1)}


def photo_type(data: bytes, *, limit: int) -> str:
    """The photo's content type; PhotoTooLarge over `limit` bytes, NotAnImage unless Pillow reads a photo."""
    if len(data) > limit:
        raise PhotoTooLarge(len(data), limit)
    try:
        with warnings.catch_warnings():
            # A small file that unpacks to a huge picture (a decompression bomb) is refused, not opened.
            warnings.simplefilter("error", Image.DecompressionBombWarning)
            with Image.open(io.BytesIO(data)) as image:
                kind = image.format
                image.verify()
    # Untrusted bytes: Pillow signals a broken or foreign file with many exception types, all of which mean "no".
    except Exception as exc:  # noqa: BLE001
        raise NotAnImage(f"not a readable image ({type(exc).__name__})") from exc
    if kind not in IMAGE_TYPES:
        raise NotAnImage(f"image format {kind} is not accepted")
    return IMAGE_TYPES[kind]


def limit() -> int:
    return current_app.config["PHOTO_MAX_BYTES"]


@use_case
def add_photo(ticket_id: int, data: bytes, *, now: datetime, staff: StaffScope,
              media_id: str | None = None) -> Attachment:
    """The holder adds a photo while working on the ticket; the same photo (its bytes, or WeChat's
    media id) sent twice is kept once."""
    ticket = load_ticket(ticket_id)
    check(access.holds(staff, scopes.ticket_facts(ticket)), "add photos to")
    if ticket.status not in PHOTO_STATUSES:
        raise IllegalTransition("attach", ticket.status)
    content_type = photo_type(data, limit=limit())
    media_id = media_id or f"h5-{hashlib.sha256(data).hexdigest()[:40]}"
    kept = next((a for a in ticket.attachments if a.media_id == media_id), None)
    if kept is not None:
        return kept
    kept = Attachment(media_id=media_id, kind="image", added_at=now, content_type=content_type, content=data)
    ticket.attachments.append(kept)
    timeline.record(ticket, "attach", ticket.status, now=now, by=actor(staff), data={"media_ids": [media_id]})
    return kept


def add_wechat_photo(ticket_id: int, media_id: str, *, now: datetime, staff: StaffScope) -> Attachment:
    """A photo uploaded with the JS-SDK (wx.uploadImage): fetched from WeChat by its media id, then kept
    as a plain upload is."""
    data = jssdk.download_media(media_id, limit=limit())
    return add_photo(ticket_id, data, now=now, staff=staff, media_id=media_id)


def photo_of(ticket_id: int, attachment_id: int, staff: StaffScope) -> Attachment:
    """A kept photo of a ticket the caller may see; 404 for a media id whose bytes the app never had."""
    ticket = visible_ticket(ticket_id, staff)
    found = next((a for a in ticket.attachments if a.id == attachment_id and a.content_type), None)
    if found is None:
        raise TicketNotFound(f"ticket {ticket.number} has no kept photo {attachment_id}")
    return found
