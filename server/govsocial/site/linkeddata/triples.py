"""A small read-only set of pyoxigraph triples, indexed for what an entity page asks of it.

The store answers a CONSTRUCT with pyoxigraph triples (`QueryStore.construct`); a page looks up
the objects of a subject, the subjects pointing at a node, and whether a triple is there.
"""

from __future__ import annotations

from collections.abc import Iterable, Iterator

import pyoxigraph as ox

Subject = ox.NamedNode | ox.BlankNode | ox.Triple
Node = ox.NamedNode | ox.BlankNode | ox.Literal | ox.Triple


def text(node: Node) -> str:
    """An IRI's text, a blank node's label, a literal's lexical form (a quoted triple's
    N-Triples)."""
    return str(node) if isinstance(node, ox.Triple) else node.value


class Triples:
    """Triples without duplicates, in the order first given."""

    def __init__(self, triples: Iterable[ox.Triple] = ()) -> None:
        self._triples: dict[ox.Triple, None] = dict.fromkeys(triples)
        self._by_subject: dict[Node, list[ox.Triple]] = {}
        self._by_object: dict[Node, list[ox.Triple]] = {}
        for triple in self._triples:
            self._by_subject.setdefault(triple.subject, []).append(triple)
            self._by_object.setdefault(triple.object, []).append(triple)

    def __iter__(self) -> Iterator[ox.Triple]:
        return iter(self._triples)

    def __len__(self) -> int:
        return len(self._triples)

    def __contains__(self, triple: object) -> bool:
        return triple in self._triples

    def __add__(self, other: Iterable[ox.Triple]) -> Triples:
        return Triples([*self, *other])

    def objects(self, subject: Node, predicate: ox.NamedNode) -> list[Node]:
        """The objects of (`subject`, `predicate`)."""
        found = self._by_subject.get(subject, ())
        return [t.object for t in found if t.predicate == predicate]

    def value(self, subject: Node, predicate: ox.NamedNode) -> Node | None:
        """One object of (`subject`, `predicate`), the first given; None if there is none."""
        return next(iter(self.objects(subject, predicate)), None)

    def predicate_objects(self, subject: Node) -> list[tuple[ox.NamedNode, Node]]:
        """The (predicate, object) pairs of `subject`."""
        found = self._by_subject.get(subject, ())
        return [(t.predicate, t.object) for t in found]

    def subject_predicates(self, obj: Node) -> list[tuple[Subject, ox.NamedNode]]:
        """The (subject, predicate) pairs pointing at `obj`."""
        return [(t.subject, t.predicate) for t in self._by_object.get(obj, ())]

    def subjects(self, predicate: ox.NamedNode, obj: Node) -> list[Subject]:
        """The subjects of (`predicate`, `obj`)."""
        return [t.subject for t in self._by_object.get(obj, ()) if t.predicate == predicate]
