"""Response model of /api/datasets."""

from __future__ import annotations

from puente.api.models.common import Answer, Rows


class Datasets(Answer):
    """Every dataset Puente knows, loaded or not, with its kept versions and provenance."""

    datasets: Rows
