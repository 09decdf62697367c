"""Response models of the exchanges answers (each route's `response_model`): the exchanges
service's own typed results (puente.exchanges.results)."""

from __future__ import annotations

from puente.exchanges.results import ExchangesProgram, ExchangesPrograms

__all__ = ["ExchangesProgram", "ExchangesPrograms"]
