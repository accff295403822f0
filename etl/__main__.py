"""Command line: `python -m etl build|extract|extract-corpus|export|verify`; each command's help is the
docstring of the function that runs it, its options are declared in `_add_commands`
(`python -m etl COMMAND --help` lists them).
"""

from __future__ import annotations

import argparse
import csv
import datetime as dt
import itertools
import json
import sys
from collections.abc import Callable, Iterator
from pathlib import Path
from typing import TYPE_CHECKING, TextIO

from etl import config
from etl.files import replacing

if TYPE_CHECKING:
    from etl.candidate import Candidate


def _build(args: argparse.Namespace) -> int:
    """Validate inputs and write the DuckDB file."""
    from etl.build import BuildError, Inputs, build

    inputs = Inputs(seeds_dir=Path(args.seeds), data_dir=Path(args.data), corpus=config.corpus_dir(args.corpus))
    finder = None
    if not args.no_candidates:  # the extractor is imported only when it may run
        from etl.candidates import candidate_finder

        finder = candidate_finder(inputs.data_dir)
    try:
        summary = build(inputs, Path(args.out), find_candidates=finder)
    except BuildError as error:
        for problem in error.problems:
            print(problem, file=sys.stderr)
        print(f"build failed: {len(error.problems)} error(s); {args.out} left untouched", file=sys.stderr)
        return 1
    for line in summary.lines():
        print(line)
    return 0


def _verify(args: argparse.Namespace) -> int:
    """Rewrite the verification ledger (data/verification.csv) from the texts; with --check, change nothing
    and fail, naming the figures, when it is out of date."""
    from etl import ledger
    from etl.build import Inputs, checked_inputs

    inputs = Inputs(seeds_dir=Path(args.seeds), data_dir=Path(args.data), corpus=config.corpus_dir(args.corpus))
    sources, figures, problems = checked_inputs(inputs)
    errors = sorted(p for p in problems if p.severity == "error")
    for problem in errors:
        print(problem, file=sys.stderr)
    if errors:
        print(f"verify failed: {len(errors)} error(s) in the inputs", file=sys.stderr)
        return 1
    missing = sorted(s.manifest.text_file for s in sources if s.text is None)
    path = config.display_path(ledger.path_in(inputs.data_dir))
    if args.check:
        stale = ledger.stale(sources, figures, inputs.data_dir)
        for line in stale:
            print(line, file=sys.stderr)
        if missing:
            print(
                f"error: no text for {', '.join(missing)} in {inputs.corpus}: cannot check their rows", file=sys.stderr
            )
        if stale:
            print(f"{path} is out of date: run `python -m etl verify` and commit it", file=sys.stderr)
        if stale or missing:
            return 1
        print(f"{path} matches the texts: {len(figures['figure_id'])} figures, {len(sources)} sources")
        return 0
    if missing:
        print(f"warning: no text for {', '.join(missing)}: their ledger rows are kept as they were", file=sys.stderr)
    trust = ledger.verify(sources, figures, inputs.data_dir)
    changed = trust.save(force=True)
    print(f"{'wrote' if changed else 'unchanged:'} {path} ({len(trust.entries)} rows)")
    return 0


def _published_dates(seeds_dir: Path) -> dict[str, dt.date]:
    """Publication date (or earliest known date) of each source text, by text file name."""
    from etl.sources import load_manifest

    dates: dict[str, dt.date] = {}
    for path in sorted(seeds_dir.glob("*.toml")):
        manifest, _ = load_manifest(path)
        if manifest is not None and (manifest.published.date or manifest.published.earliest):
            dates[manifest.text_file] = manifest.published.date or manifest.published.earliest  # type: ignore[assignment]
    return dates


def _candidates(args: argparse.Namespace, files: list[Path]) -> Iterator[Candidate]:
    from etl.extract import Gazetteer, extract_file

    gazetteer = Gazetteer.from_csv(Path(args.entities))
    dates = _published_dates(Path(args.seeds))
    for path in files:
        published = args.published or dates.get(path.name)
        yield from extract_file(path, published=published, gazetteer=gazetteer)


