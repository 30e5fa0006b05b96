"""The concepts the synthetic data uses (local names in ontology/vocabularies/) and its name pools.

The concept lists mirror docs/MODEL.md; tests/generate checks each one against the vocabulary
files, so a renamed concept fails a test instead of producing data that no shape accepts.
Name parts are German-looking but marked synthetic ("Syn-"), so no label names a real body.
"""

from __future__ import annotations

KINDS = ("state-chancellery", "state-ministry", "municipality", "municipal-office", "fire-service")

# Weights: how often an authority runs a channel there (rough shape of German public bodies).
PLATFORMS: dict[str, float] = {
    "facebook": 0.85,
    "instagram": 0.8,
    "x": 0.6,
    "youtube": 0.5,
    "linkedin": 0.3,
    "whatsapp": 0.2,
    "tiktok": 0.2,
    "mastodon": 0.25,
    "bluesky": 0.2,
    "threads": 0.15,
}
PLATFORM_NAMES = {
    "facebook": "Facebook",
    "instagram": "Instagram",
    "x": "X",
    "youtube": "YouTube",
    "linkedin": "LinkedIn",
    "whatsapp": "WhatsApp",
    "tiktok": "TikTok",
    "mastodon": "Mastodon",
    "bluesky": "Bluesky",
    "threads": "Threads",
}

ACTIONS = (
    "adopt",
    "continue-using",
    "expand",
    "prioritise",
    "campaign-use",
    "monitor",
    "open-own-channel",
    "restrict-to-crisis-use",
    "stop-posting",
    "pause",
    "keep-account",
    "withdraw",
)
# Actions that move away from a platform: they get gso:replacementPlatform, reasons for leaving.
LEAVING = frozenset({"restrict-to-crisis-use", "stop-posting", "pause", "withdraw"})
# Actions that take a platform up: only they get gso:replaces (shapes: ReplacementActionShape).
TAKING_UP = frozenset({"adopt", "expand"})
MODALITIES = ("in-effect", "planned", "under-consideration", "regularly-reviewed", "not-planned")

REASONS_AGAINST_PLATFORM = (
    "echo-chamber",
    "fake-news",
    "hate-speech",
    "bots",
    "lack-of-discussion-culture",
    "uncorrectable-false-reports",
    "freedom-of-expression-concerns",
    "reach-limited-by-subscription-model",
    "extremist-content",
    "lack-of-resources",
    "continuous-media-production-needed",
)
REASONS_FOR_PLATFORM = (
    "real-time-communication",
    "crisis-network",
    "popular-with-young-people",
    "documentary-record",
)
PURPOSES = (
    "crisis-communication",
    "recruiting-teachers",
    "recruiting-apprentices",
    "location-marketing",
    "health-prevention",
    "public-information",
)
CONTENT_TYPES = ("event-announcements", "construction-works", "event-photos", "prevention-videos")
SPEECH_MODES = ("direct-quotation", "indirect-speech", "reported")
SOURCE_TYPES = ("news-article", "press-release", "secondary-web-page", "mirror-copy")
ROLES = ("government-spokesperson", "spokesperson")
PRECISIONS = ("day", "month", "year")
DECISION_MODES = ("each-body-decides",)
LEVELS = ("state", "local")
STATE_KINDS = ("state-chancellery", "state-ministry")  # the rest are local bodies

# Every concept used, by canonical prefix (govsocial.graph.canonical.VOCAB_SCHEMES), for the tests.
CONCEPTS: dict[str, tuple[str, ...]] = {
    "authoritykind": KINDS,
    "platform": tuple(PLATFORMS),
    "action": ACTIONS,
    "modality": MODALITIES,
    "reason": REASONS_AGAINST_PLATFORM + REASONS_FOR_PLATFORM,
    "purpose": PURPOSES,
    "contenttype": CONTENT_TYPES,
    "speechmode": SPEECH_MODES,
    "sourcetype": SOURCE_TYPES,
    "role": ROLES,
    "dateprecision": PRECISIONS,
    "decisionmode": DECISION_MODES,
    "governmentlevel": LEVELS,
}

# Place names: prefix + stem (+ a number in the slug and label keeps them unique).
PLACE_PREFIXES = ("Alt", "Neu", "Ober", "Unter", "Groß", "Klein", "Hohen", "Nieder", "Sankt ", "")
PLACE_STEMS = (
    "bach",
    "berg",
    "feld",
    "hausen",
    "dorf",
    "heim",
    "stein",
    "wald",
    "au",
    "brück",
    "burg",
    "tal",
    "furt",
    "stadt",
    "hagen",
    "rode",
)

# (slug part, German name, English name) of state ministries.
MINISTRIES = (
    ("finanzen", "Staatsministerium der Finanzen", "ministry of finance"),
    ("kultus", "Staatsministerium für Kultus", "ministry of education"),
    ("innern", "Staatsministerium des Innern", "ministry of the interior"),
    ("wissenschaft", "Staatsministerium für Wissenschaft", "ministry of science"),
    ("soziales", "Staatsministerium für Soziales", "ministry of social affairs"),
    ("wirtschaft", "Staatsministerium für Wirtschaft", "ministry of economic affairs"),
    ("justiz", "Staatsministerium der Justiz", "ministry of justice"),
    ("umwelt", "Staatsministerium für Umwelt", "ministry of the environment"),
    (
        "regionalentwicklung",
        "Staatsministerium für Regionalentwicklung",
        "ministry of regional development",
    ),
    (
        "kultur-tourismus",
        "Staatsministerium für Kultur und Tourismus",
        "ministry of culture and tourism",
    ),
    ("infrastruktur", "Staatsministerium für Infrastruktur", "ministry of infrastructure"),
)

# (slug part, German name, English name, purpose its campaigns serve) of municipal offices.
OFFICES = (
    ("gesundheitsamt", "Gesundheitsamt", "health office", "health-prevention"),
    ("ordnungsamt", "Ordnungsamt", "public order office", "public-information"),
    ("jugendamt", "Jugendamt", "youth welfare office", "public-information"),
    ("buergeramt", "Bürgeramt", "citizens' office", "public-information"),
    (
        "wirtschaftsfoerderung",
        "Amt für Wirtschaftsförderung",
        "economic development office",
        "location-marketing",
    ),
    ("kulturamt", "Kulturamt", "culture office", "location-marketing"),
    ("umweltamt", "Umweltamt", "environment office", "public-information"),
    ("personalamt", "Personalamt", "human resources office", "recruiting-apprentices"),
)
# (slug part, German name, English name) of sections below an office.
SECTIONS = (
    ("praevention", "Abteilung Prävention", "prevention section"),
    ("presse", "Abteilung Öffentlichkeitsarbeit", "public relations section"),
    ("service", "Sachgebiet Bürgerservice", "citizen service section"),
)
