"""The registry: every benchmark case, one module each, in the order the table shows them."""

from benchmarks.case import Case
from benchmarks.cases import (
    allocation_1500x10,
    allocation_10000x30,
    allocation_50000x50,
    eligibility,
    scenario_sweep,
    season_replay,
)

CASES: tuple[Case, ...] = (
    eligibility.CASE,
    allocation_1500x10.CASE,
    allocation_10000x30.CASE,
    allocation_50000x50.CASE,
    scenario_sweep.CASE,
    season_replay.CASE,
)


def case_named(name: str) -> Case:
    """The registered case called ``name``; KeyError naming the known ones otherwise."""
    for case in CASES:
        if case.name == name:
            return case
    raise KeyError(f"no benchmark case {name!r}; known: {', '.join(c.name for c in CASES)}")


__all__ = ["CASES", "case_named"]
