"""Every setting is documented in docs/settings.md."""

from __future__ import annotations

from pathlib import Path

from puente.config import Settings

DOCS = Path(__file__).resolve().parents[1] / "docs" / "settings.md"


def test_every_setting_is_documented() -> None:
    text = DOCS.read_text()
    for name in Settings.model_fields:
        assert f"`PUENTE_{name.upper()}`" in text, (
            f"PUENTE_{name.upper()} missing from docs/settings.md"
        )


def test_settings_read_from_environment(monkeypatch) -> None:
    monkeypatch.setenv("PUENTE_KEEP_VERSIONS", "5")
    monkeypatch.setenv("PUENTE_DB", "/tmp/x.duckdb")
    settings = Settings()
    assert settings.keep_versions == 5
    assert str(settings.db) == "/tmp/x.duckdb"
