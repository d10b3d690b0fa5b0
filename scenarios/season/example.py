"""The small generated season shipped with the package as its built-in example data."""

from __future__ import annotations

from importlib import resources
from pathlib import Path

# The shipped files are exactly ``write_season(generate_season(seed=..., campaigns=...))``.
EXAMPLE_SEED = 2024
EXAMPLE_CAMPAIGNS = 400
EXAMPLE_SEASON_YEAR = 2024


def example_season_dir() -> Path:
    """The folder holding the example ``campaigns.csv``, ``funds.json`` and ``donations.csv``."""
    folder = resources.files("scenarios").joinpath("data", "example")
    # The package is installed as files (setuptools, editable or not), never from a zip.
    return Path(str(folder))
