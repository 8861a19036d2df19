"""Template helpers: times in Asia/Shanghai, percentages, minutes, Chinese names."""
from __future__ import annotations

from flask import g

from app.clock import fmt_local
from app.dashboard import auth, compare, rules, sql, texts
from app.dashboard.views import bp

bp.add_app_template_filter(lambda m, p="%Y-%m-%d %H:%M": fmt_local(m, p), "local")
bp.add_app_template_filter(rules.percent, "pct")
bp.add_app_template_filter(rules.minutes, "mins")
bp.add_app_template_filter(texts.as_of, "as_of")
bp.add_app_template_filter(lambda c: sql.CATEGORY_NAMES.get(c, c), "category_name")
bp.add_app_template_filter(lambda s: sql.STATUS_NAMES.get(s, s), "status_name")
bp.add_app_template_filter(lambda c: sql.CLOCK_NAMES.get(c, c), "clock_name")


@bp.app_context_processor
def _globals() -> dict:
    return {"csrf_token": auth.csrf_token, "account": g.get("account"),
            "request_names": sql.REQUEST_NAMES, "not_request_names": sql.NOT_REQUEST_NAMES}
bp.add_app_template_filter(compare.signed, "signed")
