"""Wait for an event a test can observe, with a deadline, instead of sleeping a guessed while.

A sleep is either too short on a busy machine (the test fails for no reason) or too long
everywhere; a wait on the event itself returns as soon as it happened and, when it never does,
fails saying what did not happen.
"""

from __future__ import annotations

import time
from collections.abc import Callable
from typing import TypeVar

import pytest

T = TypeVar("T")
POLL = 0.05  # seconds between looks: short beside every event waited for here
# Seconds past a configured deadline (a query's --timeout, an idle or header timeout, the pool's
# queue timeout) within which the server's answer to it must have come. A safety bound on an
# event, generous for a busy machine: it tells "stopped at the deadline" from "ran on" or
# "hung" (both take far longer), and is no speed target (those are measured in bench/).
DEADLINE_GRACE = 3.0


def wait_until(
    condition: Callable[[], T],
    timeout: float,
    what: str | Callable[[], str],
    poll: float = POLL,
) -> T:
    """Return the first true value of `condition()`; fail the test after `timeout` seconds.

    `what` names the event awaited (or returns its name, to show the state at the deadline).
    """
    deadline = time.monotonic() + timeout
    while True:
        value = condition()
        if value:
            return value
        if time.monotonic() >= deadline:
            described = what() if callable(what) else what
            pytest.fail(f"waited {timeout:g} s for {described}")
        time.sleep(poll)  # a poll interval, not a guess at how long the event takes
