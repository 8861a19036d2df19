"""/api/v1/assessments: a committee member's form and their assessment; every refusal in Chinese, and nothing
kept (or changed) by a refused one."""
from datetime import date, timedelta

import pytest
import sqlalchemy as sa

from app.assessments.models import Assessment
from app.extensions import db
from tests.api.helpers import create_resident, token
from tests.assessments.helpers import ITEMS, all_scores, create_member
from tests.factories import create_estate, create_person


@pytest.fixture
def estate(ctx):
    return create_estate(name="阳光花园")


@pytest.fixture
def member(estate, now):
    """A member of the estate's committee, and the resident they log in as (the mini-program's openid)."""
    seat = create_member(estate, name="张伟", openid="o_zhangwei")
    me = create_resident(now, openid="mini:o_zhangwei", mini_openid="o_zhangwei")
    return seat, me


def post(client, who, estate, *, period="2026-11", scores=None, comment=""):
    body = {"estate": estate.code, "period": period, "scores": all_scores() if scores is None else scores,
            "comment": comment}
    return client.post("/api/v1/assessments", json=body, headers=token(who))


def kept() -> list[Assessment]:
    return list(db.session.scalars(sa.select(Assessment)))


def test_a_member_sees_the_form_with_the_items_the_open_months_and_their_estate(client, estate, member):
    response = client.get("/api/v1/assessments/form", headers=token(member[1]))
    assert response.status_code == 200
    form = response.get_json()
    assert form["member"] == "张伟"
    assert [i["name"] for i in form["items"]] == ["服务态度", "维修及时", "环境卫生", "秩序维护", "设施维护",
                                                  "红色物业/党建共建"]
    assert form["months"] == ["2026-11"]
    assert form["estates"] == [{"code": estate.code, "name": "阳光花园", "firm": "测试物业", "done": []}]


def test_a_member_submits_the_months_assessment_and_it_is_kept_with_the_estates_firm(client, estate, member, now):
    response = post(client, member[1], estate, scores=all_scores(5, repairs=3), comment=" 电梯维修偏慢 ")
    assert response.status_code == 201, response.get_json()
    assert response.get_json()["scores"] == all_scores(5, repairs=3)
    (one,) = kept()
    assert (one.member_id, one.estate_id, one.firm_id, one.month, one.comment) == (
        member[0].id, estate.id, estate.firm_id, date(2026, 11, 1), "电梯维修偏慢")
    assert (one.grid_id, one.community_id, one.submitted_at) == (estate.grid_id, estate.grid.community_id, now)
    assert one.mean == pytest.approx((5 * 5 + 3) / 6)  # kept with the scores, for the results
    form = client.get("/api/v1/assessments/form", headers=token(member[1])).get_json()
    assert form["estates"][0]["done"] == ["2026-11"]


def test_a_resident_not_on_the_committee_is_refused(client, estate, now):
    create_member(estate)
    stranger = create_resident(now, mini_openid="o_stranger")
    response = post(client, stranger, estate)
    assert response.status_code == 403
    assert response.get_json()["code"] == "not_member"
    assert response.get_json()["message"] == "您不是该小区业主委员会的成员，不能提交测评"
    form = client.get("/api/v1/assessments/form", headers=token(stranger))
    assert form.status_code == 403
    assert form.get_json()["message"] == "该微信号未登记为业主委员会成员，请联系社区核对"
    assert kept() == []


def test_a_member_of_another_estates_committee_is_refused_for_this_one(client, estate, member, now):
    other = create_estate(name="金色家园")
    response = post(client, member[1], other)
    assert response.status_code == 403 and response.get_json()["code"] == "not_member"
    unknown = client.post("/api/v1/assessments", json={"estate": "NOPE", "period": "2026-11", "scores": all_scores()},
                          headers=token(member[1]))
    assert unknown.status_code == 403 and unknown.get_json()["code"] == "not_member"  # no estate, same answer
    assert kept() == []


def test_a_member_the_file_dropped_may_assess_no_more(client, estate, member):
    member[0].active = False
    db.session.commit()
    assert post(client, member[1], estate).status_code == 403
    assert kept() == []


def test_a_second_assessment_of_the_same_estate_and_month_is_refused_and_the_first_kept(client, estate, member):
    assert post(client, member[1], estate, scores=all_scores(5), comment="很好").status_code == 201
    response = post(client, member[1], estate, scores=all_scores(1), comment="很差")
    assert response.status_code == 409
    body = response.get_json()
    assert body["code"] == "already_assessed"
    assert body["message"] == ("您已提交过阳光花园2026年11月的测评（已保留第一次的评分），"
                               "每人每月每小区只能提交一次")
    (one,) = kept()
    assert one.comment == "很好" and {s.score for s in one.scores} == {5}


@pytest.mark.parametrize("value", [0, 6, 4.5, "5", None, True])
def test_a_score_outside_one_to_five_is_refused_naming_the_item(client, estate, member, value):
    response = post(client, member[1], estate, scores=all_scores(4, cleaning=value))
    assert response.status_code == 422
    assert response.get_json()["code"] == "bad_score"
    assert response.get_json()["message"] == "“环境卫生”的评分须为 1 到 5 的整数"
    assert kept() == []


