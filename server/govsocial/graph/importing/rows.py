"""Check one row of a coding sheet and read it into plain values (`Checked`), or say what to fix.

A row's problems are all collected (not just the first), each with row, column and the fix.
Concept columns take the concept's name (`withdraw`, not its label "leave"; the message then
names the concept the label belongs to). References to the registry (body, publisher, speaker)
are resolved here; what needs the whole sheet (minting, rows that must agree) is `plan`'s job.
"""

from __future__ import annotations

import datetime as dt
import re
from dataclasses import dataclass

from rdflib import URIRef

from govsocial.graph.importing.columns import BY_NAME, INFERABLE, LIST_SEPARATOR
from govsocial.graph.importing.context import Concept, Context
from govsocial.graph.importing.problems import Problem
from govsocial.graph.importing.sheet import Row
from govsocial.graph.namespaces import GSO, ORG

NOUN = {
    "source-type": "source type",
    "authority-kind": "kind of body",
    "platform": "platform",
    "action": "action",
    "modality": "modality",
    "reason": "reason",
    "speech-mode": "speech mode",
    "role": "role",
    "government-level": "level of government",
    "purpose": "purpose",
}
# with the narrower concepts of withdraw and adopt (vocab/action, skos:broader), as the shapes
# (ReplacementActionShape) take them
LEAVING = (
    "withdraw",
    "stop-posting",
    "pause",
    "restrict-to-crisis-use",
    "delete-account",
    "deactivate-account",
    "end-pilot",
)
ADOPTING = ("adopt", "expand", "pilot")
LANGUAGES = ("de", "en", "fr", "it")  # the sources' languages in scope (DE, AT, CH, EU)
SOURCE_WORDING = ("direct-quotation", "indirect-speech")
PARAPHRASE_LANGUAGE = "en"
DATE = re.compile(r"(\d{4})(?:-(\d{2})(?:-(\d{2}))?)?")
GERMAN_DATE = re.compile(r"(\d{1,2})\.(\d{1,2})\.(\d{4})")
# an http(s) address that is also a valid IRI in Turtle (no spaces, no <>"{}|\^`)
URL = re.compile(r"https?://[^\s/?#<>\"{}|\\^`]+\.[^\s/?#<>\"{}|\\^`]+[^\s<>\"{}|\\^`]*")
COUNTRY = re.compile(r"[A-Za-z]{2}")
STATE = re.compile(r"(?:[A-Za-z]{2}-)?[A-Za-z0-9]{1,3}")
OPENING_QUOTES = "„“”\"«»‚‘’'"
# a sentence ends at . ! ? or … followed by space and a capital (after closing quotes)
SENTENCE_END = re.compile(r"(\w*)([.!?…]+)[\"'“”„»«‘’)\]]*\s+[\"'“”„»«‚‘(\[]*[A-ZÄÖÜ]")
ABBREVIATIONS = {
    "abs",
    "bzw",
    "bspw",
    "ca",
    "dr",
    "etc",
    "evtl",
    "fr",
    "ggf",
    "hr",
    "inkl",
    "mio",
    "mrd",
    "nr",
    "prof",
    "sog",
    "st",
    "str",
    "tel",
    "usw",
    "vgl",
    "jan",
    "feb",
    "apr",
    "jun",
    "jul",
    "aug",
    "sep",
    "sept",
    "okt",
    "nov",
    "dez",
}


@dataclass(frozen=True)
class Body:
    ref: URIRef | None  # a registered body, or None for a new one
    name: str  # the official German name
    name_en: str
    kind: str | None = None  # a new body's authority-kind
    jurisdiction: str | None = None  # a new body's ISO 3166-2 code, lower case
    level: str | None = None  # a new body's vocab/government-level concept


