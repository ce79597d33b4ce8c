"""Settings for ``test_serve``: the real ones, with static files that compress slowly
(as on a small, busy server), so Ctrl+C can be sent while they are being compressed."""

import time
from pathlib import Path

from whitenoise.compress import Compressor
from whitenoise.storage import CompressedManifestStaticFilesStorage

from stradom.settings import *  # noqa: F403
from stradom.settings import STORAGES

SECONDS_PER_FILE = 0.5


class SlowCompressor(Compressor):
    def compress(self, path):
        from django.conf import settings

        (Path(settings.STATIC_ROOT).parent / "compressing").touch()  # the test waits for it
        time.sleep(SECONDS_PER_FILE)
        return super().compress(path)


class SlowlyCompressedStorage(CompressedManifestStaticFilesStorage):
    def create_compressor(self, **kwargs):
        return SlowCompressor(**kwargs)


STORAGES["staticfiles"]["BACKEND"] = "stradom.core.tests.serve_settings.SlowlyCompressedStorage"