def test_an_unknown_item_is_refused(client, estate, member):
    response = post(client, member[1], estate, scores={**all_scores(), "price": 5})
    assert response.status_code == 422
    assert response.get_json()["message"] == "没有“price”这一测评项目"
    assert kept() == []


def test_an_item_left_unscored_is_refused_naming_it(client, estate, member):
    scores = all_scores()
    del scores["order"], scores["party_building"]
    response = post(client, member[1], estate, scores=scores)
    assert response.status_code == 422
    assert response.get_json()["message"] == "请为以下项目评分：秩序维护、红色物业/党建共建"
    assert kept() == []


def test_a_month_not_yet_begun_is_refused(client, estate, member):
    response = post(client, member[1], estate, period="2026-12")
    assert response.status_code == 422
    assert response.get_json()["message"] == "2026年12月的测评尚未开始"
    assert kept() == []


def test_a_month_long_closed_is_refused_with_the_day_it_closed(client, estate, member):
    response = post(client, member[1], estate, period="2026-10")
    assert response.status_code == 422
    assert response.get_json()["message"] == "2026年10月的测评已于2026年11月10日截止"
    assert kept() == []


def test_last_month_is_open_during_the_first_days_of_this_one(client, clock, estate, member):
    clock.advance(timedelta(days=-16))  # 5 November
    form = client.get("/api/v1/assessments/form", headers=token(member[1])).get_json()
    assert form["months"] == ["2026-10", "2026-11"]
    assert post(client, member[1], estate, period="2026-10").status_code == 201
    assert post(client, member[1], estate, period="2026-11").status_code == 201  # each month once


@pytest.mark.parametrize("period", ["2026-13", "1999-12", "2026/11", "十一月"])
def test_a_month_written_wrongly_is_refused(client, estate, member, period):
    response = post(client, member[1], estate, period=period)
    assert response.status_code == 422
    assert response.get_json()["message"] == "月份格式应为 YYYY-MM（如 2026-11），年份在 2000 到 2099 之间"


def test_a_comment_over_500_characters_is_refused(client, estate, member):
    response = post(client, member[1], estate, comment="太" * 501)
    assert response.status_code == 422
    assert response.get_json()["message"] == "意见建议最多 500 字"
    assert kept() == []


def test_an_estate_no_firm_serves_is_not_assessed(client, estate, member):
    estate.firm_id = None
    db.session.commit()
    response = post(client, member[1], estate)
    assert response.status_code == 422
    assert response.get_json()["message"] == "阳光花园暂无物业服务企业，无需测评"


def test_a_body_of_the_wrong_shape_is_refused_before_anything(client, estate, member):
    response = client.post("/api/v1/assessments", json={"estate": estate.code, "period": "2026-11",
                                                        "scores": [5, 5]}, headers=token(member[1]))
    assert response.status_code == 422 and "scores" in response.get_json()["errors"]["json"]


def test_no_token_is_401(client, estate):
    assert client.get("/api/v1/assessments/form").status_code == 401
    assert client.post("/api/v1/assessments", json={}).status_code == 401


def test_a_member_who_is_also_staff_assesses_with_their_staff_login(client, estate):
    create_member(estate, name="李红", openid="o_lihong")
    person = create_person(openid="o_lihong")
    assert post(client, person, estate).status_code == 201


def test_a_member_known_by_the_official_accounts_openid_is_recognised(client, estate, now):
    create_member(estate, openid="o_official")
    me = create_resident(now, openid="o_official")
    assert post(client, me, estate).status_code == 201


def test_the_same_member_twice_at_once_keeps_one(estate, server, now):
    from tests.api.helpers import post_together

    for round_ in range(3):
        create_member(estate, openid=f"o_race_{round_}")
        me = create_resident(now, mini_openid=f"o_race_{round_}")
        headers, body = [token(me), token(me)], {"estate": estate.code, "period": "2026-11", "scores": all_scores()}
        db.session.commit()  # the test holds no transaction while the server works

        results = post_together(f"{server}/api/v1/assessments", headers, json=body)

        assert sorted(results) == [(201, "ok"), (409, "already_assessed")], results
        assert len(kept()) == round_ + 1
        db.session.commit()


def test_the_items_come_from_the_operators_file(client, ctx, estate, member, tmp_path):
    items = tmp_path / "items.yaml"
    items.write_text("items:\n  - {code: attitude, name: 服务态度}\n  - {code: green, name: 绿化养护}\n",
                     encoding="utf-8")
    shipped, ctx.config["ASSESSMENT_ITEMS_FILE"] = ctx.config["ASSESSMENT_ITEMS_FILE"], str(items)
    try:
        form = client.get("/api/v1/assessments/form", headers=token(member[1])).get_json()
        assert [i["code"] for i in form["items"]] == ["attitude", "green"]
        assert post(client, member[1], estate, scores={"attitude": 4, "green": 2}).status_code == 201
        assert post(client, member[1], estate, scores=all_scores()).get_json()["code"] == "unknown_item"
    finally:
        ctx.config["ASSESSMENT_ITEMS_FILE"] = shipped


def test_the_helpers_score_the_shipped_items(ctx):
    from app.assessments import items

    assert tuple(i.code for i in items.read(ctx.config["ASSESSMENT_ITEMS_FILE"])) == ITEMS
