"""The request and answer schemas of POST /reconcile, as the W3C Reconciliation API 0.2 states
them (reconciliation-query-batch, reconciliation-result-batch, data-extension-query and
data-extension-response, transcribed below with their `$ref`s pointed at the OpenAPI
document's components), and what this service adds to them: at most PUENTE_MAX_QUERIES
queries a batch, at least one, at most 500 ids to extend and only the properties it has.

tests/api/test_reconcile.py checks that the transcription is the specification's, and the
fuzz test sends requests made from it.
"""

from __future__ import annotations

import copy
from typing import Any

REF = "#/components/schemas/"

PROPERTY_VALUE: dict[str, Any] = {
    "oneOf": [
        {"type": "string"},
        {"type": "number"},
        {"type": "boolean"},
        {
            "type": "object",
            "description": "A property value which represents another entity, for instance if "
            "it was previously reconciled itself",
            "properties": {"id": {"type": "string"}, "name": {"type": "string"}},
            "required": ["id"],
        },
    ]
}

QUERY: dict[str, Any] = {
    "type": "object",
    "properties": {
        "query": {
            "type": "string",
            "description": "A string to be matched against the name of the entities",
        },
        "type": {
            "description": "Either a single type identifier or a list of type identifiers",
            "oneOf": [{"type": "string"}, {"type": "array", "items": {"type": "string"}}],
        },
        "limit": {"type": "number", "description": "The maximum number of candidates to return"},
        "properties": {
            "type": "array",
            "description": "An optional list of property mappings to refine the query",
            "items": {
                "type": "object",
                "properties": {
                    "pid": {
                        "type": "string",
                        "description": "The identifier of the property, whose values will be "
                        "compared to the values supplied",
                    },
                    "v": {
                        "description": "A value (or array of values) to match against the "
                        "property values associated with the property on each candidate",
                        "oneOf": [
                            {"$ref": REF + "ReconciliationPropertyValue"},
                            {
                                "type": "array",
                                "items": {"$ref": REF + "ReconciliationPropertyValue"},
                            },
                        ],
                    },
                },
                "required": ["pid", "v"],
            },
        },
        "type_strict": {
            "type": "string",
            "description": "A classification of the type matching strategy when multiple types "
            "are supplied",
            "enum": ["any", "should", "all"],
        },
    },
    "anyOf": [
        {"required": ["query"]},
        {
            "required": ["properties"],
            "properties": {"properties": {"type": "array", "minItems": 1}},
        },
    ],
    "additionalProperties": False,
}

QUERY_BATCH: dict[str, Any] = {
    "type": "object",
    "description": "This schema validates the JSON serialization of any reconciliation query "
    "batch, i.e. the payload of a GET/POST to a reconciliation endpoint.",
    "patternProperties": {"^.*$": {"$ref": REF + "ReconciliationQuery"}},
}

_FEATURE = {
    "type": "object",
    "properties": {
        "id": {"type": "string", "description": "A unique string identifier for the feature"},
        "value": {
            "description": "The value of the feature for this reconciliation candidate",
            "oneOf": [{"type": "boolean"}, {"type": "number"}],
        },
    },
}
_CANDIDATE_TYPE = {
    "oneOf": [
        {
            "type": "object",
            "description": "A type can be given by id and name",
            "properties": {"id": {"type": "string"}, "name": {"type": "string"}},
            "required": ["id"],
        },
        {
            "type": "string",
            "description": "Alternatively, if only a string is given, it is treated as the id",
        },
    ]
}
RESULT_BATCH: dict[str, Any] = {
    "type": "object",
    "description": "This schema can be used to validate the JSON serialization of any "
    "reconciliation result batch.",
    "patternProperties": {
        "^.*$": {
            "type": "object",
            "properties": {
                "result": {
                    "type": "array",
                    "items": {
                        "type": "object",
                        "properties": {
                            "id": {
                                "type": "string",
                                "description": "Entity identifier of the candidate",
                            },
                            "name": {
                                "type": "string",
                                "description": "Entity name of the candidate",
                            },
                            "description": {
                                "type": "string",
                                "description": "Optional description of the candidate entity",
                            },
                            "score": {
                                "type": "number",
                                "description": "Number indicating how likely it is that the "
                                "candidate matches the query",
                            },
                            "features": {
                                "type": "array",
                                "description": "A list of features which can be used to derive "
                                "a matching score",
                                "items": _FEATURE,
                            },
                            "match": {
                                "type": "boolean",
                                "description": "Boolean value indicating whether the candiate is "
                                "a certain match or not.",
                            },
                            "type": {
                                "type": "array",
                                "description": "Types the candidate entity belongs to",
                                "items": _CANDIDATE_TYPE,
                            },
                        },
                        "required": ["id", "name", "score"],
                    },
                }
            },
            "required": ["result"],
        }
    },
}

EXTENSION_QUERY: dict[str, Any] = {
    "type": "object",
    "description": "This schema validates a data extension query",
    "properties": {
        "ids": {
            "type": "array",
            "description": "The list of entity identifiers to fetch property values from",
            "items": {"type": "string"},
        },
        "properties": {
            "type": "array",
            "description": "The list of properties to fetch, with their optional configuration",
            "items": {
                "type": "object",
                "properties": {"id": {"type": "string"}, "settings": {"type": "object"}},
                "required": ["id"],
            },
        },
    },
    "required": ["ids", "properties"],
}


