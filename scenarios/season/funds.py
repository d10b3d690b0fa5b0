"""The season's funds, shaped like the platform's real earmarks and scaled to the season's size.

Budgets are stated for a platform-size season (1,444 campaigns, 126,437 € in all) and scaled
linearly with the number of campaigns, rounded to whole euros.
"""

from __future__ import annotations

from datetime import date
from decimal import Decimal
from typing import Literal, NamedTuple

from allocator.funds import Fund

PLATFORM_CAMPAIGNS = 1_444


class FundSpec(NamedTuple):
    """A fund at platform size; months bound its validity window within the season."""

    id: str
    name: str
    kind: Literal["patron", "thematic"]
    budget_euros: int
    rule: str
    cap_per_campaign_euros: int | None = None
    cap_share_of_min_goal: str | None = None
    match_ratio: str | None = None
    months: tuple[int, int] = (1, 12)


MOUNTAIN_RULE = (
    'school_type in ("ecole_elementaire", "ecole_primaire") and nights >= 4 '
    'and "mountain" in themes and (priority_education in ("REP", "REP+") or isolated)'
)

FUND_SPECS: tuple[FundSpec, ...] = (
    FundSpec("national-solidarity", "Fonds national de solidarité", "patron", 36_366,
             "courte_echelle", cap_per_campaign_euros=800, cap_share_of_min_goal="0.5"),
    FundSpec("mountain-classes", "Classes de découverte en montagne", "patron", 20_000,
             MOUNTAIN_RULE, cap_per_campaign_euros=1_500),
    FundSpec("sustainable-development", "Transition écologique à l'école", "patron", 15_000,
             '"sustainable_development" in themes', cap_per_campaign_euros=800, months=(1, 6)),
    FundSpec("sea-classes", "Classes de mer et océans", "patron", 10_000,
             '"sea" in themes and nights >= 2', cap_share_of_min_goal="0.5"),
    FundSpec("sport-values", "La réussite par le sport", "patron", 9_000,
             '"sport" in themes and school_type != "ecole_maternelle"', match_ratio="2"),
    FundSpec("disability", "Handicap et inclusion", "patron", 8_571,
             '"disability" in themes or inclusive', cap_per_campaign_euros=1_000),
    FundSpec("airport-territories", "Territoires des aéroports parisiens", "patron", 8_000,
             'departement in ("077", "093", "095", "094", "091")', cap_per_campaign_euros=700,
             months=(3, 12)),
    FundSpec("food", "Bien manger, bien grandir", "patron", 7_000, '"food" in themes',
             cap_share_of_min_goal="0.5", months=(1, 10)),
    FundSpec("music-creation", "Création musicale avec des compositeurs", "patron", 5_000,
             '"music_creation" in themes', cap_per_campaign_euros=600, match_ratio="1",
             months=(2, 7)),
    FundSpec("last-step", "La dernière marche", "patron", 3_000,
             "courte_echelle and need <= 300 and donors >= 10", cap_per_campaign_euros=300,
             months=(4, 12)),
    FundSpec("gifts-science", "Dons au thème sciences", "thematic", 1_500,
             '"science" in themes or "digital" in themes'),
    FundSpec("gifts-nord", "Dons au département du Nord", "thematic", 1_200,
             'departement == "059"'),
    FundSpec("gifts-vocational", "Dons aux lycées professionnels", "thematic", 1_000,
             'school_type == "lycee_professionnel"'),
    FundSpec("gifts-nursery", "Dons aux écoles maternelles", "thematic", 800,
             'school_type == "ecole_maternelle"'),
)  # fmt: skip


def season_funds(*, campaigns: int, season_year: int) -> tuple[Fund, ...]:
    """The funds of a season of ``campaigns`` campaigns, budgets scaled to its size."""
    return tuple(_fund(spec, campaigns=campaigns, season_year=season_year) for spec in FUND_SPECS)


def _fund(spec: FundSpec, *, campaigns: int, season_year: int) -> Fund:
    """One ``Fund`` from its platform-size spec."""
    budget_euros = round(spec.budget_euros * campaigns / PLATFORM_CAMPAIGNS)
    cap = spec.cap_per_campaign_euros
    first, last = spec.months
    return Fund(
        id=spec.id,
        name=spec.name,
        kind=spec.kind,
        budget_cents=budget_euros * 100,
        rule=spec.rule,
        cap_per_campaign_cents=None if cap is None else cap * 100,
        cap_share_of_min_goal=_decimal(spec.cap_share_of_min_goal),
        match_ratio=_decimal(spec.match_ratio),
        valid_from=date(season_year, first, 1),
        valid_until=_last_day(season_year, last),
    )


def _decimal(text: str | None) -> Decimal | None:
    return None if text is None else Decimal(text)


def _last_day(year: int, month: int) -> date:
    """The last day of a month."""
    if month == 12:
        return date(year, 12, 31)
    return date.fromordinal(date(year, month + 1, 1).toordinal() - 1)