@dataclass(frozen=True)
class Checked:
    row: int
    source_url: str
    source_title: str
    publisher: str
    publisher_ref: URIRef | None
    source_date: str | None
    source_type: str
    source_language: str
    body: Body
    platforms: tuple[str, ...]
    action: str
    modality: str
    date: str | None
    reasons: tuple[str, ...]
    reasons_against: tuple[str, ...]
    purposes: tuple[str, ...]
    replacements: tuple[str, ...]
    channels: tuple[str, ...]
    summary: str | None
    speaker: str | None
    speaker_ref: URIRef | None
    role_text: str | None  # the role as the source names it, in German
    role: str | None  # its vocab/role concept
    speech_mode: str
    quotation: str
    language: str
    inferred: tuple[str, ...]
    note: str | None


class _Row:
    """One row being checked: its cells and the problems found so far."""

    def __init__(self, row: Row, context: Context) -> None:
        self.row = row
        self.context = context
        self.problems: list[Problem] = []

    def text(self, column: str) -> str:
        return self.row[column]

    def problem(self, column: str | None, message: str) -> None:
        cell = self.row.refs.get(column) if column else None
        self.problems.append(Problem(self.row.number, column, message, cell=cell))

    def required(self, column: str) -> str:
        value = self.text(column)
        if not value:
            self.problem(column, f"empty; enter {BY_NAME[column].what}")
        return value

    def concept(self, column: str, value: str | None = None) -> str | None:
        scheme = BY_NAME[column].scheme or ""
        value = self.text(column) if value is None else value
        if not value:
            return None
        concepts = self.context.vocab.get(scheme, {})
        name = value.strip().lower()
        if name in concepts:
            return name
        hint = _hint(value, concepts)
        self.problem(
            column,
            f"'{value}' is not {_article(NOUN[scheme])}; use one of: " + ", ".join(concepts) + hint,
        )
        return None

    def concepts(self, column: str) -> tuple[str, ...]:
        values = [v.strip() for v in self.text(column).split(LIST_SEPARATOR) if v.strip()]
        names = [self.concept(column, value) for value in values]
        return tuple(sorted({name for name in names if name}))

    def date(self, column: str) -> str | None:
        value = self.text(column)
        if not value:
            return None
        match = DATE.fullmatch(value)
        if match and _real_date(match):
            return value
        german = GERMAN_DATE.fullmatch(value)
        hint = (
            f" ('{value}' is written {german[3]}-{int(german[2]):02d}-{int(german[1]):02d})"
            if german
            else ""
        )
        self.problem(
            column,
            f"'{value}' is not a date; write YYYY-MM-DD, YYYY-MM or YYYY, at "
            f"the precision the source gives{hint}",
        )
        return None


def _article(noun: str) -> str:
    return ("an " if noun[0] in "aeiou" else "a ") + noun


def _hint(value: str, concepts: dict[str, Concept]) -> str:
    if LIST_SEPARATOR not in value and "," in value:
        return f"; separate several values with '{LIST_SEPARATOR}'"
    folded = value.strip().lower()
    owners = [c.name for c in concepts.values() if folded in c.names()]
    if len(owners) == 1:
        return f" ('{value}' is a label of {owners[0]})"
    return ""


def _real_date(match: re.Match[str]) -> bool:
    year, month, day = match.group(1), match.group(2), match.group(3)
    try:
        dt.date(int(year), int(month or 1), int(day or 1))
    except ValueError:
        return False
    return True


