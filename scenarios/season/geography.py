"""Where campaigns come from: département weights, urban and rural tiers, communes, UAI prefixes."""

from __future__ import annotations

from functools import cache

import numpy as np

from eligibility.reference import departements
from scenarios.season.calibration import TOP_DEPARTEMENTS

# Shares of all campaigns for the platform's top ten, in its published order.
TOP_WEIGHTS: tuple[float, ...] = (
    0.066, 0.056, 0.048, 0.042, 0.037, 0.033, 0.030, 0.027, 0.024, 0.022
)  # fmt: skip


def _codes(text: str) -> frozenset[str]:
    """A set of département codes written as one space-separated line."""
    return frozenset(text.split())


# The rest share what is left by size: large ones weigh 1, medium 0.6, small 0.3.
LARGE = _codes("062 031 078 077 044 067 034 006 038 076 057 083 035 974")
SMALL = _codes(
    "048 023 090 005 015 052 055 009 046 032 004 2A 2B 043 058 036 070 039 082 019 "
    "061 053 065 976 973 972 971 012 008 041"
)

# Priority education is concentrated in a few urban and overseas départements.
PRIORITY_HIGH = _codes("093 976 973 971 972 974 095 013 059")
PRIORITY_RAISED = _codes("094 069 062 075 091 067 057 080 002 060 076 030 034 066 077")

# Isolation: mountains, sparse countryside and islands; almost never in the inner suburbs.
ISOLATED_HIGH = _codes(
    "048 015 023 005 004 009 065 2A 2B 073 043 046 012 052 055 058 973 976 019 032"
)
URBAN_CORE = _codes("075 092 093 094")
URBAN = _codes("095 091 078 077 069 013 059 033 031 067 006 044 034 076 062 057 083 035")
OVERSEAS_ISLANDS = _codes("971 972 974")

# UAI prefixes where the INSEE code is not three digits.
UAI_PREFIX = {"2A": "620", "2B": "720"}

TOP_COMMUNES: dict[str, tuple[str, ...]] = {
    "095": ("Argenteuil", "Cergy", "Sarcelles", "Garges-lès-Gonesse", "Pontoise", "Goussainville",
            "Gonesse", "Villiers-le-Bel", "Bezons", "Ermont"),
    "059": ("Lille", "Roubaix", "Tourcoing", "Dunkerque", "Villeneuve-d'Ascq", "Valenciennes",
            "Douai", "Maubeuge", "Cambrai", "Wattrelos"),
    "094": ("Créteil", "Vitry-sur-Seine", "Champigny-sur-Marne", "Ivry-sur-Seine", "Villejuif",
            "Maisons-Alfort", "Fontenay-sous-Bois", "Choisy-le-Roi", "Orly"),
    "075": ("Paris 10e Arrondissement", "Paris 11e Arrondissement", "Paris 13e Arrondissement",
            "Paris 15e Arrondissement", "Paris 18e Arrondissement", "Paris 19e Arrondissement",
            "Paris 20e Arrondissement"),
    "091": ("Évry-Courcouronnes", "Corbeil-Essonnes", "Massy", "Savigny-sur-Orge", "Grigny",
            "Les Ulis", "Étampes", "Palaiseau"),
    "013": ("Marseille", "Aix-en-Provence", "Arles", "Martigues", "Aubagne", "Istres",
            "Salon-de-Provence", "Vitrolles"),
    "069": ("Lyon", "Villeurbanne", "Vénissieux", "Vaulx-en-Velin", "Saint-Priest",
            "Caluire-et-Cuire", "Bron", "Rillieux-la-Pape"),
    "033": ("Bordeaux", "Mérignac", "Pessac", "Talence", "Libourne", "Bègles", "Lormont", "Cenon"),
    "092": ("Nanterre", "Gennevilliers", "Colombes", "Asnières-sur-Seine", "Boulogne-Billancourt",
            "Bagneux", "Clichy", "Rueil-Malmaison"),
    "093": ("Saint-Denis", "Montreuil", "Aubervilliers", "Bobigny", "Aulnay-sous-Bois", "Bondy",
            "Pantin", "Sevran", "Clichy-sous-Bois"),
}  # fmt: skip

