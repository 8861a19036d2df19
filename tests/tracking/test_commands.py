"""`flask sla …`: policies and ladders edited by the operator, and what the commands refuse."""
import pytest
import sqlalchemy as sa

from app.extensions import db
from app.tickets.models import Category, ResponsePolicy
from app.tracking import ladder
from app.tracking.models import Clock, LadderRung
from app.tracking.rules import Target


def test_show_lists_every_categorys_policy_and_every_clocks_ladder(runner):
    result = runner.invoke(args=["sla", "show"])
    assert result.exit_code == 0, result.output
    assert "repair      10m      30m      24h" in result.output
    assert "dispute     10m      -        3d" in result.output
    assert "respond  2     +5m     manager,secretary" in result.output
    assert "resolve  3     +15m    supervisor" in result.output


def test_set_changes_a_policy_in_seconds_and_keeps_what_is_not_given(runner):
    result = runner.invoke(args=["sla", "set", "repair", "--respond", "5s", "--arrive", "-"])
    assert result.exit_code == 0, result.output
    assert ladder.policies()[Category.REPAIR] == (5, None, 24 * 3600)
    assert "respond 5s, arrive -, resolve 24h" in result.output


@pytest.mark.parametrize("args, message", [
    (["sla", "set", "repair", "--respond", "ten minutes"], "a duration is like 90s, 10m, 24h or 3d"),
    (["sla", "set", "repair", "--respond", "0m"], "a duration is like"),
    (["sla", "set", "repair", "--respond", "-"], "a duration is like"),
    (["sla", "set", "plumbing", "--respond", "5m"], "'plumbing' is not one of"),
    (["sla", "set", "repair"], "give at least one of --respond, --arrive, --resolve"),
])
def test_set_refuses_bad_input_with_a_clear_message_and_changes_nothing(runner, args, message):
    result = runner.invoke(args=args)
    assert result.exit_code != 0
    assert message in result.output
    assert db.session.scalar(sa.select(sa.func.count()).select_from(ResponsePolicy)) == 0


def test_a_rung_is_added_to_a_clock_which_keeps_its_other_default_rungs(runner):
    result = runner.invoke(args=["sla", "rung", "respond", "1", "--after", "0s", "--notify", "assignee,backup",
                                 "--reassign"])
    assert result.exit_code == 0, result.output
    respond = [r for r in ladder.load_ladder() if r.clock is Clock.RESPOND]
    assert [(r.rung, r.after_seconds, r.notify, r.reassign) for r in respond] == [
        (1, 0, (Target.ASSIGNEE, Target.BACKUP), True),
        (2, 300, (Target.MANAGER, Target.SECRETARY), False),
        (3, 900, (Target.SUPERVISOR,), False),
    ]


@pytest.mark.parametrize("args, message", [
    (["sla", "rung", "arrive", "1", "--after", "0s", "--notify", "assignee,backup", "--reassign"],
     "only the respond ladder may reassign"),
    (["sla", "rung", "respond", "1", "--after", "0s", "--notify", "assignee", "--reassign"],
     "must also notify the backup"),
    (["sla", "rung", "respond", "4", "--after", "30m", "--notify", "mayor"], "unknown target mayor"),
    (["sla", "rung", "respond", "0", "--after", "30m", "--notify", "manager"], "numbered 1 to 9"),
    (["sla", "rung", "respond", "4", "--after", "soon", "--notify", "manager"], "a duration is like"),
    (["sla", "remove-rung", "respond", "2"], "no stored rung 2"),
])
def test_a_bad_rung_is_refused_with_a_clear_message_and_changes_nothing(runner, args, message):
    result = runner.invoke(args=args)
    assert result.exit_code != 0
    assert message in result.output
    assert db.session.scalar(sa.select(sa.func.count()).select_from(LadderRung)) == 0


def test_a_rung_can_be_removed_but_not_the_last_one_of_a_clock(runner):
    assert runner.invoke(args=["sla", "rung", "arrive", "4", "--after", "1h", "--notify", "supervisor"]).exit_code == 0
    for rung in (4, 3, 2):
        assert runner.invoke(args=["sla", "remove-rung", "arrive", str(rung)]).exit_code == 0
    result = runner.invoke(args=["sla", "remove-rung", "arrive", "1"])
    assert result.exit_code != 0 and "the last of the arrive ladder" in result.output
    assert [r.rung for r in ladder.load_ladder() if r.clock is Clock.ARRIVE] == [1]


def test_sweep_runs_once_and_reports(runner):
    result = runner.invoke(args=["sla", "sweep"])
    assert result.exit_code == 0
    assert "checked 0, fired 0, closed 0, conflicts 0, errors 0" in result.output
