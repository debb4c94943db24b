"""Answer-engine speed: load-and-index time, and p50/p99 answer time per command.

Runs the same realistic queries against the real knowledge and against a synthetic set 50 times
larger (benchmarks/synthetic.py). Every answer is timed end to end (parse + match + render +
paging) from a freshly built engine, first answers included. "Ready" is loading and validating
knowledge/ plus building the engine (median of five builds).

    .venv/bin/python benchmarks/bench_engine.py [--rounds 30] [--factor 50]
"""

from __future__ import annotations

import argparse
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))

from benchmarks.synthetic import make_synthetic
from bot.engine.answer import Engine
from bot.knowledge import load_knowledge

QUERIES = {
    "help": ["help", ""],
    "grade": ["grade investigating", "grade investgating 2021/22", "grade vulnerable 2016", "grade soc",
              "grade crime"],
    "compare": ["compare vulnerable", "compare investigating", "compare organized crime"],
    "summary": ["summary", "summary 2016", "summary latest"],
    "aoi": ["aoi investigating", "afi sex offenders", "aoi 2016", "aois", "aoi zebra crossings"],
    "concern": ["concern domestic abuse", "coc missing children", "concern dash", "concern 2016"],
    "rec": ["rec stop and search", "rec vetting", "rec", "rec missing children"],
    "stat": ["stat 999", "stat knife crime", "stat domestic abuse 2021/22", "stat",
             "stat victim satisfaction"],
    "practice": ["practice", "practice detective academy", "practice missing people"],
    "find": [
        "find sex offenders",
        "find domestic abuse",
        "investgating crime victims",
        "find thrive",
        "zebra crossings",
        "find neighborhood policing asb",
    ],
    "question": [
        "is wmp any good at answering 999 calls",
        "what grade did they get for treating people fairly",
        "what's wrong with how they deal with domestic abuse",
        "has the missing persons concern been sorted",
        "what changed between 2016 and 2021 for vulnerable people",
        "anything on knife crime?",
        "tell me about body worn video",
        "whats the crime severity score for west midlands",
        "investigating grade 2016",
        "how many ocgs are there",
        "how good are greater manchester at investigating crime",
        "what did they recommend about stop and search",
        "how did west midlands get on with protecting vulnerable people back in 2016",
        "ambulance response times",
        "what's the best pizza in birmingham",
        "whats the 999 answer rate",
        "what % of stop and search records had a reasonable rationale",
        "victim satisfaction rate 2016 vs E&W",
        "hi can you tell me how west midlands police did in their latest inspection",
        "sorry if this is a dumb question but what is iom and hows it going",
        "good practice on finding missing people",
        "what was the overall verdict on west midlands police",
        "what needs sorting on organised crime group mapping",
        "how well is THRIVE used in the control room",
        "which sections were we rated good in",
    ],
    "partial": [  # questions no entry holds whole: answered in part, or honest no-matches
        "domestic abuse arrest rate 2016 v england and wales",
        "how do our 999 figures compare nationally",
        "what mark did they get for organised crime gangs in 2021",
        "weak spots in their problem solving 2016",
        "ok so my editor wants a piece on the 101 line, readers keep complaining they can't get through "
        "and just hang up. what share of 101 calls get abandoned?",
        "what share of crimes ended up unsolved with no suspect found in 2016",
        "how are they policing drones",
        "do they have a police dog unit",
        "police helicopter response times",
        "are officers being worked into the ground with overtime and not getting their leave",
        "the audit committee asked about vetting again, which HMICFRS first raised in 2019 - has that "
        "recommendation been met?",
    ],
    "hostile": ["<!channel> grade soc", "x" * 10_000, "'; DROP TABLE grades; --", "grade \x00🚓 soc"],
}  # fmt: skip


def percentile(samples: list[float], pct: float) -> float:
    ordered = sorted(samples)
    return ordered[min(len(ordered) - 1, round(pct / 100 * (len(ordered) - 1)))]


