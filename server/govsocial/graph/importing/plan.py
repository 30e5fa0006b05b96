"""Put checked rows together into the nodes an import adds, minting every IRI (graph.minting).

Each row gives a source (cited when the data has its address, else new), a body, publisher,
speaker, post and channels (cited when registered, else new registry entries), a statement and
a claim; `nodes` settles what the rows give against each other and the data.
"""

from __future__ import annotations

from pathlib import Path

from rdflib import URIRef
from rdflib.namespace import DCTERMS, FOAF, ORG, RDF

from govsocial.graph import minting
from govsocial.graph.importing import describe
from govsocial.graph.importing.context import Context
from govsocial.graph.importing.describe import DERIVED, Labels, Pairs
from govsocial.graph.importing.nodes import Nodes, kind_of, short
from govsocial.graph.importing.problems import Problem
from govsocial.graph.importing.rows import Checked
from govsocial.graph.minting import local
from govsocial.graph.namespaces import GSO, SCHEMA

REGISTRY_FILE = {
    "authority": "authorities.ttl",
    "organisation": "organisations.ttl",
    "person": "people.ttl",
    "post": "people.ttl",
    "channel": "channels.ttl",
}
SOURCE_COLUMNS = (
    "source_title",
    "source_publisher",
    "source_date",
    "source_type",
    "source_language",
)
BODY_COLUMNS = ("body_kind", "jurisdiction", "body_name_en", "body_level")
# the publisher of a news article is a news organisation; a mirror copy says nothing of its host
NEWS = ("news-article",)


