"""Regenerate the README's pictures from the local preview, in headless Chromium.

    .venv/bin/python scripts/screenshots.py [--out docs/img]

Run it whenever replies, App Home or the digest change. It starts the preview on a free
loopback port (same code as ``peel-bot preview``), types a question, opens App Home and the
digest tab, and saves one PNG of each. Needs the dev extras (Playwright) and Chromium with a
colour emoji font from the OS: ``apt-get install chromium fonts-noto-color-emoji``.
"""

from __future__ import annotations

import argparse
from pathlib import Path

from bot.knowledge import load_knowledge
from bot.preview.browser import chromium
from bot.preview.server import BackgroundPreview
from bot.preview.workspace import Workspace

ROOT = Path(__file__).resolve().parent.parent
QUESTION = "grade investigating"
SHOTS = ("reply-grade.png", "app-home.png", "digest-post.png")
HIDE_INTRO = ".channel-intro, .composer { display: none !important; } .messages { flex: none !important; }"


def take(out: Path) -> list[Path]:
    """Save the reply, App Home and digest pictures into ``out``; returns their paths."""
    out.mkdir(parents=True, exist_ok=True)
    reply, home, post = (out / name for name in SHOTS)
    workspace = Workspace(load_knowledge())
    try:
        with BackgroundPreview(workspace) as preview, chromium(width=900, height=700, scale=1.5) as browser:
            page = browser.new_page()
            page.goto(preview.url + "/")
            page.fill("#peel-text", QUESTION)
            page.press("#peel-text", "Enter")
            page.wait_for_selector(".message.bot")
            page.add_style_tag(content=HIDE_INTRO)
            page.locator("#messages").screenshot(path=reply)

            page.goto(preview.url + "/home")
            page.locator(".home").screenshot(path=home)

            page.goto(preview.url + "/digest")
            page.locator("#post1").screenshot(path=post)
    finally:
        workspace.close()
    return [reply, home, post]


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--out", type=Path, default=ROOT / "docs" / "img", help="folder for the PNG files")
    for path in take(parser.parse_args().out):
        print(path.relative_to(ROOT) if path.is_relative_to(ROOT) else path)


if __name__ == "__main__":
    main()
