"""as_resident(): the ORM resident made from touch()'s row, without reading it a second time."""
import sqlalchemy as sa

from app.extensions import db
from app.intake.resident_rows import as_resident, touch
from app.residents.models import Resident
from sql_counting import counted


def test_the_resident_comes_from_the_touched_row_with_no_second_read_and_saves_what_changes(ctx, now):
    db.session.add(Resident(openid="o_res", phone="13800000000", created_at=now, subscribed=True,
                            cs_sent_in_window=3, dialogue_state={"step": "ask_phone"}))
    db.session.commit()
    db.session.expunge_all()

    row = touch("o_res", now=now)
    with counted() as statements:
        resident = as_resident(row)
        assert (resident.openid, resident.phone, resident.cs_sent_in_window, resident.created_at,
                resident.dialogue_state) == ("o_res", "13800000000", 0, now, {"step": "ask_phone"})
    assert statements == []  # every column came with touch()
    assert not db.session.is_modified(resident)

    resident.phone = "13911112222"
    with counted() as statements:
        db.session.flush()
    assert len(statements) == 1 and statements[0].startswith("UPDATE resident SET phone=")
    db.session.commit()
    assert db.session.scalar(sa.select(Resident.phone).where(Resident.openid == "o_res")) == "13911112222"


def test_a_resident_the_session_already_holds_is_that_object_brought_up_to_date(ctx, now):
    resident = Resident(openid="o_res", created_at=now, subscribed=True, cs_sent_in_window=2)
    db.session.add(resident)
    db.session.commit()
    assert resident.cs_sent_in_window == 2  # loaded: the session holds it

    row = touch("o_res", now=now)  # a message reopens the window: the counter goes back to 0
    assert as_resident(row) is resident
    assert (resident.cs_sent_in_window, resident.last_message_at) == (0, now)
