import sqlalchemy as sa

from app.extensions import db
from app.org.models import Community, Estate, Firm, Grid, Person, Role, RoleKind


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


def test_seeding_twice_changes_nothing(runner):
    runner.invoke(args=["seed-demo"])
    result = runner.invoke(args=["seed-demo"])
    assert result.exit_code == 0 and "nothing to change" in result.output
