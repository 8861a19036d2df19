"""How a resident hears of progress: a pure rule over WeChat's 48-hour window and its cap."""
from __future__ import annotations

from datetime import datetime, timedelta

from app.pushes.models import PushKind

WINDOW = timedelta(hours=48)  # customer-service messages only within 48 h of the user's last message
CS_CAP = 5  # and at most this many in that window
MINI_PREFIX = "mini:"  # a resident known only to the mini-program (no official-account openid yet)
PHONE_PREFIX = "tel:"  # a resident known only by phone (代报): no WeChat to reach them by


def resident_channel(*, now: datetime, openid: str | None, last_message_at: datetime | None,
                     cs_sent_in_window: int, mini_openid: str | None) -> PushKind | None:
    """Customer message inside the window and under the cap; else template; else subscribe; else none."""
    official = openid if openid and not openid.startswith((MINI_PREFIX, PHONE_PREFIX)) else None
    if official and last_message_at is not None and now - last_message_at < WINDOW \
            and cs_sent_in_window < CS_CAP:
        return PushKind.CUSTOMER
    if official:
        return PushKind.TEMPLATE
    if mini_openid:
        return PushKind.SUBSCRIBE
    return None


def mask_phone(phone: str | None) -> str | None:
    """138****8000: the middle four digits hidden."""
    if not phone:
        return phone
    return phone[:3] + "****" + phone[-4:] if len(phone) >= 8 else "****"
