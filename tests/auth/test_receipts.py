"""Who may see a screening receipt: the screener who screened, or an admin."""

from __future__ import annotations

from fastapi.testclient import TestClient

from tests.auth.conftest import MakeClient, bearer, new_key


def _screen(client: TestClient, headers: dict[str, str]) -> int:
    response = client.post(
        "/api/screen",
        json={"queries": [{"name": "Joaquin Guzman Loera", "birth_date": "1957"}]},
        headers=headers,
    )
    assert response.status_code == 200, response.text
    return int(response.json()["audit_id"])


def test_a_receipt_is_for_its_screener_or_an_admin(make_client: MakeClient) -> None:
    client = make_client("required")
    ana, luis = new_key(client, "screener", "Ana"), new_key(client, "screener", "Luis")
    audit_id = _screen(client, bearer(ana))
    url = f"/api/screen/receipts/{audit_id}"
    mine = client.get(url, headers=bearer(ana))
    assert mine.status_code == 200
    assert mine.json()["actor"].endswith("(Ana)")
    assert mine.json()["hash_ok"] is True
    assert client.get(url, headers=bearer(luis)).status_code == 404  # not Luis's screening
    admin = new_key(client, "admin", "Admin")
    assert client.get(url, headers=bearer(admin)).status_code == 200
    viewer = new_key(client, "viewer", "Vera")
    assert client.get(url, headers=bearer(viewer)).status_code == 403
    assert client.get(url).status_code == 401
    page = client.get(f"/sanctions/screen/receipt/{audit_id}", follow_redirects=False)
    assert page.status_code == 303  # to the sign-in page
    assert page.headers["location"].startswith("/signin?next=")
