"""A test client that sends forms as a browser does: with the page's CSRF token."""

from __future__ import annotations

import re
from typing import Any

from fastapi.testclient import TestClient


class FormClient(TestClient):
    """Posts to pages carry the CSRF token of the form the browser was shown."""

    def post(self, url: Any, *args: Any, **kwargs: Any) -> Any:  # type: ignore[override]
        path = str(url)
        if not path.startswith(("/api", "/reconcile")):
            page = self.get("/signin")
            found = re.search(r'name="csrf_token" value="([0-9a-f]+)"', page.text)
            assert found, "the sign-in page has no CSRF field"
            data = dict(kwargs.pop("data", None) or {})
            data.setdefault("csrf_token", found.group(1))
            kwargs["data"] = data
        return super().post(url, *args, **kwargs)