def _write_parquet(rows: Iterator[dict[str, object]], out: Path) -> int:
    import pyarrow as pa
    import pyarrow.parquet as pq

    from etl.extract_corpus import candidate_schema

    schema = candidate_schema()
    count = 0
    with replacing(out) as tmp, pq.ParquetWriter(tmp, schema) as writer:
        while batch := list(itertools.islice(rows, 50_000)):
            writer.write_table(pa.Table.from_pylist(batch, schema=schema))
            count += len(batch)
    return count


def _unreadable(path: Path) -> str | None:
    """Why the extractor cannot read `path`, or None when it can."""
    from etl.extract import NotARegularFileError, NotUtf8Error, check_utf8

    try:
        check_utf8(path)
    except NotUtf8Error as error:
        return f"{error}; convert it to UTF-8 first"
    except NotARegularFileError as error:
        return f"{error}; give a text file"
    except OSError as error:
        return f"{path}: cannot read: {error.strerror}"
    return None


def _extract(args: argparse.Namespace) -> int:
    """Print the candidate figures found in UTF-8 text files."""
    checked = [(Path(name), _unreadable(Path(name))) for name in args.files]
    for _, reason in checked:
        if reason:
            print(f"error: {reason}", file=sys.stderr)
    readable = [path for path, reason in checked if reason is None]
    if args.out and not Path(args.out).parent.is_dir():
        print(f"error: --out {args.out}: folder {Path(args.out).parent} does not exist", file=sys.stderr)
        return 2
    try:
        return _write_candidates(args, readable) or (1 if len(readable) < len(checked) else 0)
    except OSError as error:
        print(f"error: --out {args.out}: cannot write: {error.strerror or error}", file=sys.stderr)
        return 2


def _write_candidates(args: argparse.Namespace, readable: list[Path]) -> int:
    """Write the candidates of `readable` in the chosen format; 2 when the arguments do not fit."""
    if args.format == "parquet" and not args.out:
        print("error: --format parquet needs --out PATH", file=sys.stderr)
        return 2
    rows = (candidate.as_dict() for candidate in _candidates(args, readable))
    if args.format == "parquet":
        print(f"wrote {_write_parquet(rows, Path(args.out))} candidates to {args.out}", file=sys.stderr)
    elif args.out:
        with replacing(Path(args.out)) as tmp, tmp.open("w", encoding="utf-8", newline="") as handle:
            _write_text(args.format, rows, handle)
    else:
        _write_text(args.format, rows, sys.stdout)
    return 0


def _write_text(form: str, rows: Iterator[dict[str, object]], handle: TextIO) -> None:
    """Candidates as CSV or JSON lines."""
    from etl.candidate import FIELDS

    if form == "csv":
        writer = csv.DictWriter(handle, fieldnames=FIELDS, lineterminator="\n")
        writer.writeheader()
        writer.writerows(rows)
    else:
        handle.writelines(json.dumps(row, ensure_ascii=False) + "\n" for row in rows)


def _extract_corpus(args: argparse.Namespace) -> int:
    """Candidates of every text in a folder, on Dask, as Parquet partitioned by document (`uv sync --group
    engine`)."""
    from etl.extract import Gazetteer
    from etl.extract_corpus import CorpusError, extract_corpus, plan

    files = sorted(Path(args.corpus).glob("*.txt"))
    if not files:
        print(f"error: no .txt files in {args.corpus}", file=sys.stderr)
        return 1
    tasks = plan(files, _published_dates(Path(args.seeds)), args.buckets)
    gazetteer = Gazetteer.from_csv(Path(args.entities))
    try:
        count = extract_corpus(tasks, gazetteer, Path(args.out), args.buckets, args.workers, args.scheduler)
    except CorpusError as error:
        print(f"error: {error}; {args.out} left untouched", file=sys.stderr)
        return 1
    print(f"wrote {count} candidates of {len(files)} texts to {args.out}", file=sys.stderr)
    return 0


