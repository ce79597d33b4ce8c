"""A private MEDIA_ROOT, and the test runner's signal handlers kept from the worker's."""

from __future__ import annotations

import signal

import pytest


@pytest.fixture(autouse=True)
def media(settings, tmp_path):
    settings.MEDIA_ROOT = tmp_path / "media"
    return settings.MEDIA_ROOT


@pytest.fixture
def keep_signal_handlers():
    """The worker installs its own Ctrl+C handler; give the test runner its own back."""
    kept = {s: signal.getsignal(s) for s in (signal.SIGINT, signal.SIGTERM, signal.SIGQUIT)}
    yield
    for s, handler in kept.items():
        signal.signal(s, handler)
