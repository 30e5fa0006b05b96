"""A sheet with every kind of bad row gets every message, each naming row, column and fix, and
nothing is written. The sheet is built from the example's first row, one fault per row (the
concept lists in the messages come from ontology/vocabularies, which grow)."""

from __future__ import annotations

import re
from collections.abc import Callable
from pathlib import Path

import pytest

from govsocial.graph.importing import ImportRefused
from govsocial.graph.importing.columns import INFERABLE
from govsocial.graph.importing.context import vocabularies
from govsocial.graph.importing.run import Outcome

from .conftest import EXAMPLES, ROOT, csv_text, read_example, snapshot

EXAMPLE_SOURCE = "musterstaedter-anzeiger-2025-03-14-musterstadt-verlaesst-x-und-setzt-auf"
EXAMPLE_URL = "https://example.org/musterstaedter-anzeiger/2025/03/14/musterstadt-verlaesst-x"
NEUORT = "https://example.org/musterstaedter-anzeiger/2025/03/20/neuort"
TAG24 = (
    "https://www.tag24.de/chemnitz/lokales/"
    "stadt-chemnitz-verlaesst-plattform-x-das-ist-der-grund-3057967"
)


def _rows() -> tuple[list[str], list[dict[str, str]]]:
    header, example = read_example()
    base = example[0]

    def row(**changes: str) -> dict[str, str]:
        return {**base, **changes}

    # a second, valid source (rows 34 on), about a registered body
    other = row(
        source_url=NEUORT,
        source_title="Neuort prüft den Abschied von X",
        source_date="2025-03-20",
        body="stadt-chemnitz",
        body_kind="",
        body_country="",
        body_state="",
        body_name_en="",
        speaker="",
        speaker_post="",
        speech_mode="reported",
        channels="",
        replacement_platforms="",
        quotation="Die Stadt prüft den Abschied von X.",
        modality="under-consideration",
        inferred="",
        inference_note="",
        date="",
        reasons="",
    )
    spoken = {
        "speech_mode": "indirect-speech",
        "speaker": "Matthias Nowak",
        "speaker_post": "Sprecher",
        "action": "pause",
    }
    village = {
        **other,
        "body": "Gemeinde Beispielhausen",
        "body_kind": "municipality",
        "body_country": "DE",
        "body_state": "BY",
        "action": "continue-using",
        "modality": "in-effect",
        "quotation": "Beispielhausen bleibt auf X.",
    }
    no_body = {"body_kind": "", "body_country": "", "body_state": "", "body_name_en": ""}
    rows = [
        row(action="leave"),  # 2
        row(action=""),  # 3
        row(source_url="www.example.org/x"),  # 4
        row(source_date="14.03.2025"),  # 5
        row(source_type="article"),  # 6
        row(body="stadt-nirgendwo", **no_body),  # 7
        row(body="Stadt Neuort", **no_body),  # 8
        row(body="Stadt Neuort", body_country="Deutschland", body_state="Sachsen!"),  # 9
        row(body="stadt-chemnitz", body_kind="fire-service"),  # 10
        row(platforms="twitter", channels="", replacement_platforms=""),  # 11
        row(platforms="x, threads", channels="", replacement_platforms=""),  # 12
        row(modality="maybe"),  # 13
        row(date="2025-13"),  # 14
        row(reasons="costs"),  # 15
        row(replacement_platforms="x"),  # 16
        row(action="continue-using", replacement_platforms="mastodon"),  # 17
        row(channels="instagram"),  # 18
        row(speech_mode="reported"),  # 19
        row(speaker_post=""),  # 20
        row(speaker_post="Hausmeisterin"),  # 21
        row(speech_mode="quote"),  # 22
        row(quotation="„Wir gehen.“"),  # 23
        row(quotation="Wir gehen zum 1. April. Die Stadt bleibt auf Mastodon."),  # 24
        row(quotation_language="la"),  # 25
        row(quotation_language="en"),  # 26
        row(inferred="datum"),  # 27
        row(inferred="date; reasons_against"),  # 28
        row(inference_note=""),  # 29
        row(inferred=""),  # 30
        row(speaker="person:niemand"),  # 31
        row(source_publisher="organisation:niemand"),  # 32
        row(speech_mode="paraphrase", speaker="", speaker_post=""),  # 33
        other,  # 34
        {**other, "source_title": "Ein anderer Titel", "quotation": "Ein zweiter Satz."},  # 35
        {**other, **spoken, "quotation": "Die Prüfung dauere an.", "date": "2025-03"},  # 36
        {**other, **spoken, "quotation": "Entschieden werde im April.", "date": "2025-04"},  # 37
        village,  # 38
        {
            **village,
            "body_kind": "municipal-office",
            "platforms": "facebook",
            "quotation": "Beispielhausen bleibt auch auf Facebook.",
        },  # 39
        row(date="2025-04"),  # 40: the example's claim, imported before, with another date
        {
            **other,
            "speech_mode": "indirect-speech",
            "speaker": "Erika Mustermann",
            "speaker_post": "Sprecher",
            "quotation": "Chemnitz bleibe.",
            "action": "keep-account",
            "modality": "in-effect",
        },  # 41
        {
            **other,
            "source_url": TAG24,
            "source_title": "Falscher Titel",
            "source_publisher": "tag24",
            "source_date": "2024-01",
        },  # 42
        row(source_url="https://example.org/anderswo/musterstadt-verlaesst-x"),  # 43
        {
            **other,
            "quotation": "Summary eins.",
            "action": "monitor",
            "summary": "Chemnitz watches X.",
        },  # 44
        {
            **other,
            "quotation": "Summary zwei.",
            "action": "monitor",
            "summary": "Chemnitz keeps an eye on X.",
        },  # 45
        {**other, "source_url": NEUORT + "-2"},  # 46
    ]
    return header, rows


