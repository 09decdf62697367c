"""Goods trade, transborder freight and energy exports: sources and the services over them.

No FastAPI, Jinja or Typer here; services take a cursor and return plain, JSON-able data
in which every figure carries the dataset version it came from.
"""