def measure(
    knowledge: Path | None, rounds: int, loads: int = 1
) -> tuple[dict[str, tuple[float, float, int]], float, float]:
    """(command -> (p50 ms, p99 ms, samples)), load seconds, index seconds (medians of ``loads``)."""
    load_times, index_times = [], []
    for _ in range(loads):
        started = time.perf_counter()
        kb = load_knowledge(knowledge)
        loaded = time.perf_counter()
        engine = Engine(kb)
        indexed = time.perf_counter()
        load_times.append(loaded - started)
        index_times.append(indexed - loaded)
    results = {}
    for command, queries in QUERIES.items():
        samples = []
        for _ in range(rounds):
            for query in queries:
                t0 = time.perf_counter()
                reply = engine.answer(query)
                if reply.has_more:
                    engine.answer(reply.query, page=reply.page + 1)
                samples.append((time.perf_counter() - t0) * 1000 / (2 if reply.has_more else 1))
        results[command] = (statistics.median(samples), percentile(samples, 99), len(samples))
    return results, statistics.median(load_times), statistics.median(index_times)


def table(title: str, results: dict[str, tuple[float, float, int]], target: float) -> str:
    lines = [
        f"### {title}",
        "",
        "| command | answers | p50 ms | p99 ms | target p99 |",
        "|---|---:|---:|---:|---|",
    ]
    for command, (p50, p99, n) in results.items():
        verdict = "ok" if p99 <= target else "MISSED"
        lines.append(f"| {command} | {n} | {p50:.2f} | {p99:.2f} | ≤ {target:g} ms {verdict} |")
    return "\n".join(lines)


def cold_start(knowledge: Path | None = None) -> float:
    """Seconds from nothing loaded to a first answer in a fresh interpreter (imports, word-form
    dictionary, knowledge, engine): what a restarted process costs before it can answer."""
    code = (
        "import time; t = time.perf_counter(); from bot.engine.answer import Engine; "
        "from bot.knowledge import load_knowledge; "
        "Engine(load_knowledge()).answer('how good is wmp at investigating crime'); "
        "print(time.perf_counter() - t)"
    )
    root = Path(__file__).resolve().parents[1]
    done = subprocess.run([sys.executable, "-c", code], cwd=root, capture_output=True, text=True, check=True)
    return float(done.stdout.strip())


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description="Answer-engine benchmark")
    parser.add_argument("--rounds", type=int, default=30)
    parser.add_argument("--factor", type=int, default=50)
    args = parser.parse_args(argv)
    ok = True

    real, load_s, index_s = measure(None, args.rounds, loads=5)
    ready = load_s + index_s
    print(table("Real knowledge", real, 2.0))
    print(
        f"\nload {load_s * 1000:.0f} ms + index {index_s * 1000:.0f} ms = ready in {ready * 1000:.0f} ms "
        f"(medians of 5 builds; target ≤ 1000 ms {'ok' if ready <= 1 else 'MISSED'})\n"
    )
    ok &= ready <= 1 and all(p99 <= 2.0 for _, p99, _ in real.values())
    cold = statistics.median(cold_start() for _ in range(3))
    print(f"cold start to a first answer in a new process: {cold * 1000:.0f} ms (median of 3)\n")

    with tempfile.TemporaryDirectory() as tmp:
        knowledge = make_synthetic(Path(tmp), args.factor)
        big, big_load, big_index = measure(knowledge, args.rounds)
        kb_size = len(list(knowledge.glob("*.yaml"))) - 1
    print(table(f"{args.factor}x knowledge ({kb_size} reports)", big, 10.0))
    print(f"\nload {big_load * 1000:.0f} ms + index {big_index * 1000:.0f} ms")
    ok &= all(p99 <= 10.0 for _, p99, _ in big.values())
    print("\nALL TARGETS MET" if ok else "\nSOME TARGETS MISSED")
    return 0 if ok else 1


if __name__ == "__main__":
    sys.exit(main())
