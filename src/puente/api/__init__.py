"""The JSON API (FastAPI) and the application that also serves the web pages."""

from puente.api.application import create_app

__all__ = ["create_app"]