def _expected() -> list[str]:
    vocab = vocabularies(ROOT / "ontology")

    def names(scheme: str) -> str:
        return ", ".join(vocab[scheme])

    roles = ", ".join(f"{c.label('de')} ({c.name})" for c in vocab["role"].values())
    speech_reported = (
        "a reported statement is the journalist's own narration, attributed to "
        "no one: clear {}, or set speech_mode to direct-quotation or "
        "indirect-speech"
    )
    example_decision = "decision:stadt-musterstadt-x-withdraw-f88e3c"
    return [
        f"row 2, column action: 'leave' is not an action; use one of: {names('action')} "
        "('leave' is a label of withdraw)",
        "row 3, column action: empty; enter what the body does or would do",
        "row 4, column source_url: 'www.example.org/x' is not a web address; enter it with "
        "https://, as the browser shows it",
        "row 5, column source_date: '14.03.2025' is not a date; write YYYY-MM-DD, YYYY-MM or "
        "YYYY, at the precision the source gives ('14.03.2025' is written 2025-03-14)",
        f"row 6, column source_type: 'article' is not a source type; use one of: "
        f"{names('source-type')}",
        "row 7, column body: 'stadt-nirgendwo' is not in the registry "
        "(data/registry/authorities.ttl); enter a registered body's local name, or a new "
        "body's official German name with body_kind and body_country",
        "row 8, column body_kind: empty; 'Stadt Neuort' is not in the registry, so it is a new "
        f"body: enter its kind, one of: {names('authority-kind')}",
        "row 8, column body_country: empty; 'Stadt Neuort' is a new body: enter its country, "
        "ISO 3166-1 (DE, AT, CH) or EU",
        "row 9, column body_country: 'Deutschland' is not a country code; enter two letters, "
        "ISO 3166-1 (DE, AT, CH) or EU",
        "row 9, column body_state: 'Sachsen!' is not a state code; enter the ISO 3166-2 "
        "subdivision (SN or DE-SN), or leave it empty for a federal body",
        "row 10, column body_kind: 'stadt-chemnitz' is authority:stadt-chemnitz in the "
        "registry, a municipality, not a fire-service: clear body_kind or correct it",
        f"row 11, column platforms: 'twitter' is not a platform; use one of: "
        f"{names('platform')} ('twitter' is a label of x)",
        f"row 12, column platforms: 'x, threads' is not a platform; use one of: "
        f"{names('platform')}; separate several values with ';'",
        f"row 13, column modality: 'maybe' is not a modality; use one of: {names('modality')}",
        "row 14, column date: '2025-13' is not a date; write YYYY-MM-DD, YYYY-MM or YYYY, at "
        "the precision the source gives",
        f"row 15, column reasons: 'costs' is not a reason; use one of: {names('reason')}",
        "row 16, column replacement_platforms: 'x' is one of the claim's platforms; a platform "
        "does not replace itself",
        "row 17, column replacement_platforms: fits a leaving action (withdraw, stop-posting, "
        "pause, restrict-to-crisis-use, delete-account, deactivate-account, end-pilot), where "
        "it names the platforms moved to, or adopt, expand, pilot, where it names the platforms "
        "replaced; 'continue-using' is neither",
        "row 18, column channels: 'instagram' is not among the claim's platforms (x); a channel "
        "is the body's account on one of them",
        "row 19, column speaker: " + speech_reported.format("speaker"),
        "row 19, column speaker_post: " + speech_reported.format("speaker_post"),
        "row 20, column speaker_post: empty; a named speaker spoke from a post: enter the role "
        f"as the source names it: {roles}, or another German label of vocab/role",
        "row 21, column speaker_post: 'Hausmeisterin' is not a role of vocab/role; enter the "
        f"role as the source names it: {roles}, or another German label of vocab/role (a new "
        "wording is added to ontology/vocabularies/role.ttl first)",
        f"row 22, column speech_mode: 'quote' is not a speech mode; use one of: "
        f"{names('speech-mode')}",
        "row 23, column quotation: enter the words without the enclosing quotation marks "
        "(„…“): speech_mode says whether it is quoted",
        "row 24, column quotation: more than one sentence ('… gehen zum 1. April. Die Stadt "
        "bleibt au…'); enter one sentence per row: a claim resting on several sentences gets "
        "a row for each",
        "row 25, column quotation_language: 'la' is not a language the data takes; enter de "
        "(the source's wording) or en (the project's English paraphrase, when the wording is "
        "not available)",
        "row 26, column quotation_language: direct-quotation is the source's wording, in de "
        "(source_language): enter de, or set speech_mode to paraphrase for the project's "
        "English paraphrase",
        "row 27, column inferred: 'datum' is not a column whose value can be inferred; use: "
        + ", ".join(INFERABLE),
        "row 28, column inferred: 'reasons_against' is marked inferred, but its cell is empty",
        "row 29, column inference_note: empty; say in English why date is inferred",
        "row 30, column inference_note: a note without inferred: name the inferred columns in "
        "inferred, or clear the note",
        "row 31, column speaker: 'person:niemand' is not in the registry "
        "(data/registry/people.ttl); enter a registered person's local name, or the name as "
        "the source spells it",
        "row 32, column source_publisher: 'organisation:niemand' is not a registered "
        "organisation or body (data/registry/organisations.ttl, authorities.ttl); enter a "
        "registered local name, or a new publisher's name as it names itself",
        "row 33, column quotation_language: a paraphrase is the project's English: enter en, "
        "or set speech_mode to direct-quotation or indirect-speech for the source's wording",
        f"row 35, column source_title: the source {NEUORT} is also in row 34, with 'Neuort "
        "prüft den Abschied von X' there and 'Ein anderer Titel' here: the rows of one source "
        "agree on its columns",
        "row 37, column date: decision:stadt-chemnitz-x-pause-under-consideration-b19b3f is "
        "also given in row 36, with '2025-03' there and '2025-04' here: the rows of one claim "
        "(one body, platforms, action and modality in one source) agree",
        "row 39, column body_kind: 'Gemeinde Beispielhausen' is a new body given with "
        "'municipality' in row 38 and 'municipal-office' here: one name in one sheet is one "
        "body; give it the same body_kind, body_country, body_state, body_name_en and "
        "body_level in every row",
        f"row 40, column date: {example_decision} is already in sources/{EXAMPLE_SOURCE}.ttl "
        "and says otherwise (gso:date: '2025-03' in the file, '2025-04' in the sheet); an "
        "existing claim is never overwritten: correct the row, or, if the file is wrong, "
        "correct the file by hand",
        "row 41, column speaker_post: post:stadt-chemnitz-sprecher is held by "
        "person:matthias-nowak in the registry, not by Erika Mustermann: people change posts, "
        "and the registry is edited by hand: add org:heldBy for this speaker to "
        "post:stadt-chemnitz-sprecher in data/registry/people.ttl (and the person, if new), "
        "then import again",
        "row 42, column source_title: the address is source:tag24-stadt-chemnitz-verlaesst-x "
        "in the data (sources/tag24-stadt-chemnitz-verlaesst-x.ttl), recorded with 'Stadt "
        "Chemnitz verlässt Plattform X: Das ist der Grund'@de; enter that, or correct the file "
        "by hand if it is wrong",
        f"row 43, column source_url: source:{EXAMPLE_SOURCE} is already in the data, for "
        f"{EXAMPLE_URL}: the same publisher, date and first six title words; if this is that "
        "document, enter its address",
        "row 45, column summary: decision:stadt-chemnitz-x-monitor-under-consideration-b19b3f "
        "has the summary 'Chemnitz watches X.' in row 44: one claim has one summary (leave it "
        "empty in the other rows)",
        f"row 46, column source_url: this address and {NEUORT} (row 34) give one source IRI, "
        "source:musterstaedter-anzeiger-2025-03-20-neuort-prueft-den-abschied-von-x: the same "
        "publisher, date and first six title words; if they are one document, enter one "
        "address",
    ]


