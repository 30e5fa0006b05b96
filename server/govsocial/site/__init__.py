"""The site: linked-data pages, views, charts, templates and static files.

It reads the graph only through the endpoint's store interface (`QueryStore.run` with
bindings).
"""
