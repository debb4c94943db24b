"""Build a knowledge set N times larger than the real one, for benchmarks.

Each real report file is copied N times with a new id, label and aliases (facts and quotes are
unchanged, so every copy still validates against the real seeds, which are copied alongside).

    .venv/bin/python benchmarks/synthetic.py /tmp/peel-50x --factor 50
"""

from __future__ import annotations

import argparse
import shutil
import sys
from pathlib import Path

import yaml

PROJECT_ROOT = Path(__file__).resolve().parents[1]
KNOWLEDGE = PROJECT_ROOT / "knowledge"
SEEDS = PROJECT_ROOT / "seeds"
TOPICS_FILE = "topics.yaml"


def make_synthetic(root: Path, factor: int = 50) -> Path:
    """Write ``root/knowledge`` (factor copies of every report, plus topics) and ``root/seeds``.

    Returns the knowledge directory; load it with ``load_knowledge(dir)`` (seeds resolve against
    ``root``).
    """
    knowledge = root / "knowledge"
    knowledge.mkdir(parents=True, exist_ok=True)
    shutil.copytree(SEEDS, root / "seeds", dirs_exist_ok=True)
    shutil.copy(KNOWLEDGE / TOPICS_FILE, knowledge / TOPICS_FILE)
    for path in sorted(KNOWLEDGE.glob("*.yaml")):
        if path.name == TOPICS_FILE:
            continue
        data = yaml.safe_load(path.read_text(encoding="utf-8"))
        meta = data["report"]
        for copy in range(1, factor + 1):
            meta_copy = dict(meta, id=f"{meta['id']}-x{copy}", label=f"{meta['label']}-x{copy}", aliases=[])
            text = yaml.safe_dump({**data, "report": meta_copy}, allow_unicode=True, sort_keys=False)
            (knowledge / f"{meta_copy['id']}.yaml").write_text(text, encoding="utf-8")
    return knowledge


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("root", type=Path, help="Directory to write knowledge/ and seeds/ into")
    parser.add_argument("--factor", type=int, default=50, help="Copies of each report (default 50)")
    args = parser.parse_args(argv)
    knowledge = make_synthetic(args.root, args.factor)
    print(f"wrote {len(list(knowledge.glob('*.yaml'))) - 1} report files to {knowledge}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
