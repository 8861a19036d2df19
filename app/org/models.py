"""Street → community → grid → estate → building; firms, branches and people's roles."""
from __future__ import annotations

import enum

import sqlalchemy as sa
from sqlalchemy.orm import Mapped, mapped_column, relationship

from app.db_types import str_enum
from app.extensions import db


class RoleKind(enum.StrEnum):
    STEWARD = "steward"  # 红色管家 (a firm's staff who take jobs; technicians have skills)
    MANAGER = "manager"  # 物业项目经理, of an estate for its firm
    FRONT_DESK = "front_desk"  # 物业前台, of a firm
    SECRETARY = "secretary"  # 网格党支部书记, of a grid
    MEDIATOR = "mediator"  # 调解员, of a grid
    SUPERVISOR = "supervisor"  # 社区督办, of a community


class Street(db.Model):
    id: Mapped[int] = mapped_column(primary_key=True)
    code: Mapped[str] = mapped_column(sa.String(32), unique=True)
    name: Mapped[str] = mapped_column(sa.String(64))


class Community(db.Model):
    id: Mapped[int] = mapped_column(primary_key=True)
    code: Mapped[str] = mapped_column(sa.String(32), unique=True)
    name: Mapped[str] = mapped_column(sa.String(64))
    street_id: Mapped[int] = mapped_column(sa.ForeignKey("street.id"), index=True)

    street: Mapped[Street] = relationship()
    grids: Mapped[list["Grid"]] = relationship(back_populates="community", order_by="Grid.code")


class Grid(db.Model):
    id: Mapped[int] = mapped_column(primary_key=True)
    code: Mapped[str] = mapped_column(sa.String(32), unique=True)
    name: Mapped[str] = mapped_column(sa.String(64))
    community_id: Mapped[int] = mapped_column(sa.ForeignKey("community.id"), index=True)

    community: Mapped[Community] = relationship(back_populates="grids")
    branch: Mapped["Branch | None"] = relationship(back_populates="grid", uselist=False)
    estates: Mapped[list["Estate"]] = relationship(back_populates="grid", order_by="Estate.code")


class Branch(db.Model):
    """A grid's Party branch (网格党支部)."""

    id: Mapped[int] = mapped_column(primary_key=True)
    name: Mapped[str] = mapped_column(sa.String(64))
    grid_id: Mapped[int] = mapped_column(sa.ForeignKey("grid.id"), unique=True)

    grid: Mapped[Grid] = relationship(back_populates="branch")


class Firm(db.Model):
    """A property firm (物业服务企业)."""

    id: Mapped[int] = mapped_column(primary_key=True)
    code: Mapped[str] = mapped_column(sa.String(32), unique=True)
    name: Mapped[str] = mapped_column(sa.String(64))
    phone: Mapped[str | None] = mapped_column(sa.String(32))


class Estate(db.Model):
    """An estate (小区), served by one firm."""

    id: Mapped[int] = mapped_column(primary_key=True)
    code: Mapped[str] = mapped_column(sa.String(32), unique=True)
    name: Mapped[str] = mapped_column(sa.String(64))
    grid_id: Mapped[int] = mapped_column(sa.ForeignKey("grid.id"), index=True)
    firm_id: Mapped[int | None] = mapped_column(sa.ForeignKey("firm.id"), index=True)
    latitude: Mapped[float | None] = mapped_column(sa.Float)
    longitude: Mapped[float | None] = mapped_column(sa.Float)
    # 户数, from the organisation file; None = not given. Rates per 1,000 households read it (app.targets).
    households: Mapped[int | None] = mapped_column(sa.Integer)

    grid: Mapped[Grid] = relationship(back_populates="estates")
    firm: Mapped[Firm | None] = relationship()
    buildings: Mapped[list["Building"]] = relationship(back_populates="estate", order_by="Building.id")
    owners_committee: Mapped["OwnersCommittee | None"] = relationship(uselist=False)


class OwnersCommittee(db.Model):
    """An estate's owners' committee (业委会)."""

    id: Mapped[int] = mapped_column(primary_key=True)
    name: Mapped[str] = mapped_column(sa.String(64))
    estate_id: Mapped[int] = mapped_column(sa.ForeignKey("estate.id"), unique=True)

    members: Mapped[list["CommitteeMember"]] = relationship(back_populates="committee",
                                                            order_by="CommitteeMember.id")


