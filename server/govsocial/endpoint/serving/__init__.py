"""Serve the graph: the SPARQL 1.1 Protocol over HTTP (`govsocial serve`)."""
