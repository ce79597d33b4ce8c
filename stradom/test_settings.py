"""Settings for the test suite: the real settings with a throw-away secret key."""

import os

os.environ.setdefault("STRADOM_SECRET_KEY", "test-suite-only-not-secret")
os.environ.setdefault("STRADOM_SECURE_COOKIES", "False")

from stradom.settings import *  # noqa: E402,F403

PASSWORD_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]  # fast, tests only
STORAGES["staticfiles"]["BACKEND"] = "django.contrib.staticfiles.storage.StaticFilesStorage"  # noqa: F405
