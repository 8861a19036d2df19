"""The ticket page's actions above the holder: 改派, 督办, 内部备注, 误报关闭 — each a CSRF-checked form that
calls one dashboard use case (the API's staff use case behind it) and comes back to the ticket's timeline."""
from __future__ import annotations

from typing import Callable

from flask import g, redirect, request, url_for
from marshmallow import Schema, ValidationError

from app.clock import utcnow
from app.dashboard import schemas, service
from app.dashboard.auth import check_csrf, login_required
from app.dashboard.views import bp, problems, refused_form
from app.logging_setup import log_context

TICKET = "/tickets/<int:ticket_id>"


@bp.post(f"{TICKET}/reassign")
@login_required
def reassign(ticket_id: int):
    return _act(ticket_id, schemas.ReassignForm(), lambda account, tid, form, now: service.reassign(
        account, tid, to_person_id=form["to_person_id"], reason=(form["reason"] or "").strip() or None, now=now))


@bp.post(f"{TICKET}/supervise")
@login_required
def supervise(ticket_id: int):
    return _act(ticket_id, schemas.SuperviseForm(),
                lambda account, tid, form, now: service.supervise(account, tid, now=now))


@bp.post(f"{TICKET}/note")
@login_required
def note(ticket_id: int):
    return _act(ticket_id, schemas.NoteForm(),
                lambda account, tid, form, now: service.note(account, tid, text=form["text"], now=now))


@bp.post(f"{TICKET}/void")
@login_required
def void(ticket_id: int):
    return _act(ticket_id, schemas.VoidForm(),
                lambda account, tid, form, now: service.void(account, tid, reason=form["reason"].strip(), now=now))


def _act(ticket_id: int, schema: Schema, do: Callable):
    """CSRF, the form checked (refused: the ticket page again, saying why), the use case, back to the page."""
    check_csrf()
    checked = schemas.TicketArgs().load({"ticket_id": ticket_id})["ticket_id"]
    try:
        form = schema.load(request.form.to_dict())
    except ValidationError as exc:
        return refused_form(checked, problems(exc)), 400
    done = do(g.account, checked, form, utcnow())
    log_context(ticket=done.number)
    return redirect(url_for("dashboard.ticket", ticket_id=checked, _anchor="timeline"))
