"""The bot's precision in production: how often staff corrected its reading (改类重派), by the category
it read. Counted over the tickets the bot opened (source wechat) in the period, in SQL."""
from __future__ import annotations

from dataclasses import dataclass

import sqlalchemy as sa

from app.accounts.scope import Scope
from app.dashboard import rules, sql
from app.extensions import db
from app.tickets.models import Category, Channel, Ticket

BOT_SOURCE = Channel.WECHAT  # tickets the bot read from a resident's message (the mini-program's carry their choice)


@dataclass(frozen=True)
class Precision:
    category: Category  # what the bot read
    read: int  # tickets it read as this category
    corrected: int  # of those, how many staff reclassified to another category

    @property
    def corrected_share(self) -> float | None:
        return rules.rate(self.corrected, self.read)

    @property
    def precision(self) -> float | None:
        return None if not self.read else 1 - self.corrected / self.read


def bot_precision(scope: Scope, period: rules.Period) -> list[Precision]:
    """One row per category the bot read in the period; a ticket corrected back to what the bot read
    counts as read right."""
    read_as = sa.func.coalesce(Ticket.opened_category, Ticket.category)
    corrected = sa.and_(Ticket.opened_category.is_not(None), Ticket.opened_category != Ticket.category)
    rows = db.session.execute(
        sa.select(read_as.label("read_as"), sa.func.count(), sa.func.count(sa.case((corrected, 1))))
        .where(sql.in_scope(scope), Ticket.channel == BOT_SOURCE, sql.opened_between(period.start, period.end))
        .group_by(read_as)).all()
    found = {Category(r.read_as): Precision(Category(r.read_as), r[1], r[2]) for r in rows}
    return [found[c] for c in Category if c in found]


def total(rows: list[Precision]) -> Precision | None:
    """All categories together (its category field is unused), or None when the bot read nothing."""
    if not rows:
        return None
    return Precision(rows[0].category, sum(r.read for r in rows), sum(r.corrected for r in rows))
