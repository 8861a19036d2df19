"""Both clocks and the hotline's on-time flags: pure rules."""
from datetime import timedelta

from app.hotline.rules import on_time
from app.tickets.rules import sooner
from tests.conftest import NOW

H = timedelta(hours=1)


def test_the_sooner_deadline_wins_and_either_alone_stands():
    assert sooner(NOW + H, NOW) == NOW
    assert sooner(NOW, NOW + H) == NOW
    assert sooner(None, NOW) == NOW and sooner(NOW, None) == NOW
    assert sooner(None, None) is None


def test_done_by_the_deadline_is_on_time_done_after_or_undone_past_it_is_late():
    assert on_time(NOW, NOW, NOW + H) is True
    assert on_time(NOW + H, NOW, NOW + H) is False
    assert on_time(None, NOW, NOW + H) is False


def test_undone_before_the_deadline_is_not_judged_yet():
    assert on_time(None, NOW + H, NOW) is None
