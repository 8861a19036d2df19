"""Small real pictures made with Pillow, for the photo tests (nothing shipped, nothing downloaded)."""
from __future__ import annotations

import io
import random

from PIL import Image


def picture(kind: str = "PNG", size: tuple[int, int] = (40, 30), colour=(200, 60, 40)) -> bytes:
    out = io.BytesIO()
    Image.new("RGB", size, colour).save(out, format=kind)
    return out.getvalue()


def noisy_picture(size: tuple[int, int]) -> bytes:
    """A PNG that does not compress: its bytes grow with its size."""
    out = io.BytesIO()
    noise = random.Random(7).randbytes(size[0] * size[1] * 3)  # seeded: the same picture on every run
    Image.frombytes("RGB", size, noise).save(out, "PNG")
    return out.getvalue()
