"""Headless Chromium from the OS package manager, driven by Playwright (screenshots, browser test).

Playwright's own browser download is never used (``playwright install`` needs a network this
project cannot assume): the OS package's binary is launched with flags that keep it from calling
home, in a fresh profile folder.
"""

from __future__ import annotations

import os
import shutil
import tempfile
from collections.abc import Iterator
from contextlib import contextmanager
from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from playwright.sync_api import BrowserContext

INSTALL_HINT = "apt-get install chromium"
CANDIDATES = ("/usr/bin/chromium", "chromium", "chromium-browser")
FLAGS = (
    "--no-sandbox",
    "--disable-gpu",
    "--disable-quic",
    "--no-first-run",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
)


def chromium_path() -> str | None:
    """The Chromium binary: ``$PEEL_CHROMIUM`` if set, else the OS package's, else None."""
    override = os.environ.get("PEEL_CHROMIUM", "").strip()
    if override:
        return override if shutil.which(override) else None
    for candidate in CANDIDATES:
        found = shutil.which(candidate)
        if found:
            return found
    return None


@contextmanager
def chromium(width: int = 1000, height: int = 800, scale: float = 1) -> Iterator[BrowserContext]:
    """A headless Chromium context with an empty profile, closed (and the profile deleted) on exit."""
    from playwright.sync_api import sync_playwright

    path = chromium_path()
    if path is None:
        raise RuntimeError(f"Chromium is not installed: {INSTALL_HINT}")
    with tempfile.TemporaryDirectory(prefix="peel-chromium-") as profile, sync_playwright() as playwright:
        context = playwright.chromium.launch_persistent_context(
            profile,
            executable_path=path,
            headless=True,
            args=list(FLAGS),
            viewport={"width": width, "height": height},
            device_scale_factor=scale,
        )
        try:
            yield context
        finally:
            context.close()
