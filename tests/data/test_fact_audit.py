"""The seed article as audited sentence by sentence: speech modes, speakers, inferences.

The table below is the result of an independent fact audit of data/ against
../shared/sources/seed-article-2024-12-30.de.txt. It pins what a researcher filters on (speech
mode, named or inferred speaker, "auf Anfrage") for every statement of the article, so that a
statement re-attributed later fails here rather than going unnoticed. The sentences deliberately
left without a statement are listed in graph/sourcecheck/audit.py: `govsocial check-sources`
reads the article itself and reports a sentence dropped from data/ (tests/sourcecheck).
"""

from __future__ import annotations

import pytest
from rdflib import RDF, Graph, Literal, URIRef
from rdflib.namespace import DCTERMS, PROV

from govsocial.graph.namespaces import GSO, ID, SCHEMA, VOCAB
from govsocial.graph.sourcecheck import normalise
from govsocial.graph.sourcecheck.audit import SEED_ARTICLE

SEED = URIRef(
    "https://nurinteressant.com/2024/12/30/"
    "whatsapp-linkedin-tiktok-saechsische-behoerden-probieren-neue-soziale-netzwerke-aus"
)
ORG_POST_IN = URIRef("http://www.w3.org/ns/org#postIn")
RDFS_LABEL = URIRef("http://www.w3.org/2000/01/rdf-schema#label")

SK, SMK = "saechsische-staatskanzlei", "saechsisches-staatsministerium-fuer-kultus"
DD, C, Z = "landeshauptstadt-dresden", "stadt-chemnitz", "stadt-zwickau"
HEALTH_OFFICE = "gesundheitsamt-dresden"
DIRECT, INDIRECT, REPORTED = "direct-quotation", "indirect-speech", "reported"

# Text (its opening words) -> (speech mode, speaker, speaker only inferred, "auf Anfrage", body).
# Direct quotation only inside „...“; indirect speech for Konjunktiv and "laut"/"zufolge";
# reported for the journalist's indicative narration, which has no speaker and is on behalf of no
# one: its body is what it is about (gso:about), a speech statement's the one it speaks for
# (gso:onBehalfOf). Issue 13: narration used to be attributed to the bodies it is about.
EXPECTED: dict[str, tuple[str, str | None, bool, bool, str]] = {
    "Da sich die Social-Media-Landschaft": (DIRECT, "ralph-schreiber", False, True, SK),
    "Die Ressorts entschieden dabei": (INDIRECT, "ralph-schreiber", False, False, SK),
    "Von der Staatskanzlei gebe es": (INDIRECT, "ralph-schreiber", True, False, SK),
    "Mit der Standortkampagne": (INDIRECT, "ralph-schreiber", True, False, SK),
    "Insgesamt betreue man 25": (INDIRECT, "ralph-schreiber", True, False, SK),
    "Das Kultusministerium hat ebenfalls": (REPORTED, None, False, False, SMK),
    "Eine Fortsetzung beziehungsweise": (INDIRECT, "dirk-reelfs", False, True, SMK),
    "Der reichweitenstärkste Kanal": (INDIRECT, "dirk-reelfs", True, False, SMK),
    "Ein Abschied von der Plattform X": (INDIRECT, "dirk-reelfs", False, False, SMK),
    "Die Entwicklung zur": (INDIRECT, "dirk-reelfs", True, False, SMK),
    "Allerdings ermögliche das Netzwerk": (INDIRECT, "dirk-reelfs", True, False, SMK),
    "Als Ersatz setzt das Ministerium": (INDIRECT, None, False, False, SMK),
    "Seit Februar 2024 haben wir": (DIRECT, None, False, True, DD),
    "Tiktok werde aufmerksam beobachtet": (INDIRECT, None, False, False, DD),
    "Allerdings war die Stadt bisher": (REPORTED, None, False, False, DD),
    # The sentence is about the health office ("Das städtische Gesundheitsamt produzierte ...").
    "Das städtische Gesundheitsamt": (REPORTED, None, False, False, HEALTH_OFFICE),
    "Für einen eigenständigen Kanal": (INDIRECT, None, False, False, DD),
    "Für die fehlten jedoch": (INDIRECT, None, False, False, DD),
    "Der Fokus liege stattdessen": (INDIRECT, None, False, False, DD),
    "Auf Facebook seien es": (INDIRECT, None, False, False, DD),
    "Der Kanal spiele insbesondere": (INDIRECT, None, False, False, DD),
    "Auch in Chemnitz wurde": (REPORTED, None, False, False, C),
    "Die Entscheidung damals": (DIRECT, "matthias-nowak", False, False, C),
    # One sentence, two moods: indicative narration, then Konjunktiv continuing Nowak's words.
    "Bei Tiktok ist die Stadt bisher nicht": (REPORTED, None, False, False, C),
    "es gebe aber Überlegungen": (INDIRECT, "matthias-nowak", True, False, C),
    "Die zentralen Plattformen der Stadt Zwickau": (REPORTED, None, False, False, Z),
    "Gepostet würden dort": (INDIRECT, "mathias-merz", True, False, Z),
    "Gerade Facebook spiele": (INDIRECT, "mathias-merz", False, False, Z),
    "Es sei aktuell nicht geplant": (INDIRECT, "mathias-merz", True, False, Z),
    "Umgekehrt sei nicht vorgesehen": (INDIRECT, "mathias-merz", True, False, Z),
}


