"""The site navigation reaches the lists and monitoring from every page, in both languages."""

from __future__ import annotations

import re
from collections.abc import Iterator

import pytest
from fastapi.testclient import TestClient

from puente.api import create_app
from puente.config import Settings
from puente.store import Store


@pytest.fixture
def client(store: Store, settings: Settings) -> Iterator[TestClient]:
    with TestClient(create_app(settings, store=store)) as c:
        yield c


def _nav(html: str) -> dict[str, str]:
    nav = html.split('class="sections-nav"', 1)[1].split("</nav>", 1)[0]
    return dict(re.findall(r'<a href="([^"]+)"[^>]*>([^<]+)</a>', nav))


@pytest.mark.parametrize(
    ("lang", "lists", "watch"), [("en", "Lists", "Monitoring"), ("es", "Listas", "Monitoreo")]
)
def test_lists_and_monitoring_are_in_the_nav(
    client: TestClient, lang: str, lists: str, watch: str
) -> None:
    for path in ("/", "/datasets"):
        links = _nav(client.get(path, params={"lang": lang}).text)
        assert links.get("/lists") == lists, links
        assert links.get("/watch") == watch, links
    home = client.get("/", params={"lang": lang}).text
    assert home.count('href="/lists"') >= 3  # the bar, the menu and the home page's card
    assert client.get("/lists").status_code == 200
    assert client.get("/watch").status_code == 200  # the sign-in form without a session
    page = client.get("/lists", params={"lang": lang}).text
    assert 'href="/lists" aria-current="page"' in page
