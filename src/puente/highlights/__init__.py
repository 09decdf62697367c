"""Highlights: news items (the seed page's, kept as project data) and items generated from
data changes between kept dataset versions, as JSON and an Atom feed."""
