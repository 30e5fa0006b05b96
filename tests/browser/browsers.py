"""Where the headless browser is, and what to do when it is not there."""

from __future__ import annotations

import os
from collections.abc import Mapping
from dataclasses import dataclass
from pathlib import Path

CHROMIUM = Path(os.environ.get("GOVSOCIAL_CHROMIUM", "/usr/bin/chromium"))
CHROMEDRIVER = Path(os.environ.get("GOVSOCIAL_CHROMEDRIVER", "/usr/bin/chromedriver"))


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
    return Problem(f"no headless browser: {what}; CI is unset, so browser tests are skipped",
                   fail=False)