class Plan:
    """What the sheet adds: `nodes.files` maps each data file to the triples it gains."""

    def __init__(self, context: Context) -> None:
        self.context = context
        self.labels = Labels(context)
        self.problems: list[Problem] = []
        self.nodes = Nodes(context, self.problems)
        self.headers: dict[Path, list[str]] = {}
        self._sources: dict[str, tuple[int, tuple[str, ...], URIRef, str]] = {}
        self._minted_sources: dict[URIRef, tuple[str, int]] = {}
        self._bodies: dict[str, tuple[int, tuple[str | None, ...]]] = {}
        self._new_bodies: dict[str, URIRef] = {}  # name key -> the node a new body gets

    # -- rows --------------------------------------------------------------------------------

    def add(self, row: Checked) -> None:
        found = self._source(row)
        if found is None:
            return
        source, publisher_label = found
        body = self._body(row, source)
        if body is None:
            return
        speaker, who = self._speaker(row, body, source)
        post = self._post(row, body, speaker, source)
        home = self.nodes.home[source]
        statement = URIRef(minting.statement(str(source), row.quotation))
        channels = [self._channel(row, body, name, source, statement) for name in row.channels]
        self._describe(
            statement,
            row.row,
            home,
            describe.statement(row, source, body, speaker, post)
            | describe.inferred(row, "statement"),
            self.labels.statement(publisher_label, row, who),
        )
        claim = URIRef(
            minting.decision(str(body), row.platforms, row.action, row.modality, str(source))
        )
        self._describe(
            claim,
            row.row,
            home,
            describe.decision(row, body, channels)
            | describe.inferred(row, "claim")
            | {(DERIVED, statement)},
            self.labels.claim(publisher_label, row),
            explicit=bool(row.summary),
        )

    def _problem(self, row: int, column: str | None, message: str) -> None:
        self.problems.append(Problem(row, column, message))

    def _describe(
        self,
        node: URIRef,
        row: int,
        home: Path,
        pairs: Pairs,
        label: str | None = None,
        explicit: bool = False,
    ) -> None:
        self.nodes.describe(node, row, home, pairs, label, explicit)

    def _registry(self, node: URIRef) -> Path:
        return self.context.data_dir / "registry" / REGISTRY_FILE[kind_of(node)]

    def _source(self, row: Checked) -> tuple[URIRef, str] | None:
        values = tuple(
            getattr(row, name) or ""
            for name in (
                "source_title",
                "publisher",
                "source_date",
                "source_type",
                "source_language",
            )
        )
        seen = self._sources.get(row.source_url)
        if seen is not None:
            first, first_values, source, publisher_label = seen
            for column, there, here in zip(SOURCE_COLUMNS, first_values, values, strict=True):
                if there != here:
                    self._problem(
                        row.row,
                        column,
                        (
                            f"the source {row.source_url} is also in row {first}, with '{there}' "
                            f"there and '{here}' here: the rows of one source agree on its columns"
                        ),
                    )
                    return None
            self.nodes.add(source, describe.inferred(row, "source"))
            return source, publisher_label
        existing = self.context.source_at(row.source_url)
        found = (
            self._registered_source(row, existing)
            if existing is not None
            else self._new_source(row)
        )
        if found is not None:
            self._sources[row.source_url] = (row.row, values, *found)
        return found

    def _registered_source(self, row: Checked, source: URIRef) -> tuple[URIRef, str] | None:
        """A source the data has (found by its address): cited, not described again."""
        graph = self.context.graph
        files = [
            path
            for path in self.context.files_of(source)
            if (source, RDF.type, GSO.SourceDocument) in self.context.files[path]
        ]
        home = files[0]
        publisher = graph.value(source, DCTERMS.publisher)
        checks = (
            ("source_title", DCTERMS.title, row.source_title),
            ("source_date", DCTERMS.issued, row.source_date),
            ("source_type", GSO.sourceType, str(describe.concept("source-type", row.source_type))),
            (
                "source_publisher",
                DCTERMS.publisher,
                str(row.publisher_ref) if row.publisher_ref else row.publisher,
            ),
        )
        where = home.relative_to(self.context.data_dir).as_posix()
        for column, prop, value in checks:
            recorded = graph.value(source, prop)
            if recorded is not None and str(recorded) != (value or ""):
                self._problem(
                    row.row,
                    column,
                    (
                        f"the address is {short(source)} in the data ({where}), recorded with "
                        f"{short(recorded)}; enter that, or correct the file by hand if it is wrong"
                    ),
                )
                return None
        self.nodes.home[source] = home
        name = (
            self.labels.node(publisher, row.publisher)
            if isinstance(publisher, URIRef)
            else row.publisher
        )
        return source, name

    def _new_source(self, row: Checked) -> tuple[URIRef, str] | None:
        publisher = row.publisher_ref or self._publishing_body(row) or self._organisation(row)
        if publisher is None:
            return None
        try:
            source = URIRef(minting.source(str(publisher), row.source_title, row.source_date))
        except ValueError as error:
            self._problem(row.row, "source_title", f"no source IRI can be made of it ({error})")
            return None
        if self.context.described(source):
            url = self.context.graph.value(source, SCHEMA.url)
            self._problem(
                row.row,
                "source_url",
                (
                    f"{short(source)} is already in the data, for {url}: the same publisher, date "
                    "and first six title words; if this is that document, enter its address"
                ),
            )
            return None
        prior = self._minted_sources.setdefault(source, (row.source_url, row.row))
        if prior[0] != row.source_url:
            self._problem(
                row.row,
                "source_url",
                (
                    f"this address and {prior[0]} (row {prior[1]}) give one source IRI, "
                    f"{short(source)}: the same publisher, date and first six title words; if they "
                    "are one document, enter one address"
                ),
            )
            return None
        if not self.context.described(publisher):
            self.nodes.add(publisher, {(DCTERMS.source, source)})
        label = self.labels.node(publisher, row.publisher)
        home = self.context.data_dir / "sources" / f"{local(str(source))}.ttl"
        self.headers[home] = _source_header(row, label)
        self._describe(
            source,
            row.row,
            home,
            describe.source(row, publisher) | describe.inferred(row, "source"),
            self.labels.source(label, row),
        )
        return source, label

    def _publishing_body(self, row: Checked) -> URIRef | None:
        """A body new in this sheet that publishes the document itself (its press release):
        the publisher is that body, not an organisation of the same name beside it."""
        key = _name_key(row.publisher)
        if key in self._new_bodies:
            return self._new_bodies[key]
        if row.body.ref is None and key == _name_key(row.body.name):
            try:
                return self._body_iri(row.body.name, row.body.jurisdiction)
            except ValueError:
                return None  # _body reports it
        return None

    def _body_iri(self, name: str, jurisdiction: str | None) -> URIRef:
        node = URIRef(minting.authority(name))
        if self.context.described(node):  # another body has the name's slug
            node = URIRef(minting.authority(name, jurisdiction))
        return node

    def _organisation(self, row: Checked) -> URIRef | None:
        """A new publisher: described in the registry; its source is added once minted."""
        try:
            node = URIRef(minting.organisation(row.publisher))
        except ValueError as error:
            self._problem(row.row, "source_publisher", f"no IRI can be made of it ({error})")
            return None
        if self.context.described(node):
            self._problem(
                row.row,
                "source_publisher",
                (
                    f"{short(node)} is already in the registry, named "
                    f"'{self.labels.node(node, '')}'; if that is the publisher, enter "
                    f"{local(str(node))}"
                ),
            )
            return None
        self._describe(node, row.row, self._registry(node), describe.organisation(row.publisher))
        if row.source_type in NEWS:
            self.nodes.add(node, {(RDF.type, SCHEMA.NewsMediaOrganization)})
        return node

    def _body(self, row: Checked, source: URIRef) -> URIRef | None:
        body = row.body
        if body.ref is not None:
            return body.ref
        values = (body.kind, body.jurisdiction, body.name_en, body.level)
        key = _name_key(body.name)
        first, first_values = self._bodies.setdefault(key, (row.row, values))
        for column, there, here in zip(BODY_COLUMNS, first_values, values, strict=True):
            if there != here:
                column = "body_state" if column == "jurisdiction" else column
                self._problem(
                    row.row,
                    column,
                    (
                        f"'{body.name}' is a new body given with '{there}' in row {first} and "
                        f"'{here}' here: one name in one sheet is one body; give it the same "
                        "body_kind, body_country, body_state, body_name_en and body_level in "
                        "every row"
                    ),
                )
                return None
        try:
            node = self._body_iri(body.name, body.jurisdiction)
        except ValueError as error:
            self._problem(row.row, "body", f"no IRI can be made of it ({error})")
            return None
        if self.context.described(node):
            self._problem(
                row.row,
                "body",
                (
                    f"'{body.name}': {short(node)} and the name without the state code are other "
                    "bodies' IRIs; add this body to data/registry/authorities.ttl by hand, with "
                    "its "
                    "municipality key after the state code (docs/MODEL.md, 'Minting IRIs'), and "
                    "enter its local name"
                ),
            )
            return None
        self._describe(
            node,
            row.row,
            self._registry(node),
            describe.authority(row) | {(DCTERMS.source, source)},
        )
        self._new_bodies[key] = node
        return node

    def _speaker(self, row: Checked, body: URIRef, source: URIRef) -> tuple[URIRef | None, str]:
        if not row.speaker:
            return None, row.body.name_en
        if row.speaker_ref is not None:
            return row.speaker_ref, self.labels.node(row.speaker_ref, row.speaker)
        named = self.context.named(row.speaker, FOAF.Person)
        if len(named) > 1:
            self._problem(
                row.row,
                "speaker",
                (
                    f"'{row.speaker}' names several registered persons ("
                    + ", ".join(map(short, named))
                    + "); enter the local name of one"
                ),
            )
            return None, row.speaker
        if named:
            return named[0], row.speaker
        try:
            node = URIRef(minting.person(row.speaker))
            if self.context.described(node):  # another person has the name's slug
                node = URIRef(minting.person(row.speaker, str(body)))
        except ValueError as error:
            self._problem(row.row, "speaker", f"no IRI can be made of it ({error})")
            return None, row.speaker
        if self.context.described(node):
            self._problem(
                row.row,
                "speaker",
                (
                    f"{short(node)} is another person's IRI; add '{row.speaker}' to "
                    "data/registry/people.ttl by hand and enter the local name"
                ),
            )
            return None, row.speaker
        self._describe(
            node,
            row.row,
            self._registry(node),
            describe.person(row.speaker) | {(DCTERMS.source, source)},
        )
        return node, row.speaker

    def _post(
        self, row: Checked, body: URIRef, speaker: URIRef | None, source: URIRef
    ) -> URIRef | None:
        if not (row.role and row.role_text):
            return None
        node = URIRef(minting.post(str(body), row.role_text))
        if self.context.described(node):
            holders = self.context.held_by(node)
            if speaker is not None and speaker not in holders:
                self._problem(
                    row.row,
                    "speaker_post",
                    (
                        f"{short(node)} is held by "
                        + (", ".join(sorted(map(short, holders))) or "nobody")
                        + f" in the registry, not by {row.speaker}: people change posts, and the "
                        f"registry is edited by hand: add org:heldBy for this speaker to "
                        f"{short(node)} in data/registry/people.ttl (and the person, if new), "
                        "then import again"
                    ),
                )
            return node
        role_en = self.labels.concept("role", row.role)
        pairs = describe.post(row, body, role_en) | {(DCTERMS.source, source)}
        if speaker is not None:
            pairs.add((ORG.heldBy, speaker))
        self._describe(node, row.row, self._registry(node), pairs)
        return node

    def _channel(
        self, row: Checked, body: URIRef, platform: str, source: URIRef, statement: URIRef
    ) -> URIRef:
        node = URIRef(minting.channel(str(body), platform))
        if not self.context.described(node):
            label = self.labels.concept("platform", platform)
            self._describe(
                node,
                row.row,
                self._registry(node),
                describe.channel(row, body, platform, label)
                | {(DCTERMS.source, source), (GSO.attestedBy, statement)},
            )
        return node


def _source_header(row: Checked, publisher: str) -> list[str]:
    def one_line(text: str) -> str:
        return " ".join(text.split())

    when = f", {row.source_date}" if row.source_date else ""
    return [
        f"# Source: {one_line(publisher)}{when}: {one_line(row.source_title)}",
        f"# {one_line(row.source_url)}",
        "# Imported from a coding sheet (govsocial import, docs/IMPORT.md): the document, "
        "what it says",
        "# (its statements, verbatim) and the claims resting on them.",
    ]


def build(rows: list[Checked], context: Context) -> Plan:
    plan = Plan(context)
    for row in rows:
        plan.add(row)
    plan.nodes.settle()
    return plan


def _name_key(name: str) -> str:
    """Names compared as a reader would: case and runs of white space do not count."""
    return " ".join(name.split()).casefold()