def _export(args: argparse.Namespace) -> int:
    """Every table as Parquet and CSV, with a Frictionless datapackage.json."""
    from etl.export import PACKAGE_FILE, export

    database = Path(args.db)
    if not database.is_file():
        print(f"error: {database}: no database here; run `python -m etl build` first", file=sys.stderr)
        return 1
    out = Path(args.out)
    if out.exists() and not out.is_dir():
        print(f"error: --out {out}: exists and is not a folder", file=sys.stderr)
        return 1
    package = export(database, out)
    print(f"wrote {len(package['resources'])} files and {out / PACKAGE_FILE} (build {package['build_id']})")  # type: ignore[arg-type]
    return 0


SHARED = {
    "--seeds": {"default": str(config.SEEDS_DIR), "help": "folder of source manifests (publication dates)"},
    "--data": {"default": str(config.DATA_DIR), "help": "folder of curated data and the ledger"},
    "--corpus": {"help": f"folder with the source texts (default: ${config.CORPUS_ENV} or seeds/)"},
    "--entities": {"default": str(config.ENTITIES_CSV), "help": "gazetteer (entities.csv)"},
}
"""Options several commands take, each stated once."""
PUBLISHED_HELP = (
    "publication date (YYYY-MM-DD) for relative periods; default: from the manifest in --seeds whose "
    "text_file is the file's name"
)
Commands = argparse._SubParsersAction
"""What `add_subparsers` returns."""


def _command(commands: Commands, run: Callable[[argparse.Namespace], int], shared: str = "") -> argparse.ArgumentParser:
    """The sub-command that `run` runs (named after it, its docstring as its help), with the `shared` options."""
    parser = commands.add_parser(run.__name__.strip("_").replace("_", "-"), help=run.__doc__, description=run.__doc__)
    for option in shared.split():
        parser.add_argument(option, **SHARED[option])  # type: ignore[arg-type]
    parser.set_defaults(run=run)
    return parser


def _add_commands(commands: Commands) -> None:  # type: ignore[type-arg]
    """Every sub-command with its own arguments."""
    build = _command(commands, _build, "--corpus --seeds --data")
    build.add_argument("--out", default=str(config.DEFAULT_DB), help="database to write")
    build.add_argument("--no-candidates", action="store_true", help="skip the extractor (empty candidates table)")
    extract = _command(commands, _extract, "--seeds --entities")
    extract.add_argument("files", nargs="+", metavar="FILE")
    extract.add_argument("--format", choices=("jsonl", "csv", "parquet"), default="jsonl")
    extract.add_argument("--out", help="write here instead of standard output (required for parquet)")
    extract.add_argument("--published", type=dt.date.fromisoformat, help=PUBLISHED_HELP)
    corpus = _command(commands, _extract_corpus, "--seeds --entities")
    corpus.add_argument("--corpus", required=True, help="folder of UTF-8 .txt files (doc id = file name)")
    corpus.add_argument("--out", required=True, help="Parquet folder to write (replaced when complete)")
    corpus.add_argument("--workers", type=int, default=2, help="local worker processes (default 2)")
    corpus.add_argument("--scheduler", help="address of a running Dask scheduler, e.g. tcp://host:8786")
    corpus.add_argument("--buckets", type=int, default=16, help="doc_id hash partitions (default 16)")
    export = _command(commands, _export)
    export.add_argument("--out", required=True, help="folder to write (created if missing)")
    export.add_argument("--db", default=str(config.DEFAULT_DB), help="database to export")
    verify = _command(commands, _verify, "--corpus --seeds --data")
    verify.add_argument("--check", action="store_true", help="change nothing; exit 1 when the ledger is stale")


def main(argv: list[str] | None = None) -> int:
    """Run one command; each imports what it needs when it runs (a build never loads the Dask engine)."""
    parser = argparse.ArgumentParser(prog="python -m etl", description="The ETL's commands.")
    _add_commands(parser.add_subparsers(dest="command", required=True))
    args = parser.parse_args(argv)
    return args.run(args)


if __name__ == "__main__":
    sys.exit(main())
