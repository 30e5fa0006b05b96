"""The pre-commit hook of .pre-commit-hooks.yaml, run for real in a contributor's repository.

pre-commit clones the hook repository at a commit and pip-installs it into a virtualenv (from
PyPI: slow, one install per session). The hook repository is a clone of this checkout's HEAD,
so the test checks what is committed; GOVSOCIAL_HOOK_REPO names another git repository to
take HEAD from (a scratch clone holding uncommitted work, to try it before committing).
"""

from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path

import pytest

INSTALL_TIMEOUT = 900  # seconds for the first run: virtualenv, pip install of the package
RUN_TIMEOUT = 180
UNKNOWN_AUTHORITY = "authority:stadt-nirgendwo"


def git(*args: str, cwd: Path) -> str:
    completed = subprocess.run(
        ["git", *args], cwd=cwd, capture_output=True, text=True, timeout=120, check=True
    )
    return completed.stdout.strip()


@pytest.fixture(scope="session")
def hook_repository(tmp_path_factory, project_root: Path) -> tuple[Path, str]:
    """Return a clone of HEAD of the project (or of GOVSOCIAL_HOOK_REPO) and its commit."""
    source = Path(os.environ.get("GOVSOCIAL_HOOK_REPO", project_root))
    clone = tmp_path_factory.mktemp("hook-repo") / "govsocial-kg"
    git("clone", "--quiet", str(source), str(clone), cwd=clone.parent)
    assert (clone / ".pre-commit-hooks.yaml").is_file(), f"HEAD of {source} has no hook file"
    return clone, git("rev-parse", "HEAD", cwd=clone)


@pytest.fixture(scope="session")
def pre_commit_home(tmp_path_factory) -> Path:
    return tmp_path_factory.mktemp("pre-commit-home")


def pre_commit(repository: Path, home: Path, timeout: int) -> subprocess.CompletedProcess[str]:
    env = {key: value for key, value in os.environ.items() if key != "GOVSOCIAL_HOME"}
    env["PRE_COMMIT_HOME"] = str(home)
    env["PRE_COMMIT_COLOR"] = "never"
    return subprocess.run(
        [sys.executable, "-m", "pre_commit", "run", "--all-files"],
        cwd=repository,
        env=env,
        capture_output=True,
        text=True,
        timeout=timeout,
        check=False,
    )


@pytest.mark.slow
@pytest.mark.timeout(INSTALL_TIMEOUT + 2 * RUN_TIMEOUT)
def test_the_hook_fails_on_the_invalid_file_and_passes_once_fixed(
    tmp_path: Path, project_root: Path, hook_repository: tuple[Path, str], pre_commit_home: Path
) -> None:
    hook_repo, rev = hook_repository
    contributor = tmp_path / "contributor"
    contributor.mkdir()
    git("init", "--quiet", cwd=contributor)
    (contributor / ".pre-commit-config.yaml").write_text(
        "repos:\n"
        f"  - repo: {hook_repo.as_uri()}\n"
        f"    rev: {rev}\n"
        "    hooks:\n"
        "      - id: govsocial-validate\n"
    )
    # both refer to the project's registry, which only the installed package brings along
    example = (project_root / "examples" / "contributor" / "example-source.ttl").read_text()
    (contributor / "valid.ttl").write_text(example)
    second = example.replace("example-contribution", "example-second-contribution")
    invalid = contributor / "sources" / "invalid.ttl"
    invalid.parent.mkdir()
    invalid.write_text(
        second.replace(
            "gso:authority authority:stadt-chemnitz", f"gso:authority {UNKNOWN_AUTHORITY}"
        )
    )
    git("add", "--all", cwd=contributor)

    failed = pre_commit(contributor, pre_commit_home, INSTALL_TIMEOUT)
    output = failed.stdout + failed.stderr
    assert failed.returncode == 1, output
    assert "govsocial validate" in output and "Failed" in output
    assert f"sources{os.sep}invalid.ttl" in output
    assert "stadt-nirgendwo" in output
    assert "valid.ttl" not in output.splitlines()  # no results for it
    assert "does not conform: 1 violation(s)" in output

    invalid.write_text(second)
    git("add", "--all", cwd=contributor)
    passed = pre_commit(contributor, pre_commit_home, RUN_TIMEOUT)
    assert passed.returncode == 0, passed.stdout + passed.stderr
    assert "Passed" in passed.stdout
