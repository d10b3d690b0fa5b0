"""The shipped département table: all 101 départements, their 30 académies."""

from __future__ import annotations

from eligibility.reference import academie_of, academies, departements


def test_there_are_101_departements_in_30_academies() -> None:
    """France has 101 départements grouped in 30 académies."""
    assert len(departements()) == 101
    assert len(academies()) == 30


def test_codes_are_insee_text() -> None:
    """Codes are three digits, Corsica's 2A/2B, or an overseas 97x; 020 does not exist."""
    codes = set(departements())
    assert {"001", "095", "2A", "2B", "971", "972", "973", "974", "976"} <= codes
    assert "020" not in codes
    assert "975" not in codes
    assert all(len(code) == 3 or code in {"2A", "2B"} for code in codes)


def test_known_academies() -> None:
    """A few départements whose académie everyone knows."""
    assert academie_of("095") == "Versailles"
    assert academie_of("093") == "Créteil"
    assert academie_of("059") == "Lille"
    assert academie_of("2A") == "Corse"
    assert academie_of("014") == academie_of("076") == "Normandie"
    assert academie_of("974") == "La Réunion"


def test_every_academie_has_a_departement_and_paris_has_one() -> None:
    """Académies partition the départements; Paris is alone in its académie."""
    by_academie: dict[str, list[str]] = {}
    for code, entry in departements().items():
        by_academie.setdefault(entry.academie, []).append(code)
    assert set(by_academie) == set(academies())
    assert by_academie["Paris"] == ["075"]
    assert sum(len(codes) for codes in by_academie.values()) == 101
