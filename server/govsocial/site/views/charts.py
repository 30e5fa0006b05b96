"""Charts of the graph (/charts): what researchers would rather look at than read, drawn on the
server with matplotlib as SVG and PNG (no script, nothing fetched from elsewhere), each with what
it counts and the SPARQL query behind it, cached per data version.

Every chart is a query and a drawing: the query's rows are (x, series, count), the drawing
stacked bars (a month axis) or grouped horizontal bars (a category axis). Each bar carries the id
`mark-<n>` in the SVG, so that tests (and readers of the SVG) can count the marks.
"""

from __future__ import annotations

import io
from collections import defaultdict
from dataclasses import dataclass
from functools import partial
from urllib.parse import quote

from flask import Blueprint, Response, abort, render_template, request

from govsocial.endpoint.store import QueryStore
from govsocial.endpoint.store.extension import get_store
from govsocial.endpoint.store.interface import term_text
from govsocial.graph.prefixes import VOCAB, sparql_prefixes
from govsocial.site.version_cache import cached

bp = Blueprint("charts", __name__)

PREFIXES = sparql_prefixes(
    "gso",
    "skos",
    "xsd",
    action=VOCAB + "action/",
    modality=VOCAB + "modality/",
    platform=VOCAB + "platform/",
)
LEAVING_ACTIONS = """
  { SELECT ?action WHERE {
      VALUES ?leaving { action:withdraw action:stop-posting action:pause
                        action:restrict-to-crisis-use }
      ?action skos:broader* ?leaving } }"""
STARTING_ACTIONS = """
  { SELECT ?action WHERE {
      VALUES ?starting { action:open-own-channel action:adopt }
      ?action skos:broader* ?starting } }"""


@dataclass(frozen=True)
class Chart:
    name: str
    title: str
    counts: str  # what one unit of the chart is, said on the page
    query: str  # rows of ?x ?series ?n
    axis: str  # "month": stacked vertical bars over months; "category": grouped horizontal bars
    x_label: str
    y_label: str


CHARTS: tuple[Chart, ...] = (
    Chart(
        "leaving-x-by-month",
        "Bodies leaving X, per month and level of government",
        "public bodies whose decision to leave or stop posting on X (withdraw and its narrower "
        "actions, stop posting, pause, restrict to crisis use), in effect, a source dates to a "
        "month or a day; a body counts once per month",
        PREFIXES
        + """
SELECT ?x ?series (COUNT(DISTINCT ?authority) AS ?n) WHERE {"""
        + LEAVING_ACTIONS
        + """
  ?decision gso:action ?action ; gso:platform platform:x ; gso:modality modality:in-effect ;
    gso:authority ?authority ; gso:date ?date .
  FILTER (datatype(?date) IN (xsd:date, xsd:gYearMonth))
  BIND (SUBSTR(STR(?date), 1, 7) AS ?x)
  OPTIONAL { ?authority gso:governmentLevel/skos:prefLabel ?level
             FILTER (LANGMATCHES(LANG(?level), "en")) }
  BIND (COALESCE(STR(?level), "(level not recorded)") AS ?series)
}
GROUP BY ?x ?series ORDER BY ?x ?series""",
        "month",
        "month",
        "bodies",
    ),
    Chart(
        "platforms-started-by-month",
        "Platforms started, per month",
        "public bodies that opened an own channel on or adopted WhatsApp, Bluesky, Threads, "
        "Mastodon or TikTok (in effect), by the month a source dates it; a body counts once per "
        "platform and month",
        PREFIXES
        + """
SELECT ?x ?series (COUNT(DISTINCT ?authority) AS ?n) WHERE {"""
        + STARTING_ACTIONS
        + """
  VALUES ?platform { platform:whatsapp platform:bluesky platform:threads platform:mastodon
                     platform:tiktok }
  ?decision gso:action ?action ; gso:platform ?platform ; gso:modality modality:in-effect ;
    gso:authority ?authority ; gso:date ?date .
  FILTER (datatype(?date) IN (xsd:date, xsd:gYearMonth))
  BIND (SUBSTR(STR(?date), 1, 7) AS ?x)
  ?platform skos:prefLabel ?label . FILTER (LANGMATCHES(LANG(?label), "en"))
  BIND (STR(?label) AS ?series)
}
GROUP BY ?x ?series ORDER BY ?x ?series""",
        "month",
        "month",
        "bodies",
    ),
    Chart(
        "reasons-leaving-x-by-level",
        "Reasons cited for leaving X, by level of government",
        "public bodies citing the reason (its top concept in vocab/reason) for a decision to "
        "leave or stop posting on X, any modality; a body counts once per reason",
        PREFIXES
        + """
SELECT ?x ?series (COUNT(DISTINCT ?authority) AS ?n) WHERE {"""
        + LEAVING_ACTIONS
        + """
  ?decision gso:action ?action ; gso:platform platform:x ; gso:authority ?authority ;
    gso:reasonFor ?reason .
  ?reason skos:broader* ?top .
  ?top skos:topConceptOf <https://w3id.org/govsocial/vocab/reason> ;
    skos:prefLabel ?topLabel . FILTER (LANGMATCHES(LANG(?topLabel), "en"))
  BIND (STR(?topLabel) AS ?x)
  OPTIONAL { ?authority gso:governmentLevel/skos:prefLabel ?level
             FILTER (LANGMATCHES(LANG(?level), "en")) }
  BIND (COALESCE(STR(?level), "(level not recorded)") AS ?series)
}
GROUP BY ?x ?series ORDER BY ?x ?series""",
        "category",
        "reason",
        "bodies",
    ),
)
BY_NAME = {chart.name: chart for chart in CHARTS}
# one colour per level and platform on every chart (matplotlib's default cycle otherwise)
COLOURS = {
    "European Union": "#1f4e79",
    "federal": "#2a9d8f",
    "state": "#e9c46a",
    "local": "#e76f51",
    "WhatsApp": "#25a244",
    "Bluesky": "#1185fe",
    "Threads": "#444444",
    "Mastodon": "#6364ff",
    "TikTok": "#ee1d52",
}
FORMATS = {"svg": "image/svg+xml", "png": "image/png"}


