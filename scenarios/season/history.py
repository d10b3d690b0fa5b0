"""Past seasons written beside a season to fit forecasts on: ``history/2023/``, ``history/2022/``.

Past season ``k`` (1 for the year before) of a season generated with ``seed`` is the season of
the same size for the year ``season_year - k`` and the seed ``seed * 1000 + k``: reproducible,
and never the seed of another season's own year for seeds and histories in use.
"""

from __future__ import annotations

from pathlib import Path

from scenarios.season.season import Season, generate_season
from scenarios.season.writer import write_season
from scenarios.timeline import HISTORY_DIR

MAX_HISTORY = 999


def history_seed(seed: int, back: int) -> int:
    """The seed of the season ``back`` years before one generated with ``seed``."""
    if not 1 <= back <= MAX_HISTORY:
        raise ValueError(f"expected 1 to {MAX_HISTORY} seasons back, got {back}")
    return seed * 1_000 + back


def past_seasons(*, seed: int, campaigns: int, season_year: int, count: int) -> tuple[Season, ...]:
    """The ``count`` seasons before ``season_year``, most recent first."""
    return tuple(
        generate_season(
            seed=history_seed(seed, back), campaigns=campaigns, season_year=season_year - back
        )
        for back in range(1, count + 1)
    )


def write_history(seasons: tuple[Season, ...], out_dir: Path) -> list[Path]:
    """Write each past season into ``out_dir/history/{year}/``; the paths written."""
    paths: list[Path] = []
    for season in seasons:
        paths += write_season(season, out_dir / HISTORY_DIR / str(season.season_year))
    return paths
