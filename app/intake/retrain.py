"""`flask intake retrain`: the shipped corpus plus this deployment's corrections (改类重派), trained
into the instance folder. The corrections' texts were masked when kept and are masked again here."""
from __future__ import annotations

import json
import os
from dataclasses import dataclass
from pathlib import Path

import sqlalchemy as sa

from app.extensions import db
from app.intake.models import IntakeCorrection
from app.staff.redact import redact
from bots.model import LinearModel
from bots.train import CORPUS, dump, fit, read_labelled


class NoCorrections(Exception):
    """Nothing learned in this deployment yet: a retrain would only rebuild the shipped model."""


@dataclass(frozen=True)
class Retrained:
    path: Path
    corpus: int  # messages from the shipped corpus
    corrections: int  # tickets staff reclassified, each with its last category


def corrections() -> list[tuple[str, str]]:
    """(masked text, category) per reclassified ticket: the last correction is the ticket's truth."""
    last = sa.select(sa.func.max(IntakeCorrection.id)).group_by(IntakeCorrection.ticket_id)
    rows = db.session.execute(sa.select(IntakeCorrection.text, IntakeCorrection.to_category)
                              .where(IntakeCorrection.id.in_(last)).order_by(IntakeCorrection.id)).all()
    return [(redact(text), category.value) for text, category in rows]


def retrain(path: Path, *, corpus: Path = CORPUS) -> Retrained:
    """Train and write the model; the file is replaced only by a complete, readable one."""
    learned = corrections()
    if not learned:
        raise NoCorrections("no corrections yet (改类重派): nothing to learn, the shipped model stays in use")
    shipped = read_labelled(corpus)
    text = dump(fit(shipped + learned))
    LinearModel(json.loads(text))  # what the app will load: refuse to write anything it could not
    path.parent.mkdir(parents=True, exist_ok=True)
    partial = path.with_name(path.name + ".partial")
    partial.write_text(text, encoding="utf-8")
    os.replace(partial, path)  # a worker starting now reads the old file or the new one, never half of one
    return Retrained(path, len(shipped), len(learned))
