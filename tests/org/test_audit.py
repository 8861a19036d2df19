"""The audit trail: the org import, `org duty`, `faq import` and `sla set/rung/remove-rung` all write it."""
import textwrap

import sqlalchemy as sa

from app.extensions import db
from app.org.audit import AuditEntry
from app.org.demo import DEMO_FILE
from app.org.importer import import_org


def entries(prefix: str = "") -> list[AuditEntry]:
    return list(db.session.scalars(sa.select(AuditEntry).where(AuditEntry.target.startswith(prefix))
                                   .order_by(AuditEntry.id)))


def test_an_import_records_each_entity_it_creates_and_a_second_import_records_nothing(ctx, now):
    import_org(DEMO_FILE.read_text(encoding="utf-8"))
    created = entries()
    assert {e.target for e in created} >= {"firm:LC", "community:HX", "grid:HX-1", "estate:YGHY", "person:LC-S01",
                                            "pool:HX/LC-S03", "equipment:EQ-LC-01", "policy:repair", "street"}
    assert all(e.before is None and e.via == "import" and e.who == "cli" and e.at == now for e in created)
    import_org(DEMO_FILE.read_text(encoding="utf-8"))
    assert len(entries()) == len(created)


def test_an_edited_file_records_before_and_after_of_what_it_changed(ctx):
    import_org(DEMO_FILE.read_text(encoding="utf-8"))
    edited = DEMO_FILE.read_text(encoding="utf-8").replace("name: 绿城物业", "name: 绿城物业服务")
    import_org(edited)
    [change] = [e for e in entries("firm:LC") if e.before is not None]
    assert (change.before["name"], change.after["name"]) == ("绿城物业", "绿城物业服务")


def test_org_duty_records_the_person_before_and_after(ctx, runner):
    import_org(DEMO_FILE.read_text(encoding="utf-8"))
    assert runner.invoke(args=["org", "duty", "LC-S01", "off"]).exit_code == 0
    assert runner.invoke(args=["org", "duty", "LC-S01", "off"]).exit_code == 0  # already: nothing recorded
    [change] = [e for e in entries("person:LC-S01") if e.via == "cli"]
    assert (change.before["on_duty"], change.after["on_duty"]) == (True, False)


def test_faq_import_records_each_question_added_changed_or_removed(ctx, runner, tmp_path):
    first, second = tmp_path / "a.yaml", tmp_path / "b.yaml"
    first.write_text(textwrap.dedent("""\
        faq:
          - {question: 物业电话是多少, keywords: [物业电话], answer: 请拨打 0571-1234}
          - {question: 几点收垃圾, keywords: [垃圾], answer: 每天早上七点}
        """), encoding="utf-8")
    second.write_text(textwrap.dedent("""\
        faq:
          - {question: 物业电话是多少, keywords: [物业电话], answer: 请拨打 0571-5678}
        """), encoding="utf-8")
    assert runner.invoke(args=["faq", "import", str(first)]).exit_code == 0
    assert runner.invoke(args=["faq", "import", str(second)]).exit_code == 0
    trail = [(e.target, e.before and e.before["answer"], e.after and e.after["answer"]) for e in entries("faq:")]
    assert trail == [("faq:几点收垃圾", None, "每天早上七点"), ("faq:物业电话是多少", None, "请拨打 0571-1234"),
                     ("faq:几点收垃圾", "每天早上七点", None), ("faq:物业电话是多少", "请拨打 0571-1234", "请拨打 0571-5678")]


def test_sla_commands_record_policies_and_rungs(ctx, runner):
    assert runner.invoke(args=["sla", "set", "repair", "--respond", "5m"]).exit_code == 0
    rung = ["sla", "rung", "respond", "5", "--after", "30m", "--notify", "supervisor"]
    assert runner.invoke(args=rung).exit_code == 0
    assert runner.invoke(args=["sla", "remove-rung", "respond", "5"]).exit_code == 0
    trail = [(e.target, e.before, e.after) for e in entries()]
    assert trail[0] == ("policy:repair", {"respond": "10m", "arrive": "30m", "resolve": "24h"},
                        {"respond": "5m", "arrive": "30m", "resolve": "24h"})
    assert trail[1] == ("rung:respond/5", None, {"after": 1800, "notify": ["supervisor"], "reassign": False})
    assert trail[2] == ("rung:respond/5", {"after": 1800, "notify": ["supervisor"], "reassign": False}, None)
    assert all(e.who == "cli" and e.via == "cli" for e in entries())
