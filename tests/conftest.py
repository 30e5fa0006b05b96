"""Fixtures shared by every test area (each area keeps its own in its own folder).

The tests need nothing beside the checkout: the W3C protocol suite is vendored in tests/w3c, and
tests/identifiers.md is a checked copy of the project's list of verified identifiers
(../shared/identifiers.md; CI lints data/ against the live list too). The checks that need the
full source texts are `govsocial check-sources --sources DIR`, tested on fixture texts.
"""

from __future__ import annotations

from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[1]
IDENTIFIERS = ROOT / "tests" / "identifiers.md"
# the first dataset, frozen for the tests that assert its exact answers (tests/seed/README.md)
SEED_DATA = ROOT / "tests" / "seed" / "data"


@pytest.fixture(scope="session")
def project_root() -> Path:
    return ROOT


@pytest.fixture(scope="session")
def identifiers_file() -> Path:
    """The verified external identifiers (Wikidata, municipality keys) data/ may use."""
    return IDENTIFIERS


@pytest.fixture(scope="session")
def seed_data_dir() -> Path:
    """The seed dataset's data folder (tests/seed/README.md)."""
    return SEED_DATA
