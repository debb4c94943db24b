"""A non-editable install (a wheel) carries knowledge/ and seeds/ and answers from them.

The wheel is built from this checkout and installed into a fresh virtualenv; its third-party
dependencies are borrowed from the running environment (a ``.pth`` line) so the test needs no
network. The installed ``peel-bot`` runs from an unrelated directory, so nothing can be read from
the checkout by accident.
"""

from __future__ import annotations

import os
import shutil
import subprocess
import sys
import sysconfig
import venv
import zipfile
from pathlib import Path

import pytest

from bot.knowledge.loader import PROJECT_ROOT

# one wheel build for the module: --dist loadfile (pyproject.toml) keeps both tests on one worker
SOURCES = ("pyproject.toml", "README.md", "bot", "knowledge", "seeds")  # what the wheel is built from


@pytest.fixture(scope="module")
def wheel(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """The wheel, built from a private copy of the sources: two builds at once in the checkout
    would race on its build/ directory (and leave one behind)."""
    source, out = tmp_path_factory.mktemp("source"), tmp_path_factory.mktemp("wheel")
    for name in SOURCES:
        if (PROJECT_ROOT / name).is_dir():
            ignore = shutil.ignore_patterns("__pycache__", "*.egg-info")
            shutil.copytree(PROJECT_ROOT / name, source / name, symlinks=True, ignore=ignore)
        else:
            shutil.copy(PROJECT_ROOT / name, source / name)
    subprocess.run(
        [sys.executable, "-m", "pip", "wheel", "-q", "--no-deps", "-w", str(out), "."],
        cwd=source,
        check=True,
        capture_output=True,
    )
    (built,) = out.glob("peel_bot-*.whl")
    return built


def test_wheel_holds_every_knowledge_and_seed_file(wheel: Path) -> None:
    names = set(zipfile.ZipFile(wheel).namelist())
    for folder, pattern in (("knowledge", "*.yaml"), ("seeds", "*.txt")):
        expected = {f"bot/_data/{folder}/{p.name}" for p in (PROJECT_ROOT / folder).glob(pattern)}
        assert expected, folder
        assert expected <= names, sorted(expected - names)


def test_installed_wheel_answers_outside_the_checkout(wheel: Path, tmp_path: Path) -> None:
    env_dir = tmp_path / "venv"
    venv.EnvBuilder(with_pip=False).create(env_dir)
    python = env_dir / "bin" / "python"
    site = subprocess.run(
        [str(python), "-c", "import sysconfig; print(sysconfig.get_paths()['purelib'])"],
        check=True,
        capture_output=True,
        text=True,
    ).stdout.strip()
    # third-party packages from the test's own environment; the editable install of this
    # checkout is not visible there (its finder is only loaded from a site directory's .pth)
    (Path(site) / "borrowed.pth").write_text(sysconfig.get_paths()["purelib"] + "\n")
    subprocess.run(
        [sys.executable, "-m", "pip", "install", "-q", "--no-deps", "--target", site, str(wheel)],
        check=True,
        capture_output=True,
    )
    elsewhere = tmp_path / "elsewhere"
    elsewhere.mkdir()
    env = {k: v for k, v in os.environ.items() if k not in ("KNOWLEDGE_DIR", "SLACK_BOT_TOKEN", "PYTHONPATH")}
    run = subprocess.run(
        [str(python), "-m", "bot", "ask", "grade", "investigating", "2021/22"],
        cwd=elsewhere,
        env=env,
        capture_output=True,
        text=True,
        timeout=120,
    )
    assert run.returncode == 0, run.stderr
    where = subprocess.run(
        [str(python), "-c", "import bot; print(bot.__file__)"], cwd=elsewhere, capture_output=True, text=True
    ).stdout
    assert where.startswith(site), where  # the wheel's copy answered, not the checkout
    assert "Investigating crime" in run.stdout
    assert "Requires improvement" in run.stdout
