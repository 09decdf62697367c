"""Who the caller is: API keys with roles, web sessions opened with a key, and the actor each
audit row records. No request header other than a verified credential decides it."""

from puente.auth.actors import Actor, anonymous_local, local_user, server_token_actor
from puente.auth.keys import ROLES, KeyRing, role_allows

__all__ = [
    "ROLES",
    "Actor",
    "KeyRing",
    "anonymous_local",
    "local_user",
    "role_allows",
    "server_token_actor",
]
