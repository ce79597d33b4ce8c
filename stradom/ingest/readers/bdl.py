"""The Local Data Bank (BDL, GUS) CSV export.

Layout, exactly as bdl.stat.gov.pl gives it::

    "Kod";"Nazwa";<dimension columns…>;"Rok";"Wartosc";"Jednostka miary";"Atrybut";

* ``Kod`` is the 12-digit BDL unit id (kept as text: it starts with a zero);
  ``Nazwa`` is the unit's name (not needed, the id says it);
* the dimension columns between ``Nazwa`` and ``Rok`` vary by variable
  (``"Ogółem"``, ``"Wiek";"Płeć"``, ``"Rozwody i separacje";"Lokalizacja"``…);
  each becomes a dimension whose code is the mapping's or the header's slug;
* ``Wartosc`` uses a decimal comma; an empty value means there is no data
  (value ``None``, status ``not_available``);
* ``Atrybut`` flags a value (see :data:`DEFAULT_ATTRIBUTE_STATUS`); the flag is
  kept in :attr:`Record.attribute` as written;
* every line ends with ``;``, so the header has an empty last column.

The same layout saved as XLSX reads the same way.
"""

from __future__ import annotations

from stradom.ingest.readers.records import NOT_AVAILABLE, PROVISIONAL

# BDL attribute symbols (api.stat.gov.pl "attributes"): flags that mean there is
# no value make the record not_available with no value, whatever the cell holds
# ("." or 0 stand in for it). Flags not listed keep the value as final.
DEFAULT_ATTRIBUTE_STATUS: dict[str, str] = {
    "n": NOT_AVAILABLE,  # "Dana jeszcze niedostępna, będzie dostępna" — not yet published
    "x": NOT_AVAILABLE,  # no information / statistical confidentiality / not applicable
    "X": NOT_AVAILABLE,  # the same, with methodological changes
    "s": PROVISIONAL,  # "Szacunki wstępne" — preliminary estimates
}

# In a BDL export an empty Wartosc is "no data" by definition of the format.
DEFAULT_MISSING = frozenset({""})
