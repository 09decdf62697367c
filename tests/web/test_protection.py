"""Security headers on every page, CSRF tokens on every form, sign-in with a key."""

from __future__ import annotations

import re

import pytest
from fastapi.testclient import TestClient

from tests.auth.conftest import MakeClient, audit_rows, make_client, new_key, sdn_store

__all__ = ["make_client", "sdn_store"]  # fixtures

PAGES = ["/", "/sanctions", "/sanctions/screen", "/signin", "/datasets", "/docs", "/nowhere"]


def _token(html: str) -> str:
    found = re.search(r'name="csrf_token" value="([0-9a-f]+)"', html)
    assert found, "the page has no CSRF field"
    return found.group(1)


@pytest.mark.parametrize("path", PAGES)
def test_every_html_response_has_the_security_headers(make_client: MakeClient, path: str) -> None:
    client = make_client()
    response = client.get(path)
    assert response.headers["content-type"].startswith("text/html")
    csp = response.headers["content-security-policy"]
    assert "frame-ancestors 'none'" in csp
    assert "object-src 'none'" in csp
    assert "'unsafe-inline'" not in csp.split("script-src")[1].split(";")[0]
    assert response.headers["x-content-type-options"] == "nosniff"
    assert response.headers["referrer-policy"] == "same-origin"
    assert response.headers["x-frame-options"] == "DENY"


def test_json_answers_are_nosniff_too_and_the_preview_may_be_framed(
    make_client: MakeClient,
) -> None:
    client = make_client()
    assert client.get("/api/datasets").headers["x-content-type-options"] == "nosniff"
    preview = client.get("/reconcile/preview/6861")
    assert "frame-ancestors *" in preview.headers["content-security-policy"]


def test_every_inline_script_on_docs_is_allowed_by_its_hash(make_client: MakeClient) -> None:
    from puente.web.protection import script_hash

    response = make_client().get("/docs")
    scripts = re.findall(r"<script>(.*?)</script>", response.text, re.DOTALL)
    assert scripts
    for body in scripts:
        assert script_hash(body) in response.headers["content-security-policy"]


def test_the_screening_form_needs_its_csrf_token(make_client: MakeClient) -> None:
    client = make_client()
    page = client.get("/sanctions/screen")
    token = _token(page.text)
    assert client.cookies.get("puente_csrf")
    missing = client.post("/sanctions/screen", data={"name": "Joaquin Guzman"})
    assert missing.status_code == 403
    assert "security token" in missing.text
    wrong = client.post(
        "/sanctions/screen", data={"name": "Joaquin Guzman", "csrf_token": "0" * 64}
    )
    assert wrong.status_code == 403
    good = client.post("/sanctions/screen", data={"name": "Joaquin Guzman", "csrf_token": token})
    assert good.status_code == 200
    assert 'id="verdict"' in good.text
    assert len(audit_rows(client)) == 1  # the refused posts screened nothing


def test_a_token_from_another_browser_does_not_work(make_client: MakeClient) -> None:
    mine, theirs = make_client(), make_client()
    token = _token(theirs.get("/sanctions/screen").text)
    mine.get("/sanctions/screen")
    sent = mine.post("/sanctions/screen", data={"name": "x", "csrf_token": token})
    assert sent.status_code == 403


def test_a_cross_site_post_is_refused_even_with_a_token(make_client: MakeClient) -> None:
    client = make_client()
    token = _token(client.get("/sanctions/screen").text)
    for headers in ({"Origin": "http://evil.example"}, {"Sec-Fetch-Site": "cross-site"}):
        sent = client.post(
            "/sanctions/screen", data={"name": "x", "csrf_token": token}, headers=headers
        )
        assert sent.status_code == 403
        assert "another site" in sent.text


def test_the_upload_form_needs_its_token_too(make_client: MakeClient) -> None:
    client = make_client()
    token = _token(client.get("/sanctions/screen/batch").text)
    files = {"file": ("c.csv", b"name\nJoaquin Guzman\n", "text/csv")}
    assert client.post("/sanctions/screen/batch", files=files).status_code == 403
    sent = client.post("/sanctions/screen/batch", files=files, data={"csrf_token": token})
    assert sent.status_code == 200
    assert sent.headers["content-type"].startswith("text/csv")


