"""Start-up: wall time and peak memory of a cold ``peel-bot ask`` process, with and without the
start-up cache, at today's size and with 50 times as many reports; answer p99 at 50×.

Each run is a new Python process (interpreter start included) answering one command, timed from
spawn to exit; its peak RSS is the child's own ``ru_maxrss`` (``os.wait4``). "warm" runs find a
fresh cache (written once beforehand by ``peel-bot check``); "no cache" runs get an empty cache
directory each time, so they verify everything, build the index and write the cache. With
``--baseline DIR`` (a checkout of older code, e.g. ``git worktree add /tmp/old main``) the same
command runs from that code too, alternating with this code, so both see the same machine load.

    .venv/bin/python benchmarks/bench_startup.py [--rounds 5] [--factor 50] [--baseline /tmp/old]

Exits 1 when a target is missed.
"""

from __future__ import annotations

import argparse
import os
import statistics
import subprocess
import sys
import tempfile
import time
from dataclasses import dataclass, field
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))

from benchmarks.bench_engine import QUERIES, percentile
from benchmarks.synthetic import make_synthetic
from bot.knowledge.cache import CACHE_ENV, load_engine

PROJECT_ROOT = Path(__file__).resolve().parents[1]
COMMAND = ["ask", "grade", "investigating"]
BIG_WALL_S = 2.0  # targets (issue 13): a cold `peel-bot ask` with 100 reports loaded...
BIG_RSS_MB = 150.0
BIG_P99_MS = 10.0  # ...answering within this
SMALL_WALL_S = 0.8  # ...and at today's two reports


@dataclass
class Runs:
    """Wall seconds, CPU seconds (user + system: less sensitive to a busy machine) and peak RSS
    (MB) of repeated runs of one configuration."""

    label: str
    wall: list[float] = field(default_factory=list)
    cpu: list[float] = field(default_factory=list)
    rss: list[float] = field(default_factory=list)

    def add(self, wall: float, cpu: float, rss: float) -> None:
        self.wall.append(wall)
        self.cpu.append(cpu)
        self.rss.append(rss)

    def row(self, wall_target: float | None, rss_target: float | None) -> tuple[str, bool]:
        wall, rss = statistics.median(self.wall), statistics.median(self.rss)
        ok = (wall_target is None or wall <= wall_target) and (rss_target is None or rss <= rss_target)
        targets = " and ".join(
            t for t in (wall_target and f"≤ {wall_target:g} s", rss_target and f"≤ {rss_target:g} MB") if t
        )
        verdict = f"{targets} {'ok' if ok else 'MISSED'}" if targets else ""
        spread = f"{min(self.wall):.2f}–{max(self.wall):.2f}"
        cpu = statistics.median(self.cpu)
        cells = [self.label, str(len(self.wall)), f"{wall:.2f} s ({spread})", f"{cpu:.2f} s", f"{rss:.0f} MB"]
        return "| " + " | ".join([*cells, verdict]) + " |", ok


def run_once(code: Path, knowledge: Path, cache: Path | str) -> tuple[float, float, float]:
    """One cold ``python -m bot ask …`` from ``code``: (wall seconds, CPU seconds, peak RSS MB)."""
    env = {**os.environ, "KNOWLEDGE_DIR": str(knowledge), CACHE_ENV: str(cache), "PYTHONPATH": str(code)}
    started = time.perf_counter()
    child = subprocess.Popen(
        [sys.executable, "-m", "bot", *COMMAND], env=env, cwd=code, stdout=subprocess.DEVNULL
    )
    _, status, usage = os.wait4(child.pid, 0)
    wall = time.perf_counter() - started
    child.returncode = os.waitstatus_to_exitcode(status)
    if child.returncode != 0:
        raise SystemExit(f"peel-bot ask failed ({child.returncode}) for {knowledge} from {code}")
    return wall, usage.ru_utime + usage.ru_stime, usage.ru_maxrss / 1024


def warm_up(knowledge: Path, cache: Path) -> None:
    env = {**os.environ, "KNOWLEDGE_DIR": str(knowledge), CACHE_ENV: str(cache)}
    subprocess.run([sys.executable, "-m", "bot", "check"], env=env, cwd=PROJECT_ROOT, check=True,
                   stdout=subprocess.DEVNULL)  # fmt: skip


