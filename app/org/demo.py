"""Extras of the demo beyond the organisation file; domains add theirs here."""


def seed_extras() -> None:
    """The demo's question–answer list (routing); residents' homes come with their domains."""
    from app.routing.commands import DEMO_FAQ, load_file

    load_file(DEMO_FAQ)