def _sign_in(client: TestClient, key: str, next_path: str = "/") -> object:
    token = _token(client.get("/signin").text)
    return client.post(
        "/signin",
        data={"key": key, "next": next_path, "csrf_token": token},
        follow_redirects=False,
    )


def test_sign_in_opens_a_strict_httponly_session_and_screening_records_the_key(
    make_client: MakeClient,
) -> None:
    client = make_client("required")
    key = new_key(client, "screener", "Ana (compliance)")
    first = client.get("/sanctions/screen", follow_redirects=False)
    assert first.status_code == 303
    assert first.headers["location"] == "/signin?next=%2Fsanctions%2Fscreen"
    signed = _sign_in(client, key["key"], "/sanctions/screen")
    assert signed.status_code == 303  # type: ignore[attr-defined]
    assert signed.headers["location"] == "/sanctions/screen"  # type: ignore[attr-defined]
    cookie = signed.headers["set-cookie"]  # type: ignore[attr-defined]
    assert cookie.startswith("puente_session=")
    assert "HttpOnly" in cookie
    assert "SameSite=strict" in cookie or "SameSite=Strict" in cookie
    assert "Secure" not in cookie  # plain http here
    page = client.get("/sanctions/screen")
    assert "Signed in as Ana (compliance)" in page.text
    sent = client.post(
        "/sanctions/screen", data={"name": "Joaquin Guzman", "csrf_token": _token(page.text)}
    )
    assert sent.status_code == 200
    assert audit_rows(client)[0]["actor"] == f"key:{key['id']} (Ana (compliance))"
    # the token is tied to the session: after sign-out the old token is refused
    old = _token(page.text)
    client.post("/signout", data={"csrf_token": old})
    again = client.post("/sanctions/screen", data={"name": "x", "csrf_token": old})
    assert again.status_code in (303, 401, 403)


def test_the_session_cookie_is_secure_over_https(make_client: MakeClient) -> None:
    client = make_client("required", base_url="https://testserver")
    key = new_key(client, "screener")
    signed = _sign_in(client, key["key"])
    assert "Secure" in signed.headers["set-cookie"]  # type: ignore[attr-defined]


def test_a_wrong_key_does_not_sign_in(make_client: MakeClient) -> None:
    client = make_client("required")
    response = _sign_in(client, "pk_00000000_" + "a" * 43)
    assert response.status_code == 401  # type: ignore[attr-defined]
    assert "not valid" in response.text  # type: ignore[attr-defined]
    assert "puente_session" not in client.cookies


def test_sign_out_and_revocation_end_the_session(make_client: MakeClient) -> None:
    client = make_client("required")
    key = new_key(client, "screener")
    _sign_in(client, key["key"])
    page = client.get("/sanctions/screen")
    assert page.status_code == 200
    out = client.post("/signout", data={"csrf_token": _token(page.text)}, follow_redirects=False)
    assert out.status_code == 303
    assert client.get("/sanctions/screen", follow_redirects=False).status_code == 303
    _sign_in(client, key["key"])
    assert client.get("/sanctions/screen").status_code == 200
    client.delete(f"/api/keys/{key['id']}", headers={"X-Puente-Token": "test-token"})
    assert client.get("/sanctions/screen", follow_redirects=False).status_code == 303


def test_sign_in_never_redirects_off_the_site(make_client: MakeClient) -> None:
    from puente.web.signin import safe_next

    for target in ("//evil.example/x", "https://evil.example", "/\\evil.example", "", None):
        assert safe_next(target) == "/"
    assert safe_next("/sanctions?q=a") == "/sanctions?q=a"


def test_a_viewer_session_may_not_screen(make_client: MakeClient) -> None:
    client = make_client("required")
    key = new_key(client, "viewer")
    _sign_in(client, key["key"])
    response = client.get("/sanctions/screen")
    assert response.status_code == 403
    assert "viewer role" in response.text


def test_the_api_ignores_session_cookies(make_client: MakeClient) -> None:
    client = make_client("required")
    key = new_key(client, "screener")
    _sign_in(client, key["key"])
    response = client.post("/api/screen", json={"queries": [{"name": "x"}]})
    assert response.status_code == 401