@pytest.mark.timeout(120)
def test_every_kind_of_bad_row_gets_its_message_and_nothing_is_written(
    run_import: Callable[..., Outcome], data_copy: Path, tmp_path: Path
) -> None:
    run_import(EXAMPLES / "example.csv")  # so that row 40 meets an existing claim
    header, rows = _rows()
    sheet = tmp_path / "bad.csv"
    sheet.write_text(csv_text(header, rows), encoding="utf-8")
    before = snapshot(data_copy)
    with pytest.raises(ImportRefused) as refused:
        run_import(sheet)
    assert [str(problem) for problem in refused.value.problems] == _expected()
    assert snapshot(data_copy) == before


@pytest.mark.timeout(120)
def test_a_claim_may_gain_a_further_statement_of_its_own_source(
    run_import: Callable[..., Outcome], data_copy: Path, tmp_path: Path
) -> None:
    """Adding is not overwriting: a second sheet's sentence for the same claim of the same
    source adds prov:wasDerivedFrom (and the statement) to the claim's file."""
    run_import(EXAMPLES / "example.csv")
    header, example = read_example()
    further = {
        **example[0],
        "quotation": "Die Stadt werde dort nichts mehr posten.",
        "speech_mode": "indirect-speech",
    }
    sheet = tmp_path / "further.csv"
    sheet.write_text(csv_text(header, [further]), encoding="utf-8")
    outcome = run_import(sheet)
    assert sorted(p.name for p in outcome.written) == [f"{EXAMPLE_SOURCE}.ttl"]
    assert outcome.nodes == {"decision": 1, "statement": 1}
    text = next(iter(outcome.written.values()))
    # six statements (five and the new one), and the claim rests on its first and the new one
    assert len(set(re.findall(r"^statement:musterstaedter-anzeiger\S*", text, re.M))) == 6
    [claim] = re.findall(
        r"^(decision:\S+)\n(?:    .*\n)*?    prov:wasDerivedFrom\n"
        r"        statement:\S+ ,\n        statement:\S+ ;",
        text,
        re.M,
    )
    assert claim
    again = run_import(sheet)
    assert again.written == {}


