"""Setting targets and the year's report, over the scenario street (tests/targets/helpers.py)."""
import pytest
import sqlalchemy as sa

from app.extensions import db
from app.targets import service
from app.targets.models import Target, TargetKind
from app.targets.service import TargetError
from tests.dashboard.scenario import create_account
from tests.targets.helpers import build_target_street

COMPLAINTS, MEDIATION, RESPONSE = TargetKind.COMPLAINT_RATE, TargetKind.MEDIATION_RATE, TargetKind.RESPONSE_IN_TIME


@pytest.fixture
def street(ctx):
    found = build_target_street()
    create_account("duban", person=found.supervisor_a)
    create_account("yunying", operator=True)
    return found


def account(username):
    from app.accounts.models import Account
    return db.session.scalar(sa.select(Account).where(Account.username == username))


def form(street, **overrides) -> dict:
    fields = {"place": f"community:{street.community_a.id}", "year": 2026, "kind": COMPLAINTS, "value": -30.0}
    fields.update(overrides)
    return fields


def test_a_relative_targets_baseline_is_last_years_figure_from_the_tickets(street, now):
    target = service.set_target(account("duban"), form(street), now=now)

    assert target.baseline == 2.0 and not target.baseline_entered
    assert target.set_by == "duban" and target.community_id == street.community_a.id and target.street_id is None


def test_last_years_mediation_and_response_figures_are_the_baselines(street, now):
    mediation = service.set_target(account("duban"), form(street, kind=MEDIATION, value=30.0), now=now)
    response = service.set_target(account("duban"), form(street, kind=RESPONSE, value=95.0), now=now)

    assert mediation.baseline == 50.0 and response.baseline == 75.0


def test_a_baseline_entered_by_hand_is_kept_and_marked_as_entered(street, now):
    target = service.set_target(account("duban"), form(street, baseline=3.5), now=now)

    assert target.baseline == 3.5 and target.baseline_entered


def test_the_report_shows_where_the_year_stands_against_each_target(street, now):
    for kind, value in ((COMPLAINTS, -30.0), (MEDIATION, 30.0), (RESPONSE, 95.0)):
        service.set_target(account("duban"), form(street, kind=kind, value=value), now=now)

    rows = {r.target.kind: r for r in service.report(account("duban"), 2026, now=now)}

    complaints = rows[COMPLAINTS]
    assert complaints.households == 2000 and complaints.counts.complaints == 1  # opened 01-01 04:00 local
    assert complaints.goal == pytest.approx(1.4) and complaints.standing.year_to_date == 0.5
    assert complaints.standing.projected == pytest.approx(0.5 * 365 / 325) and complaints.standing.on_track is True
    assert rows[MEDIATION].goal == pytest.approx(65.0) and rows[MEDIATION].standing.year_to_date == 50.0
    assert rows[MEDIATION].standing.on_track is False
    assert rows[RESPONSE].standing.year_to_date == pytest.approx(200 / 3) and rows[RESPONSE].standing.on_track is False


def test_a_street_target_counts_every_community_of_the_street(street, now):
    target = service.set_target(account("yunying"), form(street, place=f"street:{street.community_a.street_id}",
                                                         kind=RESPONSE, value=95.0), now=now)

    row = service.report(account("yunying"), 2026, now=now)[0]
    assert target.street_id == street.community_a.street_id
    assert (row.counts.answered_in_time, row.counts.response_decided) == (3, 4)  # community B's repair too


def test_a_supervisor_sees_only_the_targets_of_their_communities(street, now):
    service.set_target(account("yunying"), form(street, place=f"community:{street.community_b.id}", kind=RESPONSE,
                                                value=90.0), now=now)
    service.set_target(account("duban"), form(street, kind=RESPONSE, value=95.0), now=now)

    assert [r.place.name for r in service.report(account("duban"), 2026, now=now)] == ["红星社区"]
    assert len(service.report(account("yunying"), 2026, now=now)) == 2


def test_the_operator_oversees_the_street_and_every_community(street):
    keys = [p.key for p in service.places_overseen(account("yunying"))]
    assert keys[0] == f"street:{street.community_a.street_id}"  # the street first, then its communities
    assert set(keys[1:]) == {f"community:{street.community_a.id}", f"community:{street.community_b.id}"}


def refused(street, now, who="duban", **overrides) -> TargetError:
    """The refusal, after checking it saved nothing."""
    before = db.session.scalar(sa.select(sa.func.count(Target.id)))
    with pytest.raises(TargetError) as caught:
        service.set_target(account(who), form(street, **overrides), now=now)
    assert db.session.scalar(sa.select(sa.func.count(Target.id))) == before
    return caught.value


def test_a_relative_target_without_any_baseline_is_refused(ctx, now):
    street = build_target_street(with_tickets=False)
    create_account("duban", person=street.supervisor_a)

    exc = refused(street, now, kind=MEDIATION, value=30.0)
    assert exc.message == "红星社区 2025 年没有可统计的调处率数据，请手工填写上年基数"


