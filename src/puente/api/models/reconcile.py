"""Response models of the reconciliation answers (each route's `response_model`)."""

from __future__ import annotations

from typing import Any

from puente.api.models.common import Answer, Rows


class ReconciliationReconcileProperties(Answer):
    """GET /reconcile/properties"""

    type: str | None
    properties: Rows


class ReconciliationReconcileSchema(Answer):
    """GET /reconcile/schema"""

    schemaSpace: str | None
    types: Rows
    query_properties: Rows
    extend_properties: Rows


class ReconciliationSuggestEntity(Answer):
    """GET /reconcile/suggest/entity"""

    result: list[Any]


class ReconciliationSuggestType(Answer):
    """GET /reconcile/suggest/type"""

    result: Rows


class ReconciliationSuggestProperty(Answer):
    """GET /reconcile/suggest/property"""

    result: Rows
