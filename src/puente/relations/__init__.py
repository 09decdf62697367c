"""The living relations page: the State Department page's claims, each checked against the
data with its provenance."""
