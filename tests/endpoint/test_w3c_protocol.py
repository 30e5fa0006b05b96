"""The W3C SPARQL 1.1 Protocol test suite against a real `govsocial serve` process."""

from __future__ import annotations

from collections import Counter

import pytest

from support.w3c import MANIFEST
from support.w3c_runner import ProtocolTest, load_manifest, run_test

TESTS = load_manifest(MANIFEST)  # the copy in tests/w3c

pytestmark = pytest.mark.slow


def test_manifest_has_every_entry() -> None:
    # guard: a parsing mistake must not silently run fewer tests
    assert len(TESTS) == 34
    assert Counter(t.kind for t in TESTS) == {"query": 20, "update": 7, "bad-update": 7}
    assert len({t.id for t in TESTS}) == 34


@pytest.mark.parametrize("test", TESTS, ids=lambda t: t.id)
def test_protocol(server, test: ProtocolTest) -> None:
    problems = run_test(server.endpoint, test)
    assert not problems, f"{test.name}: " + "; ".join(problems)
