"""One case in a fresh process, so cases never share memory peaks or solver state.

python -m benchmarks.worker CASE --out metrics.json [--smoke]
"""

from __future__ import annotations

import argparse
import json
import time
from pathlib import Path

from benchmarks.cases import case_named


def main(argv: list[str] | None = None) -> None:
    """Run the named case and write its metrics and wall time as JSON."""
    parser = argparse.ArgumentParser(prog="python -m benchmarks.worker")
    parser.add_argument("case")
    parser.add_argument("--out", type=Path, required=True)
    parser.add_argument("--smoke", action="store_true")
    args = parser.parse_args(argv)
    began = time.perf_counter()
    metrics = case_named(args.case).run(args.smoke)
    record = {"metrics": metrics, "seconds": time.perf_counter() - began}
    args.out.write_text(json.dumps(record, indent=2, default=str), encoding="utf-8")


if __name__ == "__main__":
    main()
