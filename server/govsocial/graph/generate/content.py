"""Write one synthetic authority with everything about it: sources, spokesperson, channels, follower
time series, platform decisions, campaigns and the other claims.

Each authority is one unit of output. Shapes that hold across nodes are kept by construction:
a speaker always speaks from a post held in the authority spoken for, a date's precision matches
its datatype, a decision's date is never finer than its source's, and every claim rests on a
statement whose source is written in the same unit (or earlier).
"""

from __future__ import annotations

import itertools
from dataclasses import dataclass

from govsocial.graph.generate.context import Authority, Day, Source, Speaker, World
from govsocial.graph.generate.plan import AuthoritySpec, office_purpose
from govsocial.graph.generate.vocab import (
    ACTIONS,
    CONTENT_TYPES,
    LEAVING,
    MODALITIES,
    PLATFORM_NAMES,
    PLATFORMS,
    PURPOSES,
    REASONS_AGAINST_PLATFORM,
    REASONS_FOR_PLATFORM,
    STATE_KINDS,
    TAKING_UP,
)
from govsocial.graph.generate.writer import Buffer, Pair

# How likely each kind of body runs a channel on a platform, relative to PLATFORMS.
CHANNEL_FACTOR = {
    "state-chancellery": 1.2,
    "state-ministry": 1.0,
    "municipality": 1.0,
    "municipal-office": 0.45,
    "fire-service": 0.55,
}
KIND_PURPOSE = {
    "state-chancellery": "location-marketing",
    "state-ministry": "recruiting-teachers",
    "municipality": "location-marketing",
    "fire-service": "crisis-communication",
}
# What a decision claims -> what the statement it rests on gives, e.g. reasonFor -> givesReasonFor
GIVEN_BY_STATEMENT = {
    "reasonFor": "givesReasonFor",
    "reasonAgainst": "givesReasonAgainst",
    "purpose": "givesPurpose",
}


@dataclass
class ChannelRef:
    """A written channel whose follower series can go on (used to fill the last triples)."""

    term: str
    slug: str
    label: str
    platform: str
    statement: str
    year: int
    month: int
    count: int


@dataclass(frozen=True)
class Decision:
    """What one decision decides: an action, in some modality, on one or more platforms."""

    action: str
    modality: str
    platforms: list[str]  # the first is the one decided on; the others share the decision

    @property
    def platform(self) -> str:
        return self.platforms[0]

    @property
    def other_platforms(self) -> list[str]:
        return [p for p in PLATFORMS if p not in self.platforms]

    @property
    def names(self) -> str:
        return " and ".join(PLATFORM_NAMES[p] for p in self.platforms)

    @property
    def what_en(self) -> str:
        return f"{self.action} on {self.names}, {self.modality}"


