"""Where the headless browser is, what to do when it is not there, and how to start it."""

from __future__ import annotations

import os
from collections.abc import Iterator, Mapping
from contextlib import contextmanager
from dataclasses import dataclass
from pathlib import Path

import pytest

CHROMIUM = Path(os.environ.get("GOVSOCIAL_CHROMIUM", "/usr/bin/chromium"))
CHROMEDRIVER = Path(os.environ.get("GOVSOCIAL_CHROMEDRIVER", "/usr/bin/chromedriver"))
WAIT_SECONDS = 30


@dataclass(frozen=True)
class Problem:
    message: str
    fail: bool  # True: fail the test (CI); False: skip it


def in_ci(env: Mapping[str, str]) -> bool:
    """Tell whether `CI` is set to a true value (GitHub, GitLab and `.ci/run` set CI=true)."""
    return env.get("CI", "").strip().lower() not in ("", "0", "false", "no")


def browser_problem(chromium: Path, driver: Path, env: Mapping[str, str]) -> Problem | None:
    """Return why the browser tests cannot run, or None when Chromium and its driver exist.

    Outside CI a missing browser skips them with the reason; in CI it is a failure, so a
    broken install can never turn the browser tests silently green.
    """
    missing = [str(p) for p in (chromium, driver) if not p.is_file()]
    if not missing:
        return None
    what = f"{' and '.join(missing)} missing (apt-get install chromium chromium-driver)"
    if in_ci(env):
        return Problem(f"CI is set but {what}", fail=True)
    return Problem(
        f"no headless browser: {what}; CI is unset, so browser tests are skipped", fail=False
    )


def require_browser() -> None:
    """Skip without a browser outside CI; fail in CI, where `.ci/run` installs one."""
    problem = browser_problem(CHROMIUM, CHROMEDRIVER, os.environ)
    if problem is None:
        return
    if problem.fail:
        pytest.fail(problem.message)
    pytest.skip(problem.message)


@contextmanager
def headless_chromium(
    profile: Path,
    *,
    window: str = "1400,1000",
    logs: Mapping[str, str] | None = None,
) -> Iterator[object]:
    """Yield a fresh headless Chromium driver with its own profile in `profile` (nothing carried
    between tests); `logs` are the `goog:loggingPrefs` (e.g. {"browser": "ALL"})."""
    require_browser()
    from selenium import webdriver
    from selenium.webdriver.chrome.service import Service

    options = webdriver.ChromeOptions()
    options.binary_location = str(CHROMIUM)
    for argument in (
        "--headless=new",
        "--no-sandbox",
        "--disable-gpu",
        "--disable-quic",
        "--no-first-run",
        "--disable-background-networking",
        "--disable-component-update",
        "--disable-sync",
        "--disable-dev-shm-usage",
        f"--window-size={window}",
        f"--user-data-dir={profile}",
    ):
        options.add_argument(argument)
    if logs:
        options.set_capability("goog:loggingPrefs", dict(logs))
    service = Service(executable_path=str(CHROMEDRIVER), log_output=str(profile / "driver.log"))
    driver = webdriver.Chrome(options=options, service=service)
    driver.set_page_load_timeout(WAIT_SECONDS)
    try:
        yield driver
    finally:
        driver.quit()
