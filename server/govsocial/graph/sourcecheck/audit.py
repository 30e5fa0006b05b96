"""The full source texts the data quotes, and the sentences an audit left without a statement.

A full text is matched to its `gso:SourceDocument` in data/ by the document's `schema:url`. Its
`left_out` table is the result of a fact audit of data/ against the text: every sentence (or
heading) of the text is covered by a statement, or listed here with the reason it has none, so a
sentence dropped from data/ later is reported rather than going unnoticed.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass
from types import MappingProxyType


@dataclass(frozen=True)
class FullText:
    """A full source text: its file in the source folder and the source document it is."""

    file: str  # its name in the folder of source texts
    url: str  # the schema:url of its gso:SourceDocument in data/
    language: str  # the language tag of a statement quoting it
    left_out: Mapping[str, str]  # opening words of a sentence without a statement -> why


SEED_ARTICLE = FullText(
    file="seed-article-2024-12-30.de.txt",
    url="https://nurinteressant.com/2024/12/30/"
    "whatsapp-linkedin-tiktok-saechsische-behoerden-probieren-neue-soziale-netzwerke-aus",
    language="de",
    left_out=MappingProxyType(
        {
            "Werbung für die Ausbildung oder Infos": (
                "lede about 'many Saxon authorities', none named"
            ),
            "Um junge Menschen zu gewinnen": "lede, no authority named",
            "Mehr Tiktok und WhatsApp, weniger X?": "the journalist's question",
            "Um die Bürger auch online zu erreichen": "general framing, no authority named",
            "Bildungsministerium setzt immer mehr": "subheading repeating 'Als Ersatz setzt ...'",
            "Dresden setzt auf Threads und WhatsApp": "subheading repeating the Dresden quotation",
            "Zwickau bleibt vorerst auf X": (
                "subheading repeating 'Umgekehrt sei nicht vorgesehen ...'"
            ),
        }
    ),
)

# The texts `govsocial check-sources` reads from the folder it is given.
PROJECT_TEXTS: tuple[FullText, ...] = (SEED_ARTICLE,)
