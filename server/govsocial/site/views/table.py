"""The claims table for download (/table/claims.csv) with its CSVW metadata beside it
(/table/claims.csv-metadata.json, found by CSVW tools at that name and by the CSV's Link header),
built from the endpoint's store and cached per data version."""

from __future__ import annotations

import json

from flask import Blueprint, Response

from govsocial.endpoint.store.extension import get_store
from govsocial.graph.claims_table import METADATA_NAME, TABLE_NAME, metadata, rows, to_csv
from govsocial.site.version_cache import cached

bp = Blueprint("table", __name__)


@bp.get(f"/table/{TABLE_NAME}")
def claims_csv() -> Response:
    store = get_store()
    body = cached(("table", "csv"), lambda: to_csv(rows(store)).encode("utf-8"), weigh=len)
    response = Response(body, content_type="text/csv; charset=utf-8; header=present")
    response.headers["Content-Disposition"] = f'attachment; filename="{TABLE_NAME}"'
    # CSVW, "Locating metadata": a Link to the metadata beside the table
    response.headers["Link"] = f'<{METADATA_NAME}>; rel="describedby"; type="application/csvm+json"'
    return response


@bp.get(f"/table/{METADATA_NAME}")
def claims_metadata() -> Response:
    store = get_store()
    body = json.dumps(metadata(store.info.version), indent=2, ensure_ascii=False) + "\n"
    return Response(body, content_type="application/csvm+json; charset=utf-8")
