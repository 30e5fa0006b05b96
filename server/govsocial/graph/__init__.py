"""The graph's tools: reading and writing the project's files, canonical form, lint,
validation, import, statistics, the generator.

No web framework: these run in a contributor's CI and at the command line. They may read the
graph through the endpoint's in-process store (`govsocial.endpoint.store.local`), never
through Flask or gunicorn.
"""
