"""Command line: `python -m etl build [--corpus PATH] [--out PATH]`."""

from __future__ import annotations

import argparse
import sys
from pathlib import Path

from etl import config
from etl.build import Inputs, build
from etl.problems import BuildError


def _build(args: argparse.Namespace) -> int:
    inputs = Inputs(seeds_dir=Path(args.seeds), data_dir=Path(args.data), corpus=config.corpus_dir(args.corpus))
    try:
        summary = build(inputs, Path(args.out))
    except BuildError as error:
        for problem in error.problems:
            print(problem, file=sys.stderr)
        print(
            f"build failed: {len(error.problems)} error(s); {args.out} left untouched",
            file=sys.stderr,
        )
        return 1
    for line in summary.lines():
        print(line)
    return 0


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(prog="python -m etl", description=__doc__)
    commands = parser.add_subparsers(dest="command", required=True)
    build_parser = commands.add_parser("build", help="validate inputs and write the DuckDB file")
    build_parser.add_argument(
        "--corpus", help=f"folder with the source texts (default: ${config.CORPUS_ENV} or seeds/)"
    )
    build_parser.add_argument("--out", default=str(config.DEFAULT_DB), help="database to write")
    build_parser.add_argument("--seeds", default=str(config.SEEDS_DIR), help="folder of source manifests")
    build_parser.add_argument("--data", default=str(config.DATA_DIR), help="folder of curated data")
    build_parser.set_defaults(run=_build)
    args = parser.parse_args(argv)
    return args.run(args)


if __name__ == "__main__":
    sys.exit(main())
