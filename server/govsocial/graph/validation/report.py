"""Hold the outcome of a validation run as plain, structured results."""

from __future__ import annotations

import dataclasses
from collections.abc import Callable, Collection, Iterator, Mapping
from dataclasses import dataclass, field
from pathlib import Path

from rdflib import Graph
from rdflib.term import Node, URIRef

from govsocial.graph.namespaces import SH
from govsocial.graph.validation.resultgraph import keep_results

SEVERITY_ORDER: dict[Node, int] = {SH.Violation: 0, SH.Warning: 1, SH.Info: 2}
# --severity names, most severe first
SEVERITIES = {"violation": SH.Violation, "warning": SH.Warning, "info": SH.Info}


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
    # the project's data validated with the data files; no result about its own nodes is kept
    context_files: list[Path] = field(default_factory=list)
    # results counted in the summary but not listed (below the --severity asked for)
    hidden: list[ValidationResult] = field(default_factory=list)
    minimum_severity: URIRef = SH.Info

    @property
    def conforms(self) -> bool:
        """Return True when no result is a violation (warnings and infos do not fail a run)."""
        return not any(result.is_violation for result in [*self.results, *self.hidden])

    def count(self, severity: URIRef) -> int:
        return sum(1 for result in [*self.results, *self.hidden] if result.severity == severity)

    def about(self, files: Collection[Path]) -> ValidationReport:
        """Return the report without the results about nodes that only other files describe.

        A focus node described in no file at all (a shape's sh:targetNode) is kept: nobody
        else answers for it.
        """
        files = set(files)
        focus_nodes = {
            r.focus_node for r in self.results if not r.files or files.intersection(r.files)
        }
        return self._keeping(lambda focus, _severity: focus in focus_nodes, hide=False)

    def at_least(self, severity: URIRef) -> ValidationReport:
        """Return the report listing only results of this severity or a graver one.

        The others stay counted (summary, JSON counts) but are not listed.
        """
        rank = SEVERITY_ORDER[severity]
        report = self._keeping(
            lambda _focus, other: SEVERITY_ORDER.get(other, 9) <= rank, hide=True
        )
        return dataclasses.replace(report, minimum_severity=severity)

    def _keeping(self, keep: Callable[[Node, Node], bool], hide: bool) -> ValidationReport:
        """Return a copy with the results `keep(focus, severity)` refuses left out or hidden."""
        kept = [r for r in self.results if keep(r.focus_node, r.severity)]
        left = [r for r in self.results if not keep(r.focus_node, r.severity)]
        if not left and (hide or not self.hidden):
            return self  # the usual case: no copy of a report graph that may be large
        hidden = (
            [*self.hidden, *left]
            if hide
            else [r for r in self.hidden if keep(r.focus_node, r.severity)]
        )
        conforms = not any(r.is_violation for r in [*kept, *hidden])
        graph = keep_results(self.results_graph, keep, conforms=conforms)
        return dataclasses.replace(self, results=kept, hidden=hidden, results_graph=graph)

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
        line = (
            f"{verdict}: {self.violations} violation(s), {self.warnings} warning(s), "
            f"{self.infos} info(s) in {len(self.data_files)} data file(s)"
        )
        if self.hidden:
            name = str(self.minimum_severity).rsplit("#", 1)[-1].lower()
            line += f"; {len(self.hidden)} not shown (--severity {name})"
        return line
