import sqlalchemy as sa

from app.extensions import db
from app.org.models import Community, Estate, Firm, Grid, Person, Role, RoleKind
from app.intake.models import FaqEntry


def count(model) -> int:
    return db.session.scalar(sa.select(sa.func.count()).select_from(model))


def test_the_demo_street_is_modelled_on_real_practice(runner):
    result = runner.invoke(args=["seed-demo"])
    assert result.exit_code == 0, result.output
    assert count(Community) >= 2 and count(Grid) >= 4 and count(Estate) >= 6 and count(Firm) >= 3
    assert all(estate.buildings for estate in db.session.scalars(sa.select(Estate)))
    kinds = set(db.session.scalars(sa.select(Role.kind)))
    assert {RoleKind.STEWARD, RoleKind.MANAGER, RoleKind.SECRETARY, RoleKind.MEDIATOR, RoleKind.SUPERVISOR} <= kinds
    skills = {s for r in db.session.scalars(sa.select(Role).where(Role.kind == RoleKind.STEWARD)) for s in r.skill_set}
    assert {"plumbing", "electrical", "lift", "access_control"} <= skills
    cross = [p for p in db.session.scalars(sa.select(Person)) if len({r.kind for r in p.roles}) > 1]
    assert cross, "at least one cross-appointed person (交叉任职)"
    assert count(FaqEntry) > 0


def on_duty(code: str) -> bool:
    db.session.expire_all()
    return db.session.scalar(sa.select(Person.on_duty).where(Person.code == code))


def faq_questions() -> list[str]:
    return list(db.session.scalars(sa.select(FaqEntry.question).order_by(FaqEntry.id)))


def change_what_an_operator_would(runner, tmp_path) -> str:
    """`org duty … off` on a steward the demo puts on duty, and an FAQ of one question: the steward's code."""
    code = db.session.scalar(sa.select(Person.code).where(Person.on_duty.is_(True)).order_by(Person.code))
    assert runner.invoke(args=["org", "duty", code, "off"]).exit_code == 0
    faq = tmp_path / "faq.yaml"
    faq.write_text("faq:\n  - question: 电梯年检什么时候？\n    keywords: [电梯年检]\n    answer: 每年三月。\n",
                   encoding="utf-8")
    assert runner.invoke(args=["faq", "import", str(faq)]).exit_code == 0
    return code


def test_seeding_again_keeps_the_operators_duty_flags_and_faq(runner, tmp_path):
    runner.invoke(args=["seed-demo"])
    code = change_what_an_operator_would(runner, tmp_path)
    result = runner.invoke(args=["seed-demo"])
    assert result.exit_code == 0 and "already holds a street: nothing was seeded" in result.output
    assert on_duty(code) is False and faq_questions() == ["电梯年检什么时候？"]


def test_a_database_with_another_street_is_not_seeded(runner, tmp_path):
    street = tmp_path / "org.yaml"
    street.write_text("street: {code: QT, name: 其他街道}\n", encoding="utf-8")
    assert runner.invoke(args=["org", "import", str(street)]).exit_code == 0
    assert "nothing was seeded" in runner.invoke(args=["seed-demo"]).output
    assert count(Estate) == 0 and count(FaqEntry) == 0


def test_force_loads_the_demo_again_over_the_operators_changes(runner, tmp_path):
    runner.invoke(args=["seed-demo"])
    code = change_what_an_operator_would(runner, tmp_path)
    result = runner.invoke(args=["seed-demo", "--force"])
    assert result.exit_code == 0, result.output
    assert on_duty(code) is True and "电梯年检什么时候？" not in faq_questions() and len(faq_questions()) > 1
