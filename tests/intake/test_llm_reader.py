"""The LLM reader's client against a local fake endpoint: what it sends, what it accepts, how it fails."""
import time

import pytest

from app.intake.llm import LlmReader, configured_reader
from bots.opinion import Opinion

BUILDINGS = ("1", "3", "6B")


@pytest.fixture
def reader(ctx, llm):
    return configured_reader(ctx)


def test_no_reader_is_built_without_an_endpoint_and_a_model(ctx):
    assert configured_reader(ctx) is None


def test_a_valid_answer_becomes_an_opinion_with_the_place(reader, llm):
    llm.answers(category="dispute", building="3", unit="2", room="501")
    assert reader("楼上3栋2单元501天天半夜跺脚", BUILDINGS) == Opinion("dispute", "3", "2", "501")


def test_the_request_is_a_chat_completion_for_the_model_in_json_mode_with_the_key(reader, llm):
    reader("路灯不亮了", BUILDINGS)
    body = llm.last["body"]
    assert body["model"] == "fake-qwen" and body["response_format"] == {"type": "json_object"}
    assert [m["role"] for m in body["messages"]] == ["system", "user"]
    assert "1, 3, 6B" in body["messages"][0]["content"]
    assert llm.last["authorization"] == "Bearer sk-test"


def test_json_mode_can_be_turned_off_for_servers_that_refuse_it(llm_server):
    fake, url = llm_server
    fake.reset()
    LlmReader(base_url=f"{url}/v1", model="m", api_key=None, timeout_seconds=0.5, json_mode=False)("灯坏了", BUILDINGS)
    assert "response_format" not in fake.last["body"] and fake.last["authorization"] is None


def test_phones_and_id_numbers_are_masked_before_the_text_leaves(reader, llm):
    reader("3栋漏水 电话138 0013 8000 身份证110101199003077777 座机010-62345678", BUILDINGS)
    assert llm.last["body"]["messages"][1]["content"] == "3栋漏水 电话138****8000 身份证[身份证号已隐藏] 座机010-****5678"


def test_numbers_written_as_json_numbers_are_read_as_identifiers(reader, llm):
    llm.answers(category="repair", building=3, unit=2, room=501)
    assert reader("3栋2单元501水管坏了", BUILDINGS) == Opinion("repair", "3", "2", "501")


def test_a_building_is_given_in_the_bots_own_spelling(reader, llm):
    llm.answers(category="repair", building="6b", unit=None, room="1220")
    assert reader("6b座1220灯坏了", BUILDINGS) == Opinion("repair", "6B", None, "1220")


def test_a_made_up_building_drops_the_place_but_keeps_the_category(reader, llm):
    llm.answers(category="repair", building="99", unit="1", room="101")
    assert reader("灯坏了", BUILDINGS) == Opinion("repair")


def test_a_malformed_room_drops_the_place_but_keeps_the_category(reader, llm):
    llm.answers(category="repair", building="3", unit="2", room="five-o-one")
    assert reader("3栋灯坏了", BUILDINGS) == Opinion("repair")


def test_json_fenced_as_markdown_is_still_read(reader, llm):
    llm.says('```json\n{"category": "inquiry", "building": null}\n```')
    assert reader("物业费怎么交", BUILDINGS) == Opinion("inquiry")


@pytest.mark.parametrize("content", [
    '{"category": "maintenance"}',      # not one of the labels
    '{"building": "3"}',                # no category
    '["repair"]',                       # not an object
    "这是一条报修",                       # not JSON
    '{"category": "repair"',            # cut short
])
def test_an_answer_outside_the_schema_is_no_opinion(reader, llm, content):
    llm.says(content)
    assert reader("灯坏了", BUILDINGS) is None


@pytest.mark.parametrize("mode", ["html", "429", "500"])
def test_an_endpoint_that_fails_gives_no_opinion(reader, llm, mode):
    llm.fails(mode)
    assert reader("灯坏了", BUILDINGS) is None


def test_an_endpoint_that_hangs_is_given_up_on_within_the_budget(reader, llm):
    llm.fails("hang")
    started = time.monotonic()
    assert reader("灯坏了", BUILDINGS) is None
    assert time.monotonic() - started < 0.5 + 0.3


def test_an_endpoint_that_is_not_there_gives_no_opinion():
    from tests.live_server import serving

    with serving(lambda environ, start_response: []) as url:
        pass  # the port is free again once the server is gone
    reader = LlmReader(base_url=f"{url}/v1", model="m", api_key=None, timeout_seconds=0.5)
    assert reader("灯坏了", BUILDINGS) is None


@pytest.mark.parametrize("budget", [0, -1, 4.5])
def test_an_app_with_a_budget_wechat_cannot_hold_is_refused_at_start(budget):
    from app import create_app
    from config import TestConfig

    class Config(TestConfig):
        INTAKE_LLM_TIMEOUT_SECONDS = budget

    with pytest.raises(ValueError, match="INTAKE_LLM_TIMEOUT_SECONDS must be more than 0 and at most 4.0"):
        create_app(Config)


def test_an_app_with_an_endpoint_but_no_model_is_refused_at_start():
    from app import create_app
    from config import TestConfig

    class Config(TestConfig):
        INTAKE_LLM_BASE_URL = "http://127.0.0.1:11434/v1"

    with pytest.raises(ValueError, match="INTAKE_LLM_BASE_URL and INTAKE_LLM_MODEL are set together"):
        create_app(Config)
