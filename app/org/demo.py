"""The demo street: the organisation file and its FAQ, seeded once into a database without a street."""
from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path

from app.org.importer import ImportCounts, import_org
from app.org.service import has_street
from app.intake.faq_commands import DEMO_FAQ
from app.intake.faq import import_faq
from app.transaction import use_case

DEMO_FILE = Path(__file__).resolve().parent / "data" / "demo.yaml"


@dataclass(frozen=True)
class Seeded:
    org: ImportCounts
    faq_entries: int


@use_case
def seed_demo(*, force: bool = False) -> Seeded | None:
    """The demo street and its FAQ in one transaction; None, changing nothing, when a street is there
    already, so `make run` never undoes what an operator changed since (duty flags, the FAQ)."""
    if has_street() and not force:
        return None
    org = import_org(DEMO_FILE.read_text(encoding="utf-8"))
    return Seeded(org, import_faq(DEMO_FAQ.read_text(encoding="utf-8")))