def check_row(row: Row, context: Context) -> tuple[Checked | None, list[Problem]]:
    """Return the row's values, or None and every problem found in it."""
    r = _Row(row, context)
    source_url = r.required("source_url")
    if source_url and not URL.fullmatch(source_url):
        r.problem(
            "source_url",
            f"'{source_url}' is not a web address; enter it with https://, as the browser shows it",
        )
    source_title = r.required("source_title")
    publisher = r.required("source_publisher")
    publisher_ref = _publisher(r, publisher)
    source_date = r.date("source_date")
    source_type = r.concept("source_type") if r.required("source_type") else None
    source_language = _source_language(r)
    body = _body(r)
    platforms = r.concepts("platforms") if r.required("platforms") else ()
    action = r.concept("action") if r.required("action") else None
    modality = r.concept("modality") if r.required("modality") else None
    date = r.date("date")
    reasons = r.concepts("reasons")
    reasons_against = r.concepts("reasons_against")
    purposes = r.concepts("purposes")
    replacements = _replacements(r, platforms, action)
    channels = _channels(r, platforms)
    speaker, speaker_ref, role_text, role = _speaker(r)
    speech_mode = r.concept("speech_mode") if r.required("speech_mode") else None
    if speech_mode == "reported":
        for column in ("speaker", "speaker_post"):
            if r.text(column):
                r.problem(
                    column,
                    "a reported statement is the journalist's own narration, "
                    f"attributed to no one: clear {column}, or set speech_mode to "
                    "direct-quotation or indirect-speech",
                )
    quotation = _quotation(r)
    language = _language(r, speech_mode, source_language)
    inferred, note = _inferred(r)
    if r.problems or not (
        source_type and body and platforms and action and modality and speech_mode
    ):
        return None, r.problems
    return Checked(
        row.number,
        source_url,
        source_title,
        publisher,
        publisher_ref,
        source_date,
        source_type,
        source_language,
        body,
        platforms,
        action,
        modality,
        date,
        reasons,
        reasons_against,
        purposes,
        replacements,
        channels,
        r.text("summary") or None,
        speaker,
        speaker_ref,
        role_text,
        role,
        speech_mode,
        quotation,
        language,
        inferred,
        note,
    ), []


def _publisher(r: _Row, publisher: str) -> URIRef | None:
    if not publisher:
        return None
    found = r.context.reference(publisher, "organisation", "authority")
    if found is not None:
        return found
    if r.context.explicit_reference(publisher):
        r.problem(
            "source_publisher",
            f"'{publisher}' is not a registered organisation or body "
            "(data/registry/organisations.ttl, authorities.ttl); enter a registered "
            "local name, or a new publisher's name as it names itself",
        )
        return None
    named = sorted(
        {*r.context.named(publisher, ORG.Organization), *r.context.named(publisher, GSO.Authority)}
    )
    if len(named) > 1:
        r.problem(
            "source_publisher",
            f"'{publisher}' names several registered nodes ("
            + ", ".join(_short(n) for n in named)
            + "); enter the local name of one",
        )
    return named[0] if len(named) == 1 else None


def _short(node: URIRef) -> str:
    kind, local = str(node).rsplit("/", 2)[-2:]
    return f"{kind}:{local}"


def _body(r: _Row) -> Body | None:
    text = r.required("body")
    if not text:
        return None
    kind = r.concept("body_kind")
    found = r.context.reference(text, "authority")
    if found is None and r.context.looks_like_reference(text):
        r.problem(
            "body",
            f"'{text}' is not in the registry (data/registry/authorities.ttl); "
            "enter a registered body's local name, or a new body's official German name "
            "with body_kind and body_country",
        )
        return None
    if found is None:
        named = r.context.named(text, GSO.Authority)
        if len(named) > 1:
            r.problem(
                "body",
                f"'{text}' names several registered bodies ("
                + ", ".join(_short(n) for n in named)
                + "); enter the local name of one",
            )
            return None
        found = named[0] if named else None
    if found is not None:
        registered = r.context.kind_of(found)
        if kind and registered is not None and registered.rsplit("/", 1)[-1] != kind:
            r.problem(
                "body_kind",
                f"'{text}' is {_short(found)} in the registry, a "
                f"{registered.rsplit('/', 1)[-1]}, not a {kind}: clear body_kind or "
                "correct it",
            )
        name = r.context.label(found, "de") or r.context.label(found, "en") or text
        return Body(found, name, r.context.label(found, "en") or name)
    return _new_body(r, text, kind)


