"""A hardened, read-only SPARQL 1.1 endpoint: the store, its query workers, the protocol,
result formats and limits.

It knows nothing of govsocial: the data paths, the shapes check, the prefixes and the limits
are handed in by the app factory (`govsocial.app`). It imports nothing from `govsocial.graph`
or `govsocial.site` (tests/test_layers.py checks it).
"""
