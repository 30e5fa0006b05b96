"""Mint instance IRIs by the rule of docs/MODEL.md, "Minting IRIs": small pure functions.

The same entry always gives the same IRI, so minting is a function of what the contributor
enters, never of list positions, dates the claim does not state or the time of the run. The
functions return full IRIs (``https://w3id.org/govsocial/id/<type>/<local>``); where the rule
builds on another node (a post on its body, a statement on its source), they take that node's
local name or IRI. Whether a name is already taken ("and -<jurisdiction> when another body has
that name") is for the caller to decide, who knows the registry: the functions take the suffix.

Readings where the rule leaves a choice (docs/IMPORT.md, "Minting"):

* `slug`: letters with a stroke or ligatures that Unicode does not decompose (ø, ł, đ, æ, œ, þ)
  count as accented letters and become their base letters; any other character, including a
  whole non-Latin script, is "other" and becomes `-`. A text with no letter or digit left has no
  slug (ValueError). The text is read in NFC first, so "a" + combining diaeresis is "ä" -> "ae".
* "at most 60 characters, cut at a `-`": the longest prefix of at most 60 characters that ends
  where a `-` stood; a first word longer than 60 characters is cut at 60.
* "first six words" of a source title: whitespace-separated words that hold a letter or digit
  (a lone dash is no word; "Welt-Aids-Tag" is one word), then slugged (and cut at 60).
* the hashes are SHA-256 of the UTF-8 bytes: of the statement's text exactly as given, and of
  the source's full IRI.
"""

from __future__ import annotations

import hashlib
import re
import unicodedata
from collections.abc import Iterable

from govsocial.graph.namespaces import ID

ID_BASE = str(ID)
MAX_SLUG = 60
DATE = re.compile(r"\d{4}(?:-\d{2}(?:-\d{2})?)?")
OBSERVATION_KINDS = ("followers", "channel-count", "reach-rank")

# German umlauts (before accents are dropped, which would make ä an a) and ß; then letters
# that NFKD does not decompose but a reader sees as accented or ligated Latin letters.
_GERMAN = str.maketrans(
    {"ä": "ae", "ö": "oe", "ü": "ue", "Ä": "Ae", "Ö": "Oe", "Ü": "Ue", "ß": "ss", "ẞ": "SS"}
)
_UNDECOMPOSED = str.maketrans(
    {
        "ø": "o",
        "Ø": "O",
        "ł": "l",
        "Ł": "L",
        "đ": "d",
        "Đ": "D",
        "ħ": "h",
        "Ħ": "H",
        "æ": "ae",
        "Æ": "AE",
        "œ": "oe",
        "Œ": "OE",
        "þ": "th",
        "Þ": "TH",
        "ð": "d",
        "Ð": "D",
        "ı": "i",
    }
)
_OTHER = re.compile(r"[^a-z0-9]+")
_WORD = re.compile(r"\w", re.UNICODE)


def slug(text: str) -> str:
    """Return the slug of a text: ä ö ü -> ae oe ue, ß -> ss, accents dropped, lower-case, runs
    of other characters -> `-`, no `-` at either end, at most 60 characters cut at a `-`.

    Raises ValueError when nothing is left (the text holds no Latin letter or digit).
    """
    text = unicodedata.normalize("NFC", text).translate(_GERMAN).translate(_UNDECOMPOSED)
    decomposed = unicodedata.normalize("NFKD", text)
    ascii_text = "".join(c for c in decomposed if not unicodedata.combining(c))
    result = _OTHER.sub("-", ascii_text.lower()).strip("-")
    if not result:
        raise ValueError(f"{text!r} has no letter or digit to make a name of")
    return _cut(result)


def _cut(value: str) -> str:
    if len(value) <= MAX_SLUG:
        return value
    at = value.rfind("-", 0, MAX_SLUG + 1)  # a `-` at index 60 still leaves 60 characters
    return value[:at] if at > 0 else value[:MAX_SLUG].rstrip("-")


def local(iri_or_name: str) -> str:
    """Return the local name of an instance IRI (`.../authority/stadt-chemnitz` ->
    `stadt-chemnitz`); a local name is returned as it is."""
    return iri_or_name.rstrip("/").rsplit("/", 1)[-1]


def _iri(kind: str, name: str) -> str:
    return f"{ID_BASE}{kind}/{name}"


def _short_hash(text: str, digits: int) -> str:
    return hashlib.sha256(text.encode("utf-8")).hexdigest()[:digits]


