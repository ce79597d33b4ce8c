"""What kind of file this is, which encoding its text uses, which separator.

Encoding, decided over the whole file (read once in 1 MiB chunks, a fast scan):

1. a UTF-16/UTF-32 byte-order mark, NUL bytes, or a line over 1 MiB: refused
   (binary data, UTF-16 which a CSV should not be, or not a table);
2. valid UTF-8 (with or without BOM): UTF-8;
3. otherwise Windows-1250 or ISO-8859-2, the two Polish 8-bit encodings. They
   differ only in ś ą ź Ś Ą Ź (and cp1250's typographic quotes and dashes), so
   the one whose decoding yields Polish letters and no control characters wins
   (DOS code page 852, of older accounting systems, is the third candidate);
4. only when none reads as Polish text, charset-normalizer guesses, and only a
   Latin-script encoding is accepted; otherwise the file is refused.

A file that is UTF-8 with Polish letters at first and then stops being UTF-8 is
refused as mixed, naming the line where it breaks.
"""

from __future__ import annotations

import codecs
import os
import unicodedata
from collections import Counter
from dataclasses import dataclass

from stradom.core.messages import gettext_noop
from stradom.ingest.readers.records import ReadError

CHUNK = 2**20
ZIP_MAGIC = b"PK\x03\x04"
OLE_MAGIC = b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1"  # old .xls / .doc
_ASCII = bytes(range(128))
_POLISH = frozenset("ąćęłńóśźżĄĆĘŁŃÓŚŹŻ")
# Characters that Polish spreadsheets write besides letters (cp1250 has them all).
_COMMON = frozenset("\u00a0„”“’‘–—…«»°§·×²³µ€¦©®±¶")
_ALLOWED_CONTROLS = frozenset("\t\n\r\x0c\x1a")
SEPARATOR_CANDIDATES = (";", "\t", ",", "|")
# The 8-bit encodings Polish files come in, in order of preference on a tie:
# Windows-1250 and ISO-8859-2, and the DOS code page 852 of older systems.
_POLISH_8_BIT = (("cp1250", "Windows-1250"), ("iso8859-2", "ISO-8859-2"), ("cp852", "CP852"))
# What charset-normalizer may choose: Latin-script encodings (a Korean or Cyrillic
# guess for a Polish office's file means the bytes are not text at all).
_FALLBACK_ALLOWED = frozenset(
    {
        "ascii",
        "utf_8",
        "cp1250",
        "iso8859_2",
        "cp852",
        "mac_latin2",
        "cp1252",
        "latin_1",
        "iso8859_15",
        "iso8859_16",
        "cp1257",
        "iso8859_13",
        "iso8859_4",
        "cp850",
        "mac_roman",
    }
)


@dataclass(frozen=True)
class TextEncoding:
    codec: str  # name for open(): utf-8, utf-8-sig, cp1250, iso8859-2, …
    label: str  # for people: "UTF-8 with BOM", "Windows-1250", …
    how: str  # "bom", "valid utf-8", "polish letters", "charset-normalizer", "mapping"


def check_size(path: str | os.PathLike[str], max_bytes: int) -> int:
    """The file's size; refuse before reading if it is empty or over the limit."""
    try:
        size = os.stat(path).st_size
    except OSError as exc:
        raise ReadError(
            gettext_noop("cannot open the file: %(reason)s"), file=path, reason=exc.strerror
        ) from None
    if size > max_bytes:
        raise ReadError(
            gettext_noop("the file is %(size)s bytes, more than the limit of %(limit)s bytes"),
            file=path,
            size=size,
            limit=max_bytes,
        )
    if size == 0:
        raise ReadError(gettext_noop("the file is empty"), file=path)
    return size


def sniff_container(path: str | os.PathLike[str]) -> str:
    """``"xlsx"`` for a zip (an Office Open XML workbook), ``"csv"`` for anything else."""
    with open(path, "rb") as f:
        head = f.read(8)
    if head.startswith(ZIP_MAGIC):
        return "xlsx"
    if head.startswith(OLE_MAGIC):
        raise ReadError(
            gettext_noop(
                "this is an old-style Excel (.xls) or Office file; save it as .xlsx or CSV"
            ),
            file=path,
        )
    return "csv"


