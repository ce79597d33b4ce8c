"""Open SDG compatibility: read an Open SDG data repository into the catalogue, and
write the catalogue out in that layout, so an office running an Open SDG site can move
over to Stradom or publish both ways.

The layout (https://open-sdg.readthedocs.io, the ``open-sdg-data-starter`` repository):
``data/indicator_<id>.csv`` in a tidy form — ``Year`` first, ``Value`` last, any
categorical (disaggregation) columns between, blank meaning "all" — with the special
columns ``Units``, ``Series`` and ``GeoCode``; metadata as YAML, either as the front
matter of ``meta/<id>.md`` or in ``indicator-config/<id>.yml``.

``tidy`` reads and writes those files and knows nothing of Django; ``importer`` and
``exporter`` connect them to the catalogue (writes through ``write_observations``).
"""