def measure(
    knowledge: Path, name: str, rounds: int, cold_rounds: int, baseline: Path | None, tmp: Path
) -> dict[str, Runs]:
    """Interleaved runs of every configuration for one knowledge set (its cache in ``tmp/cache-<dir>``)."""
    cache = tmp / f"cache-{knowledge.parent.name}"
    warm_up(knowledge, cache)
    runs = {key: Runs(f"{name}, {key}") for key in ("warm cache", "no cache")}
    if baseline is not None:
        runs["before"] = Runs(f"{name}, before (baseline code)")
    for i in range(max(rounds, cold_rounds)):
        if i < rounds:
            for key, code, where in (("warm cache", PROJECT_ROOT, cache), ("before", baseline, cache)):
                if key in runs and code is not None:
                    runs[key].add(*run_once(code, knowledge, where))
        if i < cold_rounds:
            empty = tmp / f"empty-{knowledge.parent.name}-{i}"
            runs["no cache"].add(*run_once(PROJECT_ROOT, knowledge, empty))
    return runs


def answer_p99(knowledge: Path, rounds: int) -> tuple[float, float]:
    """p50 and p99 (ms) of every benchmark query against the engine loaded from the cache."""
    engine = load_engine(knowledge)
    samples = []
    for _ in range(rounds):
        for queries in QUERIES.values():
            for query in queries:
                started = time.perf_counter()
                engine.answer(query)
                samples.append((time.perf_counter() - started) * 1000)
    return statistics.median(samples), percentile(samples, 99)


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description="Start-up benchmark")
    parser.add_argument("--rounds", type=int, default=5, help="runs of each warm configuration")
    parser.add_argument("--cold-rounds", type=int, default=3, help="runs without a cache")
    parser.add_argument("--factor", type=int, default=50)
    parser.add_argument("--baseline", type=Path, help="checkout of older code to compare with")
    args = parser.parse_args(argv)
    print(f"load average before: {' '.join(f'{x:.2f}' for x in os.getloadavg())}")
    with tempfile.TemporaryDirectory() as name:
        tmp = Path(name)
        small = make_synthetic(tmp / "1x", 1)
        big = make_synthetic(tmp / f"{args.factor}x", args.factor)
        reports = len(list(big.glob("*.yaml"))) - 1
        small_runs = measure(small, "today (2 reports)", args.rounds, args.cold_rounds, args.baseline, tmp)
        big_runs = measure(big, f"{args.factor}× ({reports} reports)", args.rounds, args.cold_rounds,
                           args.baseline, tmp)  # fmt: skip
        os.environ[CACHE_ENV] = str(tmp / f"cache-{big.parent.name}")
        p50, p99 = answer_p99(big, 10)
    print("\n| configuration | runs | wall, median (range) | CPU, median | peak RSS, median | target |")
    print("|---|---:|---:|---:|---:|---|")
    ok = True
    for runs, key, wall, rss in (
        (small_runs, "warm cache", SMALL_WALL_S, None),
        (small_runs, "no cache", None, None),
        (small_runs, "before", None, None),
        (big_runs, "warm cache", BIG_WALL_S, BIG_RSS_MB),
        (big_runs, "no cache", None, None),
        (big_runs, "before", None, None),
    ):
        if key in runs:
            line, met = runs[key].row(wall, rss)
            ok &= met
            print(line)
    verdict = "ok" if p99 <= BIG_P99_MS else "MISSED"
    print(f"\nanswers at {args.factor}× from the cached engine: p50 {p50:.2f} ms, p99 {p99:.2f} ms "
          f"(target ≤ {BIG_P99_MS:g} ms {verdict})")  # fmt: skip
    ok &= p99 <= BIG_P99_MS
    print(f"load average after: {' '.join(f'{x:.2f}' for x in os.getloadavg())}")
    print("\nALL TARGETS MET" if ok else "\nSOME TARGETS MISSED")
    return 0 if ok else 1


if __name__ == "__main__":
    sys.exit(main())