class CommitteeMember(db.Model):
    """A member of an owners' committee (业委会委员), named in the organisation file. A member the file no
    longer lists is kept, inactive, so that the assessments they gave stay theirs (app.assessments)."""

    __table_args__ = (sa.UniqueConstraint("committee_id", "name"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    committee_id: Mapped[int] = mapped_column(sa.ForeignKey("owners_committee.id"))
    name: Mapped[str] = mapped_column(sa.String(64))
    phone: Mapped[str | None] = mapped_column(sa.String(20))
    # The openid the member logs in with (the mini-program's); it alone identifies them to the API.
    openid: Mapped[str | None] = mapped_column(sa.String(64), index=True)
    active: Mapped[bool] = mapped_column(sa.Boolean, default=True, server_default=sa.true())

    committee: Mapped[OwnersCommittee] = relationship(back_populates="members")


class Building(db.Model):
    """A building (楼栋); `code` is its own identifier as residents say it: "3", "A"."""

    __table_args__ = (sa.UniqueConstraint("estate_id", "code"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    estate_id: Mapped[int] = mapped_column(sa.ForeignKey("estate.id"))
    code: Mapped[str] = mapped_column(sa.String(16))
    units: Mapped[int | None] = mapped_column(sa.Integer)

    estate: Mapped[Estate] = relationship(back_populates="buildings")


class Person(db.Model):
    """Anyone who holds a role; one person may hold several (交叉任职)."""

    id: Mapped[int] = mapped_column(primary_key=True)
    code: Mapped[str] = mapped_column(sa.String(32), unique=True)
    name: Mapped[str] = mapped_column(sa.String(64))
    phone: Mapped[str | None] = mapped_column(sa.String(20))
    openid: Mapped[str | None] = mapped_column(sa.String(64), unique=True)
    on_duty: Mapped[bool] = mapped_column(sa.Boolean, default=True, server_default=sa.true())
    staff_number: Mapped[str | None] = mapped_column(sa.String(32))  # 工号, named to residents (三告知)
    party_member: Mapped[bool] = mapped_column(sa.Boolean, default=False, server_default=sa.false())  # 亮身份
    # Carried by the person's API tokens; raised when their roles change or their account is disabled,
    # so that every token issued before stops working at the next request.
    token_version: Mapped[int] = mapped_column(sa.Integer, default=0, server_default="0")

    roles: Mapped[list["Role"]] = relationship(
        back_populates="person", cascade="all, delete-orphan", order_by="Role.id"
    )


steward_building = sa.Table(
    "steward_building",
    db.metadata,
    sa.Column("role_id", sa.ForeignKey("role.id", ondelete="CASCADE"), primary_key=True),
    sa.Column("building_id", sa.ForeignKey("building.id"), primary_key=True),
)


class Role(db.Model):
    """A person's role at a scope: a firm, an estate, a grid or a community."""

    id: Mapped[int] = mapped_column(primary_key=True)
    person_id: Mapped[int] = mapped_column(sa.ForeignKey("person.id"), index=True)
    kind: Mapped[RoleKind] = mapped_column(str_enum(RoleKind))
    firm_id: Mapped[int | None] = mapped_column(sa.ForeignKey("firm.id"), index=True)
    estate_id: Mapped[int | None] = mapped_column(sa.ForeignKey("estate.id"), index=True)
    grid_id: Mapped[int | None] = mapped_column(sa.ForeignKey("grid.id"), index=True)
    community_id: Mapped[int | None] = mapped_column(sa.ForeignKey("community.id"), index=True)
    # Comma-separated skill names (plumbing, electrical, lift, access_control, …).
    skills: Mapped[str] = mapped_column(sa.String(200), default="", server_default="")

    person: Mapped[Person] = relationship(back_populates="roles")
    buildings: Mapped[list[Building]] = relationship(secondary=steward_building, order_by="Building.id")

    @property
    def skill_set(self) -> frozenset[str]:
        return frozenset(s for s in self.skills.split(",") if s)


class PoolMember(db.Model):
    """A steward a firm lends to its community's shared pool (人物拆借)."""

    __table_args__ = (sa.UniqueConstraint("community_id", "person_id"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    community_id: Mapped[int] = mapped_column(sa.ForeignKey("community.id"))
    person_id: Mapped[int] = mapped_column(sa.ForeignKey("person.id"), index=True)
    skills: Mapped[str] = mapped_column(sa.String(200), default="", server_default="")

    person: Mapped[Person] = relationship()

    @property
    def skill_set(self) -> frozenset[str]:
        return frozenset(s for s in self.skills.split(",") if s)


class Equipment(db.Model):
    """Equipment a firm shares with its community (人物拆借)."""

    id: Mapped[int] = mapped_column(primary_key=True)
    code: Mapped[str] = mapped_column(sa.String(32), unique=True)
    name: Mapped[str] = mapped_column(sa.String(64))
    firm_id: Mapped[int] = mapped_column(sa.ForeignKey("firm.id"), index=True)
    community_id: Mapped[int] = mapped_column(sa.ForeignKey("community.id"), index=True)
