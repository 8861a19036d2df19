"""The cross-validation curve's figures: asked, misrouted and right-when-not-asking."""

from bots.classify import Reading
from bots.tuning import figures


def test_figures_count_asked_and_misrouted_readings_apart():
    got = [("repair", Reading("repair")), ("repair", Reading("praise", choices=("praise", "repair"))),
           ("dispute", Reading("complaint")), ("inquiry", Reading("inquiry"))]
    assert figures(got) == {"category": 0.5, "asked": 0.25, "misrouted": 0.25, "answered_right": 2 / 3}


def test_figures_of_nothing_are_zero():
    assert figures([]) == {"category": 0.0, "asked": 0.0, "misrouted": 0.0, "answered_right": 0.0}
