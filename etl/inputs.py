"""The build's load step: every input file read and validated row by row, nothing yet cross-checked.

Reads data/indicators.csv and data/entities.csv first (a problem there is the root cause of many
later ones, so it is reported first), then the manifests in seeds/ with their texts, then the
figure files in data/figures/, then the declarations (derived figures, checks, ready views and
Overview cards). Every file is read once; its sha256 is kept for `build_inputs`.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from pathlib import Path

from etl import config, ledger
from etl.agreement import AGREEMENT_TOML, load_agreement
from etl.curated import Rows, load_entities, load_figure_rows, load_indicators
from etl.derived import load_declarations
from etl.files import Digests, listing
from etl.models import Agreement, CheckRow, DerivedRow, EntityRow, FigureRow, IndicatorRow
from etl.problems import Problem
from etl.sources import Source, load_sources
from etl.views_toml import VIEWS_TOML, Declared, load_views

DATA_FILES = (
    "indicators.csv", "entities.csv", ledger.LEDGER_NAME, AGREEMENT_TOML, "derived.csv", "checks.csv", VIEWS_TOML,
)  # fmt: skip
"""Files of the data folder besides the figure files that the build (and the app) depend on."""


@dataclass(frozen=True)
class Inputs:
    """Where the build reads from: manifests, curated data and the folder of source texts."""

    seeds_dir: Path = config.SEEDS_DIR
    data_dir: Path = config.DATA_DIR
    corpus: Path = config.SEEDS_DIR

    @classmethod
    def from_settings(cls) -> Inputs:
        """The inputs the settings name: $AII_SEEDS, $AII_DATA, $AII_CORPUS, else the repository's."""
        settings = config.settings()
        return cls(seeds_dir=settings.seeds, data_dir=settings.data, corpus=settings.corpus)

    @property
    def figures_dir(self) -> Path:
        return self.data_dir / "figures"

    def files(self) -> list[Path]:
        """Every regular file whose content the database depends on (texts are covered by their checksums)."""
        found = listing(self.seeds_dir, ".toml")[0] + listing(self.figures_dir, ".csv")[0]
        return [path for path in found if path.is_file()] + self.data_files() + code_files()

    def data_files(self) -> list[Path]:
        """The data files of every build, whatever its sources (the load step hashes each manifest and
        figure file as it reads it)."""
        return [path for path in (self.data_dir / name for name in DATA_FILES) if path.is_file()]


def code_files() -> list[Path]:
    """The ETL's code, SQL and schema (data/dictionary.toml): what decides how the inputs become the database."""
    return listing(config.ETL_DIR, ".py")[0] + listing(config.ETL_DIR, ".sql")[0] + [config.DICTIONARY_TOML]


@dataclass
class Loaded:
    """What the load step read: valid rows, and every problem found (errors and warnings)."""

    sources: list[Source]
    indicators: dict[str, IndicatorRow]
    entities: dict[str, EntityRow]
    figure_rows: dict[str, Rows[FigureRow]]
    """Valid figure rows by source id, in file order."""
    problems: list[Problem]
    digests: Digests = field(default_factory=dict)
    """sha256 and size of each manifest and figure file as read."""
    derived: list[DerivedRow] = field(default_factory=list)
    """Derived figures declared in data/derived.csv."""
    checks: list[CheckRow] = field(default_factory=list)
    """Consistency checks declared in data/checks.csv."""
    views: Declared = field(default_factory=Declared)
    """Ready views and Overview cards declared in data/views.toml."""
    agreement: Agreement | None = None
    """Tolerances declared in data/agreement.toml (None when it has a problem)."""


def load_inputs(inputs: Inputs) -> Loaded:
    """Everything the build reads, with every problem found."""
    indicators, problems = load_indicators(inputs.data_dir / "indicators.csv")
    entities, found = load_entities(inputs.data_dir / "entities.csv")
    problems += found
    digests: Digests = {}
    sources, found, broken = load_sources(inputs.seeds_dir, inputs.corpus, digests)
    problems += found
    known = {source.doc_id for source in sources}
    figure_files, found = listing(inputs.figures_dir, ".csv")
    problems += found
    figure_rows: dict[str, Rows[FigureRow]] = {}
    for path in figure_files:
        if path.stem in broken:
            continue
        if path.stem not in known:
            message = f"unknown source id {path.stem!r}: no seeds/{path.stem}.toml"
            problems.append(Problem(config.display_path(path), 1, "source", message))
            continue
        figure_rows[path.stem], found = load_figure_rows(path, digests)
        problems += found
    derived, checks, found = load_declarations(inputs.data_dir)
    problems += found
    views, found = load_views(inputs.data_dir)
    problems += found
    agreement, found = load_agreement(inputs.data_dir)
    problems += found
    return Loaded(sources, indicators, entities, figure_rows, problems, digests, derived, checks, views, agreement)
