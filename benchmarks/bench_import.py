"""Import speed: seconds to turn each seed into a verified, rendered knowledge file.

Each round imports the report from its text (parse, extract, verify every field verbatim, render
YAML), as ``peel-bot import`` does; the target is under 5 s per seed.

    .venv/bin/python benchmarks/bench_import.py [--rounds 5]
"""

from __future__ import annotations

import argparse
import statistics
import sys
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))

from bot.importer import import_report
from bot.importer.writer import render

ROOT = Path(__file__).resolve().parents[1]
TARGET_SECONDS = 5.0


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--rounds", type=int, default=5)
    args = parser.parse_args()
    print(f"{'seed':<48} {'lines':>6} {'median s':>9} {'max s':>7}  target < {TARGET_SECONDS:.0f} s")
    for seed in sorted((ROOT / "seeds").glob("*.txt")):
        times = []
        for _ in range(args.rounds):
            started = time.perf_counter()
            render(import_report(seed, ROOT))
            times.append(time.perf_counter() - started)
        lines = len(seed.read_text(encoding="utf-8").splitlines())
        print(f"{seed.name:<48} {lines:>6} {statistics.median(times):>9.2f} {max(times):>7.2f}")


if __name__ == "__main__":
    main()
