"""Words the reports put on the engine's names: policies, criteria, levels, reasons."""

from __future__ import annotations

import pandas as pd

POLICY_WORDS: dict[str, str] = {
    "optimal": "the optimiser: as many campaigns as possible, priorities next, then least money",
    "optimal-pledge": "the optimiser with a forecast, making pledges paid only if still needed",
    "closest": "greedy rule: the campaign closest to its minimum goal first",
    "fcfs": "greedy rule: first come, first served by deadline (today's practice)",
    "none": "no solidarity money at all (the reference)",
}

CRITERION_WORDS: dict[str, str] = {
    "courte_echelle": "Courte Échelle (any criterion)",
    "priority_education": "priority education (REP, REP+)",
    "vocational": "vocational lycée",
    "isolated": "isolated school",
    "inclusive": "inclusive project",
}

LEVEL_WORDS: dict[str, str] = {
    "primary": "primary (école)",
    "college": "lower secondary (collège)",
    "lycee": "upper secondary (lycée)",
    "ecole_maternelle": "nursery school (maternelle)",
    "ecole_elementaire": "elementary school",
    "ecole_primaire": "primary school",
    "lycee_professionnel": "vocational lycée",
    "erea": "EREA",
}

# Reasons start with words shared by every campaign left out for the same cause.
_REASON_HEADS = (
    "not eligible for any fund",
    "eligible, but the caps allow",
    "could be completed, but the budget went to campaigns ranked higher",
    "ended before the round date",
    "ends after the horizon",
)
_HEADLINES = {
    "eligible, but the caps allow": "eligible, but the funds' caps allow less than it needs"
}


def reason_parts(reason: str) -> tuple[str, str]:
    """Split an outcome's reason into a headline shared by its kind and the specific rest."""
    for head in _REASON_HEADS:
        if reason.startswith(head):
            rest = reason[len(head) :].lstrip(":;, ")
            if head in _HEADLINES:
                return _HEADLINES[head], reason
            return head, rest
    headline, _, rest = reason.partition(": ")
    return headline, rest


def criteria_of(frame: pd.DataFrame) -> list[tuple[str, ...]]:
    """The Courte Échelle criteria of each campaign, in words (REP and REP+ told apart)."""
    rows = []
    columns = zip(
        frame["priority_education"],
        frame["ce_vocational"],
        frame["ce_isolated"],
        frame["ce_inclusive"],
        strict=True,
    )
    for network, vocational, isolated, inclusive in columns:
        tags = [str(network)] if network else []
        tags += [
            word
            for flag, word in (
                (vocational, "vocational"),
                (isolated, "isolated"),
                (inclusive, "inclusive"),
            )
            if flag
        ]
        rows.append(tuple(tags))
    return rows


def criterion_words(name: str) -> str:
    """A criterion column suffix in words."""
    return CRITERION_WORDS.get(name, name.replace("_", " "))


def level_words(name: str) -> str:
    """A school level column suffix in words."""
    return LEVEL_WORDS.get(name, name.replace("_", " "))
