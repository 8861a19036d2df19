"""The conversation's repository: one upsert reads (or creates) the resident as a record; each write is one
UPDATE of the columns it names, and the record follows."""
import sqlalchemy as sa

from app.extensions import db
from app.intake.repository import keep_phone, register_home, resident_for, save_dialogue, set_subscribed
from app.residents.models import Resident
from tests.factories import create_estate


def stored(openid: str, *columns):
    db.session.expire_all()
    return tuple(db.session.execute(sa.select(*columns).where(Resident.openid == openid)).one())


def test_a_known_resident_is_read_with_the_window_reopened_and_saves_what_changes(ctx, now):
    db.session.add(Resident(openid="o_res", phone="13800000000", created_at=now, subscribed=True,
                            cs_sent_in_window=3, dialogue_state={"step": "ask_phone"}))
    db.session.commit()

    resident = resident_for("o_res", now=now)
    assert (resident.openid, resident.phone, resident.dialogue_state) == ("o_res", "13800000000",
                                                                            {"step": "ask_phone"})
    assert stored("o_res", Resident.cs_sent_in_window, Resident.last_message_at) == (0, now)

    keep_phone(resident, "13911112222")
    save_dialogue(resident, None, now=now)
    db.session.commit()
    assert (resident.phone, resident.dialogue_state) == ("13911112222", None)
    assert stored("o_res", Resident.phone, Resident.dialogue_state, Resident.dialogue_updated_at) == (
        "13911112222", None, now)


def test_a_first_contact_creates_the_resident_once(ctx, now):
    first = resident_for("o_new", now=now)
    again = resident_for("o_new", now=now)
    assert first.id == again.id and first.subscribed
    assert db.session.scalar(sa.select(sa.func.count()).select_from(Resident)) == 1


def test_an_unfollow_leaves_the_window_as_it_was(ctx, now):
    first = resident_for("o_new", now=now)
    assert first.subscribed and stored("o_new", Resident.last_message_at) == (now,)

    later = resident_for("o_new", now=now.replace(hour=5), interaction=False)
    set_subscribed(later, False)
    db.session.commit()

    assert stored("o_new", Resident.last_message_at, Resident.subscribed) == (now, False)
    assert later.subscribed is False


def test_a_home_registered_from_the_chat_is_unconfirmed_again(ctx, now):
    estate = create_estate()
    building = estate.buildings[0]
    db.session.add(Resident(openid="o_res", created_at=now, subscribed=True, cs_sent_in_window=0,
                            home_confirmed_at=now))
    db.session.commit()

    resident = resident_for("o_res", now=now)
    register_home(resident, estate_id=estate.id, building_id=building.id, unit="2", room="501")
    db.session.commit()

    assert (resident.estate_id, resident.building_id, resident.unit, resident.room) == (
        estate.id, building.id, "2", "501")
    assert stored("o_res", Resident.estate_id, Resident.room, Resident.home_confirmed_at) == (
        estate.id, "501", None)
