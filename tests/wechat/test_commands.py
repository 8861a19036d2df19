"""`flask wechat send` against a webhook served over HTTP, and `flask intake-eval`."""
from pathlib import Path

from bots import messages
from tests.live_server import serving

DATA = Path(__file__).resolve().parent.parent / "bots" / "data"


def test_wechat_send_signs_posts_and_prints_the_reply(app, runner, aes_mode):
    with serving(app) as url:
        plain = runner.invoke(args=["wechat", "send", "--openid", "o_cli", "--url", f"{url}/wechat", "你好"])
        aes_mode("safe")
        safe = runner.invoke(args=["wechat", "send", "--openid", "o_cli", "--url", f"{url}/wechat", "你好"])
    assert plain.exit_code == 0 and plain.output.strip() == messages.HELP
    assert safe.exit_code == 0 and safe.output.strip() == messages.HELP


def test_wechat_send_to_nowhere_fails_clearly(runner):
    result = runner.invoke(args=["wechat", "send", "--openid", "o", "--url", "http://127.0.0.1:9/wechat", "hi"])
    assert result.exit_code != 0 and "cannot reach" in result.output


def test_intake_eval_prints_the_score_line_last(runner):
    result = runner.invoke(args=["intake-eval", str(DATA / "intake_holdout.jsonl")])
    assert result.exit_code == 0
    last = result.output.strip().splitlines()[-1]
    assert last.startswith("category=") and " location=" in last and " phone=" in last
    assert " asked=" in last and last.split()[-1].startswith("misrouted=")


def test_intake_eval_names_the_bad_line(runner, tmp_path):
    bad = tmp_path / "bad.jsonl"
    good = (DATA / "intake_holdout.jsonl").read_text(encoding="utf-8").splitlines()[0]
    bad.write_text(good + "\nnot json\n", encoding="utf-8")
    result = runner.invoke(args=["intake-eval", str(bad)])
    assert result.exit_code != 0 and "line 2" in result.output
