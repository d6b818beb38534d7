"""Fixtures for the emulator's own tests: clients built by the app's Gemini layer."""

from __future__ import annotations

import pytest

from core.gemini import build_client

PLUGIN = "gemini_emulator.pytest_plugin"


def pytest_configure(config: pytest.Config) -> None:
    """Load the emulator plugin unless the root conftest already did."""
    if not config.pluginmanager.has_plugin(PLUGIN):
        config.pluginmanager.import_plugin(PLUGIN)


@pytest.fixture
def client(emulator):
    """Return a google-genai client pointed at the emulator, trusting its certificate."""
    return build_client(api_key="test-key", base_url=emulator.base_url, ca_file=emulator.ca_file)
