"""``python -m cst_inclusion_desktop.bench [--runs N] [--cache DIR]``: prints one JSON object."""

from __future__ import annotations

import argparse
import json
import sys
from pathlib import Path

from cst_inclusion_desktop.bench.budgets import markdown_table, side_by_side
from cst_inclusion_desktop.bench.runner import GROUPS, Options, run_benchmark
from cst_inclusion_desktop.bench.trust_cache import TrustSize

REFERENCE = TrustSize()


def parse_options(argv: list[str] | None = None) -> tuple[Options, Path | None]:
    parser = argparse.ArgumentParser(
        prog="python -m cst_inclusion_desktop.bench",
        description="Build (once, cached) the reference trust of DESIGN.md §6 and print the "
        "performance figures of issue 8 as one JSON object.",
    )
    parser.add_argument("--runs", type=int, default=5, help="runs per figure (median; default 5)")
    parser.add_argument(
        "--cache",
        type=Path,
        default=Path("bench-cache"),
        help="folder for the cached trust and the app's private home (default ./bench-cache)",
    )
    parser.add_argument("--schools", type=int, default=REFERENCE.schools, help="default 60")
    parser.add_argument("--actions", type=int, default=REFERENCE.actions, help="default 100000")
    parser.add_argument("--seed", type=int, default=REFERENCE.seed, help="demo seed (default 1)")
    parser.add_argument("--rebuild", action="store_true", help="build the trust again")
    parser.add_argument("--no-gui", action="store_true", help="skip the Qt and start-up figures")
    parser.add_argument(
        "--only",
        action="append",
        choices=GROUPS,
        default=[],
        metavar="NAME",
        help=f"run only this group of figures (repeatable): {', '.join(GROUPS)}",
    )
    parser.add_argument(
        "--markdown", type=Path, help="also write the budget table (Markdown) to this file"
    )
    parser.add_argument(
        "--db",
        metavar="URL",
        help="also measure a PostgreSQL server holding the reference trust (a trust lead's "
        "postgresql+psycopg:// URL; load it with `server import`, see docs/benchmark.md)",
    )
    parser.add_argument(
        "--writer-seconds",
        type=float,
        default=60.0,
        help="how long the 20 simulated users save on the server (default 60)",
    )
    args = parser.parse_args(argv)
    if args.runs < 1:
        parser.error("--runs: expected 1 or more")
    options = Options(
        cache=args.cache.resolve(),
        runs=args.runs,
        size=TrustSize(args.schools, args.actions, args.seed),
        rebuild=args.rebuild,
        gui=not args.no_gui,
        server_url=args.db,
        writer_seconds=args.writer_seconds,
        only=tuple(args.only),
    )
    return options, args.markdown


def main(argv: list[str] | None = None) -> int:
    options, markdown = parse_options(argv)
    result = run_benchmark(options)
    print(json.dumps(result, indent=2, ensure_ascii=False))
    if markdown is not None:
        table = markdown_table(result["budgets"])
        if options.server_url is not None:
            table += "\n\n" + side_by_side(result["figures"])
        markdown.write_text(table + "\n", encoding="utf-8")
    return 0


if __name__ == "__main__":
    sys.exit(main())
