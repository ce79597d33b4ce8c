"""Open data exports: what Stradom publishes, in the formats other systems read.

Writers (``csv``, ``xlsx``, ``jsonstat``, ``sdmx``, ``dcat``) are plain functions from
:class:`~stradom.exports.dataset.Dataset` objects to bytes; ``build`` makes those
datasets from the catalogue through ``stradom.catalog.queries``, so an exported number
is the one every screen shows.
"""

FORMATS = {
    # name: (file extension, media type)
    "csv": ("csv", "text/csv; charset=utf-8"),
    "csv-pl": ("csv", "text/csv; charset=utf-8"),
    "xlsx": ("xlsx", "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"),
    "jsonstat": ("json", "application/json"),
    "sdmx-csv": ("csv", "application/vnd.sdmx.data+csv; version=1.0.0; charset=utf-8"),
}
