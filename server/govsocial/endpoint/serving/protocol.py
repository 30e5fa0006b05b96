"""Read a SPARQL 1.1 Protocol query request (https://www.w3.org/TR/sparql11-protocol/#query-operation).

Three ways in: GET with `query=`, POST `application/x-www-form-urlencoded`, POST
`application/sparql-query` (dataset parameters then in the URL). Every client mistake becomes
an HTTPException with a message that says what to do; updates are refused (read-only).
"""

from __future__ import annotations

from dataclasses import dataclass
from urllib.parse import parse_qsl

from werkzeug import Request  # Flask's request, or the fast path's plain werkzeug one
from werkzeug.datastructures import MultiDict
from werkzeug.exceptions import BadRequest, Forbidden, UnsupportedMediaType

FORM = "application/x-www-form-urlencoded"
QUERY = "application/sparql-query"
UPDATE = "application/sparql-update"
UPDATE_REFUSED = (
    "this endpoint is read-only: SPARQL Update is not accepted here (the graph is built "
    "from the project's source files)"
)
_DATASET = ("default-graph-uri", "named-graph-uri")
_UPDATE_PARAMETERS = ("update", "using-graph-uri", "using-named-graph-uri")


@dataclass(frozen=True)
class QueryRequest:
    """A query operation as the protocol defines it."""

    query: str
    default_graphs: tuple[str, ...] | None
    named_graphs: tuple[str, ...] | None
    formats: tuple[str, ...]  # values of the `format=` convenience parameter


def _charset_must_be_utf8(request: Request) -> None:
    charset = request.mimetype_params.get("charset")
    if charset is not None and charset.lower().replace("_", "-") not in ("utf-8", "utf8"):
        raise UnsupportedMediaType(
            f"charset {charset!r} is not supported: send the request body in UTF-8"
        )


def _single(params: MultiDict[str, str], name: str) -> str | None:
    values = params.getlist(name)
    if len(values) > 1:
        raise BadRequest(f"{len(values)} '{name}' parameters: send exactly one {name} per request")
    return values[0] if values else None


def _graphs(params: MultiDict[str, str], name: str) -> tuple[str, ...] | None:
    values = params.getlist(name)
    return tuple(values) if values else None


def _refuse_update(params: MultiDict[str, str]) -> None:
    if any(name in params for name in _UPDATE_PARAMETERS):
        if len(params.getlist("update")) > 1:
            raise BadRequest("more than one 'update' parameter; and this endpoint is read-only")
        raise Forbidden(UPDATE_REFUSED)


def _decode(body: bytes) -> str:
    try:
        return body.decode("utf-8")
    except UnicodeDecodeError as error:
        raise BadRequest(
            f"the request body is not valid UTF-8 (byte {error.start}); send it in UTF-8"
        ) from None


def read_query_request(request: Request) -> QueryRequest | None:
    """Return the query request, or None for a GET without a query (service description)."""
    args = request.args
    if request.method in ("GET", "HEAD"):
        _refuse_update(args)
        query = _single(args, "query")
        params = args
    elif request.method == "POST":
        mimetype = request.mimetype
        if not mimetype:
            raise UnsupportedMediaType(
                f"POST needs a Content-Type: {FORM} (query=...) or {QUERY} (the query as body)"
            )
        if mimetype == UPDATE:
            raise Forbidden(UPDATE_REFUSED)
        if mimetype == FORM:
            _charset_must_be_utf8(request)
            form = _form(request)
            params = MultiDict([*args.items(multi=True), *form.items(multi=True)])
            _refuse_update(params)
            query = _single(params, "query")
            if query is None:
                raise BadRequest("the form has no 'query' field")
        elif mimetype == QUERY:
            _charset_must_be_utf8(request)
            if "query" in args:
                raise BadRequest(
                    f"two queries: a 'query' URL parameter and a {QUERY} body; send one"
                )
            _refuse_update(args)
            query = _decode(request.get_data(cache=True))
            params = args
        else:
            raise UnsupportedMediaType(
                f"unsupported Content-Type {mimetype!r}: use {FORM} or {QUERY}"
            )
    else:  # routing admits no other method; kept for a clear failure if that changes
        raise BadRequest(f"method {request.method} is not a query operation")
    if query is None:
        return None
    if not query.strip():
        raise BadRequest("the query is empty")
    return QueryRequest(
        query=query,
        default_graphs=_graphs(params, "default-graph-uri"),
        named_graphs=_graphs(params, "named-graph-uri"),
        formats=tuple(v for v in params.getlist("format") if v.strip()),  # `format=` = none
    )


def _form(request: Request) -> MultiDict[str, str]:
    # werkzeug would replace undecodable bytes silently; decode strictly instead so a
    # non-UTF-8 query is refused rather than altered.
    body = _decode(request.get_data(cache=True))
    try:
        pairs = parse_qsl(
            body, keep_blank_values=True, encoding="utf-8", errors="strict", max_num_fields=1000
        )
    except UnicodeDecodeError:
        raise BadRequest("the form is not valid URL-encoded UTF-8") from None
    except ValueError as error:
        raise BadRequest(f"the form cannot be read: {error}") from None
    return MultiDict(pairs)
