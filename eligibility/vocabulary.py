"""The closed vocabularies of the campaign data: school types, sectors, networks, themes."""

from __future__ import annotations

SCHOOL_TYPES: tuple[str, ...] = (
    "ecole_maternelle",
    "ecole_elementaire",
    "ecole_primaire",
    "college",
    "lycee",
    "lycee_professionnel",
    "erea",
)
PRIMARY_SCHOOL_TYPES: tuple[str, ...] = ("ecole_maternelle", "ecole_elementaire", "ecole_primaire")

SECTORS: tuple[str, ...] = ("public", "prive")

# The empty string means "not in a priority education network".
PRIORITY_EDUCATION: tuple[str, ...] = ("", "REP", "REP+")

THEMES: tuple[str, ...] = (
    "arts",
    "citizenship",
    "digital",
    "disability",
    "food",
    "health",
    "heritage",
    "international",
    "languages",
    "media",
    "mountain",
    "music_creation",
    "reading_writing",
    "science",
    "sea",
    "sport",
    "sustainable_development",
)

THEME_DESCRIPTIONS: dict[str, str] = {
    "arts": "arts and culture, theatre, cinema, visual arts",
    "citizenship": "citizenship, memory, democracy",
    "digital": "digital skills, coding, robotics",
    "disability": "pupils with disabilities, or projects about disability",
    "food": "food and nutrition",
    "health": "health, well-being",
    "heritage": "heritage, history, archaeology",
    "international": "trips abroad and intercultural exchanges",
    "languages": "foreign and regional languages",
    "media": "press, radio, podcasts, media literacy",
    "mountain": "mountain discovery classes, summer or winter",
    "music_creation": "music creation with artist-composers",
    "reading_writing": "reading and writing",
    "science": "science and technology",
    "sea": "sea classes and ocean preservation",
    "sport": "school success through the values of sport",
    "sustainable_development": "sustainable development, environment",
}