def _refuse_unicode_wide(path: str | os.PathLike[str], head: bytes) -> None:
    if head.startswith((codecs.BOM_UTF32_LE, codecs.BOM_UTF32_BE)):
        name = "UTF-32"
    elif head.startswith((codecs.BOM_UTF16_LE, codecs.BOM_UTF16_BE)):
        name = "UTF-16"
    else:
        sample = head[:4096]
        zeros = sample.count(0)
        # Text in UTF-16 without a BOM: every other byte is NUL.
        if (
            zeros
            and zeros * 3 >= len(sample)
            and (
                sample[1::2].count(0) * 2 >= len(sample) // 2
                or sample[0::2].count(0) * 2 >= len(sample) // 2
            )
        ):
            name = "UTF-16"
        else:
            return
    raise ReadError(
        gettext_noop(
            "the file is written in %(encoding)s; save it as CSV in UTF-8 (or Windows-1250)"
        ),
        file=path,
        encoding=name,
    )


def _line_at(path: str | os.PathLike[str], offset: int) -> int:
    """1-based line number of byte ``offset``."""
    line = 1
    with open(path, "rb") as f:
        remaining = offset
        while remaining > 0:
            chunk = f.read(min(CHUNK, remaining))
            if not chunk:
                break
            line += chunk.count(b"\n")
            remaining -= len(chunk)
    return line


def _refuse_binary(path: str | os.PathLike[str], offset: int) -> None:
    raise ReadError(
        gettext_noop(
            "the file holds binary data (a NUL byte), so it is not a CSV text file; "
            "check that it is the right file"
        ),
        file=path,
        line=_line_at(path, offset),
    )


def _check_chunk(path: str | os.PathLike[str], chunk: bytes, offset: int) -> None:
    """Refuse NUL bytes, and a line so long that a whole chunk holds no line break.

    The csv module builds a whole row in memory, so one giant line could take
    far more memory than the file's size suggests; 1 MiB is no table's line.
    """
    nul = chunk.find(0)
    if nul >= 0:
        _refuse_binary(path, offset + nul)
    if len(chunk) >= CHUNK - 3 and b"\n" not in chunk and b"\r" not in chunk:
        raise ReadError(
            gettext_noop("a line is longer than %(limit)s bytes, so this is not a table"),
            file=path,
            line=_line_at(path, offset),
            limit=CHUNK,
        )


def check_stated(path: str | os.PathLike[str], codec: str) -> TextEncoding:
    """Scan a file whose encoding the mapping states (no guessing, the same refusals)."""
    try:
        codecs.lookup(codec)
    except LookupError:
        raise ReadError(
            gettext_noop("%(codec)r is not a known encoding"), file=path, codec=codec
        ) from None
    with open(path, "rb") as f:
        offset = 0
        while chunk := f.read(CHUNK):
            if offset == 0 and not codec.lower().replace("-", "").startswith(("utf16", "utf32")):
                _refuse_unicode_wide(path, chunk)
            _check_chunk(path, chunk, offset)
            offset += len(chunk)
    return TextEncoding(codec, codec, "mapping")


def detect_encoding(path: str | os.PathLike[str]) -> TextEncoding:
    """Decide the text encoding of a CSV file (see the module docstring)."""
    with open(path, "rb") as f:
        head = f.read(CHUNK)
        _refuse_unicode_wide(path, head)
        bom = head.startswith(codecs.BOM_UTF8)
        decoder = codecs.getincrementaldecoder("utf-8")()
        offset = 0
        chunk = head[3:] if bom else head
        offset = 3 if bom else 0
        polish_before = False
        while chunk:
            _check_chunk(path, chunk, offset)
            try:
                text = decoder.decode(chunk)
            except UnicodeDecodeError as exc:
                bad_at = offset + exc.start
                if bom or polish_before or _has_polish(chunk[: exc.start]):
                    raise ReadError(
                        gettext_noop(
                            "the file is UTF-8 until this line, then has bytes that are not "
                            "UTF-8: it mixes two encodings; save it again in one encoding"
                        ),
                        file=path,
                        line=_line_at(path, bad_at),
                    ) from None
                return _eight_bit(path)
            if not polish_before and not text.isascii():
                polish_before = not _POLISH.isdisjoint(text)
            offset += len(chunk)
            chunk = f.read(CHUNK)
        try:
            decoder.decode(b"", final=True)
        except UnicodeDecodeError:
            return _eight_bit(path)
    if bom:
        return TextEncoding("utf-8-sig", "UTF-8 with BOM", "bom")
    return TextEncoding("utf-8", "UTF-8", "valid utf-8")


