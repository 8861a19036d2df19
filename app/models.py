"""Every domain's tables, imported in one place so Flask-Migrate sees them all."""
from app.org.models import (  # noqa: F401
    Branch, Building, CommitteeMember, Community, Equipment, Estate, Firm, Grid, OwnersCommittee, Person, PoolMember, Role,
    Street, steward_building,
)
from app.pushes.models import Push  # noqa: F401
from app.tickets.models import (  # noqa: F401
    Attachment, ResponsePolicy, Ticket, TicketCounter, TicketEvent,
)
from app.residents.models import Resident  # noqa: F401
from app.tracking.models import Escalation, LadderRung  # noqa: F401
from app.routing.models import Praise, TaskOffer, Urge  # noqa: F401
from app.accounts.models import Account  # noqa: F401
from app.dashboard import models as dashboard_indexes  # noqa: F401  - indexes on ticket
from app.wechat.models import AccessToken, InboundMessage, SignedRequest  # noqa: F401
from app.health.models import Heartbeat  # noqa: F401
from app.intake.models import FaqEntry, IntakeCorrection  # noqa: F401
from app.handoff.models import Handoff, Unit, UnitAsk, UnitAskEscalation  # noqa: F401
from app.roster.models import RosterException, RosterLine, Shift  # noqa: F401
from app.care.models import (  # noqa: F401
    CareEscalation, CareHousehold, CareLadderRung, CareTicket, CareVisit, CareVolunteer, care_carer,
)
from app.meetings.models import Decision, DecisionEscalation, Meeting, MeetingItem  # noqa: F401
from app.hotline.models import HotlineOrder  # noqa: F401
from app.duplicates.models import TicketFollower, TicketMerge  # noqa: F401
from app.notices.models import Notice  # noqa: F401
from app.org.audit import AuditEntry  # noqa: F401
from app.targets.models import Target  # noqa: F401
from app.surveys.models import Survey, SurveyAnswer, SurveyScore  # noqa: F401
from app.assessments.models import Assessment, AssessmentScore  # noqa: F401
