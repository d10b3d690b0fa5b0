"""Hypothesis profiles: derandomized by default so a test run is reproducible, CI included.

``HYPOTHESIS_PROFILE=explore pytest`` draws fresh random examples (and more of them) to hunt
for new failures; whatever it finds is replayed from ``.hypothesis/`` and belongs in a test.
"""

from __future__ import annotations

import os

from hypothesis import settings

settings.register_profile("default", derandomize=True)
settings.register_profile("explore", derandomize=False, max_examples=500)
settings.load_profile(os.environ.get("HYPOTHESIS_PROFILE", "default"))
