"""Web pages: Jinja templates, locally served chart assets, one router per capability."""
