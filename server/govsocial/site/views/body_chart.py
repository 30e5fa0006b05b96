"""A body's own timeline, drawn for its entity page: each of its decisions a mark on the day it
counts from, one row per platform, its colour and shape the position it supports (as in the
matrix); the decisions that decide no cell (monitoring, keeping an account) as hollow marks.

Read from the catalogue (views/catalogue.py), drawn with matplotlib as SVG or PNG, kept per data
version and body (bodies are the graph's, so the keys are bounded by the data, not by clients).
"""

from __future__ import annotations

import io
from datetime import date
from typing import TYPE_CHECKING
from urllib.parse import quote

from flask import Blueprint, Response, abort, request

from govsocial.site.version_cache import cached
from govsocial.site.views.catalogue import Catalogue, current_catalogue
from govsocial.site.views.decisions import Decision, Term
from govsocial.site.views.positions import Position

if TYPE_CHECKING:
    from matplotlib.lines import Line2D

bp = Blueprint("body_chart", __name__)

FORMATS = {"svg": "image/svg+xml", "png": "image/png"}
# the text colours of the matrix's status classes (static/site.css), one marker shape each, so
# colour is never the only signal
STYLE = {
    Position.ACTIVE: ("#14532d", "o"),
    Position.RESTRICTED: ("#6b4500", "D"),
    Position.STOPPED: ("#7f1d1d", "X"),
    Position.CAMPAIGN: ("#1e3a8a", "s"),
    Position.CONSIDERED: ("#581c87", "^"),
    Position.NOT_PLANNED: ("#374151", "v"),
}
NO_POSITION = ("#56606b", "o")  # drawn hollow

QUERY = """\
# The decisions of one body drawn on its page: a mark per decision and platform, on the day it
# counts from (its date, else its earliest source's).
PREFIX gso: <https://w3id.org/govsocial/ontology#>
PREFIX prov: <http://www.w3.org/ns/prov#>
PREFIX dcterms: <http://purl.org/dc/terms/>
SELECT ?decision ?platform ?action ?modality ?date (MIN(STR(?issued)) AS ?reported) WHERE {
  VALUES ?body { <%s> }
  ?decision a gso:PlatformDecision ; gso:authority ?body ; gso:platform ?platform ;
    gso:action ?action ; gso:modality ?modality .
  OPTIONAL { ?decision gso:date ?date }
  OPTIONAL { ?decision prov:wasDerivedFrom/dcterms:source/dcterms:issued ?issued }
}
GROUP BY ?decision ?platform ?action ?modality ?date ORDER BY ?date"""


def decisions_of(catalogue: Catalogue, body: Term) -> list[tuple[Term, Decision]]:
    """Return (platform, decision) of every dated decision of `body`, in date order."""
    pairs = [
        (platform, decision)
        for platform in catalogue.platforms
        for decision in catalogue.by_cell.get((body.iri, platform.iri), [])
        if decision.counted_from is not None
    ]
    return sorted(pairs, key=lambda pair: (pair[1].sort_key, pair[0].label_en))


def draw(body: Term, pairs: list[tuple[Term, Decision]], image_format: str) -> bytes:
    """Draw the body's timeline into SVG or PNG bytes; each mark has the id mark-<n>."""
    import matplotlib

    matplotlib.use("Agg")
    from matplotlib import dates as mdates
    from matplotlib import pyplot as plt

    plt.rcParams["svg.fonttype"] = "none"
    plt.rcParams["svg.hashsalt"] = "govsocial"
    platforms = sorted({p for p, _ in pairs}, key=lambda t: t.label_en.casefold(), reverse=True)
    rows = {p.iri: index for index, p in enumerate(platforms)}
    figure, axes = plt.subplots(figsize=(9, 1.2 + 0.45 * max(1, len(platforms))))
    shown: dict[str, Line2D] = {}
    for number, (platform, decision) in enumerate(pairs):
        when = decision.counted_from
        assert when is not None  # the pairs are of dated decisions
        day: date = when.start
        position = decision.position
        colour, marker = STYLE.get(position, NO_POSITION) if position else NO_POSITION
        hollow = position is None or position is Position.UNKNOWN
        # matplotlib plots dates (its units), though its stubs take numbers only
        [mark] = axes.plot(
            [day],  # type: ignore[arg-type]
            [rows[platform.iri]],
            linestyle="none",
            marker=marker,
            markersize=9,
            color=colour,
            markerfacecolor="none" if hollow else colour,
            label=position.label if position else "no position",
        )
        mark.set_gid(f"mark-{number}")
        shown.setdefault(position.label if position else "no position", mark)
    if pairs:
        axes.set_yticks(range(len(platforms)), [p.label_en for p in platforms])
        axes.set_ylim(-0.7, len(platforms) - 0.3)
        axes.xaxis.set_major_formatter(mdates.DateFormatter("%Y-%m"))
        axes.legend(
            shown.values(),
            shown.keys(),
            fontsize=8,
            loc="upper left",
            bbox_to_anchor=(1.0, 1.0),
            frameon=False,
        )
        axes.grid(axis="x", color="#d5dbe1", linewidth=0.6)
    else:
        axes.set_yticks([])
        axes.text(
            0.5,
            0.5,
            "no dated decision recorded",
            ha="center",
            va="center",
            transform=axes.transAxes,
        )
    axes.set_title(f"Decisions of {body.label_de}", fontsize=10)
    figure.autofmt_xdate()
    figure.tight_layout()
    out = io.BytesIO()
    metadata = {"Date": None} if image_format == "svg" else {}
    figure.savefig(out, format=image_format, dpi=110, metadata=metadata)
    plt.close(figure)
    return out.getvalue()


def body_named(catalogue: Catalogue, slug: str) -> Term | None:
    body = catalogue.by_slug.get(slug)
    return body.term if body else None


@bp.get("/charts/bodies/<slug>.<image_format>")
def body_chart(slug: str, image_format: str) -> Response:
    catalogue = current_catalogue()
    body = body_named(catalogue, slug)
    if body is None or image_format not in FORMATS:
        abort(404)
    image = cached(
        ("body-chart", body.iri, image_format),
        lambda: draw(body, decisions_of(catalogue, body), image_format),
        weigh=len,
    )
    response = Response(image, content_type=FORMATS[image_format])
    if request.args.get("download"):
        response.headers["Content-Disposition"] = f'attachment; filename="{slug}.{image_format}"'
    return response


def figure_of(iri: str) -> dict[str, object] | None:
    """What an entity page shows of a body's chart (None for anything but a body): the image's
    address, its number of marks, and the query behind it. A template global, so the
    linked-data pages embed the chart without importing the views."""
    catalogue = current_catalogue()
    body = catalogue.by_slug.get(iri.rstrip("/").rsplit("/", 1)[-1])
    if body is None or body.term.iri != iri:
        return None
    root = request.script_root
    return {
        "src": f"{root}/charts/bodies/{body.term.slug}",
        "marks": len(decisions_of(catalogue, body.term)),
        "query": f"{root}/ui?query={quote(QUERY % body.term.iri)}",
    }
