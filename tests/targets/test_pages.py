"""年度目标 through the Flask test client: the page over the scenario street, setting and removing a target,
each refusal in Chinese with the form kept as sent, the Excel export, who sees what."""
import io

import pytest
import sqlalchemy as sa
from openpyxl import load_workbook

from app.extensions import db
from app.org.models import RoleKind
from app.targets.models import Target
from tests.dashboard.scenario import create_account
from tests.dashboard.web import csrf_of, log_in
from tests.factories import create_person
from tests.targets.helpers import build_target_street


@pytest.fixture
def street(ctx):
    found = build_target_street()
    create_account("duban", person=found.supervisor_a)
    create_account("yunying", operator=True)
    return found


def post(client, street, **overrides):
    token = csrf_of(client.get("/dashboard/targets/").get_data(as_text=True))
    fields = {"place": f"community:{street.community_a.id}", "year": "2026", "kind": "complaint_rate",
              "value": "-30", "baseline": "", "csrf_token": token}
    fields.update(overrides)
    return client.post("/dashboard/targets/", data=fields)


def targets() -> int:
    return db.session.scalar(sa.select(sa.func.count(Target.id)))


def test_the_supervisor_sets_targets_and_reads_where_the_year_stands(client, street):
    log_in(client, "duban")

    for kind, value in (("complaint_rate", "-30"), ("mediation_rate", "+30%"), ("response_in_time", "95")):
        answer = post(client, street, kind=kind, value=value)
        assert answer.status_code == 302 and answer.headers["Location"].endswith("/dashboard/targets/?year=2026")
    page = client.get("/dashboard/targets/?year=2026").get_data(as_text=True)

    assert "年度目标 · 2026 年" in page and "社区 · 红星社区" in page
    assert "≤ 1.4件/千户（较上年 -30%）" in page and "≥ 65.0%（较上年 +30%）" in page and "≥ 95.0%" in page
    assert "达标进度正常" in page and "未达进度" in page and "系统统计" in page
    assert "投诉 1 件，2000 户" in page and "纠纷 2 件，已办结 1 件" in page and "按时签收 2 件，应签收 3 件" in page


def test_a_baseline_typed_in_is_shown_as_entered(client, street):
    log_in(client, "duban")
    post(client, street, baseline="4")

    page = client.get("/dashboard/targets/").get_data(as_text=True)
    assert "手工填写" in page and ">4.0<" in page and "≤ 2.8件/千户" in page


@pytest.mark.parametrize("overrides, words", [
    ({"kind": "noise_rate"}, "没有这种考核指标"),
    ({"year": "1990"}, "年份须在 2000 至 2099 之间"),
    ({"year": "2030"}, "目标年份须在 2025 至 2027 年之间"),
    ({"year": "2024"}, "目标年份须在 2025 至 2027 年之间"),
    ({"year": "明年"}, "目标年份应为整数，例如 2026"),
    ({"value": ""}, "请填写目标值"),
    ({"value": "三成"}, "目标值应为数字"),
    ({"value": "30"}, "投诉率的目标应为较上年下降的百分比"),
    ({"baseline": "很多"}, "上年基数应为数字"),
    ({"place": ""}, "请选择街道或社区"),
    ({"place": "community:999999"}, "您不负责这个街道或社区"),
])
def test_a_bad_target_is_refused_in_chinese_with_the_form_kept(client, street, overrides, words):
    log_in(client, "duban")

    answer = post(client, street, **overrides)

    page = answer.get_data(as_text=True)
    assert answer.status_code in (403, 422) and words in page and targets() == 0
    kept = overrides.get("value", "-30")
    assert f'name="value" required value="{kept}"' in page


def test_a_target_without_a_baseline_is_refused_on_the_page(client, ctx):
    street = build_target_street(with_tickets=False)
    create_account("duban", person=street.supervisor_a)
    log_in(client, "duban")

    answer = post(client, street, kind="mediation_rate", value="30")

    assert answer.status_code == 422 and targets() == 0
    assert "红星社区 2025 年没有可统计的调处率数据，请手工填写上年基数" in answer.get_data(as_text=True)
    assert post(client, street, kind="mediation_rate", value="30", baseline="60").status_code == 302