def series_counts(store: QueryStore, chart: Chart) -> dict[str, dict[str, int]]:
    """The chart's data: series -> x -> count."""
    data: dict[str, dict[str, int]] = defaultdict(dict)
    for row in store.select(chart.query):
        data[term_text(row["series"])][term_text(row["x"])] = int(term_text(row["n"]))
    return dict(data)


def _months(first: str, last: str) -> list[str]:
    """Every month from first to last (YYYY-MM), so that empty months show as gaps."""
    year, month = map(int, first.split("-"))
    months = []
    while f"{year:04d}-{month:02d}" <= last:
        months.append(f"{year:04d}-{month:02d}")
        year, month = (year + 1, 1) if month == 12 else (year, month + 1)
    return months


def draw(chart: Chart, data: dict[str, dict[str, int]], image_format: str) -> bytes:
    """Draw the chart with matplotlib (headless Agg) into SVG or PNG bytes."""
    import matplotlib

    matplotlib.use("Agg")
    from matplotlib import pyplot as plt

    plt.rcParams["svg.fonttype"] = "none"  # text stays text: searchable, selectable
    plt.rcParams["svg.hashsalt"] = "govsocial"  # stable ids: the same data, the same bytes
    series = sorted(data)
    xs = sorted({x for values in data.values() for x in values})
    if chart.axis == "month" and xs:
        xs = _months(xs[0], xs[-1])
    figure, axes = plt.subplots(figsize=(10, 4.8) if chart.axis == "month" else (10, 5.5))
    marks = 0
    if not xs:
        axes.text(
            0.5, 0.5, "nothing recorded yet", ha="center", va="center", transform=axes.transAxes
        )
    elif chart.axis == "month":
        bottoms = [0] * len(xs)
        for name in series:
            heights = [data[name].get(x, 0) for x in xs]
            bars = axes.bar(
                range(len(xs)), heights, bottom=bottoms, label=name, color=COLOURS.get(name)
            )
            for bar, height in zip(bars, heights, strict=True):
                if height:
                    bar.set_gid(f"mark-{marks}")
                    marks += 1
            bottoms = [b + h for b, h in zip(bottoms, heights, strict=True)]
        step = max(1, len(xs) // 24)
        axes.set_xticks(range(0, len(xs), step), xs[::step], rotation=90, fontsize=8)
    else:
        width = 0.8 / max(1, len(series))
        for index, name in enumerate(series):
            values = [data[name].get(x, 0) for x in xs]
            bars = axes.barh(
                [i + index * width for i in range(len(xs))],
                values,
                height=width,
                label=name,
                color=COLOURS.get(name),
            )
            for bar, value in zip(bars, values, strict=True):
                if value:
                    bar.set_gid(f"mark-{marks}")
                    marks += 1
        axes.set_yticks([i + 0.4 - width / 2 for i in range(len(xs))], xs, fontsize=9)
        axes.invert_yaxis()
    axes.set_title(chart.title)
    axes.set_xlabel(chart.x_label if chart.axis == "month" else chart.y_label)
    axes.set_ylabel(chart.y_label if chart.axis == "month" else chart.x_label)
    if series and xs:
        axes.legend(fontsize=8)
    figure.tight_layout()
    out = io.BytesIO()
    metadata = {"Date": None} if image_format == "svg" else {}  # no timestamp: stable bytes
    figure.savefig(out, format=image_format, dpi=110, metadata=metadata)
    plt.close(figure)
    return out.getvalue()


def marks(data: dict[str, dict[str, int]]) -> int:
    """How many bars the chart draws: one per non-zero count."""
    return sum(1 for values in data.values() for count in values.values() if count)


@bp.get("/charts")
def charts_page() -> str:
    store = get_store()
    shown = [
        (
            chart,
            cached(("chart-data", chart.name), partial(series_counts, store, chart)),
            f"{request.script_root}/ui?query={quote(chart.query)}",
        )
        for chart in CHARTS
    ]
    return render_template("views/charts.html", charts=shown, active_nav="charts")


@bp.get("/charts/<name>.<image_format>")
def chart_image(name: str, image_format: str) -> Response:
    chart = BY_NAME.get(name)
    if chart is None or image_format not in FORMATS:
        abort(404)
    store = get_store()
    data = cached(("chart-data", chart.name), lambda: series_counts(store, chart))
    body = cached(
        ("chart", chart.name, image_format), lambda: draw(chart, data, image_format), weigh=len
    )
    response = Response(body, content_type=FORMATS[image_format])
    if request.args.get("download"):
        response.headers["Content-Disposition"] = f'attachment; filename="{name}.{image_format}"'
    return response
