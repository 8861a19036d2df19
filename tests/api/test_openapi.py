"""The OpenAPI document is generated from the schemas, valid, and covers every endpoint."""
from openapi_spec_validator import validate

EXPECTED = {
    "/api/v1/auth/wx-login", "/api/v1/staff/tasks", "/api/v1/staff/org-tickets",
    "/api/v1/staff/tickets/{ticket_id}", "/api/v1/staff/tickets/{ticket_id}/accept",
    "/api/v1/staff/tickets/{ticket_id}/arrive", "/api/v1/staff/tickets/{ticket_id}/resolve",
    "/api/v1/staff/tickets/{ticket_id}/pause", "/api/v1/staff/tickets/{ticket_id}/resume",
    "/api/v1/staff/tickets/{ticket_id}/reply",
    "/api/v1/staff/tickets/{ticket_id}/return", "/api/v1/staff/tickets/{ticket_id}/transfer",
    "/api/v1/staff/tickets/{ticket_id}/reassign", "/api/v1/staff/tickets/{ticket_id}/reclassify",
    "/api/v1/staff/tickets/{ticket_id}/supervise", "/api/v1/staff/tickets/{ticket_id}/note",
    "/api/v1/staff/tickets/{ticket_id}/void",
    "/api/v1/staff/residents/{resident_id}/confirm-home",
    "/api/v1/staff/tickets/{ticket_id}/handoff", "/api/v1/staff/tickets/{ticket_id}/handoff/unit",
    "/api/v1/staff/tickets/{ticket_id}/handoff/reply",
    "/api/v1/staff/duty",
    "/api/v1/staff/tickets/{ticket_id}/photos", "/api/v1/staff/tickets/{ticket_id}/photos/wechat",
    "/api/v1/staff/tickets/{ticket_id}/photos/{photo_id}", "/api/v1/staff/tickets/{ticket_id}/colleagues",
    "/api/v1/staff/jssdk-config",
    "/api/v1/staff/residents/{resident_id}/confirm-home", "/api/v1/staff/tickets",
    "/api/v1/me/home", "/api/v1/me/tickets", "/api/v1/me/tickets/{ticket_id}",
    "/api/v1/me/tickets/{ticket_id}/rate", "/api/v1/me/tickets/{ticket_id}/reopen",
    "/api/v1/me/tickets/{ticket_id}/urge",
    "/api/v1/staff/care/households", "/api/v1/staff/care/due", "/api/v1/staff/care/{household_id}",
    "/api/v1/staff/care/{household_id}/visits", "/api/v1/staff/decisions",
    "/api/v1/staff/decisions/{decision_id}/done",
    "/api/v1/staff/tickets/{ticket_id}/merge", "/api/v1/staff/notices",
    "/api/v1/resident/surveys", "/api/v1/resident/surveys/{survey_id}/answer",
    "/api/v1/assessments", "/api/v1/assessments/form",
}


def test_the_openapi_document_is_valid_and_lists_every_endpoint(client):
    r = client.get("/api/v1/openapi.json")
    assert r.status_code == 200
    validate(r.json)
    assert set(r.json["paths"]) == EXPECTED
    assert r.json["components"]["securitySchemes"]["bearer"] == {"type": "http", "scheme": "bearer"}
    body = r.json["paths"]["/api/v1/me/tickets"]["post"]["requestBody"]["content"]["application/json"]["schema"]
    assert body["$ref"].endswith("/TicketIn")
    assert set(r.json["components"]["schemas"]["TicketIn"]["required"]) == {"category", "description"}


def test_errors_outside_the_api_keep_flasks_own_answer(client):
    r = client.get("/no-such-page")
    assert r.status_code == 404 and not r.is_json


def test_a_nul_character_in_a_json_text_or_a_query_is_refused_with_422_not_a_5xx(client):
    """PostgreSQL's text columns cannot hold (or compare with) NUL: the API refuses it before any use case."""
    for response in (client.post("/api/v1/auth/wx-login", json={"code": "a\x00b"}),
                     client.post("/api/v1/auth/wx-login?x=a%00b", json={"code": "abc"})):
        assert response.status_code == 422, response.get_data(as_text=True)
        assert response.get_json()["code"] == "validation_error"
