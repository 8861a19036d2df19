"""A notice as the API and the dashboard show it."""
from __future__ import annotations

from app.notices import texts
from app.notices.models import Notice


def notice(n: Notice, community: str, estate: str | None) -> dict:
    return {"id": n.id, "kind": n.kind.value, "kind_name": texts.kind_name(n.kind.value), "text": n.text,
            "place": texts.place(community, estate, n.buildings), "starts_at": n.starts_at, "ends_at": n.ends_at,
            "sent_customer": n.sent_customer, "sent_template": n.sent_template, "not_reached": n.not_reached,
            "not_reached_why": n.not_reached_why or {}, "answered": n.answered}
