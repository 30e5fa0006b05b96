"""Facets: narrow a list of items by the values they carry, with a count beside each value.

An item may carry several values of one facet (a decision about X and Mastodon, a body that
decided about both). Choosing values keeps the items that carry any chosen value of each facet
and all chosen facets at once (OR within a facet, AND across facets). A value's count is how many
items carry it with the other facets' choices as they are: what the list shows with that value
alone chosen in its facet (the count of disjunctive faceted search).

Each value holds a numpy boolean mask over the items, built once per data version; a request
then costs a few vector operations per value, whatever the number of items.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable, Mapping
from dataclasses import dataclass
from typing import TYPE_CHECKING

import numpy as np

if TYPE_CHECKING:
    from _typeshed import SupportsRichComparison

    SortKey = Callable[[str, str], SupportsRichComparison]  # a facet's order, of (code, label)


@dataclass(frozen=True)
class FacetSpec:
    """A facet as the page offers it."""

    name: str  # the URL parameter
    title: str
    listed: bool = True  # False: chosen only by URL (too many values to list), shown when chosen
    within: str | None = None  # values listed only under a chosen value of this facet (month
    # under year): a value's code starts with the chosen code


@dataclass(frozen=True)
class Value:
    code: str
    label: str
    count: int
    chosen: bool


@dataclass(frozen=True)
class Facet:
    spec: FacetSpec
    values: list[Value]  # those to list: chosen ones, and those that would keep some item


@dataclass(frozen=True)
class Selection:
    items: np.ndarray  # indices of the kept items, in the items' order
    facets: list[Facet]
    unknown: list[tuple[FacetSpec, str]]  # chosen codes no item carries: they keep nothing


class FacetIndex:
    """Items' facet values as masks, to select and count by."""

    def __init__(
        self,
        size: int,
        specs: Iterable[FacetSpec],
        carried: Iterable[tuple[int, str, str]],
        labels: Mapping[tuple[str, str], str],
        order: Mapping[str, SortKey] | None = None,
    ) -> None:
        """`carried` holds (item, facet name, code); `labels` maps (facet name, code) to the
        value's label (the code when absent); `order` gives a facet's sort key of (code, label)
        (by label when absent)."""
        self.size = size
        self.specs = list(specs)
        known = {spec.name for spec in self.specs}
        masks: dict[str, dict[str, np.ndarray]] = {name: {} for name in known}
        for item, name, code in carried:
            if name not in known:
                raise ValueError(f"no facet {name!r}")
            by_code = masks[name]
            if code not in by_code:
                by_code[code] = np.zeros(size, dtype=bool)
            by_code[code][item] = True
        order = order or {}
        self._labels = {
            (name, code): labels.get((name, code), code)
            for name, by_code in masks.items()
            for code in by_code
        }
        self._masks: dict[str, dict[str, np.ndarray]] = {}
        for name, by_code in masks.items():
            key = order.get(name) or (lambda code, label: label.casefold())
            self._masks[name] = dict(
                sorted(by_code.items(), key=lambda pair: key(pair[0], self._labels[name, pair[0]]))
            )

    def select(self, choices: Mapping[str, Iterable[str]]) -> Selection:
        """Return the items kept by `choices` (facet name -> chosen codes) and every facet's
        values with their counts."""
        chosen = {spec.name: list(dict.fromkeys(choices.get(spec.name, ()))) for spec in self.specs}
        unknown = [
            (spec, code)
            for spec in self.specs
            for code in chosen[spec.name]
            if code not in self._masks[spec.name]
        ]
        # one mask per facet with a choice: the items carrying any chosen value
        facet_masks = {}
        for name, codes in chosen.items():
            if codes:
                mask = np.zeros(self.size, dtype=bool)
                for code in codes:
                    if code in self._masks[name]:
                        mask |= self._masks[name][code]
                facet_masks[name] = mask
        everything = np.ones(self.size, dtype=bool)
        kept = everything.copy()
        for mask in facet_masks.values():
            kept &= mask
        facets = []
        for spec in self.specs:
            others = everything.copy()
            for name, mask in facet_masks.items():
                if name != spec.name:
                    others &= mask
            values = []
            masks = self._masks[spec.name]
            # a facet of thousands of values (bodies) is not listed: look at the chosen only
            shown: Iterable[str] = (
                masks if spec.listed else [c for c in masks if c in chosen[spec.name]]
            )
            for code in shown:
                is_chosen = code in chosen[spec.name]
                if not is_chosen and not self._listed(spec, code, chosen):
                    continue
                count = int(np.count_nonzero(others & masks[code]))
                if count or is_chosen:
                    values.append(Value(code, self._labels[spec.name, code], count, is_chosen))
            facets.append(Facet(spec, values))
        return Selection(np.flatnonzero(kept), facets, unknown)

    @staticmethod
    def _listed(spec: FacetSpec, code: str, chosen: Mapping[str, list[str]]) -> bool:
        if not spec.listed:
            return False
        if spec.within is None:
            return True
        return any(code.startswith(parent) for parent in chosen.get(spec.within, ()))
