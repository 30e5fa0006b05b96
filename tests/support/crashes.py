"""Crashes a test causes on purpose: their dumps go to a file the test reads, not the terminal.

pytest enables `faulthandler` (writing to a copy of the terminal's stderr), and a forked process
inherits it: a query worker that a test crashes on purpose (a segfault, an abort in the engine)
would print a "Fatal Python error" dump into a passing run.
"""

from __future__ import annotations

import contextlib
import faulthandler
import os
from collections.abc import Iterator
from pathlib import Path

import pytest
from _pytest.faulthandler import fault_handler_stderr_fd_key


@contextlib.contextmanager
def crash_output_to(path: Path, config: pytest.Config) -> Iterator[None]:
    """Processes forked inside the block write fatal-error dumps and stderr to `path`.

    This process's own are restored when the block ends (faulthandler back to pytest's copy
    of the terminal, or off without pytest's plugin).
    """
    terminal = config.stash.get(fault_handler_stderr_fd_key, None)
    stderr = os.dup(2)
    with path.open("ab") as dumps:
        faulthandler.enable(file=dumps)
        os.dup2(dumps.fileno(), 2)
        try:
            yield
        finally:
            os.dup2(stderr, 2)
            os.close(stderr)
            if terminal is None:
                faulthandler.disable()
            else:
                faulthandler.enable(file=terminal)
