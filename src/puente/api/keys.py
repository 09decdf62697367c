"""/api/keys: API keys (admin role). A new key is in the answer to its creation, once; the
list shows ids, names and roles, never keys or their hashes."""

from __future__ import annotations

from typing import Annotated, Any, Literal

from fastapi import APIRouter, Depends
from fastapi.responses import JSONResponse
from pydantic import BaseModel, ConfigDict, Field

from puente.api.deps import AdminActor, get_keys
from puente.api.models.keys import KeyInfo, KeyList, NewKey
from puente.api.queryparams import KNOWN_PARAMETERS
from puente.auth.keys import MAX_NAME, KeyRing, key_as_dict, new_key_answer

router = APIRouter(
    prefix="/api/keys",
    tags=["keys"],
    dependencies=[KNOWN_PARAMETERS],
    responses={
        400: {"description": "Bad role or name"},
        401: {"description": "No valid key"},
        403: {"description": "Not an admin"},
    },
)
Keys = Annotated[KeyRing, Depends(get_keys)]


class NewKeyRequest(BaseModel):
    model_config = ConfigDict(extra="forbid")
    name: str = Field(
        description='Who holds the key, e.g. "Ana (compliance)"; printable text',
        json_schema_extra={"minLength": 1, "maxLength": MAX_NAME},  # the ring says what is wrong
    )
    role: Literal["viewer", "screener", "admin"] = Field(description="viewer, screener or admin")


@router.post(
    "", summary="Create a key (shown once, in this answer)", status_code=201, response_model=NewKey
)
def keys_create(body: NewKeyRequest, keys: Keys, actor: AdminActor) -> JSONResponse:
    answer = new_key_answer(keys, body.name, body.role, actor.label)
    return JSONResponse(answer, status_code=201, headers={"Cache-Control": "no-store"})


@router.get(
    "", summary="Every key: id, name, role, when made, whether revoked", response_model=KeyList
)
def keys_list(keys: Keys, _actor: AdminActor) -> dict[str, Any]:
    return {"keys": [key_as_dict(k) for k in keys.list()]}


@router.delete(
    "/{key_id}", summary="Revoke a key (it stops working at once)", response_model=KeyInfo
)
def keys_revoke(key_id: str, keys: Keys, _actor: AdminActor) -> dict[str, Any]:
    return key_as_dict(keys.revoke(key_id[:40]))
