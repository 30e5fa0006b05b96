"""Hold the state of one generator run: random source, terms, counters, and the shared nodes.

`World` makes the nodes that many authorities share or that every claim rests on: source
documents, statements, and the pools of synthetic publishers, partners and platform operators.
Pool members are written the first time a unit uses them, so a small data set holds only the
ones it cites (and a dropped unit cannot leave a dangling reference: generation stops with it).
"""

from __future__ import annotations

import random
from dataclasses import dataclass, field

from govsocial.graph.generate.vocab import PLATFORM_NAMES
from govsocial.graph.generate.writer import Buffer, Pair, Terms

EXAMPLE = "https://example.org/syn/"
FIRST_YEAR, LAST_YEAR = 2015, 2025


@dataclass(frozen=True)
class Day:
    """A date known to some precision (day, month or year); finer parts are kept but not written."""

    year: int
    month: int
    day: int
    precision: str

    def coarser(self, rng: random.Random) -> Day:
        """Return the same date at this or a coarser precision (a report never adds detail)."""
        order = ("day", "month", "year")
        allowed = order[order.index(self.precision) :]
        return Day(self.year, self.month, self.day, rng.choice(allowed))

    def lexical(self) -> str:
        if self.precision == "day":
            return f"{self.year:04d}-{self.month:02d}-{self.day:02d}"
        if self.precision == "month":
            return f"{self.year:04d}-{self.month:02d}"
        return f"{self.year:04d}"


XSD_OF = {"day": "date", "month": "gYearMonth", "year": "gYear"}


@dataclass(frozen=True)
class Source:
    """A source document written in this unit: its term and date."""

    term: str
    date: Day


@dataclass
class Speaker:
    """A person speaking from a post."""

    person: str
    post: str


@dataclass
class Authority:
    """What a unit knows about the authority it is generating."""

    term: str
    slug: str
    kind: str
    label_de: str
    label_en: str
    weight: int
    parent: str | None
    sources: list[Source] = field(default_factory=list)
    speaker: Speaker | None = None


