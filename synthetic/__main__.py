"""`python -m synthetic --scale N --out DIR`: write a synthetic project tree and print how to build it."""

from __future__ import annotations

import argparse
from pathlib import Path

from synthetic import build_args, generate


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(prog="python -m synthetic", description=__doc__.split("\n")[0])
    parser.add_argument("--scale", type=float, default=1, help="1 = today's size (5 sources, ~100 figures)")
    parser.add_argument("--seed", type=int, default=0)
    parser.add_argument("--out", required=True, help="folder to write (replaced)")
    args = parser.parse_args(argv)
    counts = generate(Path(args.out), args.scale, args.seed)
    print(f"{counts.sources} sources, {counts.figures} figures, {counts.text_bytes / 1e6:.1f} MB of text in {args.out}")
    print("build: python -m etl " + " ".join(build_args(Path(args.out))))
    return 0


raise SystemExit(main())