def seed_statements(graph: Graph) -> dict[str, URIRef]:
    """Statements citing the seed article, by their normalised text."""
    sources = set(graph.subjects(SCHEMA.url, SEED))
    found = {}
    for st in graph.subjects(RDF.type, GSO.Statement):
        if graph.value(st, DCTERMS.source) in sources:
            assert isinstance(st, URIRef)
            found[normalise(str(graph.value(st, GSO.text)))] = st
    return found


def opening(text: str) -> str:
    matches = [key for key in EXPECTED if text.startswith(normalise(key))]
    assert len(matches) == 1, f"no single audited entry for {text!r}"
    return matches[0]


def test_every_seed_statement_is_audited_once(data_graph: Graph) -> None:
    openings = [opening(text) for text in seed_statements(data_graph)]
    assert sorted(openings) == sorted(EXPECTED)


@pytest.mark.parametrize("key", sorted(EXPECTED))
def test_speech_mode_speaker_and_request(data_graph: Graph, key: str) -> None:
    mode, speaker, inferred, on_request, behalf = EXPECTED[key]
    (st,) = [st for text, st in seed_statements(data_graph).items() if opening(text) == key]
    assert data_graph.value(st, GSO.speechMode) == VOCAB[f"speech-mode/{mode}"]
    got_speaker = data_graph.value(st, GSO.speaker)
    assert got_speaker == (ID[f"person/{speaker}"] if speaker else None)
    assert ((st, GSO.inferredProperty, GSO.speaker) in data_graph) == inferred
    assert data_graph.value(st, GSO.madeOnRequest) == (Literal(True) if on_request else None)
    if mode == REPORTED:
        assert data_graph.value(st, GSO.onBehalfOf) is None
        assert set(data_graph.objects(st, GSO.about)) == {ID[f"authority/{behalf}"]}
    else:
        assert data_graph.value(st, GSO.onBehalfOf) == ID[f"authority/{behalf}"]
        assert data_graph.value(st, GSO.about) is None


def test_the_sentences_left_out_are_none_of_the_statements() -> None:
    """The audit's sentences without a statement (checked against the article by `govsocial
    check-sources`) are not the openings of audited statements."""
    left_out = SEED_ARTICLE.left_out
    assert len(left_out) == 7
    assert [
        key for key in left_out if any(key.startswith(e) or e.startswith(key) for e in EXPECTED)
    ] == []


def test_every_seed_statement_supports_a_claim_or_a_node(data_graph: Graph) -> None:
    """A statement nothing derives from or is attested by would be a fact the graph cannot use."""
    used = set(data_graph.objects(None, PROV.wasDerivedFrom)) | set(
        data_graph.objects(None, GSO.attestedBy)
    )
    assert [st for st in seed_statements(data_graph).values() if st not in used] == []


@pytest.mark.parametrize(
    ("node", "prop"),
    [
        # "nur im Rahmen einzelner Kampagnen" names no campaign; the health office's is read in.
        (ID["decision/dresden-tiktok-campaign-use"], GSO.campaign),
        # "Sachsens Regierungssprecher" names no office; the State Chancellery is read from context.
        (ID["post/saechsische-staatskanzlei-regierungssprecher"], ORG_POST_IN),
        # "wird regelmäßig geprüft" names no reviewing body; the State Chancellery is read from the
        # speaker (issue 13).
        (ID["claim/staatskanzlei-platform-portfolio-regularly-reviewed"], GSO.authority),
        # The reports say Chemnitz uses the new platforms from then on, not that they replace X
        # (issue 13).
        (ID["decision/chemnitz-mastodon-bluesky-threads-adopt-2024-01"], GSO.replaces),
        (ID["decision/chemnitz-threads-adopt-freie-presse"], GSO.replaces),
        # The German name of the ministry for culture and tourism is the project's translation.
        (ID["authority/saechsisches-ministerium-fuer-kultur-und-tourismus"], RDFS_LABEL),
        # The notes give only the site of the meidresden.com page, not its address.
        (ID["source/meidresden-world-aids-day-2023"], SCHEMA.url),
    ],
)
def test_context_readings_are_marked_as_inferences(
    data_graph: Graph, node: URIRef, prop: URIRef
) -> None:
    assert (node, GSO.inferredProperty, prop) in data_graph
    assert data_graph.value(node, GSO.inferenceNote) is not None


def test_the_project_runs_its_tiktok_channel(data_graph: Graph) -> None:
    """Issue 13: Dresden says it has no own TikTok channel; the sources say the channel is the
    project Dresden zeigt Schleife's, so the project is its operator, stated, not inferred."""
    channel = ID["channel/dresden-zeigt-schleife-tiktok"]
    assert data_graph.value(channel, GSO.operatedBy) == ID["campaign/dresden-zeigt-schleife"]
    assert (channel, GSO.inferredProperty, None) not in data_graph


def test_nothing_names_an_agency_the_sources_do_not(data_graph: Graph) -> None:
    """Issue 13: the seed article names no author or agency; 'dpa' was the project's guess."""
    notes = " ".join(str(note) for note in data_graph.objects(None, GSO.publisherNote))
    assert "dpa" not in notes