PREFECTURES: dict[str, str] = {
    "001": "Bourg-en-Bresse", "002": "Laon", "003": "Moulins", "004": "Digne-les-Bains",
    "005": "Gap", "006": "Nice", "007": "Privas", "008": "Charleville-Mézières", "009": "Foix",
    "010": "Troyes", "011": "Carcassonne", "012": "Rodez", "014": "Caen", "015": "Aurillac",
    "016": "Angoulême", "017": "La Rochelle", "018": "Bourges", "019": "Tulle", "2A": "Ajaccio",
    "2B": "Bastia", "021": "Dijon", "022": "Saint-Brieuc", "023": "Guéret", "024": "Périgueux",
    "025": "Besançon", "026": "Valence", "027": "Évreux", "028": "Chartres", "029": "Quimper",
    "030": "Nîmes", "031": "Toulouse", "032": "Auch", "034": "Montpellier", "035": "Rennes",
    "036": "Châteauroux", "037": "Tours", "038": "Grenoble", "039": "Lons-le-Saunier",
    "040": "Mont-de-Marsan", "041": "Blois", "042": "Saint-Étienne", "043": "Le Puy-en-Velay",
    "044": "Nantes", "045": "Orléans", "046": "Cahors", "047": "Agen", "048": "Mende",
    "049": "Angers", "050": "Saint-Lô", "051": "Châlons-en-Champagne", "052": "Chaumont",
    "053": "Laval", "054": "Nancy", "055": "Bar-le-Duc", "056": "Vannes", "057": "Metz",
    "058": "Nevers", "060": "Beauvais", "061": "Alençon", "062": "Arras",
    "063": "Clermont-Ferrand", "064": "Pau", "065": "Tarbes", "066": "Perpignan",
    "067": "Strasbourg", "068": "Colmar", "070": "Vesoul", "071": "Mâcon", "072": "Le Mans",
    "073": "Chambéry", "074": "Annecy", "076": "Rouen", "077": "Melun", "078": "Versailles",
    "079": "Niort", "080": "Amiens", "081": "Albi", "082": "Montauban", "083": "Toulon",
    "084": "Avignon", "085": "La Roche-sur-Yon", "086": "Poitiers", "087": "Limoges",
    "088": "Épinal", "089": "Auxerre", "090": "Belfort", "971": "Basse-Terre",
    "972": "Fort-de-France", "973": "Cayenne", "974": "Saint-Denis", "976": "Mamoudzou",
}  # fmt: skip

# Names shared by communes in many départements, for villages off the short lists.
GENERIC_COMMUNES: tuple[str, ...] = (
    "Saint-Martin", "Villeneuve", "Beaumont", "Fontaine", "Montigny", "Saint-Pierre",
    "La Chapelle", "Sainte-Marie", "Saint-Laurent", "Châteauneuf", "Neuville", "Saint-Jean",
    "Villefranche", "Montfort", "Saint-Georges", "Belleville", "Bourgneuf", "Saint-Julien",
    "Sainte-Colombe", "Saint-Germain",
)  # fmt: skip


@cache
def departement_codes() -> tuple[str, ...]:
    """All département codes in the reference order."""
    return tuple(departements())


def departement_weights() -> np.ndarray:
    """Probability of each département (reference order) hosting a campaign."""
    codes = departement_codes()
    rest = np.array([1.0 if c in LARGE else 0.3 if c in SMALL else 0.6 for c in codes], dtype=float)
    rest[[codes.index(c) for c in TOP_DEPARTEMENTS]] = 0.0
    weights: np.ndarray = rest / rest.sum() * (1.0 - sum(TOP_WEIGHTS))
    for code, share in zip(TOP_DEPARTEMENTS, TOP_WEIGHTS, strict=True):
        weights[codes.index(code)] = share
    return weights


def tier_multipliers(codes: np.ndarray, tiers: dict[frozenset[str], float]) -> np.ndarray:
    """A per-campaign multiplier from the last tier listing its département, 1 if none does."""
    multiplier = np.ones(len(codes))
    for members, factor in tiers.items():
        multiplier[np.isin(codes, sorted(members))] = factor
    return multiplier


def uai_prefixes(codes: np.ndarray) -> np.ndarray:
    """The three digits a UAI starts with for each département code."""
    return np.array([UAI_PREFIX.get(c, c) for c in codes], dtype=object)


def towns(code: str) -> tuple[str, ...]:
    """The towns of a département campaigns come from: a short list, or its prefecture."""
    if code in TOP_COMMUNES:
        return TOP_COMMUNES[code]
    return (PREFECTURES[code],)
