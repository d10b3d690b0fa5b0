"""The comparison of variants: completions, money, and who gains, by criterion, level, académie.

Columns are fixed whatever the data (every criterion, level and académie, zeros included), so
a report can rely on them. Money is integer cents here, euros with two decimals in the files.
"""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np

from eligibility.campaigns import CampaignTable
from eligibility.labels import CRITERIA
from eligibility.money import format_euros
from eligibility.reference import academies
from eligibility.vocabulary import PRIMARY_SCHOOL_TYPES
from scenarios.scenario.plan import Plan
from scenarios.scenario.runs import RunOutcome

# School levels, in the order of schooling: primary schools, collèges, lycées (general,
# technological and vocational), EREA (adapted secondary education).
LEVELS: dict[str, tuple[str, ...]] = {
    "primary": PRIMARY_SCHOOL_TYPES,
    "college": ("college",),
    "lycee": ("lycee", "lycee_professionnel"),
    "erea": ("erea",),
}
HEAD_COLUMNS: tuple[str, ...] = (
    "variant",
    "label",
    "kind",
    "sweep_parameter",
    "sweep_value",
    "completed",
    "extra_completions",
    "money_spent",
    "cost_per_extra_completion",
)
ADDED_COLUMNS: tuple[str, ...] = (
    "variant",
    "campaign_id",
    "school_name",
    "uai",
    "academie",
    "school_type",
    "criteria",
    "amount",
)


def breakdown_columns() -> tuple[str, ...]:
    """``completed_courte_echelle``, then per criterion, per level, per académie (sorted)."""
    return (
        "completed_courte_echelle",
        *(f"completed_{c.name}" for c in CRITERIA),
        *(f"completed_level_{level}" for level in LEVELS),
        *(f"completed_academie_{name}" for name in academies()),
    )


def comparison_columns() -> tuple[str, ...]:
    """Every column of ``comparison.csv``, in order."""
    return HEAD_COLUMNS + breakdown_columns()


@dataclass(frozen=True)
class Groups:
    """For each breakdown column, which campaign rows count in it."""

    masks: dict[str, np.ndarray]
    row_of: dict[str, int]

    @classmethod
    def of(cls, table: CampaignTable) -> Groups:
        """The groups of a campaign table."""
        frame = table.frame
        masks = {"completed_courte_echelle": frame["courte_echelle"].to_numpy(bool)}
        for criterion in CRITERIA:
            masks[f"completed_{criterion.name}"] = frame[f"ce_{criterion.name}"].to_numpy(bool)
        for level, types in LEVELS.items():
            masks[f"completed_level_{level}"] = frame["school_type"].isin(types).to_numpy(bool)
        for name in academies():
            masks[f"completed_academie_{name}"] = (frame["academie"] == name).to_numpy(bool)
        row_of = {str(c): i for i, c in enumerate(table.ids.tolist())}
        return cls(masks, row_of)

    def counts(self, campaign_ids: list[str]) -> dict[str, int]:
        """How many of ``campaign_ids`` fall in each group."""
        chosen = np.zeros(len(self.row_of), dtype=bool)
        chosen[[self.row_of[c] for c in campaign_ids]] = True
        return {name: int((mask & chosen).sum()) for name, mask in self.masks.items()}


def cost_per_extra(extra_cents: int, extra_completions: int) -> int | None:
    """Extra money per extra completion, rounded half up to the cent; None without any."""
    if extra_completions <= 0:
        return None
    return (2 * extra_cents + extra_completions) // (2 * extra_completions)


def comparison_rows(plan: Plan, outcomes: dict[str, RunOutcome]) -> list[dict[str, str]]:
    """One row per variant, in the plan's order (the base first)."""
    groups = Groups.of(plan.base.round_.campaigns)
    base = outcomes[plan.variants[0].name]
    parameter = plan.sweep.parameter if plan.sweep else ""
    rows = []
    for variant in plan.variants:
        outcome = outcomes[variant.name]
        extra = outcome.completed - base.completed
        cost = cost_per_extra(outcome.spent_cents - base.spent_cents, extra)
        row = {
            "variant": variant.name,
            "label": variant.label,
            "kind": variant.kind,
            "sweep_parameter": parameter if variant.kind == "sweep" else "",
            "sweep_value": variant.sweep_value,
            "completed": str(outcome.completed),
            "extra_completions": str(extra),
            "money_spent": format_euros(outcome.spent_cents),
            "cost_per_extra_completion": "" if cost is None else format_euros(cost),
        }
        counts = groups.counts([c for c, _ in outcome.paid])
        row.update({name: str(counts[name]) for name in breakdown_columns()})
        rows.append(row)
    return rows


def added_rows(plan: Plan, outcomes: dict[str, RunOutcome]) -> list[dict[str, str]]:
    """Campaigns each variant completes that the base does not, by variant then campaign id."""
    table = plan.base.round_.campaigns
    frame = table.frame
    row_of = {str(c): i for i, c in enumerate(table.ids.tolist())}
    in_base = {c for c, _ in outcomes[plan.variants[0].name].paid}
    rows = []
    for variant in plan.variants[1:]:
        for campaign_id, cents in outcomes[variant.name].paid:
            if campaign_id in in_base:
                continue
            r = row_of[campaign_id]
            criteria = [c.name for c in CRITERIA if bool(frame[f"ce_{c.name}"].iat[r])]
            rows.append(
                {
                    "variant": variant.name,
                    "campaign_id": campaign_id,
                    "school_name": str(frame["school_name"].iat[r]),
                    "uai": str(frame["uai"].iat[r]),
                    "academie": str(frame["academie"].iat[r]),
                    "school_type": str(frame["school_type"].iat[r]),
                    "criteria": ";".join(criteria),
                    "amount": format_euros(cents),
                }
            )
    return rows
