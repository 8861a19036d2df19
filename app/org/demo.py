"""The demo street: the organisation file and its FAQ, seeded once into a database without a street."""
from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime
from pathlib import Path

import sqlalchemy as sa

from app.extensions import db
from app.org.importer import ImportCounts, import_org
from app.org.models import Building, Estate
from app.residents.models import Resident
from app.org.service import has_street
from app.intake.faq_commands import DEMO_FAQ
from app.intake.faq import import_faq
from app.transaction import use_case

DEMO_FILE = Path(__file__).resolve().parent / "data" / "demo.yaml"
# The simulator's residents (app.wechat.simulator_service.DEMO_RESIDENTS) and their registered homes
# (openid, estate, building, unit, room), so that the bot knows where they live, as it would after 登记.
DEMO_HOMES = (("o_sim_zhangayi", "YGHY", "3", "2", "501"), ("o_sim_lishifu", "JSJY", "9", "1", "302"),
              ("o_sim_wangxiansheng", "XFXQ", "8", "1", "201"))


@dataclass(frozen=True)
class Seeded:
    org: ImportCounts
    faq_entries: int


@use_case
def seed_demo(*, now: datetime, force: bool = False) -> Seeded | None:
    """The demo street, its FAQ and the simulator's residents' homes in one transaction; None,
    changing nothing, when a street is there already, so `make run` never undoes what an operator
    changed since (duty flags, the FAQ)."""
    if has_street() and not force:
        return None
    org = import_org(DEMO_FILE.read_text(encoding="utf-8"))
    seeded = Seeded(org, import_faq(DEMO_FAQ.read_text(encoding="utf-8")))
    for home in DEMO_HOMES:
        _register_demo_home(*home, now=now)
    return seeded


def _register_demo_home(openid: str, estate_code: str, building_code: str, unit: str, room: str, *,
                        now: datetime) -> None:
    """Recorded unconfirmed, as 登记 does; a resident the simulator already knows keeps their row."""
    resident = db.session.scalar(sa.select(Resident).where(Resident.openid == openid))
    if resident is None:
        resident = Resident(openid=openid, created_at=now)
        db.session.add(resident)
    resident.estate = db.session.scalar(sa.select(Estate).where(Estate.code == estate_code))
    resident.building = db.session.scalar(sa.select(Building).where(
        Building.estate_id == resident.estate.id, Building.code == building_code))
    resident.unit, resident.room = unit, room