def _cell(name: str, schema: dict[str, Any]) -> dict[str, Any]:
    return {
        "type": "object",
        "properties": {name: schema},
        "required": [name],
        "additionalProperties": False,
    }


_DATE = (
    r"^(-?(?:[1-9][0-9]*)?[0-9]{4})-(1[0-2]|0[1-9])-(3[01]|0[1-9]|[12][0-9])"
    r"T(2[0-3]|[01][0-9]):([0-5][0-9]):([0-5][0-9])(\.[0-9]+)?"
    r"(Z|[+-](?:2[0-3]|[01][0-9]):[0-5][0-9])?$"
)
EXTENSION_RESPONSE: dict[str, Any] = {
    "type": "object",
    "description": "This schema validates a data extension response",
    "properties": {
        "meta": {
            "type": "array",
            "items": {
                "type": "object",
                "properties": {
                    "id": {"type": "string"},
                    "name": {"type": "string"},
                    "type": {
                        "type": "object",
                        "properties": {"id": {"type": "string"}, "name": {"type": "string"}},
                        "required": ["id"],
                    },
                    "service": {"type": "string", "format": "uri", "pattern": "^https?://"},
                },
                "required": ["id", "name"],
            },
        },
        "rows": {
            "type": "object",
            "patternProperties": {
                ".*": {
                    "type": "object",
                    "patternProperties": {
                        ".*": {
                            "type": "array",
                            "items": {
                                "oneOf": [
                                    {"type": "object", "additionalProperties": False},
                                    {
                                        "type": "object",
                                        "properties": {
                                            "id": {"type": "string"},
                                            "name": {"type": "string"},
                                            "description": {"type": "string"},
                                        },
                                        "required": ["id", "name"],
                                        "additionalProperties": False,
                                    },
                                    _cell("str", {"type": "string"}),
                                    _cell("float", {"type": "number"}),
                                    _cell("int", {"type": "integer"}),
                                    _cell(
                                        "date",
                                        {
                                            "type": "string",
                                            "description": "Date and time formatted in ISO format",
                                            "pattern": _DATE,
                                        },
                                    ),
                                ]
                            },
                        }
                    },
                }
            },
        },
    },
    "required": ["rows", "meta"],
}

MANIFEST: dict[str, Any] = {
    "type": "object",
    "description": "The service manifest: what 0.2's manifest.json requires of one (the whole "
    "manifest is checked against that schema by tests/api/test_reconcile.py)",
    "properties": {
        "versions": {
            "type": "array",
            "description": "The list of API versions supported by this service.",
            "items": {"type": "string"},
            "contains": {"enum": ["0.2"]},
        },
        "name": {"type": "string"},
        "identifierSpace": {"type": "string"},
        "schemaSpace": {"type": "string"},
    },
    "required": ["versions", "name", "identifierSpace", "schemaSpace"],
}

SPECIFICATION: dict[str, dict[str, Any]] = {
    # component name: (the 0.2 schema it transcribes, its `definitions` as components)
    "ReconciliationPropertyValue": PROPERTY_VALUE,
    "ReconciliationQuery": QUERY,
    "ReconciliationQueryBatch": QUERY_BATCH,
    "ReconciliationResultBatch": RESULT_BATCH,
    "DataExtensionQuery": EXTENSION_QUERY,
    "DataExtensionResponse": EXTENSION_RESPONSE,
}
"""The 0.2 schemas as they are (the test compares them with the specification's files)."""


def components(extend_ids: int, extend_properties: list[str]) -> dict[str, Any]:
    """The OpenAPI components of /reconcile: the 0.2 schemas with this service's limits (the
    batch's `maxProperties`, PUENTE_MAX_QUERIES, is set where the document is made:
    puente.api.openapi)."""
    found = copy.deepcopy(SPECIFICATION)
    found["ReconciliationQueryBatch"]["minProperties"] = 1
    ext = found["DataExtensionQuery"]["properties"]
    ext["ids"]["maxItems"] = extend_ids
    ext["properties"]["minItems"] = 1
    ext["properties"]["items"]["properties"]["id"]["enum"] = list(extend_properties)
    found["ReconciliationManifest"] = MANIFEST
    found["ReconciliationGetAnswer"] = {
        "description": "The service manifest (no `queries` or `extend`), a result batch (for "
        "`queries`) or property values (for `extend`)",
        "anyOf": [
            {"$ref": REF + "ReconciliationManifest"},
            {"$ref": REF + "ReconciliationResultBatch"},
            {"$ref": REF + "DataExtensionResponse"},
        ],
    }
    found["ReconciliationPostAnswer"] = {
        "description": "A result batch (for `queries`) or property values (for `extend`)",
        "anyOf": [
            {"$ref": REF + "ReconciliationResultBatch"},
            {"$ref": REF + "DataExtensionResponse"},
        ],
    }
    return found
