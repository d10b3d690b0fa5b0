"""``python -m benchmarks [--smoke] [--case NAME ...] [--write | --no-write]``."""

from __future__ import annotations

import argparse
import sys

from benchmarks.cases import CASES
from benchmarks.runner import run


def main(argv: list[str] | None = None) -> int:
    """Parse the command line and run; a full run writes the README unless told not to."""
    parser = argparse.ArgumentParser(
        prog="python -m benchmarks", description="Run the registered benchmark cases."
    )
    parser.add_argument(
        "--smoke", action="store_true", help="tiny sizes, quick, same checks (what CI runs)"
    )
    parser.add_argument(
        "--case",
        action="append",
        default=[],
        choices=[c.name for c in CASES],
        metavar="NAME",
        help="run only this case (repeatable); known: " + ", ".join(c.name for c in CASES),
    )
    parser.add_argument(
        "--write",
        action=argparse.BooleanOptionalAction,
        default=None,
        help="rewrite the results section of benchmarks/README.md (default: full runs only)",
    )
    args = parser.parse_args(argv)
    if args.smoke and args.write:
        parser.error("--write is never used with --smoke: smoke figures are not results")
    write = args.write if args.write is not None else not args.smoke
    return run(args.case, smoke=args.smoke, write=write)


if __name__ == "__main__":
    sys.exit(main())
