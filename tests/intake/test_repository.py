"""The conversation's repository: one upsert reads (or creates) the resident as the ORM object."""
import sqlalchemy as sa

from app.extensions import db
from app.intake.repository import resident_for, save_dialogue
from app.residents.models import Resident


def test_a_known_resident_is_read_with_the_window_reopened_and_saves_what_changes(ctx, now):
    db.session.add(Resident(openid="o_res", phone="13800000000", created_at=now, subscribed=True,
                            cs_sent_in_window=3, dialogue_state={"step": "ask_phone"}))
    db.session.commit()
    db.session.expunge_all()

    resident = resident_for("o_res", now=now)
    assert (resident.openid, resident.phone, resident.cs_sent_in_window, resident.last_message_at,
            resident.dialogue_state) == ("o_res", "13800000000", 0, now, {"step": "ask_phone"})

    resident.phone = "13911112222"
    save_dialogue(resident, None, now=now)
    db.session.commit()
    stored = db.session.execute(sa.select(Resident.phone, Resident.dialogue_state)
                                .where(Resident.openid == "o_res")).one()
    assert tuple(stored) == ("13911112222", None)


def test_a_resident_the_session_already_holds_is_that_object_brought_up_to_date(ctx, now):
    resident = Resident(openid="o_res", created_at=now, subscribed=True, cs_sent_in_window=2)
    db.session.add(resident)
    db.session.commit()
    assert resident.cs_sent_in_window == 2  # loaded: the session holds it

    assert resident_for("o_res", now=now) is resident  # a message reopens the window: the counter goes back to 0
    assert (resident.cs_sent_in_window, resident.last_message_at) == (0, now)


def test_an_unfollow_leaves_the_window_as_it_was(ctx, now):
    first = resident_for("o_new", now=now)
    assert first.subscribed and first.last_message_at == now

    later = resident_for("o_new", now=now.replace(hour=5), interaction=False)

    assert later.last_message_at == now
