"""The Kraków demo: public data shipped in ``data/`` (see ``data/SOURCES.md``) and its loader."""

from pathlib import Path

# The demo's data as shipped in the package; settings.DEMO_DATA_DIR may point elsewhere.
DATA_DIR = Path(__file__).resolve().parent / "data"
