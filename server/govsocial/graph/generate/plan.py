"""Plan the synthetic authorities: states, ministries, municipalities, offices, fire services.

The plan is an endless, deterministic stream in rounds: each round visits every state and adds one
municipality with its offices, sections and fire service (and, in the first rounds, the state's
chancellery and ministries). Cutting the stream anywhere therefore leaves every state with a
similar share, and the first six authorities already cover every kind of authority.
"""

from __future__ import annotations

import itertools
import random
from collections.abc import Iterator
from dataclasses import dataclass

from govsocial.graph.generate.vocab import (
    MINISTRIES,
    OFFICES,
    PLACE_PREFIXES,
    PLACE_STEMS,
    SECTIONS,
)


@dataclass(frozen=True)
class AuthoritySpec:
    """One authority to generate: identity, kind, names and parent."""

    slug: str
    kind: str
    label_de: str
    label_en: str
    state: int
    parent: str | None = None
    municipality_key: str | None = None
    alt_label: str | None = None
    # how prominent the body is (1 = a small section, 3 = a state chancellery): scales its content
    weight: int = 1


def states_for(triples: int) -> int:
    """Return how many synthetic states a data set of about `triples` triples spreads over."""
    return max(1, min(16, round(triples / 60_000)))


def authorities(rng: random.Random, n_states: int) -> Iterator[AuthoritySpec]:
    """Yield authorities round by round over `n_states` states, for ever."""
    ministries = [rng.sample(MINISTRIES, rng.randint(7, len(MINISTRIES))) for _ in range(n_states)]
    for rnd in itertools.count():
        for state in range(1, n_states + 1):
            own = ministries[state - 1]
            if rnd == 0:
                yield _chancellery(state)
            if rnd < len(own):
                yield _ministry(state, own[rnd])
            yield from _municipality(rng, state, rnd + 1, first=(rnd == 0 and state == 1))


def _state_name(state: int) -> str:
    return f"Syn-Land {state}"


def _chancellery(state: int) -> AuthoritySpec:
    land = _state_name(state)
    return AuthoritySpec(
        slug=f"syn-l{state}-staatskanzlei",
        kind="state-chancellery",
        label_de=f"Staatskanzlei {land}",
        label_en=f"State Chancellery of {land} (synthetic)",
        state=state,
        alt_label="Staatskanzlei",
        weight=3,
    )


def _ministry(state: int, ministry: tuple[str, str, str]) -> AuthoritySpec:
    part, name_de, name_en = ministry
    land = _state_name(state)
    return AuthoritySpec(
        slug=f"syn-l{state}-ministerium-{part}",
        kind="state-ministry",
        label_de=f"{name_de} ({land})",
        label_en=f"{land} {name_en} (synthetic)",
        state=state,
        alt_label=name_de.replace("Staatsministerium", "Ministerium"),
        weight=2,
    )


def _municipality(
    rng: random.Random, state: int, number: int, first: bool
) -> Iterator[AuthoritySpec]:
    prefix, stem = rng.choice(PLACE_PREFIXES), rng.choice(PLACE_STEMS)
    place = prefix + stem.capitalize() if prefix.endswith(" ") or not prefix else prefix + stem
    name = f"Syn-{place} {number}"
    slug_place = (
        place.lower().replace(" ", "-").replace("ß", "ss").replace("ü", "ue").replace("ö", "oe")
    )
    slug = f"syn-l{state}-g{number}-{slug_place}"
    # the first place of a state is its capital, and cities are fewer than towns
    city = number == 1 or rng.random() < 0.3
    yield AuthoritySpec(
        slug=slug,
        kind="municipality",
        label_de=f"{'Stadt' if city else 'Gemeinde'} {name}",
        label_en=f"{'City' if city else 'Municipality'} of {name} (synthetic)",
        state=state,
        # AGS state codes run 01-16; 99 marks the key as synthetic so it can never match a real one
        municipality_key=f"99{state:02d}{number:04d}",
        weight=2 if city else 1,
    )
    n_offices = rng.randint(1, 4 if city else 2) if first else rng.choice((0, 1, 1, 2, 3))
    for part, office_de, office_en, _purpose in rng.sample(OFFICES, n_offices):
        office_slug = f"{slug}-{part}"
        yield AuthoritySpec(
            slug=office_slug,
            kind="municipal-office",
            label_de=f"{office_de} {name}",
            label_en=f"{name} {office_en} (synthetic)",
            state=state,
            parent=slug,
        )
        if city and rng.random() < 0.3:
            sec_part, sec_de, sec_en = rng.choice(SECTIONS)
            yield AuthoritySpec(
                slug=f"{office_slug}-{sec_part}",
                kind="municipal-office",
                label_de=f"{sec_de}, {office_de} {name}",
                label_en=f"{name} {office_en}, {sec_en} (synthetic)",
                state=state,
                parent=office_slug,
            )
    if first or rng.random() < 0.7:
        fire_slug = f"{slug}-feuerwehr"
        yield AuthoritySpec(
            slug=fire_slug,
            kind="fire-service",
            label_de=f"Feuerwehr {name}",
            label_en=f"{name} fire service (synthetic)",
            state=state,
            parent=slug,
        )
        if city:
            for station in range(1, rng.randint(1, 3)):
                yield AuthoritySpec(
                    slug=f"{fire_slug}-wache-{station}",
                    kind="fire-service",
                    label_de=f"Feuerwache {station}, Feuerwehr {name}",
                    label_en=f"{name} fire station {station} (synthetic)",
                    state=state,
                    parent=fire_slug,
                )


def office_purpose(slug: str) -> str | None:
    """Return the campaign purpose typical of the office a slug names, if it names one."""
    for part, _de, _en, purpose in OFFICES:
        if f"-{part}" in slug:
            return purpose
    return None
