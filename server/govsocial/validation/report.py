"""Hold the outcome of a validation run as plain, structured results."""

from __future__ import annotations

from collections.abc import Iterator, Mapping
from dataclasses import dataclass, field
from pathlib import Path

from rdflib import Graph
from rdflib.term import Node, URIRef

from govsocial.namespaces import SH

SEVERITY_ORDER = {SH.Violation: 0, SH.Warning: 1, SH.Info: 2}


@dataclass(frozen=True)
class ValidationResult:
    """One sh:ValidationResult, flattened for people and programs."""

    focus_node: Node
    severity: URIRef
    source_shape: Node
    shape_name: str | None
    component: URIRef
    path: str | None
    value: Node | None
    messages: tuple[str, ...]
    source_constraint: Node | None = None
    files: tuple[Path, ...] = ()

    @property
    def is_violation(self) -> bool:
        return self.severity == SH.Violation

    @property
    def severity_name(self) -> str:
        return str(self.severity).rsplit("#", 1)[-1]

    @property
    def message(self) -> str:
        return " ".join(self.messages)


@dataclass
class ValidationReport:
    """All results of one run, plus what is needed to group them by file."""

    results: list[ValidationResult]
    results_graph: Graph
    data_files: list[Path]
    shapes_files: list[Path]
    ontology_files: list[Path]
    inference: str
    # typed subjects each data file describes, so reports can list nodes that passed too
    # (a Mapping: the native engine computes it only when a report asks)
    nodes_by_file: Mapping[Path, set[Node]] = field(default_factory=dict)
    # which engine produced the results: "native", "native+pyshacl" or "pyshacl"
    engine: str = "pyshacl"

    @property
    def conforms(self) -> bool:
        """Return True when no result is a violation (warnings and infos do not fail a run)."""
        return not any(result.is_violation for result in self.results)

    def count(self, severity: URIRef) -> int:
        return sum(1 for result in self.results if result.severity == severity)

    @property
    def violations(self) -> int:
        return self.count(SH.Violation)

    @property
    def warnings(self) -> int:
        return self.count(SH.Warning)

    @property
    def infos(self) -> int:
        return self.count(SH.Info)

    def sorted_results(self) -> list[ValidationResult]:
        return sorted(
            self.results,
            key=lambda r: (
                str(r.files[0]) if r.files else "~",
                str(r.focus_node),
                SEVERITY_ORDER.get(r.severity, 9),
                str(r.source_shape),
                r.path or "",
                str(r.value),
            ),
        )

    def by_file_and_focus(self) -> Iterator[tuple[Path | None, Node, list[ValidationResult]]]:
        """Yield (file, focus node, its results) in a stable order; file None if unknown."""
        groups: dict[tuple[Path | None, Node], list[ValidationResult]] = {}
        for result in self.sorted_results():
            file = result.files[0] if result.files else None
            groups.setdefault((file, result.focus_node), []).append(result)
        yield from ((file, focus, results) for (file, focus), results in groups.items())

    def summary(self) -> str:
        verdict = "conforms" if self.conforms else "does not conform"
        return (
            f"{verdict}: {self.violations} violation(s), {self.warnings} warning(s), "
            f"{self.infos} info(s) in {len(self.data_files)} data file(s)"
        )
