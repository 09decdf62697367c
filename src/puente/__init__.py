"""Puente: an open system for the U.S.–Mexico relationship."""

__version__ = "0.1.0"
