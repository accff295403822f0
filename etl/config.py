"""Paths and settings in one place: every path resolves from the repository root, and every `AII_*`
environment variable is read here, by `Settings` (the README lists them)."""

from __future__ import annotations

import functools
import os
from dataclasses import dataclass
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
SEEDS_DIR = ROOT / "seeds"
DATA_DIR = ROOT / "data"
FIGURES_DIR = DATA_DIR / "figures"
ENTITIES_CSV = DATA_DIR / "entities.csv"
GAZETTEER_TABLES = ("places.csv", "dollars.csv")
"""Tables the extractor reads beside entities.csv: places below a country, and the countries writing "$"."""
DEFAULT_DB = DATA_DIR / "indicators.duckdb"
STATIC_DIR = ROOT / "static"
"""Streamlit serves this folder at /app/static/ (server.enableStaticServing): the app's current export."""
ETL_DIR = ROOT / "etl"
DICTIONARY_TOML = DATA_DIR / "dictionary.toml"
"""The data dictionary and the schema: part of the code (the contract it writes), never $AII_DATA's."""
DERIVED_SQL = ETL_DIR / "derived.sql"

CORPUS_ENV = "AII_CORPUS"
"""Folder holding the source texts (default: seeds/)."""
DB_ENV = "AII_DB"
"""Database the app opens (default: data/indicators.duckdb)."""
DATA_ENV = "AII_DATA"
"""Folder of curated data the app builds from and the Review page appends to (default: data/)."""
SEEDS_ENV = "AII_SEEDS"
"""Folder of source manifests (default: seeds/)."""
HOSTED_ENV = "AII_HOSTED"
"""1/true/yes/on: the hosted, read-only app; 0/false/no/off: local and writable; unset: guessed."""
LEDGER_ENV = "AII_LEDGER"
"""`keep`: a build leaves data/verification.csv as it is (the tests set it, so that a build inside them
cannot rewrite a stale ledger before the check sees it); `python -m etl verify` still writes."""
SETTINGS = (CORPUS_ENV, DB_ENV, DATA_ENV, SEEDS_ENV, HOSTED_ENV, LEDGER_ENV)
_TRUE = frozenset({"1", "true", "yes", "on"})
_FALSE = frozenset({"0", "false", "no", "off"})


def _path(value: str | None, default: Path) -> Path:
    return Path(value).expanduser().resolve() if value else default


@dataclass(frozen=True)
class Settings:
    """The `AII_*` environment variables, read once; `hosted` is True, False or None (not set: guess)."""

    corpus: Path = SEEDS_DIR
    db: Path = DEFAULT_DB
    db_given: bool = False
    data: Path = DATA_DIR
    seeds: Path = SEEDS_DIR
    hosted: bool | None = None
    hosted_note: str = ""
    keep_ledger: bool = False

    @classmethod
    def from_environment(cls) -> Settings:
        env = os.environ
        hosted, note = _hosted(env.get(HOSTED_ENV, ""))
        return cls(
            corpus=_path(env.get(CORPUS_ENV), SEEDS_DIR),
            db=_path(env.get(DB_ENV), DEFAULT_DB),
            db_given=bool(env.get(DB_ENV)),
            data=_path(env.get(DATA_ENV), DATA_DIR),
            seeds=_path(env.get(SEEDS_ENV), SEEDS_DIR),
            hosted=hosted,
            hosted_note=note,
            keep_ledger=env.get(LEDGER_ENV, "").strip().lower() == "keep",
        )


def _hosted(raw: str) -> tuple[bool | None, str]:
    """AII_HOSTED read strictly: a value that is not clearly "local" means hosted (read-only), and says so."""
    value = raw.strip().lower()
    if not value:
        return None, ""
    if value in _FALSE:
        return False, f"{HOSTED_ENV}={value}"
    if value in _TRUE:
        return True, f"{HOSTED_ENV} is set: this is the hosted, read-only app"
    return True, (
        f"{HOSTED_ENV}={raw.strip()!r} is not one of {', '.join(sorted(_TRUE | _FALSE))}: treated as hosted (read-only)"
    )


def settings() -> Settings:
    """The settings as the environment gives them now (tests change the environment between calls).

    Made once per set of values (and working folder, which relative paths resolve against): the app asks on
    every query, and resolving a path stats each of its folders."""
    return _settings(tuple(os.environ.get(name) for name in SETTINGS), os.getcwd())


@functools.lru_cache(maxsize=16)
def _settings(values: tuple[str | None, ...], cwd: str) -> Settings:
    return Settings.from_environment()


def corpus_dir(cli_value: str | os.PathLike[str] | None = None) -> Path:
    """The folder holding source texts: --corpus, else $AII_CORPUS, else seeds/."""
    return _path(os.fspath(cli_value), SEEDS_DIR) if cli_value else settings().corpus


def db_path() -> Path:
    """The database the app opens: $AII_DB, else data/indicators.duckdb."""
    return settings().db


def display_path(path: Path) -> str:
    """A path as errors show it: relative to the repository root when its folder is inside it."""
    try:
        folder, name = os.path.split(os.path.abspath(path))
        resolved = os.path.join(_real_folder(folder), name) if name else _real_folder(folder)
    except (OSError, ValueError):
        return str(path)
    inside = resolved.startswith(_ROOT_PREFIX)
    return resolved[len(_ROOT_PREFIX) :] if inside else "." if resolved == str(ROOT) else str(path)


@functools.lru_cache(maxsize=256)
def _real_folder(folder: str) -> str:
    """A folder with its symbolic links resolved, once: a build names thousands of files in a few folders."""
    return os.path.realpath(folder)


_ROOT_PREFIX = os.path.join(str(ROOT), "")