def jurisdiction(country: str, state: str | None = None) -> str:
    """Return the ISO 3166-2 code in lower case: ("DE", "SN") -> `de-sn`, ("DE", None) -> `de`
    (federal bodies), ("EU", None) -> `eu`; a state given as "DE-SN" is taken as it is."""
    country = country.strip().lower()
    if not state or not state.strip():
        return country
    state = state.strip().lower()
    return state if state.startswith(f"{country}-") else f"{country}-{state}"


def authority(
    name: str, jurisdiction_code: str | None = None, municipality_key: str | None = None
) -> str:
    """`authority/<slug(official German name)>[-<jurisdiction>[-<municipality key>]]`: the
    suffixes only when another body has that name (the caller knows)."""
    parts = [slug(name)]
    if jurisdiction_code:
        parts.append(jurisdiction_code.lower())
        if municipality_key:
            parts.append(municipality_key)
    elif municipality_key:
        raise ValueError("a municipality key follows the jurisdiction code")
    return _iri("authority", "-".join(parts))


def person(name: str, body: str | None = None) -> str:
    """`person/<slug(name)>[-<body>]`: the body's local name when another person has the name."""
    return _iri("person", slug(name) + (f"-{local(body)}" if body else ""))


def post(body: str, role_de: str) -> str:
    """`post/<body>-<slug(role as the source names it, in German)>`."""
    return _iri("post", f"{local(body)}-{slug(role_de)}")


def organisation(name: str) -> str:
    """`organisation/<slug(name)>`: publishers and partners as they name themselves."""
    return _iri("organisation", slug(name))


def channel(operator: str, platform: str, handle: str | None = None) -> str:
    """`channel/<operator>-<platform>[-<slug(handle)>]`: the handle only when the operator has
    several accounts on the platform."""
    name = f"{local(operator)}-{local(platform)}"
    return _iri("channel", name + (f"-{slug(handle)}" if handle else ""))


def campaign(organiser: str, name: str) -> str:
    """`campaign/<organiser>-<slug(name)>`."""
    return _iri("campaign", f"{local(organiser)}-{slug(name)}")


def first_words(title: str, count: int = 6) -> str:
    """Return the first `count` words of a title (words hold a letter or digit)."""
    words = [word for word in title.split() if _WORD.search(word.replace("_", ""))]
    return " ".join(words[:count])


def source(publisher: str, title: str, date: str | None = None) -> str:
    """`source/<publisher>-<date>-<slug(first six words of the title)>`; the date at the
    precision the source gives (YYYY, YYYY-MM or YYYY-MM-DD), left out when it gives none."""
    parts = [local(publisher)]
    if date:
        if not DATE.fullmatch(date):
            raise ValueError(f"{date!r} is not YYYY, YYYY-MM or YYYY-MM-DD")
        parts.append(date)
    parts.append(slug(first_words(title)))
    return _iri("source", "-".join(parts))


def statement(source_iri: str, text: str) -> str:
    """`statement/<source>-<first 8 hex digits of SHA-256 of the text as entered>`."""
    return _iri("statement", f"{local(source_iri)}-{_short_hash(text, 8)}")


def decision(
    body: str, platforms: Iterable[str], action: str, modality: str, source_iri: str
) -> str:
    """`decision/<body>-<platforms>-<action>[-<modality>]-<6 hex of SHA-256 of the source IRI>`:
    platforms' concept names in alphabetical order; the modality unless it is `in-effect`."""
    names = sorted({local(p) for p in platforms})
    if not names:
        raise ValueError("a decision is about at least one platform")
    if not source_iri.startswith(ID_BASE + "source/"):
        raise ValueError(f"{source_iri!r} is not a source IRI")
    parts = [local(body), *names, local(action)]
    if local(modality) != "in-effect":
        parts.append(local(modality))
    parts.append(_short_hash(source_iri, 6))
    return _iri("decision", "-".join(parts))


def observation(subject: str, kind: str, source_iri: str) -> str:
    """`observation/<channel or body>-<kind>-<6 hex of SHA-256 of the source IRI>`."""
    if kind not in OBSERVATION_KINDS:
        raise ValueError(f"kind must be one of {', '.join(OBSERVATION_KINDS)}, not {kind!r}")
    if not source_iri.startswith(ID_BASE + "source/"):
        raise ValueError(f"{source_iri!r} is not a source IRI")
    return _iri("observation", f"{local(subject)}-{kind}-{_short_hash(source_iri, 6)}")
