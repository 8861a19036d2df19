"""A 12345 order from start to finish: in (file or API), on both clocks, answered, exported, sent back."""
import io
from datetime import timedelta

import openpyxl
import sqlalchemy as sa

from app.extensions import db
from app.hotline.models import HotlineOrder
from app.org.models import RoleKind
from app.tickets.models import Status, Ticket
from app.tracking import service as tracking
from app.tracking.models import Escalation
from tests.api.helpers import token
from tests.factories import create_person
from tests.hotline.files import csv_file, order

STAFF = "/api/v1/staff/tickets"


def test_an_order_is_imported_worked_answered_exported_and_sent_back(runner, client, street, tmp_path, clock):
    path = csv_file(tmp_path, [order("SX100", street.estate.code, text="1栋厨房水管漏水")])
    assert runner.invoke(args=["hotline", "import", str(path)]).exit_code == 0
    found = db.session.scalars(sa.select(HotlineOrder)).one()
    ticket, steward = found.ticket, street.steward
    assert ticket.assignee_id == steward.id

    clock.advance(minutes=3)
    for step in ("accept", "arrive"):
        assert client.post(f"{STAFF}/{ticket.id}/{step}", headers=token(steward)).status_code == 200
    r = client.post(f"{STAFF}/{ticket.id}/resolve", headers=token(steward),
                    json={"note": "更换了水管接头", "hotline_reply": "已上门更换厨房水管接头，居民确认不再漏水。"})
    assert r.status_code == 200 and r.json["hotline_number"] == "SX100"
    db.session.refresh(found)
    assert (found.reply, found.replied_at) == ("已上门更换厨房水管接头，居民确认不再漏水。", clock.moment)

    out = tmp_path / "replies.xlsx"
    result = runner.invoke(args=["hotline", "export", "--since", "2026-11-21", "--out", str(out)])
    assert result.exit_code == 0 and "1 单办理结果" in result.output
    sheet = openpyxl.load_workbook(io.BytesIO(out.read_bytes())).active
    rows = list(sheet.iter_rows(values_only=True))
    assert rows[0][:3] == ("工单编号", "本系统工单号", "办理结果")
    assert rows[1] == ("SX100", ticket.number, "已上门更换厨房水管接头，居民确认不再漏水。", "2026-11-21 10:03",
                       "2026-11-21 10:03", "是", "是", 0)
    later = tmp_path / "later.xlsx"
    runner.invoke(args=["hotline", "export", "--since", "2026-11-22", "--out", str(later)])
    assert len(list(openpyxl.load_workbook(later).active.iter_rows())) == 1  # the header alone

    # The hotline sends the answer back: the ticket opens again and is routed; the same file again changes nothing.
    clock.advance(hours=2)
    back = csv_file(tmp_path, [order("SX100", street.estate.code, text="1栋厨房水管漏水", 退回原因="居民反映仍在漏水")],
                    name="returned.csv")
    result = runner.invoke(args=["hotline", "import", str(back)])
    assert result.exit_code == 0 and "热线退回 1 单" in result.output
    db.session.refresh(found)
    assert (found.returned_count, found.return_reason, found.reply) == (1, "居民反映仍在漏水", None)
    assert db.session.get(Ticket, ticket.id).status is Status.DISPATCHED  # reopened and routed again
    assert "热线退回 0 单" in runner.invoke(args=["hotline", "import", str(back)]).output
    db.session.refresh(found)
    assert found.returned_count == 1


def test_the_hotlines_sooner_sign_for_deadline_drives_the_ladder(runner, street, tmp_path, clock, now):
    path = csv_file(tmp_path, [order("SX7", street.estate.code, sign="2026-11-21 10:04")])
    runner.invoke(args=["hotline", "import", str(path)])
    ticket = db.session.scalars(sa.select(Ticket)).one()
    tracking.sweep(now=clock.advance(minutes=5))  # past the hotline's 10:04, before our 10:10
    fired = db.session.scalars(sa.select(Escalation).where(Escalation.ticket_id == ticket.id)).all()
    assert [(e.clock.value, e.rung) for e in fired] == [("respond", 1)]
    assert fired[0].due_at == now + timedelta(minutes=4)


def test_a_front_desk_enters_an_order_by_hand_through_the_api_and_the_same_number_again_is_the_same_ticket(
        client, street):
    desk = create_person(roles=[{"kind": RoleKind.FRONT_DESK, "firm_id": street.estate.firm_id}])
    body = {"channel": "hotline_12345", "phone": "13900003333", "text": "2栋电梯停了两天", "estate": street.estate.code,
            "hotline": {"number": "SX-HAND-1", "sign_due_at": "2026-11-21T10:30:00+08:00",
                        "reply_due_at": "2026-11-21T20:00:00+08:00"}}
    r = client.post(STAFF, headers=token(desk), json=body)
    assert r.status_code == 201 and (r.json["channel"], r.json["hotline_number"]) == ("hotline_12345", "SX-HAND-1")
    assert r.json["resolve_due_at"] == "2026-11-21T12:00:00+00:00"
    again = client.post(STAFF, headers=token(desk), json=body)
    assert again.status_code == 201 and again.json["id"] == r.json["id"]
    other = client.post(STAFF, headers=token(desk), json={**body, "text": "别的事"})
    assert (other.status_code, other.json["code"]) == (422, "hotline_order_conflict")
    backwards = client.post(STAFF, headers=token(desk), json={**body, "hotline": {
        **body["hotline"], "number": "SX-HAND-2", "reply_due_at": "2026-11-21T10:00:00+08:00"}})
    assert backwards.status_code == 422 and "reply_due_at" in backwards.json["errors"]["json"]["hotline"]
    bare = client.post(STAFF, headers=token(desk), json={k: v for k, v in body.items() if k != "hotline"})
    assert (bare.status_code, bare.json["code"]) == (422, "hotline_fields_required")
    assert db.session.scalar(sa.select(sa.func.count()).select_from(Ticket)) == 1


def test_a_reclassified_order_keeps_the_hotlines_sooner_deadlines(runner, client, street, tmp_path):
    path = csv_file(tmp_path, [order("SX8", street.estate.code, sign="2026-11-21 10:04", reply="2026-11-21 12:00")])
    runner.invoke(args=["hotline", "import", str(path)])
    ticket = db.session.scalars(sa.select(Ticket)).one()
    r = client.post(f"{STAFF}/{ticket.id}/reclassify", headers=token(street.supervisor),
                    json={"category": "complaint", "reason": "居民投诉物业长期不修"})
    assert r.status_code == 200 and r.json["category"] == "complaint"
    assert (r.json["respond_due_at"], r.json["resolve_due_at"]) == ("2026-11-21T02:04:00+00:00",
                                                                     "2026-11-21T04:00:00+00:00")
