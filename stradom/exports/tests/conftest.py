import pytest


@pytest.fixture(autouse=True)
def media(settings, tmp_path):
    """A private MEDIA_ROOT, where the export jobs write their files."""
    settings.MEDIA_ROOT = tmp_path / "media"
    return settings.MEDIA_ROOT
