"""The codebook: the columns of a coding sheet, one row per claim (docs/IMPORT.md explains each;
examples/import/example.csv-metadata.json is its CSV on the Web form, checked against this)."""

from __future__ import annotations

from dataclasses import dataclass

LIST_SEPARATOR = ";"


@dataclass(frozen=True)
class Column:
    name: str
    required: bool
    what: str  # what to enter, said in the error when a required cell is empty
    scheme: str | None = None  # a vocab/<scheme> whose concept names the cell holds
    multiple: bool = False  # several values, separated by `;`
    inferable: bool = False  # may be named in `inferred`


COLUMNS: tuple[Column, ...] = (
    Column("source_url", True, "the document's web address, https://...", inferable=True),
    Column("source_title", True, "the document's title as published, in German", inferable=True),
    Column(
        "source_publisher",
        True,
        "the publisher: a registered organisation or body (local "
        "name, e.g. tag24), or a new publisher's name as it names itself",
        inferable=True,
    ),
    Column(
        "source_date", False, "the publication date: YYYY-MM-DD, YYYY-MM or YYYY", inferable=True
    ),
    Column("source_type", True, "the kind of document", scheme="source-type"),
    Column("source_language", False, "the document's language: de (default), en, fr or it"),
    Column(
        "body",
        True,
        "the body the claim is about: a registered body's local name (e.g. "
        "stadt-chemnitz) or a new body's official German name",
        inferable=True,
    ),
    Column("body_kind", False, "a new body's kind", scheme="authority-kind"),
    Column("body_country", False, "a new body's country, ISO 3166-1 (DE, AT, CH) or EU"),
    Column(
        "body_state",
        False,
        "a new body's state, ISO 3166-2 (SN or DE-SN); empty for federal bodies",
    ),
    Column(
        "body_level",
        False,
        "a new body's level of government (default: the one its kind implies)",
        scheme="government-level",
    ),
    Column("body_name_en", False, "a new body's English name (default: its German name)"),
    Column(
        "platforms",
        True,
        "the platforms the claim is about",
        scheme="platform",
        multiple=True,
        inferable=True,
    ),
    Column("action", True, "what the body does or would do", scheme="action", inferable=True),
    Column("modality", True, "how far the action is", scheme="modality", inferable=True),
    Column("date", False, "the claim's own date: YYYY-MM-DD, YYYY-MM or YYYY", inferable=True),
    Column(
        "reasons",
        False,
        "reasons given for the action",
        scheme="reason",
        multiple=True,
        inferable=True,
    ),
    Column(
        "purposes",
        False,
        "purposes given for the action (recruiting, crisis communication, ...)",
        scheme="purpose",
        multiple=True,
        inferable=True,
    ),
    Column(
        "reasons_against",
        False,
        "reasons cited against the action",
        scheme="reason",
        multiple=True,
        inferable=True,
    ),
    Column(
        "replacement_platforms",
        False,
        "platforms taking the place of the claim's",
        scheme="platform",
        multiple=True,
        inferable=True,
    ),
    Column(
        "channels",
        False,
        "platforms (of the claim's) on which the body's own account is meant",
        scheme="platform",
        multiple=True,
        inferable=True,
    ),
    Column("summary", False, "the claim in one English sentence (default: made from the row)"),
    Column(
        "speaker",
        False,
        "the person speaking, as the source spells the name (or a registered person's local name)",
        inferable=True,
    ),
    Column(
        "speaker_post",
        False,
        "the speaker's role as the source names it (Sprecher, Regierungssprecherin, ...)",
        inferable=True,
    ),
    Column("speech_mode", True, "how the source renders it", scheme="speech-mode"),
    Column(
        "quotation",
        True,
        "the sentence of the source the claim rests on, verbatim, without quotation marks",
    ),
    Column(
        "quotation_language",
        False,
        "the quotation's language: the source's (default) for "
        "its wording, en for the project's paraphrase",
    ),
    Column("inferred", False, "the columns whose values are inferred, not stated", multiple=True),
    Column("inference_note", False, "why the inferred values are inferred, in English"),
    Column("notes", False, "the coder's own remarks; not imported"),
)
BY_NAME = {column.name: column for column in COLUMNS}
ORDER = {column.name: index for index, column in enumerate(COLUMNS)}
REQUIRED = tuple(column.name for column in COLUMNS if column.required)
INFERABLE = tuple(column.name for column in COLUMNS if column.inferable)
# what people write in a header for a column of another name
ALIASES = {
    "platform": "platforms",
    "reason": "reasons",
    "purpose": "purposes",
    "channel": "channels",
    "replacement_platform": "replacement_platforms",
    "note": "notes",
}


def header_name(text: str) -> str:
    """Return the codebook name a header cell means ("Source URL" -> source_url)."""
    name = "_".join(text.strip().lower().replace("-", " ").split())
    return ALIASES.get(name, name)
