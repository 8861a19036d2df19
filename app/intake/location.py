"""A location message → the nearest estate (by Estate.latitude/longitude)."""
from __future__ import annotations

import math

from app.org.directory import EstateEntry, directory

# Further than this from every estate, a location names none of them.
MAX_DISTANCE_KM = 2.0
EARTH_RADIUS_KM = 6371.0


def nearest_estate(latitude: float, longitude: float, *, max_km: float = MAX_DISTANCE_KM) -> EstateEntry | None:
    """The nearest estate with coordinates within `max_km` (its .code, .name, .id), else None."""
    scored = [(distance_km(latitude, longitude, e.latitude, e.longitude), e.id, e) for e in directory().estates
              if e.latitude is not None and e.longitude is not None]
    best = min(scored, default=None)
    return best[2] if best and best[0] <= max_km else None


def distance_km(lat1: float, lng1: float, lat2: float, lng2: float) -> float:
    """Great-circle distance (haversine)."""
    p1, p2 = math.radians(lat1), math.radians(lat2)
    dp, dl = p2 - p1, math.radians(lng2 - lng1)
    a = math.sin(dp / 2) ** 2 + math.cos(p1) * math.cos(p2) * math.sin(dl / 2) ** 2
    return 2 * EARTH_RADIUS_KM * math.asin(math.sqrt(a))
