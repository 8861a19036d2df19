"""A small street for API tests, and tokens for its people."""
from __future__ import annotations

import itertools
import threading
from dataclasses import dataclass

import requests

from app.api.auth import issue_token
from app.clock import utcnow
from app.extensions import db
from app.org.models import Estate, Person, RoleKind
from app.residents.models import Resident
from tests.factories import create_estate, create_person, create_pool_member, create_steward

_seq = itertools.count(1)


@dataclass
class Street:
    estate: Estate
    other: Estate  # same grid, another firm
    steward: Person  # plumbing, all buildings of estate
    colleague: Person  # electrical, same firm
    lender: Person  # steward of the other firm, in the pool with plumbing
    lender2: Person
    manager: Person
    secretary: Person
    mediator: Person
    supervisor: Person
    resident: Resident


def build_street(now) -> Street:
    estate = create_estate(buildings=("1", "2", "3"))
    other = create_estate(grid=estate.grid, buildings=("A",))
    community_id = estate.grid.community_id
    lender = create_steward(other, skills="lift")
    lender2 = create_steward(other, skills="lift")
    street = Street(
        estate=estate, other=other,
        steward=create_steward(estate, skills="plumbing", name="王建国"),
        colleague=create_steward(estate, skills="electrical", name="李红"),
        lender=lender, lender2=lender2,
        manager=create_person(roles=[{"kind": RoleKind.MANAGER, "estate_id": estate.id}]),
        secretary=create_person(roles=[{"kind": RoleKind.SECRETARY, "grid_id": estate.grid_id}]),
        mediator=create_person(roles=[{"kind": RoleKind.MEDIATOR, "grid_id": estate.grid_id}]),
        supervisor=create_person(roles=[{"kind": RoleKind.SUPERVISOR, "community_id": community_id}]),
        resident=create_resident(now),
    )
    create_pool_member(lender, community_id, skills="lift")
    create_pool_member(lender2, community_id, skills="lift")
    return street


def create_resident(now, **overrides) -> Resident:
    resident = Resident(openid=overrides.pop("openid", f"o_res_{next(_seq)}"), created_at=now,
                        phone=overrides.pop("phone", "13800138000"), **overrides)
    db.session.add(resident)
    db.session.commit()
    return resident


def token(who, *, now=None) -> dict:
    return {"Authorization": f"Bearer {issue_token(who, now=now or utcnow())}"}


def post_together(url: str, headers: list[dict], json: dict | None = None) -> list[tuple[int, str]]:
    """POST to url once per headers, released at the same moment by a barrier; (status, code) each."""
    barrier = threading.Barrier(len(headers))
    results: list = [None] * len(headers)

    def go(i: int) -> None:
        with requests.Session() as http:
            barrier.wait()
            r = http.post(url, headers=headers[i], json=json, timeout=30)
            results[i] = (r.status_code, r.json().get("code", "ok"))

    threads = [threading.Thread(target=go, args=(i,)) for i in range(len(headers))]
    for t in threads:
        t.start()
    for t in threads:
        t.join(timeout=60)
    return results