def _new_body(r: _Row, name: str, kind: str | None) -> Body | None:
    if not r.text("body_kind"):
        r.problem(
            "body_kind",
            f"empty; '{name}' is not in the registry, so it is a new body: "
            "enter its kind, one of: " + ", ".join(r.context.vocab["authority-kind"]),
        )
    country = r.text("body_country")
    state = r.text("body_state")
    if not country:
        r.problem(
            "body_country",
            f"empty; '{name}' is a new body: enter its country, ISO 3166-1 (DE, AT, CH) or EU",
        )
    elif not COUNTRY.fullmatch(country):
        r.problem(
            "body_country",
            f"'{country}' is not a country code; enter two letters, ISO 3166-1 (DE, AT, CH) or EU",
        )
    if state and not STATE.fullmatch(state):
        r.problem(
            "body_state",
            f"'{state}' is not a state code; enter the ISO 3166-2 "
            "subdivision (SN or DE-SN), or leave it empty for a federal body",
        )
    level = r.concept("body_level")
    implied = r.context.vocab["authority-kind"][kind].implied_level if kind else None
    if level and implied and level != implied:
        r.problem(
            "body_level",
            f"'{level}', but a {kind} is always {implied}: enter {implied} "
            "or choose another body_kind",
        )
    elif not level and kind and not implied and not r.text("body_level"):
        r.problem(
            "body_level",
            f"empty; '{name}' is a new body and its kind ({kind}) occurs at "
            "several levels: enter one of " + ", ".join(r.context.vocab["government-level"]),
        )
    if not (kind and country and COUNTRY.fullmatch(country)):
        return None
    from govsocial.graph.minting import jurisdiction

    return Body(
        None,
        name,
        r.text("body_name_en") or name,
        kind,
        jurisdiction(country, state),
        level or implied,
    )


def _replacements(r: _Row, platforms: tuple[str, ...], action: str | None) -> tuple[str, ...]:
    values = r.concepts("replacement_platforms")
    if not values:
        return ()
    own = sorted(set(values) & set(platforms))
    if own:
        r.problem(
            "replacement_platforms",
            f"'{own[0]}' is one of the claim's platforms; a platform does not replace itself",
        )
    if action and action not in LEAVING + ADOPTING:
        r.problem(
            "replacement_platforms",
            "fits a leaving action ("
            + ", ".join(LEAVING)
            + "), where it names the platforms moved to, or "
            + ", ".join(ADOPTING)
            + ", where it "
            f"names the platforms replaced; '{action}' is neither",
        )
    return values


def _channels(r: _Row, platforms: tuple[str, ...]) -> tuple[str, ...]:
    values = r.concepts("channels")
    for value in values:
        if platforms and value not in platforms:
            r.problem(
                "channels",
                f"'{value}' is not among the claim's platforms ("
                + ", ".join(platforms)
                + "); a channel is the body's account on one of "
                "them",
            )
    return values


def _speaker(r: _Row) -> tuple[str | None, URIRef | None, str | None, str | None]:
    speaker = r.text("speaker") or None
    post = r.text("speaker_post") or None
    ref = None
    if speaker:
        ref = r.context.reference(speaker, "person")
        if ref is None and r.context.looks_like_reference(speaker):
            r.problem(
                "speaker",
                f"'{speaker}' is not in the registry (data/registry/"
                "people.ttl); enter a registered person's local name, or the name as the "
                "source spells it",
            )
        if not post:
            r.problem(
                "speaker_post",
                "empty; a named speaker spoke from a post: enter the role "
                "as the source names it: " + _roles(r.context) + ", or another German "
                "label of vocab/role",
            )
    if not post:
        return speaker, ref, None, None
    roles = r.context.vocab.get("role", {})
    folded = post.casefold()
    if folded in roles:
        concept = roles[folded]
        return speaker, ref, concept.label("de"), concept.name
    owners = [
        c
        for c in roles.values()
        if folded in {t.casefold() for t in (c.labels.get("de", ""), *c.alt)}
    ]
    if len(owners) == 1:
        return speaker, ref, post, owners[0].name
    r.problem(
        "speaker_post",
        f"'{post}' is not a role of vocab/role; enter the role as the "
        f"source names it: {_roles(r.context)}, or another German label of vocab/role "
        "(a new wording is added to ontology/vocabularies/role.ttl first)",
    )
    return speaker, ref, None, None