def _has_polish(data: bytes) -> bool:
    try:
        text = data.decode("utf-8", errors="ignore")
    except UnicodeDecodeError:  # pragma: no cover - errors="ignore" never raises
        return False
    return not _POLISH.isdisjoint(text)


def _high_byte_counts(path: str | os.PathLike[str]) -> Counter[int]:
    counts: Counter[int] = Counter()
    with open(path, "rb") as f:
        offset = 0
        while chunk := f.read(CHUNK):
            _check_chunk(path, chunk, offset)
            high = chunk.translate(None, _ASCII)
            if high:
                counts.update(high)
            offset += len(chunk)
    return counts


def _score(counts: Counter[int], codec: str) -> tuple[int, int, int]:
    """(Polish letters, other readable characters, control or undefined bytes)."""
    polish = readable = bad = 0
    for byte, n in counts.items():
        try:
            char = bytes([byte]).decode(codec)
        except UnicodeDecodeError:
            bad += n
            continue
        if char in _POLISH:
            polish += n
        elif char in _COMMON:
            readable += n
        elif unicodedata.category(char).startswith("C"):
            bad += n
        else:
            readable += n
    return polish, readable, bad


def _eight_bit(path: str | os.PathLike[str]) -> TextEncoding:
    counts = _high_byte_counts(path)
    total = sum(counts.values())
    candidates = []
    for rank, (codec, label) in enumerate(_POLISH_8_BIT):
        polish, _readable, bad = _score(counts, codec)
        if bad == 0 and polish * 2 >= total:
            candidates.append((polish, -rank, codec, label))
    if candidates:
        # More Polish letters wins; on a tie (only the letters both share) Windows-1250.
        _, _, codec, label = max(candidates)
        return TextEncoding(codec, label, "polish letters")
    return _fallback(path)


def _fallback(path: str | os.PathLike[str]) -> TextEncoding:
    from charset_normalizer import from_bytes

    with open(path, "rb") as f:
        sample = f.read(CHUNK)
    best = from_bytes(sample).best()
    if best is None or best.encoding not in _FALLBACK_ALLOWED:
        raise ReadError(
            gettext_noop("cannot tell the text encoding of the file; save it as CSV in UTF-8"),
            file=path,
        )
    return TextEncoding(best.encoding, best.encoding, "charset-normalizer")


def check_text(path: str | os.PathLike[str], text: str, first_line: int = 1) -> None:
    """Refuse decoded text that holds control characters (binary decoded as text)."""
    for i, char in enumerate(text):
        if (char < " " or "\x7f" <= char <= "\x9f") and char not in _ALLOWED_CONTROLS:
            raise ReadError(
                gettext_noop(
                    "the file holds control characters (code %(code)s), so it is binary data "
                    "or in an encoding that could not be recognised"
                ),
                file=path,
                line=first_line + text.count("\n", 0, i),
                code=f"U+{ord(char):04X}",
            )


def sniff_separator(header_line: str) -> str | None:
    """The separator the header line uses most outside quotes, or None for one column."""
    counts = dict.fromkeys(SEPARATOR_CANDIDATES, 0)
    quoted = False
    for char in header_line:
        if char == '"':
            quoted = not quoted
        elif not quoted and char in counts:
            counts[char] += 1
    best = max(SEPARATOR_CANDIDATES, key=lambda sep: counts[sep])  # ties: the earlier one
    return best if counts[best] else None
