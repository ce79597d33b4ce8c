"""A DCAT-AP catalogue (JSON-LD) of the published datasets, for national portals to
harvest: one ``dcat:Dataset`` per published indicator, one ``dcat:Distribution`` per
export format, each with its download address."""

from __future__ import annotations

import json
from collections.abc import Callable, Sequence

from stradom.exports import FORMATS
from stradom.exports.dataset import Dataset

CONTEXT = {
    "dcat": "http://www.w3.org/ns/dcat#",
    "dct": "http://purl.org/dc/terms/",
    "foaf": "http://xmlns.com/foaf/0.1/",
    "xsd": "http://www.w3.org/2001/XMLSchema#",
    "vcard": "http://www.w3.org/2006/vcard/ns#",
}
# EU file-type vocabulary used by DCAT-AP for dct:format.
FILE_TYPES = {
    "csv": "http://publications.europa.eu/resource/authority/file-type/CSV",
    "csv-pl": "http://publications.europa.eu/resource/authority/file-type/CSV",
    "xlsx": "http://publications.europa.eu/resource/authority/file-type/XLSX",
    "jsonstat": "http://publications.europa.eu/resource/authority/file-type/JSON",
    "sdmx-csv": "http://publications.europa.eu/resource/authority/file-type/CSV",
}
TITLES = {
    "csv": "CSV (UTF-8)",
    "csv-pl": "CSV (Excel, Polish: semicolon, decimal comma)",
    "xlsx": "XLSX",
    "jsonstat": "JSON-stat 2.0",
    "sdmx-csv": "SDMX-CSV 1.0",
}
FREQUENCIES = {
    "Y": "http://publications.europa.eu/resource/authority/frequency/ANNUAL",
    "H": "http://publications.europa.eu/resource/authority/frequency/ANNUAL_2",
    "Q": "http://publications.europa.eu/resource/authority/frequency/QUARTERLY",
    "M": "http://publications.europa.eu/resource/authority/frequency/MONTHLY",
    "D": "http://publications.europa.eu/resource/authority/frequency/DAILY",
    "I": "http://publications.europa.eu/resource/authority/frequency/IRREG",
}


def _text(pl: str, en: str) -> list[dict]:
    out = [{"@language": "pl", "@value": pl}] if pl else []
    if en:
        out.append({"@language": "en", "@value": en})
    return out


def catalogue(
    datasets: Sequence[Dataset],
    *,
    catalogue_url: str,
    download_url: Callable[[str, str], str],
    page_url: Callable[[str], str],
    publisher: str,
    license_url: str,
    title: str = "Stradom",
) -> dict:
    """``download_url(code, format)`` and ``page_url(code)`` make the addresses."""
    items = []
    for ds in datasets:
        periods = list(ds.temporal or ()) or sorted(r.period for r in ds.rows)
        item = {
            "@id": page_url(ds.code),
            "@type": "dcat:Dataset",
            "dct:identifier": ds.code,
            "dct:title": _text(ds.name_pl, ds.name_en),
            "dct:description": _text(
                ds.description_pl or ds.name_pl, ds.description_en or ds.name_en
            ),
            "dcat:keyword": [k for k in (ds.domain, ds.unit) if k],
            "dct:publisher": {"@type": "foaf:Agent", "foaf:name": publisher},
            "dct:accrualPeriodicity": {"@id": FREQUENCIES.get(ds.frequency, FREQUENCIES["I"])},
            "dcat:landingPage": {"@id": page_url(ds.code)},
            "dcat:distribution": [
                {
                    "@id": download_url(ds.code, fmt),
                    "@type": "dcat:Distribution",
                    "dct:title": TITLES[fmt],
                    "dcat:accessURL": {"@id": download_url(ds.code, fmt)},
                    "dcat:downloadURL": {"@id": download_url(ds.code, fmt)},
                    "dcat:mediaType": {
                        "@id": "https://www.iana.org/assignments/media-types/" + media.split(";")[0]
                    },
                    "dct:format": {"@id": FILE_TYPES[fmt]},
                    "dct:license": {"@id": license_url},
                }
                for fmt, (_ext, media) in FORMATS.items()
            ],
        }
        if ds.source_url:
            item["dct:source"] = {"@id": ds.source_url}
        if ds.updated is not None:
            item["dct:modified"] = {"@value": ds.updated.isoformat(), "@type": "xsd:dateTime"}
        if periods:
            item["dct:temporal"] = {
                "@type": "dct:PeriodOfTime",
                "dcat:startDate": periods[0],
                "dcat:endDate": periods[-1],
            }
        items.append(item)
    return {
        "@context": CONTEXT,
        "@id": catalogue_url,
        "@type": "dcat:Catalog",
        "dct:title": [{"@language": "pl", "@value": title}],
        "dct:description": [
            {"@language": "pl", "@value": f"Dane otwarte: {title}"},
            {"@language": "en", "@value": f"Open data: {title}"},
        ],
        "dct:publisher": {"@type": "foaf:Agent", "foaf:name": publisher},
        "dct:license": {"@id": license_url},
        "dcat:dataset": items,
    }


def write_dcat(catalogue_dict: dict) -> bytes:
    return json.dumps(catalogue_dict, ensure_ascii=False, indent=1).encode("utf-8")
