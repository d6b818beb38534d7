"""Pytest fixtures: one emulator process per test session, reset per test on request.

Load with `pytest_plugins = ["gemini_emulator.pytest_plugin"]` in the root conftest.
"""

from __future__ import annotations

import logging
import os
from collections.abc import Iterator

import pytest

from .testing import EmulatorProcess

logger = logging.getLogger(__name__)

TEST_PACE = float(os.environ.get("GEMINI_EMULATOR_TEST_PACE", "10"))
TEST_LOG_LEVEL = os.environ.get("GEMINI_EMULATOR_TEST_LOG_LEVEL", "INFO")


@pytest.fixture(scope="session")
def gemini_emulator(tmp_path_factory: pytest.TempPathFactory) -> Iterator[EmulatorProcess]:
    """Start one emulator for the whole session (10x real-time pace unless configured).

    Its log is `gemini-emulator.log` in pytest's base temporary directory.
    """
    log_file = tmp_path_factory.getbasetemp() / "gemini-emulator.log"
    process = EmulatorProcess.start(pace=TEST_PACE, log_level=TEST_LOG_LEVEL, log_file=log_file)
    try:
        yield process
    finally:
        process.stop()


@pytest.fixture
def emulator(gemini_emulator: EmulatorProcess) -> Iterator[EmulatorProcess]:
    """Return the session's emulator with faults and counters cleared before and after."""
    gemini_emulator.reset()
    yield gemini_emulator
    gemini_emulator.reset()
