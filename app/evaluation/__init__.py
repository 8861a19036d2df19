"""Composite stars (综合评分): the operator's weights file, the evaluation items and the score they make."""
from __future__ import annotations

from flask import Flask


def init_app(app: Flask) -> None:
    """Read the weights file (a bad one stops the app) and give the templates the make-up's cells and words."""
    from app.evaluation import loading, present, texts

    loading.init_app(app)
    app.add_template_global(present.shown, "score_makeup")
    app.add_template_global(texts, "evaluation_texts")
