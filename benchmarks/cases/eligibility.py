"""Eligibility: 50,000 campaigns × 50 rules through ``eligibility_matrix`` (issue 2)."""

from __future__ import annotations

import statistics
import time

import numpy as np

from benchmarks.case import Case, Metrics, check, line
from benchmarks.rules import synthetic_rules
from eligibility.rules import eligibility_matrix, evaluate_row, parse_rule
from scenarios.season import generate_season

SEED = 2024
SIZES = (50_000, 50)
SMOKE_SIZES = (500, 50)
TARGET_SECONDS = 1.0
REPEATS = 5
CHECKED_ROWS = 300  # campaigns compared with the row-by-row evaluation


def run(smoke: bool) -> Metrics:
    """Time the matrix of a generated season's campaigns against its fund rules and variants."""
    campaigns, count = SMOKE_SIZES if smoke else SIZES
    season = generate_season(seed=SEED, campaigns=campaigns)
    table = season.campaign_table()
    texts = [f.rule for f in season.funds]
    texts += synthetic_rules(np.random.default_rng(SEED), count - len(texts))
    began = time.perf_counter()
    rules = [parse_rule(text) for text in texts]
    parse_seconds = time.perf_counter() - began
    seconds = []
    for _ in range(REPEATS):
        began = time.perf_counter()
        matrix = eligibility_matrix(rules, table)
        seconds.append(time.perf_counter() - began)
    median = statistics.median(seconds)
    rows = np.random.default_rng(SEED).choice(len(table), min(CHECKED_ROWS, len(table)), False)
    frame = table.frame
    disagree = sum(
        evaluate_row(rule, frame.iloc[int(r)].to_dict()) != bool(matrix[r, j])
        for r in rows.tolist()
        for j, rule in enumerate(rules)
    )
    figures = (
        f"median {median:.3f} s of {REPEATS} (min {min(seconds):.3f} s); parse {parse_seconds:.3f}"
        f" s; {matrix.mean():.1%} of pairs eligible"
    )
    return Metrics(
        lines=[
            line(
                "eligibility_matrix",
                figures,
                target=f"well under {TARGET_SECONDS:g} s",
                met=median < TARGET_SECONDS,
            )
        ],
        checks=[
            check(
                "vector matrix equals the row-by-row evaluation",
                disagree == 0,
                f"{disagree} of {len(rows) * len(rules)} sampled cells disagree",
            )
        ],
        phases=[],
        details={
            "campaigns": len(table),
            "rules": len(rules),
            "seconds": seconds,
            "median_seconds": median,
            "parse_seconds": parse_seconds,
            "eligible_share": float(matrix.mean()),
        },
    )


CASE = Case(
    name="eligibility",
    sizes="50,000 campaigns × 50 rules",
    smoke_sizes="500 campaigns × 50 rules",
    seed=SEED,
    target="well under 1 s (issue 2)",
    run=run,
    timeout=600.0,
)
