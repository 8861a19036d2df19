"""The API's one error body: a stable English code, a Chinese message for the user, an English detail."""
from tests.api.helpers import token
from tests.api.test_staff_api import open_ticket

STAFF = "/api/v1/staff"


def test_a_refusal_carries_the_code_for_programs_and_a_chinese_message_for_the_user(client, street, now):
    ticket = open_ticket(street, now)
    r = client.post(f"{STAFF}/tickets/{ticket.id}/accept", headers=token(street.colleague))
    assert r.status_code == 403
    assert r.json == {"code": "forbidden", "message": "您无权查看或处理该工单",
                      "detail": "you may not accept this ticket"}


def test_a_validation_error_says_so_in_chinese_and_names_the_fields(client, street, now):
    ticket = open_ticket(street, now)
    r = client.post(f"{STAFF}/tickets/{ticket.id}/transfer", headers=token(street.steward), json={"reason": "x"})
    assert r.status_code == 422 and r.json["code"] == "validation_error"
    assert r.json["message"] == "提交的内容有误，请检查后重试" and "to_person_id" in r.json["errors"]["json"]


def test_an_unknown_path_and_a_missing_token_answer_in_chinese(client, ctx):
    r = client.get("/api/v1/nothing-here")
    assert (r.status_code, r.json["code"], r.json["message"]) == (404, "not_found", "未找到该工单或页面")
    r = client.get(f"{STAFF}/tasks")
    assert (r.status_code, r.json["code"], r.json["message"]) == (401, "unauthorized", "登录已失效，请重新登录")
    assert r.headers["WWW-Authenticate"] == "Bearer"


def test_a_wrong_method_is_405_with_the_allowed_methods_in_the_allow_header(client, street, now):
    ticket = open_ticket(street, now)
    r = client.get(f"{STAFF}/tickets/{ticket.id}/accept", headers=token(street.steward))
    assert r.status_code == 405 and r.json["code"] == "method_not_allowed" and r.json["message"] == "不支持该操作"
    assert set(r.headers["Allow"].split(", ")) == {"POST", "OPTIONS"}
    r = client.delete("/api/v1/me/tickets")
    assert r.status_code == 405 and set(r.headers["Allow"].split(", ")) == {"GET", "HEAD", "POST", "OPTIONS"}


def test_the_openapi_error_schema_says_what_every_error_body_holds(client):
    error = client.get("/api/v1/openapi.json").json["components"]["schemas"]["Error"]
    assert error["properties"]["code"]["type"] == "string"
    assert set(error["required"]) == {"code", "message", "detail"}
    assert "status" not in error["properties"]
