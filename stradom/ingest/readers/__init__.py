"""The reading layer of the importer: files in, a stream of parsed records out.

Plain Python, no Django. The Django importer resolves indicator codes and
territories, validates and writes; this layer only reads, precisely, and
streams (a file is never held in memory, so a million rows cost little).

Public API::

    open_source(path, mapping: Mapping | None = None, *, limits: Limits) -> Source
    Source.records() -> Iterator[Record]          # streaming; callable again
    Source.info -> SourceInfo                     # what was detected
    Source.close() / with open_source(...) as s:  # releases an XLSX workbook
    load_mapping(path) -> Mapping                 # a YAML mapping, validated strictly
    mapping_from_dict(data, *, origin="<dict>") -> Mapping

    Record(line, indicator, territory, territory_kind, period, dimensions,
           value, status, note, errors, attribute="",
           ci_low=None, ci_high=None, source="")          # a NamedTuple
    RowError(line, column, message: Message)                 # a NamedTuple
    ReadError(StradomError)   # .message (translatable), .file, .line
    MappingError(ReadError)
    Limits(max_bytes, max_rows, max_columns, max_xlsx_…)  # frozen dataclass

``open_source`` refuses a file over ``limits.max_bytes`` before reading it,
tells CSV from XLSX by content (a zip is a workbook; an old .xls is refused),
checks an XLSX's zip directory against the limits before openpyxl opens it,
detects a CSV's encoding (UTF-8 with or without BOM, Windows-1250, ISO-8859-2;
charset-normalizer only as a fallback) and separator (``;``, ``,``, tab, sniffed
from the header line), finds the header, decides every column's role (from
Polish or English header names, or from the mapping) and the layout:

* **long** — indicator, territory, period, [dimension columns…], value,
  [status], [note], [confidence interval: ci_low, ci_high], [source]; one record
  per row;
* **wide** — indicator, territory, [dimensions…] then one column per period
  (``2019``, ``2020``… or date cells); one record per non-blank cell;
* **bdl** — the Local Data Bank CSV export (see :mod:`.bdl`);
* GIOŚ-like daily station data (``date, station_code, pollutant, value…``) is
  long form with the station as a dimension (``info.profile == "station"``).

It then reads up to 5,000 rows to learn the decimal mark (see :mod:`.numbers`)
unless the mapping states it. Anything that makes the whole file unreadable is
a :class:`ReadError` naming the file and, where there is one, the line: raised
by ``open_source`` or, for a problem further down a big file (an open quote,
too many rows), by the record iterator.

``Record`` fields: ``line`` (1-based physical CSV line where the row starts, or
spreadsheet row); ``indicator`` (as written, or after ``indicator_map``);
``territory`` (the reference as written or mapped) and ``territory_kind``
(``"code"`` TERYT, ``"bdl"`` 12-digit BDL id, ``"name"``); ``period`` (canonical
code from :func:`stradom.core.periods.parse_period`); ``dimensions`` (sorted
``(dimension, value)`` code pairs, empty for the total); ``value`` (``Decimal``,
never float; ``None`` when the file says there is none); ``status`` (``final``,
``provisional``, ``estimated``, ``not_available``); ``note``; ``errors``; and
``attribute`` (the BDL ``Atrybut`` flag as written, else ``""``).

A bad row is yielded with its ``errors`` (and the unreadable fields empty), not
raised, so the importer can list every problem at once and reject the file as a
whole. Messages are :class:`~stradom.core.messages.Message` objects: English
templates marked for translation, with parameters.

Mapping files: see :mod:`.mapping` for the schema and
``stradom/ingest/mappings/README.md`` for the files shipped.
"""

from stradom.ingest.readers.mapping import (
    DimensionSpec,
    Mapping,
    MappingError,
    TerritorySpec,
    load_mapping,
    mapping_from_dict,
)
from stradom.ingest.readers.records import (
    ESTIMATED,
    FINAL,
    NOT_AVAILABLE,
    PROVISIONAL,
    STATUSES,
    Limits,
    ReadError,
    Record,
    RowError,
)
from stradom.ingest.readers.source import Source, SourceInfo, open_source

__all__ = [
    "ESTIMATED",
    "FINAL",
    "NOT_AVAILABLE",
    "PROVISIONAL",
    "STATUSES",
    "DimensionSpec",
    "Limits",
    "Mapping",
    "MappingError",
    "ReadError",
    "Record",
    "RowError",
    "Source",
    "SourceInfo",
    "TerritorySpec",
    "load_mapping",
    "mapping_from_dict",
    "open_source",
]