class Content:
    """Write authorities one unit at a time; remember what later units and the filler need."""

    def __init__(self, world: World) -> None:
        self.w = world
        self.t = world.t
        # the first decisions walk through every action x modality, later ones are drawn
        self.combos = itertools.product(ACTIONS, MODALITIES)
        # campaigns of the current municipality's bodies, for the "same project" inferences
        self.family_campaigns: dict[str, tuple[str, str]] = {}
        self.channels: list[ChannelRef] = []

    # -- the unit -------------------------------------------------------------------------------

    def authority(self, unit: Buffer, spec: AuthoritySpec) -> list[ChannelRef]:
        """Write one authority and its content into `unit`; return its channels."""
        w, t = self.w, self.t
        if spec.kind == "municipality":
            self.family_campaigns.clear()
        a = Authority(
            term=t.iri("authority", spec.slug),
            slug=spec.slug,
            kind=spec.kind,
            label_de=spec.label_de,
            label_en=spec.label_en,
            weight=spec.weight,
            parent=spec.parent,
        )
        n_sources = 2 if w.lean else w.rng.randint(2, 2 + 2 * spec.weight)
        w.source(unit, a, 1, "pm")
        for number in range(2, n_sources + 1):
            w.source(unit, a, number, w.rng.choice(("pm", "news", "news")))
        self._authority_node(unit, spec, a)
        if spec.weight >= 2 or w.rng.random() < 0.4:
            self._spokesperson(unit, a)
        channels = self._channels(unit, a)
        self._series(unit, a, channels)
        campaign = self._campaign(unit, a, channels)
        n_decisions = 2 if w.lean else w.rng.randint(1, 1 + 2 * spec.weight)
        for number in range(1, n_decisions + 1):
            self._decision(unit, a, channels, number, campaign)
        self._counts(unit, a, channels)
        if spec.kind == "state-chancellery":
            self._governance(unit, a)
        if spec.kind in ("state-chancellery", "state-ministry") and w.first_or("review", 0.25):
            self._review(unit, a)
        return channels

    def _authority_node(self, unit: Buffer, spec: AuthoritySpec, a: Authority) -> None:
        t = self.t
        pairs: list[Pair] = [
            (self.w.a_label, self.w.de(spec.label_de)),
            (self.w.a_label, self.w.en(spec.label_en)),
            (t.iri("org", "classification"), t.iri("authoritykind", spec.kind)),
            *((self.w.a_source, s.term) for s in a.sources[:2]),
        ]
        # where the body sits, as the real data says it (the views' facets group by these); the
        # synthetic states' codes are numeric, which no German ISO 3166-2 code is
        level = "state" if spec.kind in STATE_KINDS else "local"
        pairs += [
            (t.iri("gso", "governmentLevel"), t.iri("governmentlevel", level)),
            (t.iri("gso", "countryCode"), t.plain("DE")),
            (t.iri("gso", "stateCode"), t.plain(f"DE-{spec.state}")),
        ]
        if spec.parent:
            pairs.append((t.iri("org", "subOrganizationOf"), t.iri("authority", spec.parent)))
        if spec.municipality_key:
            pairs.append((t.iri("gso", "municipalityKey"), t.plain(spec.municipality_key)))
        if spec.alt_label:
            pairs.append((t.iri("skos", "altLabel"), self.w.de(spec.alt_label)))
        unit.node(a.term, [t.iri("gso", "Authority")], pairs)

    def _spokesperson(self, unit: Buffer, a: Authority) -> None:
        w, t = self.w, self.t
        w.persons += 1
        name = f"Syn-Person {w.persons}"
        person = t.iri("person", f"{a.slug}-sprecher")
        post = t.iri("post", f"{a.slug}-sprecher")
        source = a.sources[0].term
        unit.node(
            person,
            [t.iri("foaf", "Person")],
            [
                (t.iri("foaf", "name"), t.plain(name)),
                (w.a_label, w.en(name)),
                (w.a_source, source),
            ],
        )
        government = a.kind == "state-chancellery"
        unit.node(
            post,
            [t.iri("org", "Post")],
            [
                (
                    w.a_label,
                    w.de(f"{'Regierungssprecher' if government else 'Sprecher'} ({a.label_de})"),
                ),
                (
                    w.a_label,
                    w.en(
                        f"{'Government spokesperson' if government else 'Spokesperson'} "
                        f"of {a.label_en}"
                    ),
                ),
                (t.iri("org", "postIn"), a.term),
                (t.iri("org", "heldBy"), person),
                (
                    t.iri("org", "role"),
                    t.iri("role", "government-spokesperson" if government else "spokesperson"),
                ),
                (w.a_source, source),
            ],
        )
        a.speaker = Speaker(person, post)

    # -- channels and follower counts -----------------------------------------------------------

    def _channels(self, unit: Buffer, a: Authority) -> list[ChannelRef]:
        w, t = self.w, self.t
        factor = CHANNEL_FACTOR[a.kind]
        platforms = [p for p, weight in PLATFORMS.items() if w.rng.random() < weight * factor]
        if not platforms:
            platforms = ["facebook"]
        if w.lean:
            platforms = platforms[:3]
        stats = w.source(unit, a, len(a.sources) + 1, "statistik")
        refs = []
        for platform in platforms:
            slug = f"{a.slug}-{platform}"
            term = t.iri("channel", slug)
            name = PLATFORM_NAMES[platform]
            label = f"{a.label_en} on {name}"
            pairs: list[Pair] = [
                (w.a_label, w.en(label)),
                (w.a_source, w.rng.choice(a.sources).term),
                (t.iri("gso", "onPlatform"), t.iri("platform", platform)),
                (t.iri("gso", "operatedBy"), a.term),
                (t.iri("foaf", "accountName"), t.plain(f"syn_{slug.replace('-', '_')}")),
                (t.iri("schema", "url"), t.full(f"https://example.org/syn/{platform}/{slug}")),
            ]
            if w.rng.random() < 0.3:
                attest = w.statement(
                    unit,
                    a,
                    w.rng.choice(a.sources),
                    f"the body is on {name}",
                    f"Die Stelle ist auf {name} vertreten.",
                    w.speaks(a),
                )
                pairs.append((t.iri("gso", "attestedBy"), attest))
            unit.node(term, [t.iri("gso", "Channel")], pairs)
            statement = w.statement(
                unit,
                a,
                stats,
                f"follower counts of the {name} channel",
                f"Followerzahlen des Kanals auf {name}.",
            )
            start = w.random_day("month", first_year=2016)
            base = int(w.rng.lognormvariate(6.0 + a.weight, 1.0))
            refs.append(
                ChannelRef(term, slug, label, platform, statement, start.year, start.month, base)
            )
        return refs

    def _series(self, unit: Buffer, a: Authority, channels: list[ChannelRef]) -> None:
        most = 4 if self.w.lean else 4 + 3 * a.weight
        for channel in channels:
            for _ in range(self.w.rng.randint(0, most)):
                self.follower_count(unit, channel)

    def follower_count(self, unit: Buffer, channel: ChannelRef) -> None:
        """Write the next point of a channel's follower series (dates strictly increase)."""
        w, t = self.w, self.t
        step = w.rng.choice((1, 1, 2, 3, 6, 12))
        months = channel.year * 12 + channel.month - 1 + step
        channel.year, channel.month = divmod(months, 12)
        channel.month += 1
        # X lost followers after its change of owner; the others grow
        trend = 0.97 if channel.platform == "x" and channel.year >= 2023 else 1.06
        channel.count = max(0, int(channel.count * w.rng.uniform(trend - 0.05, trend + 0.05)))
        precision = w.rng.choice(("month", "month", "month", "day", "year"))
        date = Day(channel.year, channel.month, w.rng.randint(1, 28), precision)
        slug = f"{channel.slug}-followers-{channel.year:04d}-{channel.month:02d}"
        pairs: list[Pair] = [
            (w.a_label, w.en(f"{channel.label}: {channel.count} followers ({date.lexical()})")),
            (w.a_derived, channel.statement),
            (t.iri("schema", "interactionType"), t.iri("schema", "FollowAction")),
            (t.iri("schema", "userInteractionCount"), t.typed(str(channel.count), "integer")),
            (t.iri("gso", "channel"), channel.term),
            *w.date_pairs(t.iri("gso", "observationDate"), date),
        ]
        if w.rng.random() < 0.1:
            pairs.append((t.iri("gso", "approximate"), t.boolean(True)))
        unit.node(t.iri("observation", slug), [t.iri("gso", "FollowerCount")], pairs)

    def _counts(self, unit: Buffer, a: Authority, channels: list[ChannelRef]) -> None:
        w, t = self.w, self.t
        if len(channels) < 2:
            return
        if w.first_or("channel-count", 0.3):
            source = w.rng.choice(a.sources)
            statement = w.statement(
                unit,
                a,
                source,
                f"the body runs {len(channels)} channels",
                f"Die Stelle betreibt {len(channels)} Kanäle.",
                w.speaks(a),
            )
            named = w.rng.sample(channels, w.rng.randint(1, len(channels)))
            unit.node(
                t.iri("observation", f"{a.slug}-channel-count-{source.date.year}"),
                [t.iri("gso", "ChannelCount")],
                [
                    (w.a_label, w.en(f"{a.label_en}: {len(channels)} channels")),
                    (w.a_derived, statement),
                    (t.iri("gso", "authority"), a.term),
                    (t.iri("gso", "count"), t.typed(str(len(channels)), "integer")),
                    *(
                        (t.iri("gso", "platformNamed"), t.iri("platform", c.platform))
                        for c in named
                    ),
                    *w.date_pairs(t.iri("gso", "observationDate"), source.date),
                ],
            )
        if w.first_or("reach-rank", 0.2):
            source = w.rng.choice(a.sources)
            ranked = w.rng.sample(channels, min(3, len(channels)))
            statement = w.statement(
                unit,
                a,
                source,
                "which channels reach the most people",
                "Die größte Reichweite haben diese Kanäle.",
                w.speaks(a),
            )
            date = source.date.coarser(w.rng)
            for rank, channel in enumerate(ranked, start=1):
                pairs: list[Pair] = [
                    (w.a_label, w.en(f"{channel.label}: reach rank {rank}")),
                    (w.a_derived, statement),
                    (t.iri("gso", "channel"), channel.term),
                    (t.iri("gso", "rank"), t.typed(str(rank), "integer")),
                    *w.date_pairs(t.iri("gso", "observationDate"), date),
                ]
                if rank == 1 and w.rng.random() < 0.3:
                    pairs += w.inferred(
                        t.iri("gso", "observationDate"),
                        "the date is the publication date of the source.",
                    )
                unit.node(
                    t.iri("observation", f"{channel.slug}-reach-rank-{date.year}"),
                    [t.iri("gso", "ReachRank")],
                    pairs,
                )

    # -- decisions ------------------------------------------------------------------------------

    def _combo(self) -> tuple[str, str]:
        combo = next(self.combos, None)
        if combo is not None:
            return combo
        rng = self.w.rng
        action = rng.choices(ACTIONS, weights=(4, 8, 3, 2, 2, 2, 2, 3, 4, 2, 3, 6))[0]
        return action, rng.choices(MODALITIES, weights=(10, 3, 3, 2, 2))[0]

    def _decision(
        self,
        unit: Buffer,
        a: Authority,
        channels: list[ChannelRef],
        number: int,
        campaign: str | None,
    ) -> None:
        """Write one platform decision of `a`, the statements it rests on and what they give."""
        # the order of the random draws below is what makes a seed's output: keep it
        w, t = self.w, self.t
        decision = self._decide(channels)
        source = w.rng.choice(a.sources)
        derived = self._decision_statements(unit, a, source, decision)
        rests_on = derived[0]
        date = source.date.coarser(w.rng)
        pairs = self._decision_facts(a, decision, derived, date)
        pairs += (
            (t.iri("gso", "channel"), c.term) for c in channels if c.platform in decision.platforms
        )
        if decision.action in LEAVING:
            pairs += self._leaving_reasons(decision)
        else:
            pairs += self._using_reasons(decision)
        slug = f"{a.slug}-{decision.platform}-{decision.action}-{number}"
        if w.first_or("ownership", 0.08):
            self._ownership(unit, a, slug, decision.platform, rests_on)
        if campaign is not None and decision.action == "campaign-use":
            pairs.append((t.iri("gso", "campaign"), campaign))
        unit.node(t.iri("decision", slug), [t.iri("gso", "PlatformDecision")], pairs)
        self._statement_gives(unit, rests_on, pairs)

    def _decide(self, channels: list[ChannelRef]) -> Decision:
        """Choose the action, modality and platforms of the next decision."""
        rng = self.w.rng
        action, modality = self._combo()
        held = [c.platform for c in channels]
        platform = self._decided_platform(action, held)
        platforms = [platform]
        if action == "continue-using" and len(held) > 2 and rng.random() < 0.4:
            # "Instagram, Facebook and YouTube are unaffected": one decision, several platforms
            platforms += rng.sample([p for p in held if p != platform], 2)
        return Decision(action, modality, platforms)

    def _decided_platform(self, action: str, held: list[str]) -> str:
        """Pick a new platform to take up, else one already held (leaving: mostly X)."""
        rng = self.w.rng
        if action in ("adopt", "open-own-channel") or not held:
            return rng.choice(list(PLATFORMS))
        if action in LEAVING and "x" in held and rng.random() < 0.6:
            return "x"
        return rng.choice(held)

    def _decision_statements(
        self, unit: Buffer, a: Authority, source: Source, decision: Decision
    ) -> list[str]:
        """Write the statement the decision rests on and, sometimes, another source's
        confirmation; return their terms, the one it rests on first."""
        w = self.w
        names, action, modality = decision.names, decision.action, decision.modality
        statement = w.statement(
            unit,
            a,
            source,
            decision.what_en,
            f"Entscheidung zu {names}: {action} ({modality}).",
            w.speaks(a),
        )
        if len(a.sources) > 1 and w.rng.random() < 0.25:
            other = w.rng.choice([s for s in a.sources if s is not source])
            confirmation = w.statement(
                unit, a, other, decision.what_en, f"Bestätigung: {names}, {action} ({modality})."
            )
            return [statement, confirmation]
        return [statement]

    def _decision_facts(
        self, a: Authority, decision: Decision, derived: list[str], date: Day
    ) -> list[Pair]:
        """Return what every decision says: label, statements, action, body, platforms, date."""
        w, t = self.w, self.t
        pairs: list[Pair] = [
            (w.a_label, w.en(f"{a.label_en}: {decision.what_en} ({date.lexical()})")),
            *((w.a_derived, s) for s in derived),
            (t.iri("gso", "action"), t.iri("action", decision.action)),
            (t.iri("gso", "modality"), t.iri("modality", decision.modality)),
            (t.iri("gso", "authority"), a.term),
            *((t.iri("gso", "platform"), t.iri("platform", p)) for p in decision.platforms),
            *w.date_pairs(t.iri("gso", "date"), date),
        ]
        if w.rng.random() < 0.1:
            pairs += w.inferred(
                t.iri("gso", "date"), "the source gives no date; the date is that of the source."
            )
        return pairs

    def _leaving_reasons(self, decision: Decision) -> list[Pair]:
        """Return where a body that leaves a platform goes, and why it leaves."""
        rng, t = self.w.rng, self.t
        pairs: list[Pair] = []
        if rng.random() < 0.4:
            replacements = rng.sample(decision.other_platforms, rng.randint(1, 2))
            pairs += (
                (t.iri("gso", "replacementPlatform"), t.iri("platform", p)) for p in replacements
            )
        # a reason for leaving is a reason against the platform, and the other way round
        pairs += self._reasons("reasonFor", REASONS_AGAINST_PLATFORM, 3)
        if rng.random() < 0.3:
            pairs += self._reasons("reasonAgainst", REASONS_FOR_PLATFORM, 2)
        if decision.action == "restrict-to-crisis-use":
            pairs.append((t.iri("gso", "purpose"), t.iri("purpose", "crisis-communication")))
        return pairs

    def _using_reasons(self, decision: Decision) -> list[Pair]:
        """Return what a body that takes up or keeps a platform replaces, why, and what for."""
        rng, t = self.w.rng, self.t
        pairs: list[Pair] = []
        if decision.action in TAKING_UP and rng.random() < 0.3:
            replaced = self._replaced_platform(decision)
            pairs.append((t.iri("gso", "replaces"), t.iri("platform", replaced)))
        if rng.random() < 0.5:
            pairs += self._reasons("reasonFor", REASONS_FOR_PLATFORM, 2)
        if rng.random() < 0.15:
            reason = rng.choice(REASONS_AGAINST_PLATFORM)
            pairs.append((t.iri("gso", "reasonAgainst"), t.iri("reason", reason)))
        if rng.random() < 0.5:
            pairs.append((t.iri("gso", "purpose"), t.iri("purpose", rng.choice(PURPOSES))))
        if rng.random() < 0.2:
            content_type = rng.choice(CONTENT_TYPES)
            pairs.append((t.iri("gso", "contentType"), t.iri("contenttype", content_type)))
        return pairs

    def _replaced_platform(self, decision: Decision) -> str:
        # bodies take up other platforms in place of X (and X in place of another one)
        if decision.platform == "x":
            return self.w.rng.choice(decision.other_platforms)
        return "x"

    def _reasons(self, prop: str, pool: tuple[str, ...], most: int) -> list[Pair]:
        """Return one to `most` distinct reasons from `pool` as values of gso:`prop`."""
        rng, t = self.w.rng, self.t
        return [
            (t.iri("gso", prop), t.iri("reason", r)) for r in rng.sample(pool, rng.randint(1, most))
        ]

    def _statement_gives(self, unit: Buffer, statement: str, pairs: list[Pair]) -> None:
        """Let the statement a decision rests on give the decision's reasons and purposes."""
        t = self.t
        gives = {
            t.iri("gso", claimed): t.iri("gso", said)
            for claimed, said in GIVEN_BY_STATEMENT.items()
        }
        given = [(gives[p], o) for p, o in pairs if p in gives]
        if given:
            unit.node(statement, [], given)

    # -- campaigns and other claims -------------------------------------------------------------

    def _campaign(self, unit: Buffer, a: Authority, channels: list[ChannelRef]) -> str | None:
        w, t = self.w, self.t
        rng = w.rng
        if a.kind == "state-chancellery" or not w.first_or(f"campaign-{a.kind}", 0.3):
            return None
        purpose = office_purpose(a.slug) or KIND_PURPOSE[a.kind]
        slug = f"{a.slug}-kampagne"
        term = t.iri("campaign", slug)
        platform = rng.choice([c.platform for c in channels])
        name = PLATFORM_NAMES[platform]
        source = rng.choice(a.sources)
        statement = w.statement(
            unit,
            a,
            source,
            f"a campaign on {name}",
            f"Kampagne auf {name} ({purpose}).",
            w.speaks(a),
        )
        pairs: list[Pair] = [
            (w.a_label, w.en(f"{a.label_en}: campaign on {name} ({purpose})")),
            (w.a_source, source.term),
            (t.iri("gso", "attestedBy"), statement),
            (t.iri("gso", "organiser"), a.term),
            (t.iri("gso", "platform"), t.iri("platform", platform)),
            (t.iri("gso", "purpose"), t.iri("purpose", purpose)),
            *((t.iri("gso", "channel"), c.term) for c in channels if c.platform == platform),
        ]
        if rng.random() < 0.5:
            pairs.append((w.a_label, w.de(f"Syn-Kampagne {a.label_de}")))
        if rng.random() < 0.7:
            pairs += w.date_pairs(t.iri("gso", "date"), source.date.coarser(rng))
        if rng.random() < 0.5:
            pairs.append(
                (t.iri("gso", "contentType"), t.iri("contenttype", rng.choice(CONTENT_TYPES)))
            )
        partner = rng.random()
        if partner < 0.4:
            pairs.append((t.iri("gso", "partner"), w.partner(unit)))
        elif partner < 0.6 and a.parent:
            pairs.append((t.iri("gso", "partner"), t.iri("authority", a.parent)))
        else:
            pairs.append(
                (
                    t.iri("gso", "partnerDescription"),
                    w.de(rng.choice(("Influencer", "Beratungsstelle", "Schulen"))),
                )
            )
        unit.node(term, [t.iri("gso", "Campaign")], pairs)
        parent = self.family_campaigns.get(a.parent or "")
        if parent is not None and w.first_or("inference", 0.5):
            self._same_project(unit, slug, term, statement, parent)
        self.family_campaigns[a.slug] = (term, statement)
        return term

    def _same_project(
        self, unit: Buffer, slug: str, term: str, statement: str, parent: tuple[str, str]
    ) -> None:
        w, t = self.w, self.t
        unit.node(
            t.iri("claim", f"{slug}-same-project"),
            [t.iri("gso", "Inference")],
            [
                (w.a_label, w.en("Inference: the campaign is the parent body's campaign")),
                (t.iri("rdf", "subject"), term),
                (t.iri("rdf", "predicate"), t.iri("owl", "sameAs")),
                (t.iri("rdf", "object"), parent[0]),
                (w.a_derived, statement),
                (w.a_derived, parent[1]),
                (
                    w.a_note,
                    w.en(
                        "Synthetic: a body and its parent both ran a campaign; no "
                        "statement says they are one project."
                    ),
                ),
            ],
        )

    def _ownership(
        self, unit: Buffer, a: Authority, slug: str, platform: str, statement: str
    ) -> None:
        w, t = self.w, self.t
        unit.node(
            t.iri("claim", f"{slug}-owner"),
            [t.iri("gso", "OwnershipClaim")],
            [
                (w.a_label, w.en(f"Owner of {PLATFORM_NAMES[platform]} per {a.label_en}")),
                (w.a_derived, statement),
                (t.iri("gso", "platform"), t.iri("platform", platform)),
                (t.iri("gso", "owner"), w.operator(unit, platform)),
            ],
        )

    def _governance(self, unit: Buffer, a: Authority) -> None:
        w, t = self.w, self.t
        statement = w.statement(
            unit,
            a,
            a.sources[0],
            "each ministry decides on its platforms",
            "Die Ministerien entscheiden selbst über ihre Plattformen.",
            w.speaks(a),
        )
        unit.node(
            t.iri("claim", f"{a.slug}-ministries-decide-platforms"),
            [t.iri("gso", "GovernanceRule")],
            [
                (w.a_label, w.en(f"Ministries each decide on platforms ({a.label_en})")),
                (w.a_derived, statement),
                (t.iri("gso", "appliesToKind"), t.iri("authoritykind", "state-ministry")),
                (t.iri("gso", "decisionMode"), t.iri("decisionmode", "each-body-decides")),
            ],
        )

    def _review(self, unit: Buffer, a: Authority) -> None:
        w, t = self.w, self.t
        modality = w.rng.choice(("regularly-reviewed", "regularly-reviewed", "planned"))
        statement = w.statement(
            unit,
            a,
            w.rng.choice(a.sources),
            "the choice of platforms is reviewed",
            "Die Auswahl der Plattformen wird überprüft.",
            w.speaks(a),
        )
        unit.node(
            t.iri("claim", f"{a.slug}-portfolio-review"),
            [t.iri("gso", "PortfolioReview")],
            [
                (w.a_label, w.en(f"{a.label_en}: platform portfolio review ({modality})")),
                (w.a_derived, statement),
                (t.iri("gso", "authority"), a.term),
                (t.iri("gso", "modality"), t.iri("modality", modality)),
            ],
        )