def _roles(context: Context) -> str:
    """`Sprecher (spokesperson), ...`: each role's German label and its concept name."""
    return ", ".join(f"{c.label('de')} ({c.name})" for c in context.vocab.get("role", {}).values())


def _quotation(r: _Row) -> str:
    text = r.required("quotation")
    if not text:
        return text
    if len(text) > 1 and text[0] in OPENING_QUOTES and text[-1] in OPENING_QUOTES:
        r.problem(
            "quotation",
            "enter the words without the enclosing quotation marks "
            f"({text[0]}…{text[-1]}): speech_mode says whether it is quoted",
        )
    for match in SENTENCE_END.finditer(text):
        word, marks = match.group(1), match.group(2)
        if marks == "." and (word.lower() in ABBREVIATIONS or word.isdigit() or len(word) == 1):
            continue
        end = match.start(2) + len(marks)
        r.problem(
            "quotation",
            f"more than one sentence ('…{text[max(0, end - 20) : end + 20]}…'); "
            "enter one sentence per row: a claim resting on several sentences gets a row "
            "for each",
        )
        break
    return text


def _source_language(r: _Row) -> str:
    language = (r.text("source_language") or "de").lower()
    if language not in LANGUAGES:
        r.problem(
            "source_language",
            f"'{language}' is not a language the data takes; enter one of " + ", ".join(LANGUAGES),
        )
    return language


def _language(r: _Row, speech_mode: str | None, source_language: str) -> str:
    """The source's language for its wording (quotation, indirect speech), en for the
    project's paraphrase; narration may be either (the data keeps an English paraphrase of a
    source whose wording is not recorded, with a warning)."""
    wanted = PARAPHRASE_LANGUAGE if speech_mode == "paraphrase" else source_language
    language = (r.text("quotation_language") or wanted).lower()
    if language not in LANGUAGES:
        r.problem(
            "quotation_language",
            f"'{language}' is not a language the data takes; "
            f"enter {source_language} (the source's wording) or en (the project's "
            "English paraphrase, when the wording is not available)",
        )
    elif speech_mode in SOURCE_WORDING and language != source_language:
        r.problem(
            "quotation_language",
            f"{speech_mode} is the source's wording, in "
            f"{source_language} (source_language): enter {source_language}, or set "
            "speech_mode to paraphrase for the project's English paraphrase",
        )
    elif speech_mode == "paraphrase" and language != PARAPHRASE_LANGUAGE:
        r.problem(
            "quotation_language",
            "a paraphrase is the project's English: enter en, or "
            "set speech_mode to direct-quotation or indirect-speech for the source's "
            "wording",
        )
    elif language not in (source_language, PARAPHRASE_LANGUAGE):
        r.problem(
            "quotation_language",
            f"'{language}' is neither the source's language "
            f"({source_language}, source_language) nor the project's English: enter one "
            "of them",
        )
    return language


def _inferred(r: _Row) -> tuple[tuple[str, ...], str | None]:
    names = []
    for value in (v.strip() for v in r.text("inferred").split(LIST_SEPARATOR)):
        if not value:
            continue
        name = value.lower()
        if name not in INFERABLE:
            r.problem(
                "inferred",
                f"'{value}' is not a column whose value can be inferred; "
                "use: " + ", ".join(INFERABLE),
            )
        elif not r.text(name):
            r.problem("inferred", f"'{name}' is marked inferred, but its cell is empty")
        else:
            names.append(name)
    note = r.text("inference_note") or None
    if names and not note:
        r.problem(
            "inference_note",
            "empty; say in English why "
            + ", ".join(names)
            + (" is" if len(names) == 1 else " are")
            + " inferred",
        )
    if note and not r.text("inferred"):
        r.problem(
            "inference_note",
            "a note without inferred: name the inferred columns in inferred, or clear the note",
        )
    return tuple(sorted(set(names))), note
