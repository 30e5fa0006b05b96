"""Runaway queries and the cyclic graph they run over: shared by tests/hardening/test_runaway.py
(each is stopped cleanly: what a user relies on) and bench/limits.py (how long each takes to be
stopped, and what a point query costs beside them: the figures).

Each runaway is named with the limit that must stop it: the time limit (`TIME_LIMIT`), the
memory cap (`MEMORY_CAP`), either (`EITHER_LIMIT`: grows in time and memory alike, which comes
first depends on the machine), `--max-rows` (`CUT`: a streamed answer ends there, signalled) or
the query check before evaluation (`REFUSED`).
"""

from __future__ import annotations

from pathlib import Path

CYCLE_NODES = 50_000  # two edges per node: a cyclic graph of 10^5 triples
POINT = "ASK { <http://example.org/alice> ?p ?o }"  # true on tests/endpoint/data/fixture.trig

THOUSAND = " ".join(map(str, range(1000)))
NEXT, JUMP = "<urn:p:next>", "<urn:p:jump>"
PAIRS = f"?a {NEXT} ?x . ?b {NEXT} ?y"  # 2.5 * 10^9 solutions over the ring
DOUBLING = "".join(f"BIND(CONCAT(?x{i}, ?x{i}) AS ?x{i + 1}) " for i in range(34))
TIME_LIMIT, MEMORY_CAP, REFUSED, CUT = "time", "memory", "refused", "cut"
EITHER_LIMIT = "time or memory"

RUNAWAYS = {
    # CPU-bound: stopped at the time limit
    "VALUES cross product (10^9)": (
        "SELECT (COUNT(*) AS ?n) { "
        + " ".join(f"VALUES ?{v} {{ {THOUSAND} }}" for v in "abc")
        + " }",
        TIME_LIMIT,
    ),
    "triple join (10^15)": (
        "SELECT (COUNT(*) AS ?n) { ?a ?p ?b . ?c ?q ?d . ?e ?r ?f }",
        TIME_LIMIT,
    ),
    "(p|!p)* over cycles": (f"SELECT (COUNT(*) AS ?n) {{ ?s ({NEXT}|!{NEXT})* ?o }}", EITHER_LIMIT),
    "(p|q)+ from every node": (f"SELECT (COUNT(*) AS ?n) {{ ?s ({NEXT}|{JUMP})+ ?o }}", TIME_LIMIT),
    "regex with a huge counted repetition": (
        'SELECT (COUNT(*) AS ?n) { ?s ?p ?o FILTER REGEX(STR(?s), "^(x{1000}){1000}") }',
        TIME_LIMIT,
    ),
    "regex over a join": (
        "SELECT (COUNT(*) AS ?n) { ?s ?p ?o . ?a ?b ?c "
        'FILTER REGEX(CONCAT(STR(?s), STR(?a)), "(.*)*(.*)*[z]") }',
        TIME_LIMIT,
    ),
    "GROUP_CONCAT over 10^9 rows": (
        f"SELECT (GROUP_CONCAT(CONCAT(STR(?a), STR(?b))) AS ?g) {{ {PAIRS} }}",
        TIME_LIMIT,
    ),
    # streamed answers end at --max-rows, cut and signalled, long before either limit
    "DESCRIBE of a cross product": (f"DESCRIBE ?a ?b {{ {PAIRS} }}", CUT),
    "CONSTRUCT of a cross product": (f"CONSTRUCT {{ ?a <urn:x> ?b }} {{ {PAIRS} }}", CUT),
    # memory-bound: stopped at the cap, long before the time limit
    "string doubled 34 times (160 GB)": (
        f'SELECT (STRLEN(?x34) AS ?n) {{ BIND("aaaaaaaaaa" AS ?x0) {DOUBLING}}}',
        MEMORY_CAP,
    ),
    "ORDER BY over 2.5 * 10^9 rows": (f"SELECT * {{ {PAIRS} }} ORDER BY ?a ?b", MEMORY_CAP),
    # refused before evaluation (querycheck)
    "nesting 100 deep": ("SELECT * { " + "{" * 100 + "}" * 100 + " }", REFUSED),
    "20,000 chained operators": ("SELECT * { FILTER(" + "1+" * 20000 + "1 > 0) }", REFUSED),
    "3,000 BINDs": (
        "SELECT * { " + " ".join(f"BIND({i} AS ?v{i})" for i in range(3000)) + " }",
        REFUSED,
    ),
}

# four at once (half of a 2 x 4-thread server's request threads): two for each limit
PARALLEL = [
    "VALUES cross product (10^9)",
    "(p|!p)* over cycles",
    "ORDER BY over 2.5 * 10^9 rows",
    "string doubled 34 times (160 GB)",
]


def write_cyclic_graph(path: Path, nodes: int = CYCLE_NODES) -> Path:
    """Write a ring of `nodes` nodes (urn:p:next) with a chord from every node (urn:p:jump):
    cycles everywhere, 2 x `nodes` triples of N-Triples."""
    with path.open("w", encoding="utf-8") as out:
        for i in range(nodes):
            out.write(f"<urn:n:{i}> <urn:p:next> <urn:n:{(i + 1) % nodes}> .\n")
            out.write(f"<urn:n:{i}> <urn:p:jump> <urn:n:{(i * 7 + 3) % nodes}> .\n")
    return path
