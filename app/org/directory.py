"""The estates and buildings, cached per process (they change only on `org import`).

Every webhook message needs the estate list (names, codes, coordinates) and buildings; reading
them from the database each time cost two queries inside the write transaction. The cache lives
`INTAKE_DIRECTORY_TTL_SECONDS` (default 30 s; 0 turns it off); the org import, the one writer of
estates and buildings, drops it in its process (forget()); another process's import is seen
within the TTL.
"""
from __future__ import annotations

import threading
import time
from dataclasses import dataclass

import sqlalchemy as sa
from flask import current_app

from app.extensions import db
from app.org.models import Building, Estate

@dataclass(frozen=True)
class EstateEntry:
    id: int
    code: str
    name: str
    latitude: float | None
    longitude: float | None
    buildings: tuple[tuple[int, str], ...]  # (building id, code) in id order


@dataclass(frozen=True)
class Directory:
    estates: tuple[EstateEntry, ...]

    def by_id(self, estate_id: int | None) -> EstateEntry | None:
        return next((e for e in self.estates if e.id == estate_id), None)

    def by_code(self, code: str | None) -> EstateEntry | None:
        return next((e for e in self.estates if e.code == code), None)

    def names(self) -> tuple[tuple[str, str], ...]:
        """(code, name) of every estate, by code: bots.models.Context.estates."""
        return tuple(sorted((e.code, e.name) for e in self.estates))

    def buildings(self) -> tuple[tuple[str, tuple[str, ...]], ...]:
        """(estate code, building codes): bots.models.Context.estate_buildings."""
        return tuple((e.code, tuple(code for _, code in e.buildings)) for e in self.estates if e.buildings)


_lock = threading.Lock()
_cached: dict[str, tuple[float, Directory]] = {}  # by database URL: (loaded at, directory)
_generation = 0  # bumped by forget(), so a load that raced a write is not kept


def directory() -> Directory:
    """The cached directory, reloaded (in the caller's transaction) when stale or dropped."""
    ttl = current_app.config["INTAKE_DIRECTORY_TTL_SECONDS"]
    key = str(db.engine.url)
    cached = _cached.get(key)
    if cached is not None and time.monotonic() - cached[0] < ttl:
        return cached[1]
    generation = _generation
    fresh = _load()
    with _lock:
        if generation == _generation:
            _cached[key] = (time.monotonic(), fresh)
    return fresh


def forget() -> None:
    """Drop the cache: the next message reads the estates again."""
    global _generation
    with _lock:
        _generation += 1
        _cached.clear()


def _load() -> Directory:
    estates = db.session.execute(sa.select(Estate.id, Estate.code, Estate.name, Estate.latitude,
                                           Estate.longitude).order_by(Estate.id)).all()
    buildings: dict[int, list[tuple[int, str]]] = {}
    for building_id, estate_id, code in db.session.execute(
            sa.select(Building.id, Building.estate_id, Building.code).order_by(Building.id)):
        buildings.setdefault(estate_id, []).append((building_id, code))
    return Directory(tuple(EstateEntry(e.id, e.code, e.name, e.latitude, e.longitude, tuple(buildings.get(e.id, ())))
                           for e in estates))
