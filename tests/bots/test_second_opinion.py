"""A second reader's opinion (the app's LLM) joined to the local reading: pure, with a recording reader."""
from datetime import datetime, timezone

from bots.dialogue import step
from bots.models import Context, Home, Incoming, OpenTicket
from bots.opinion import Opinion
from bots.understand import understand

NOW = datetime(2026, 11, 21, 8, 0, tzinfo=timezone.utc)
BUILDINGS = ("1", "2", "3")


class Reader:
    """Answers one opinion (or None) and keeps what it was asked."""

    def __init__(self, opinion: Opinion | None):
        self.opinion, self.asked = opinion, []

    def __call__(self, text, buildings):
        self.asked.append((text, buildings))
        return self.opinion


def test_the_second_readers_category_replaces_the_local_one():
    u = understand("楼上装修太吵了物业也不管", Reader(Opinion("complaint")), BUILDINGS)
    assert (u.category, u.choices) == ("complaint", ())


def test_a_local_reading_that_would_ask_is_settled_by_the_second_reader():
    assert understand("垃圾").unsure
    u = understand("垃圾", Reader(Opinion("complaint")), BUILDINGS)
    assert (u.category, u.unsure) == ("complaint", False)


def test_without_an_opinion_the_local_reading_stands_with_its_question():
    assert understand("垃圾", Reader(None), BUILDINGS) == understand("垃圾")
    assert understand("3栋2单元501厨房水管漏水了", Reader(None), BUILDINGS) == understand("3栋2单元501厨房水管漏水了")


def test_an_emergency_by_the_rules_is_never_sent_to_the_second_reader():
    reader = Reader(Opinion("repair"))
    u = understand("电梯里有人被困住了", reader, BUILDINGS)
    assert (u.category, u.hazard, reader.asked) == ("emergency", "lift", [])


def test_the_second_reader_may_not_call_an_emergency():
    u = understand("3栋走廊灯不亮了", Reader(Opinion("emergency")), BUILDINGS)
    assert u == understand("3栋走廊灯不亮了")
    assert u.category == "repair"


def test_a_message_with_a_fault_is_not_filed_as_praise_by_the_second_reader():
    text = "小区门口的路灯不亮了，晚上出门很危险，希望物业尽快维修，谢谢"
    assert understand(text, Reader(Opinion("praise")), BUILDINGS).category == "repair"


def test_a_known_building_named_by_the_second_reader_gives_the_place_and_the_trade():
    u = understand("三栋二单元五零一水龙头坏了", Reader(Opinion("repair", "3", "2", "501")), BUILDINGS)
    assert (u.building, u.unit, u.room, u.skill, u.in_home) == ("3", "2", "501", "plumbing", True)


def test_without_a_building_from_the_second_reader_the_local_place_stands():
    u = understand("3栋2单元501室，楼上漏水不管", Reader(Opinion("dispute")), BUILDINGS)
    assert (u.category, u.building, u.unit, u.room) == ("dispute", "3", "2", "501")


def test_the_second_reader_gets_the_normalised_head_of_the_message_and_the_buildings():
    reader = Reader(Opinion("repair"))
    understand("３栋灯坏了" + "很" * 2000, reader, BUILDINGS)
    (text, buildings), = reader.asked
    assert text.startswith("3栋灯坏了") and len(text) == 600 and buildings == BUILDINGS


def test_the_dialogue_takes_a_request_down_as_the_second_reader_reads_it_without_asking():
    reader = Reader(Opinion("complaint"))
    ctx = Context(home=Home("XFL", "幸福里", "3", "2", "501", "13812345678"), phone_known=True,
                  estates=(("XFL", "幸福里"), ("YG", "阳光花园")),
                  estate_buildings=(("XFL", ("1", "2", "3")), ("YG", ("A", "B"))), second_reader=reader)
    turn = step(None, Incoming(text="垃圾"), ctx, NOW)
    assert turn.new_state["draft"]["category"] == "complaint" and turn.new_state["awaiting"] == "confirm"
    assert reader.asked == [("垃圾", ("1", "2", "3"))]


def test_the_dialogue_offers_the_buildings_of_the_estate_the_message_names():
    reader = Reader(None)
    ctx = Context(estates=(("XFL", "幸福里"), ("YG", "阳光花园")),
                  estate_buildings=(("XFL", ("1", "2", "3")), ("YG", ("A", "B"))), second_reader=reader)
    step(None, Incoming(text="阳光花园A座电梯坏了"), ctx, NOW)
    assert reader.asked[0][1] == ("A", "B")


def test_the_dialogue_offers_every_known_building_when_the_estate_is_not_known_yet():
    reader = Reader(None)
    ctx = Context(estates=(("XFL", "幸福里"), ("YG", "阳光花园")),
                  estate_buildings=(("XFL", ("1", "2", "3")), ("YG", ("A", "B"))), second_reader=reader)
    turn = step(None, Incoming(text="垃圾"), ctx, NOW)
    assert reader.asked[0][1] == ("1", "2", "3", "A", "B")
    assert turn.new_state["awaiting"] == "category" and not any(isinstance(a, OpenTicket) for a in turn.actions)
