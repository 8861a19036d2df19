"""The dialogue's inputs (Incoming, Context), its output (Turn) and the actions the app executes."""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass, field

from bots.opinion import SecondReader

INCOMING_KINDS = ("text", "voice", "image", "location", "menu")
# A rating at or below this reopens the ticket: the bot says so, and the app (app.tickets.rules) does it.
LOW_RATING = 2


@dataclass(frozen=True)
class Incoming:
    """One message from the resident, already decoded by the app."""

    kind: str = "text"
    text: str | None = None          # text, or WeChat's voice recognition (None: not recognised)
    media_id: str | None = None      # image
    estate_code: str | None = None   # location: the estate the app matched, if any
    menu_key: str | None = None      # menu: "report", "progress" or "help"


@dataclass(frozen=True)
class Home:
    """The resident's registered home."""

    estate_code: str
    estate_name: str = ""
    building: str | None = None
    unit: str | None = None
    room: str | None = None
    phone: str | None = None


@dataclass(frozen=True)
class TicketLine:
    """One of the resident's open tickets, as the app describes it."""

    number: str
    category: str
    status: str  # a label the resident can read, e.g. "处理中"


@dataclass(frozen=True)
class Tickets:
    """The resident's open tickets and the resolved one awaiting a rating."""

    open: tuple[TicketLine, ...] = ()
    awaiting_rating: str | None = None       # number of a resolved ticket waiting for a 1–5 rating


@dataclass(frozen=True)
class Problem:
    """A request about to be read back, as the app needs it to find the same problem already open."""

    estate: str
    building: str | None  # None: a common area (小区公共区域)
    category: str
    skill: str | None
    room: str | None = None


@dataclass(frozen=True)
class SimilarTicket:
    """An open ticket that looks like the same problem (one ticket per problem): its number and a
    summary the app words without the other resident's words ('3号楼 电梯报修，已派单')."""

    number: str
    summary: str


@dataclass(frozen=True)
class NoticeLine:
    """An active notice to residents (公告), as the app describes it."""

    id: int
    kind: str      # water, power, gas, lift, storm, event, other
    text: str
    place: str     # '阳光小区3号楼、5号楼', '全社区'
    period: str    # '12月4日 08:00 至 18:00' (Asia/Shanghai)
    active: bool = True  # started and not ended; one still to come is listed, never answers a report


@dataclass(frozen=True)
class Context:
    """What the app knows about the resident and their estate, read from the database."""

    home: Home | None = None
    buildings: tuple[str, ...] = ()          # the estate's building identifiers; () means unknown
    phone_known: bool = False
    # Every estate the service covers, as (code, name); () means the app does not say (no question asked).
    estates: tuple[tuple[str, str], ...] = ()
    # Each estate's building identifiers, as (code, buildings); () means only `buildings` is known.
    estate_buildings: tuple[tuple[str, tuple[str, ...]], ...] = ()
    # The resident's tickets, or a function that reads them: called once, the first time the
    # dialogue looks (only a cancel or a rating-like reply does), so most messages skip the query.
    tickets: Tickets | Callable[[], Tickets] = Tickets()
    # A second reader of new requests (the app's LLM reader, bots.opinion); None: the local reader alone.
    second_reader: SecondReader | None = None
    # The operator's question–answer list: answer(text, estate_code) -> the answer or None; None: no list.
    answer: Callable[[str, str | None], str | None] | None = None
    # Open tickets that look like the same problem: similar(problem) -> the likeliest first; None: not asked.
    similar: Callable[[Problem], tuple[SimilarTicket, ...]] | None = None
    # Active notices for a place: notices(estate_code, building) -> those covering it; None: no notices.
    notices: Callable[[str | None, str | None], tuple[NoticeLine, ...]] | None = None

    @property
    def open_tickets(self) -> tuple[TicketLine, ...]:
        return self._tickets().open

    @property
    def awaiting_rating(self) -> str | None:
        return self._tickets().awaiting_rating

    def _tickets(self) -> Tickets:
        if callable(self.tickets):
            object.__setattr__(self, "tickets", self.tickets())  # read once; frozen otherwise
        return self.tickets

    def buildings_for(self, estate_code: str | None) -> tuple[str, ...]:
        """The buildings of the estate a request is about; () when unknown."""
        if not self.estate_buildings:
            return self.buildings
        return next((b for code, b in self.estate_buildings if code == estate_code), ())


@dataclass(frozen=True)
class OpenTicket:
    """Open a ticket; the app replies with messages.ticket_opened(number, category)."""

    category: str
    skill: str | None
    building: str | None
    unit: str | None
    room: str | None
    phone: str | None
    description: str
    media_ids: tuple[str, ...] = ()
    estate: str | None = None
    hazard: str | None = None  # emergency only


@dataclass(frozen=True)
class CancelTicket:
    """Cancel one of the resident's tickets; reply with messages.ticket_cancelled(number)."""

    number: str


@dataclass(frozen=True)
class RateTicket:
    """Rate a resolved ticket 1–5; a score ≤ 2 reopens it (messages.rating_reopened)."""

    number: str
    score: int
    comment: str | None = None


@dataclass(frozen=True)
class UrgeTicket:
    """Hurry one of the resident's open tickets (催单); reply with messages.ticket_urged(number)."""

    number: str


@dataclass(frozen=True)
class AddPhone:
    """Put the resident's number on their open emergency ticket; reply with messages.phone_added(number)."""

    phone: str


@dataclass(frozen=True)
class ShowTickets:
    """Show the resident's tickets with messages.ticket_list([(number, status), …])."""


@dataclass(frozen=True)
class RegisterHome:
    """Record the resident's home (登记房屋); reply with messages.home_registered(...)."""

    estate: str
    building: str | None
    unit: str | None
    room: str | None


@dataclass(frozen=True)
class FollowTicket:
    """"Me too": link the resident to an open ticket of the same problem (no new ticket, push or clock);
    reply with messages.following(number)."""

    number: str
    media_ids: tuple[str, ...] = ()  # photos sent with the request go to the ticket followed


@dataclass(frozen=True)
class NoticeAnswered:
    """The resident's report was answered by an active notice: the app counts it on the notice."""

    notice_id: int


Action = (OpenTicket | CancelTicket | RateTicket | ShowTickets | RegisterHome | UrgeTicket | AddPhone
          | FollowTicket | NoticeAnswered)


@dataclass(frozen=True)
class Turn:
    """The dialogue's answer: state to store (None: forget), replies to send, actions to run."""

    new_state: dict | None
    replies: list[str] = field(default_factory=list)
    actions: list[Action] = field(default_factory=list)
