"""``stradom serve``: Ctrl+C while the static files are gathered stops it at once."""

from __future__ import annotations

import os
import signal
import subprocess
import sys
import time
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[3]


def _default_ctrl_c():
    # As in a terminal: whatever the test runner was started with, Ctrl+C is not ignored.
    signal.signal(signal.SIGINT, signal.SIG_DFL)


@pytest.mark.skipif(sys.platform == "win32", reason="SIGINT to a child process is POSIX")
def test_ctrl_c_while_static_files_are_compressed_stops_serve_within_seconds(tmp_path):
    env = dict(
        os.environ,
        DJANGO_SETTINGS_MODULE="stradom.core.tests.serve_settings",
        STRADOM_DATA_DIR=str(tmp_path),
        STRADOM_SECRET_KEY="test-suite-only-not-secret",
        STRADOM_DEBUG="False",  # the compressing storage, as in production
        STRADOM_LANGUAGE="en",
    )
    # `stradom serve` refuses a database never migrated (stradom.cli): a migrated SQLite
    # of its own, whatever database the suite runs on.
    env.pop("DATABASE_URL", None)
    migrate = [sys.executable, "-m", "stradom.cli", "migrate", "-v0"]
    subprocess.run(migrate, cwd=ROOT, env=env, check=True, capture_output=True, timeout=300)
    server = subprocess.Popen(
        [sys.executable, "-m", "stradom.cli", "serve", "--bind", "127.0.0.1:0"],
        cwd=ROOT,
        env=env,
        stdout=subprocess.PIPE,
        stderr=subprocess.PIPE,
        text=True,
        preexec_fn=_default_ctrl_c,  # noqa: PLW1509 - no threads to deadlock in this test
    )
    try:
        waited = time.monotonic()
        while not (tmp_path / "compressing").exists():
            assert server.poll() is None, server.communicate()
            assert time.monotonic() - waited < 300, "collectstatic never began compressing"
            time.sleep(0.1)
        sent = time.monotonic()
        server.send_signal(signal.SIGINT)
        out, err = server.communicate(timeout=120)
        took = time.monotonic() - sent
    finally:
        if server.poll() is None:
            server.kill()
            server.communicate()
    # Without the fix it waits for every file left to compress (~400 × 0.5 s over a few
    # threads, about a minute here).
    assert took < 5, f"stopped {took:.1f} s after Ctrl+C"
    assert server.returncode == 130
    assert "Stopped while gathering the static files; the server was not started." in err
    assert "Traceback" not in err
    assert "Stradom is running" not in out
