"""The results site, JSON API and race control (FastAPI): `create_app(store_url)`."""

from pitboard.web.app import create_app

__all__ = ["create_app"]
