"""Where ingest may read from: URLs only over http(s) and only to public addresses (checked
after DNS resolution, for every connection, so a redirect or a second DNS answer cannot lead
into the local network), and local files only when they are ordinary data files."""

from __future__ import annotations

import ipaddress
import socket
from collections.abc import Iterable
from pathlib import Path
from typing import Any

import httpcore
import httpx

from puente.errors import SourceError

SPECIAL_ROOTS = (Path("/proc"), Path("/sys"), Path("/dev"), Path("/run"))
"""Folders of the operating system's own files (process environments, devices): never data."""


def blocked_reason(address: str) -> str | None:
    """Why an IP address is not public (loopback, private, link-local...), or None."""
    ip = ipaddress.ip_address(address.split("%", 1)[0])
    if isinstance(ip, ipaddress.IPv6Address) and ip.ipv4_mapped is not None:
        ip = ip.ipv4_mapped
    for label, test in (
        ("loopback", ip.is_loopback),
        ("unspecified", ip.is_unspecified),
        ("link-local", ip.is_link_local),
        ("private", ip.is_private),
        ("multicast", ip.is_multicast),
        ("reserved", ip.is_reserved),
    ):
        if test:
            return label
    return None if ip.is_global else "non-public"


def public_address(host: str, port: int) -> str:
    """The first address `host` resolves to, if every address it resolves to is public."""
    try:
        answers = socket.getaddrinfo(host, port, type=socket.SOCK_STREAM)
    except socket.gaierror as exc:
        raise SourceError(f"download failed: cannot resolve {host} ({exc.strerror})") from exc
    addresses = list(dict.fromkeys(str(a[4][0]) for a in answers))
    for address in addresses:
        reason = blocked_reason(address)
        if reason is not None:
            raise SourceError(
                f"download failed: {host} resolves to {address}, a {reason} address; only "
                "public addresses are fetched (PUENTE_FETCH_ALLOW_PRIVATE allows others)"
            )
    return addresses[0]


class _PublicOnly(httpcore.NetworkBackend):
    """Connects only to public addresses, to the very address it checked."""

    def __init__(self) -> None:
        self._inner = httpcore.SyncBackend()

    def connect_tcp(
        self,
        host: str,
        port: int,
        timeout: float | None = None,
        local_address: str | None = None,
        socket_options: Iterable[Any] | None = None,
    ) -> httpcore.NetworkStream:
        return self._inner.connect_tcp(
            public_address(host, port), port, timeout, local_address, socket_options
        )

    def connect_unix_socket(
        self, path: str, timeout: float | None = None, socket_options: Iterable[Any] | None = None
    ) -> httpcore.NetworkStream:
        raise SourceError("download failed: unix sockets are not fetched")

    def sleep(self, seconds: float) -> None:
        self._inner.sleep(seconds)


def client(timeout: float, allow_private: bool) -> httpx.Client:
    """An HTTP client that follows redirects; unless `allow_private`, every connection it
    makes (the first and each redirect) goes to a public address, and no proxy from the
    environment is used (a proxy would hide the address from the check)."""
    if allow_private:
        return httpx.Client(timeout=timeout, follow_redirects=True)
    transport = httpx.HTTPTransport(trust_env=False)
    transport._pool = httpcore.ConnectionPool(
        ssl_context=httpx.create_ssl_context(), network_backend=_PublicOnly()
    )
    return httpx.Client(
        timeout=timeout, follow_redirects=True, transport=transport, trust_env=False
    )


def check_url(url: str) -> None:
    if not url.lower().startswith(("http://", "https://")):
        raise SourceError("only http:// and https:// URLs are fetched", file=url)


def check_local_file(path: Path, label: str) -> None:
    """An ordinary file (or a folder of them) outside the operating system's special
    folders. The refusal names the file but never quotes what is in it."""
    resolved = path.resolve()
    if any(resolved.is_relative_to(root) for root in SPECIAL_ROOTS):
        raise SourceError(
            "not a data file (a system file); expected a CSV, JSON or archive", file=label
        )
    if resolved.exists() and not (resolved.is_file() or resolved.is_dir()):
        raise SourceError("not a regular file; expected a data file", file=label)


def confine(location: str, mirror: Path | None, what: str = "origin") -> str:
    """For the server's admin ingest: a local path must lie inside the server's mirror."""
    if location.lower().startswith(("http://", "https://")):
        return location
    if "://" in location:
        check_url(location)
    if mirror is None:
        raise SourceError(
            "this server has no mirror (PUENTE_MIRROR), so its admin ingest reads no local "
            "files; give an http(s) URL, start the server with PUENTE_MIRROR set to the "
            "folder holding the file, or stop the server and load the file directly"
        )
    root = mirror.resolve()
    resolved = Path(location).resolve()
    if resolved != root and not resolved.is_relative_to(root):
        raise SourceError(
            f"the server reads local files only under its mirror; the {what} is outside it"
        )
    return str(resolved)