@pytest.mark.timeout(120)
def test_a_registered_body_source_and_person_are_cited_not_described(
    run_import: Callable[..., Outcome], data_copy: Path, tmp_path: Path
) -> None:
    """The TAG24 source (found by its address), Chemnitz (by its name) and Matthias Nowak
    (by his name) are in the data: the sheet's statement goes into the source's own file, whose
    comments stay, and the registry is not touched."""
    header, example = read_example()
    row = {
        **example[0],
        "source_url": TAG24,
        "source_title": "Stadt Chemnitz verlässt Plattform X: Das ist der Grund",
        "source_publisher": "TAG24",
        "source_date": "2024-01",
        "body": "Stadt Chemnitz",
        "body_kind": "",
        "body_country": "",
        "body_state": "",
        "body_name_en": "",
        "speaker": "Matthias Nowak",
        "speaker_post": "Sprecher",
        "speech_mode": "indirect-speech",
        "quotation": "Man wolle dort nicht mehr posten.",
        "channels": "",
        "replacement_platforms": "",
        "reasons": "",
        "inferred": "",
        "inference_note": "",
        "date": "",
        "action": "stop-posting",
    }
    sheet = tmp_path / "tag24.csv"
    sheet.write_text(csv_text(header, [row]), encoding="utf-8")
    registry = {
        name: (data_copy / "registry" / name).read_bytes()
        for name in ("authorities.ttl", "people.ttl")
    }
    outcome = run_import(sheet)
    target = data_copy / "sources" / "tag24-stadt-chemnitz-verlaesst-x.ttl"
    assert list(outcome.written) == [target]
    assert outcome.nodes == {"decision": 1, "statement": 1}
    text = target.read_text(encoding="utf-8")
    assert text.startswith("# Source: TAG24 report on the city of Chemnitz leaving X")
    assert "gso:speaker person:matthias-nowak ;" in text
    assert "gso:speakerPost post:stadt-chemnitz-sprecher ;" in text
    assert all(
        (data_copy / "registry" / name).read_bytes() == content
        for name, content in registry.items()
    )


@pytest.mark.timeout(120)
def test_what_only_the_shapes_catch_stops_the_import_too(
    run_import: Callable[..., Outcome], data_copy: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """The SHACL check over the would-be data is the last gate: a decision that lost its action
    (as a bug in the mapping would lose it) is refused, named by its row, and nothing is
    written."""
    from govsocial.graph.importing import describe
    from govsocial.graph.namespaces import GSO

    original = describe.decision

    def without_action(*args: object, **kwargs: object) -> describe.Pairs:
        return {pair for pair in original(*args, **kwargs) if pair[0] != GSO.action}

    monkeypatch.setattr(describe, "decision", without_action)
    before = snapshot(data_copy)
    with pytest.raises(ImportRefused) as refused:
        run_import(EXAMPLES / "example.csv")
    messages = [str(problem) for problem in refused.value.problems]
    assert messages[0] == (
        "row 2: decision:stadt-musterstadt-x-withdraw-f88e3c: Give exactly one gso:action from "
        "https://w3id.org/govsocial/vocab/action (e.g. .../action/withdraw). (SHACL, "
        "gso:action)"
    )
    assert [m.split(":", 1)[0] for m in messages] == [f"row {n}" for n in range(2, 7)]
    assert snapshot(data_copy) == before