class World:
    """Terms, counters and shared nodes of one run."""

    def __init__(self, terms: Terms, rng: random.Random, triples: int) -> None:
        self.t = terms
        self.rng = rng
        # below 20 000 triples every authority gets a lean share, so small files still hold
        # every kind of node; larger files get the full, heavier-tailed content
        self.lean = triples < 20_000
        self.n_publishers = max(2, min(25, triples // 40_000))
        self.n_partners = max(2, min(20, triples // 50_000))
        self.written: set[str] = set()
        self.seen: set[str] = set()
        self.statements = 0
        self.persons = 0
        iri = terms.iri
        self.a_label = iri("rdfs", "label")
        self.a_source = iri("dcterms", "source")
        self.a_derived = iri("prov", "wasDerivedFrom")
        self.a_precision = iri("gso", "datePrecision")
        self.a_note = iri("gso", "inferenceNote")
        self.a_inferred = iri("gso", "inferredProperty")

    # -- helpers ------------------------------------------------------------------------------

    def first_or(self, key: str, probability: float) -> bool:
        """Return True the first time `key` is asked, then with `probability`.

        Forcing the first occurrence guarantees that even a small file holds one of each kind
        of node; the random draw is made either way, so the stream stays the same for a seed.
        """
        draw = self.rng.random() < probability
        if key not in self.seen:
            self.seen.add(key)
            return True
        return draw

    def en(self, text: str) -> str:
        return self.t.text(text, "en")

    def de(self, text: str) -> str:
        return self.t.text(text, "de")

    def date_pairs(self, predicate: str, date: Day) -> list[Pair]:
        """Return the date and its matching precision (datatype and precision always agree)."""
        return [
            (predicate, self.t.typed(date.lexical(), XSD_OF[date.precision])),
            (self.a_precision, self.t.iri("dateprecision", date.precision)),
        ]

    def inferred(self, prop: str, note: str) -> list[Pair]:
        """Return the marker of an inferred value and its note (always together)."""
        return [(self.a_inferred, prop), (self.a_note, self.en(f"Synthetic: {note}"))]

    def random_day(self, precision: str, first_year: int = FIRST_YEAR) -> Day:
        year = self.rng.randint(first_year, LAST_YEAR)
        # recent years are reported more often, as in the real sources
        year = max(year, self.rng.randint(first_year, LAST_YEAR))
        return Day(year, self.rng.randint(1, 12), self.rng.randint(1, 28), precision)

    # -- shared pools ---------------------------------------------------------------------------

    def _organisation(
        self, unit: Buffer, slug: str, types: list[str], name_de: str, name_en: str
    ) -> str:
        """Write an organisation and the imprint page it is sourced from (once), return its term."""
        term = self.t.iri("organisation", slug)
        if slug in self.written:
            return term
        self.written.add(slug)
        imprint = self.t.iri("source", f"{slug}-impressum")
        unit.node(
            imprint,
            [self.t.iri("gso", "SourceDocument")],
            [
                (self.a_label, self.en(f"Imprint page of {name_en}")),
                (self.t.iri("dcterms", "language"), self.t.typed("de", "language")),
                (self.t.iri("dcterms", "publisher"), term),
                (self.t.iri("schema", "url"), self.t.full(f"{EXAMPLE}{slug}/impressum")),
                (self.t.iri("gso", "sourceType"), self.t.iri("sourcetype", "secondary-web-page")),
                *self.date_pairs(self.t.iri("dcterms", "issued"), self.random_day("year")),
            ],
        )
        unit.node(
            term,
            [self.t.iri("org", "Organization"), *types],
            [
                (self.a_label, self.de(name_de)),
                (self.a_label, self.en(name_en)),
                (self.a_source, imprint),
            ],
        )
        return term

    def publisher(self, unit: Buffer) -> str:
        """Return a synthetic news publisher (written on first use)."""
        n = self.rng.randint(1, self.n_publishers)
        return self._organisation(
            unit,
            f"syn-zeitung-{n}",
            [self.t.iri("schema", "NewsMediaOrganization")],
            f"Syn-Zeitung {n}",
            f"Syn newspaper {n} (synthetic)",
        )

    def partner(self, unit: Buffer) -> str:
        """Return a synthetic partner organisation (written on first use)."""
        n = self.rng.randint(1, self.n_partners)
        return self._organisation(
            unit,
            f"syn-verein-{n}",
            [],
            f"Syn-Beratungsverein {n} e. V.",
            f"Syn counselling association {n} (synthetic)",
        )

    def operator(self, unit: Buffer, platform: str) -> str:
        """Return the synthetic operator of a platform (written on first use)."""
        name = PLATFORM_NAMES[platform]
        return self._organisation(
            unit,
            f"syn-betreiber-{platform}",
            [],
            f"Syn-Betreiber von {name}",
            f"Synthetic operator of {name}",
        )

    # -- sources and statements ---------------------------------------------------------------

    def source(self, unit: Buffer, a: Authority, number: int, kind: str) -> Source:
        """Write one source document about authority `a` and return it."""
        t = self.t
        slug = f"{a.slug}-{kind}-{number}"
        term = t.iri("source", slug)
        types = [t.iri("gso", "SourceDocument")]
        pairs: list[Pair] = [
            (t.iri("dcterms", "language"), t.typed("de", "language")),
            (t.iri("schema", "url"), t.full(f"{EXAMPLE}{a.slug}/{kind}-{number}")),
        ]
        if kind == "pm":
            date = self.random_day("day")
            label = f"Synthetic press release {number} of {a.label_en}"
            pairs += [
                (t.iri("dcterms", "publisher"), a.term),
                (t.iri("gso", "sourceType"), t.iri("sourcetype", "press-release")),
                (
                    t.iri("dcterms", "title"),
                    self.de(f"Synthetische Pressemitteilung {number}: {a.label_de}"),
                ),
            ]
        elif kind == "news":
            date = self.random_day(self.rng.choice(("day", "day", "day", "month")))
            label = f"Synthetic news article {number} on {a.label_en}"
            types.append(t.iri("schema", "NewsArticle"))
            pairs += [
                (t.iri("dcterms", "publisher"), self.publisher(unit)),
                (t.iri("gso", "sourceType"), t.iri("sourcetype", "news-article")),
                (
                    t.iri("dcterms", "title"),
                    self.de(f"Synthetischer Artikel {number} über {a.label_de}"),
                ),
            ]
            if self.rng.random() < 0.1:
                pairs.append((t.iri("gso", "titleReconstructed"), t.boolean(True)))
        else:  # "statistik": a secondary page or a mirror copy, publisher unknown
            date = self.random_day(self.rng.choice(("month", "year")), first_year=2020)
            mirror = self.rng.random() < 0.2
            label = (
                f"Synthetic {'mirror copy' if mirror else 'statistics page'} {number} "
                f"on {a.label_en}"
            )
            source_type = "mirror-copy" if mirror else "secondary-web-page"
            pairs += [
                (t.iri("gso", "publisherNote"), self.en("Synthetic: no publisher is shown.")),
                (t.iri("gso", "sourceType"), t.iri("sourcetype", source_type)),
            ]
        pairs.append((self.a_label, self.en(label)))
        pairs += self.date_pairs(t.iri("dcterms", "issued"), date)
        unit.node(term, types, pairs)
        source = Source(term, date)
        a.sources.append(source)
        return source

    def statement(
        self,
        unit: Buffer,
        a: Authority,
        source: Source,
        what_en: str,
        what_de: str,
        speaker: Speaker | None = None,
    ) -> str:
        """Write a statement of `source` on behalf of `a` (or about it, when reported) and
        return its term."""
        t = self.t
        self.statements += 1
        k = self.statements
        term = t.iri("statement", f"{a.slug}-{k}")
        if speaker is None:
            mode = self.rng.choice(("indirect-speech", "reported"))
        else:
            mode = self.rng.choice(("direct-quotation", "indirect-speech"))
        types = [t.iri("gso", "Statement")]
        if mode == "direct-quotation":
            types.append(t.iri("schema", "Quotation"))
        pairs: list[Pair] = [
            (self.a_label, self.en(f"Synthetic statement {k}: {what_en}")),
            (self.a_source, source.term),
            # speech is said on the authority's behalf; the reporter's narration is about it
            (t.iri("gso", "about" if mode == "reported" else "onBehalfOf"), a.term),
            (t.iri("gso", "speechMode"), t.iri("speechmode", mode)),
            (t.iri("gso", "text"), self.de(f"Synthetischer Text {k}: {what_de}")),
        ]
        if speaker is not None:
            pairs += [
                (t.iri("gso", "speaker"), speaker.person),
                (t.iri("gso", "speakerPost"), speaker.post),
            ]
        if self.rng.random() < 0.2:
            pairs.append((t.iri("gso", "madeOnRequest"), t.boolean(True)))
        unit.node(term, types, pairs)
        return term

    def speaks(self, a: Authority) -> Speaker | None:
        """Return the authority's spokesperson for a statement, or None (unnamed) sometimes."""
        return a.speaker if a.speaker is not None and self.rng.random() < 0.6 else None