def test_an_absolute_target_needs_no_baseline(ctx, now):
    street = build_target_street(with_tickets=False)
    create_account("duban", person=street.supervisor_a)

    target = service.set_target(account("duban"), form(street, kind=RESPONSE, value=95.0), now=now)
    assert target.baseline is None


@pytest.mark.parametrize("year, words", [(2024, "目标年份须在 2025 至 2027 年之间"),
                                         (2099, "目标年份须在 2025 至 2027 年之间")])
def test_a_year_far_in_the_past_or_future_is_refused(street, now, year, words):
    assert refused(street, now, year=year).message == words


def test_a_second_target_for_the_same_place_year_and_kind_is_refused(street, now):
    service.set_target(account("duban"), form(street), now=now)

    exc = refused(street, now, value=-20.0)
    assert exc.message == "红星社区 2026 年已有“投诉率”目标，如需修改请先删除原目标" and exc.status == 409
    assert db.session.scalar(sa.select(sa.func.count(Target.id))) == 1


def test_the_same_kind_for_another_year_or_place_is_not_a_duplicate(street, now):
    service.set_target(account("duban"), form(street, kind=RESPONSE, value=95.0), now=now)
    service.set_target(account("duban"), form(street, kind=RESPONSE, value=95.0, year=2027), now=now)
    service.set_target(account("yunying"), form(street, kind=RESPONSE, value=95.0,
                                                place=f"street:{street.community_a.street_id}"), now=now)
    assert db.session.scalar(sa.select(sa.func.count(Target.id))) == 3


def test_a_place_the_account_does_not_oversee_is_refused(street, now):
    exc = refused(street, now, place=f"community:{street.community_b.id}")
    assert exc.message == "您不负责这个街道或社区，不能为它设定目标" and exc.status == 403


def test_a_supervisor_may_not_set_the_streets_target(street, now):
    assert refused(street, now, place=f"street:{street.community_a.street_id}").code == "not_yours"


def test_a_complaint_target_where_households_are_missing_is_refused(street, now):
    exc = refused(street, now, who="yunying", place=f"community:{street.community_b.id}", baseline=2.0)
    assert exc.message == "幸福社区 有小区未在组织文件中填写户数（households），无法计算每千户投诉率"


@pytest.mark.parametrize("overrides, words", [
    ({"value": 30.0}, "投诉率的目标应为较上年下降的百分比，填负数，如 -30（取值 -100 至 -1）"),
    ({"kind": MEDIATION, "value": -10.0}, "调处率的目标应为较上年提升的百分比，如 30（取值 1 至 1000）"),
    ({"kind": RESPONSE, "value": 120.0}, "响应及时率的目标应为全年应达到的百分比，如 95（取值 1 至 100）"),
    ({"kind": MEDIATION, "value": 30.0, "baseline": 130.0}, "调处率的上年基数应在 0 至 100 之间"),
])
def test_a_value_or_baseline_out_of_its_kinds_range_is_refused(street, now, overrides, words):
    assert refused(street, now, **overrides).message == words


def test_removing_a_target_frees_its_place_year_and_kind(street, now):
    target = service.set_target(account("duban"), form(street), now=now)

    service.remove_target(account("duban"), target.id)

    assert service.set_target(account("duban"), form(street, value=-20.0), now=now).value == -20.0


def test_a_target_outside_the_accounts_places_cannot_be_removed(street, now):
    target = service.set_target(account("yunying"), form(street, place=f"community:{street.community_b.id}",
                                                         kind=RESPONSE, value=90.0), now=now)
    with pytest.raises(TargetError) as caught:
        service.remove_target(account("duban"), target.id)
    assert caught.value.status == 404 and db.session.get(Target, target.id) is not None


def test_the_database_itself_holds_one_target_per_place_year_and_kind(street, now):
    """Two operators sending the same target at once both pass the check; the unique constraint stops one."""
    def row(**place):
        return Target(**place, year=2026, kind=RESPONSE, value=95.0, set_by="x", set_at=now)

    db.session.add(row(community_id=street.community_a.id))
    db.session.add(row(street_id=street.community_a.street_id))  # another place: allowed
    db.session.commit()
    db.session.add(row(community_id=street.community_a.id))
    with pytest.raises(sa.exc.IntegrityError):
        db.session.commit()
    db.session.rollback()


def test_a_target_is_of_a_street_or_of_a_community_never_both(street, now):
    db.session.add(Target(street_id=street.community_a.street_id, community_id=street.community_a.id, year=2026,
                          kind=RESPONSE, value=95.0, set_by="x", set_at=now))
    with pytest.raises(sa.exc.IntegrityError):
        db.session.commit()
    db.session.rollback()
