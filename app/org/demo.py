"""Extras of the demo beyond the organisation file; domains add theirs here."""


def seed_extras() -> None:
    """Nothing beyond the organisation file yet (residents' homes, FAQ come with their domains)."""
