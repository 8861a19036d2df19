"""The simulator after `seed-demo`: its residents have homes, and the bot never asks their estate."""
import sqlalchemy as sa

from app.extensions import db
from app.residents.models import Resident
from app.wechat.simulator_service import DEMO_RESIDENTS
from bots import messages


def say(client, clock, openid, text):
    db.session.rollback()  # the test's own transaction would hold SQLite's write lock
    clock.advance(seconds=1)
    return client.post("/simulator/say", json={"openid": openid, "text": text}).json["reply"]


def test_every_simulator_resident_has_the_home_its_label_names_after_seed_demo(runner):
    assert runner.invoke(args=["seed-demo"]).exit_code == 0
    for openid, label in DEMO_RESIDENTS:
        resident = db.session.scalar(sa.select(Resident).where(Resident.openid == openid))
        assert resident.building is not None and label.endswith(resident.estate.name)
        assert resident.home_confirmed_at is None  # recorded as 登记 records it, unconfirmed


def test_a_demo_resident_is_not_asked_the_estate_for_a_repair_or_a_question(runner, client, clock):
    assert runner.invoke(args=["seed-demo"]).exit_code == 0
    assert say(client, clock, "o_sim_zhangayi", "厨房水管漏水了") == messages.ASK_PHONE
    assert "3号楼2单元501" in say(client, clock, "o_sim_zhangayi", "跳过")
    say(client, clock, "o_sim_zhangayi", "0")  # cancelled: the next message is a new one
    assert "小程序" in say(client, clock, "o_sim_zhangayi", "物业费怎么交？")
    assert "公告栏" in say(client, clock, "o_sim_zhangayi", "阳光花园明天停水吗")