def test_a_duplicate_target_is_refused_on_the_page(client, street):
    log_in(client, "duban")
    post(client, street)

    answer = post(client, street, value="-10")

    assert answer.status_code == 409 and "已有“投诉率”目标" in answer.get_data(as_text=True) and targets() == 1


def test_a_form_without_its_csrf_token_changes_nothing(client, street):
    log_in(client, "duban")
    assert post(client, street, csrf_token="").status_code == 400 and targets() == 0


def test_a_bad_year_in_the_address_is_refused_in_chinese(client, street):
    log_in(client, "duban")
    answer = client.get("/dashboard/targets/?year=3000")
    assert answer.status_code == 400 and "参数有误：年份须在 2000 至 2099 之间" in answer.get_data(as_text=True)


def test_the_supervisor_removes_a_target(client, street):
    log_in(client, "duban")
    post(client, street)
    page = client.get("/dashboard/targets/").get_data(as_text=True)
    target_id = db.session.scalar(sa.select(Target.id))

    answer = client.post(f"/dashboard/targets/{target_id}/delete?year=2026", data={"csrf_token": csrf_of(page)})

    assert answer.status_code == 302 and targets() == 0


def test_another_communitys_supervisor_neither_sees_nor_removes_the_target(client, street):
    create_account("duban2", person=street.supervisor_b)
    log_in(client, "duban")
    post(client, street)
    target_id = db.session.scalar(sa.select(Target.id))
    client.post("/dashboard/logout", data={"csrf_token": csrf_of(client.get("/dashboard/targets/").get_data(as_text=True))})
    log_in(client, "duban2")

    page = client.get("/dashboard/targets/").get_data(as_text=True)
    answer = client.post(f"/dashboard/targets/{target_id}/delete", data={"csrf_token": csrf_of(page)})

    assert "红星社区" not in page and answer.status_code == 404 and targets() == 1


def test_an_account_overseeing_no_street_or_community_gets_no_form(client, street):
    manager = create_person(roles=[{"kind": RoleKind.MANAGER, "firm_id": street.estate_a.firm_id,
                                    "estate_id": street.estate_a.id}])
    create_account("jingli", person=manager)
    log_in(client, "jingli")

    page = client.get("/dashboard/targets/").get_data(as_text=True)

    assert 'id="target-form"' not in page and "只有街道的运营人员或社区督办可以设定目标" in page
    assert post(client, street).status_code == 403 and targets() == 0


def test_the_export_is_a_workbook_of_the_pages_rows(client, street):
    log_in(client, "yunying")
    post(client, street, place=f"street:{street.community_a.street_id}", kind="response_in_time", value="95")
    post(client, street)

    answer = client.get("/dashboard/targets/export?year=2026")

    assert answer.status_code == 200 and answer.headers["Content-Disposition"].endswith('"targets-2026.xlsx"')
    sheet = load_workbook(io.BytesIO(answer.data)).active
    rows = [list(r) for r in sheet.iter_rows(values_only=True)]
    assert rows[0][0] == "2026 年度目标" and rows[1][:3] == ["范围", "指标", "上年基数"]
    street_row, community_row = rows[2], rows[3]
    assert street_row[:5] == ["街道 · 测试街道", "响应及时率", 75.0, "系统统计", "≥ 95.0%"]
    assert street_row[5] == 75.0 and street_row[7] == "未达进度"  # 3 of 4 in time, street-wide
    assert community_row[:3] == ["社区 · 红星社区", "投诉率", 2.0] and community_row[5] == 0.5
    assert community_row[6] == 0.6 and community_row[7] == "达标进度正常"
    assert any("进度判断" in (r[0] or "") for r in rows[4:])


def test_the_export_names_a_bad_year_in_chinese(client, street):
    log_in(client, "duban")
    answer = client.get("/dashboard/targets/export?year=abc")
    assert answer.status_code == 400 and "年份应为整数" in answer.get_data(as_text=True)
