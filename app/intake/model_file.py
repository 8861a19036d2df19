"""Which category model the bot reads with in this deployment: the retrained one in the instance
folder (`flask intake retrain`) when it is present and valid, else the shipped one, saying why."""
from __future__ import annotations

import logging
from dataclasses import dataclass
from pathlib import Path

from flask import Flask

from bots import model as bot_model
from bots.model import LinearModel, ModelFileError

log = logging.getLogger(__name__)

SHIPPED, INSTANCE = "shipped", "instance"


@dataclass(frozen=True)
class Choice:
    model: LinearModel | None  # None: the shipped model
    why: str
    refused: bool = False  # a file was there but could not be used


def choose(path: Path | None) -> Choice:
    """The instance model at `path` if it is there and reads the bot's categories; else the shipped one."""
    if path is None or not path.exists():
        return Choice(None, f"no retrained intake model at {path}: the bot reads with the shipped model")
    try:
        return Choice(load_checked(path), f"the bot reads with the retrained intake model {path}")
    except ModelFileError as exc:
        return Choice(None, f"{exc}; the bot keeps the shipped model", refused=True)


def load_checked(path: Path) -> LinearModel:
    """A model file, refused (ModelFileError) unless it reads exactly the categories the shipped one reads."""
    model = bot_model.load(path)
    if set(model.classes) != set(bot_model.shipped().classes):
        raise ModelFileError(f"intake model file {path} reads {', '.join(model.classes)}, "
                             f"not the bot's {', '.join(bot_model.shipped().classes)}")
    return model


def instance_path(app: Flask) -> Path | None:
    configured = app.config.get("INTAKE_MODEL_PATH")
    return Path(configured) if configured else None


def init_app(app: Flask) -> Choice:
    """Load the deployment's model into the bot at start (each process: restart after a retrain)."""
    choice = choose(instance_path(app))
    bot_model.use(choice.model)
    (log.warning if choice.refused else log.info)(choice.why)
    return choice


def named(which: str, app: Flask) -> LinearModel:
    """`shipped`, `instance` or a file's path: the model `intake-eval --model` measures."""
    if which == SHIPPED:
        return bot_model.shipped()
    path = instance_path(app) if which == INSTANCE else Path(which)
    if path is None:
        raise ModelFileError("no instance model is configured (INTAKE_MODEL_PATH)")
    return load_checked(path)
