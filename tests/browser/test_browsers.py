"""The browser tests skip only outside CI, and only when Chromium is missing."""

from __future__ import annotations

from pathlib import Path

from support.browser import browser_problem


def test_present_browser_runs(tmp_path: Path) -> None:
    chromium, driver = tmp_path / "chromium", tmp_path / "chromedriver"
    chromium.touch()
    driver.touch()
    assert browser_problem(chromium, driver, {}) is None
    assert browser_problem(chromium, driver, {"CI": "true"}) is None


def test_missing_browser_skips_outside_ci(tmp_path: Path) -> None:
    for env in ({}, {"CI": ""}, {"CI": "false"}, {"CI": "0"}):
        problem = browser_problem(tmp_path / "chromium", tmp_path / "chromedriver", env)
        assert problem is not None
        assert problem.fail is False
        assert str(tmp_path / "chromium") in problem.message
        assert "skipped" in problem.message


def test_missing_browser_fails_in_ci(tmp_path: Path) -> None:
    driver = tmp_path / "chromedriver"
    driver.touch()
    for value in ("true", "1", "yes"):
        problem = browser_problem(tmp_path / "chromium", driver, {"CI": value})
        assert problem is not None
        assert problem.fail is True
        assert str(tmp_path / "chromium") in problem.message
