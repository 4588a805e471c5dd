# No `from __future__ import annotations` here: ninja reads the views' annotations at import.
from ninja import Router

router = Router(tags=["feedback"])
