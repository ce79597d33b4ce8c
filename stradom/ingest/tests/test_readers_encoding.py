"""Polish text files in any of their usual encodings read right; others are refused clearly."""

from __future__ import annotations

import codecs
import random

import pytest

from stradom.ingest.readers import Limits, ReadError, open_source

HEADER = "wskaźnik;terytorium;okres;wartość;uwagi\r\n"
ROWS = [
    "LUDN;Kraków;2020;779966;Świętokrzyska ąśź ĄŚŹ\r\n",
    "LUDN;Łódź;2020;672185;żółć gęślą jaźń\r\n",
]
TEXT = HEADER + "".join(ROWS)


def write(tmp_path, data: bytes, name: str = "data.csv"):
    path = tmp_path / name
    path.write_bytes(data)
    return path


def read_all(path):
    source = open_source(path, limits=Limits())
    return source, list(source.records())


def test_utf8_without_bom_is_read(tmp_path):
    source, records = read_all(write(tmp_path, TEXT.encode("utf-8")))
    assert (source.info.encoding, source.info.encoding_detected_by) == ("UTF-8", "valid utf-8")
    assert [r.territory for r in records] == ["Kraków", "Łódź"]
    assert records[0].note == "Świętokrzyska ąśź ĄŚŹ"


def test_utf8_with_bom_is_read_and_the_bom_is_not_part_of_the_first_header(tmp_path):
    source, records = read_all(write(tmp_path, codecs.BOM_UTF8 + TEXT.encode("utf-8")))
    assert source.info.encoding == "UTF-8 with BOM"
    assert source.info.header[0] == "wskaźnik"
    assert source.info.columns["wskaźnik"] == "indicator"
    assert records[1].note == "żółć gęślą jaźń"


def test_windows_1250_file_is_decoded_with_polish_letters(tmp_path):
    source, records = read_all(write(tmp_path, TEXT.encode("cp1250")))
    assert (source.info.encoding, source.info.encoding_detected_by) == (
        "Windows-1250",
        "polish letters",
    )
    assert records[0].note == "Świętokrzyska ąśź ĄŚŹ"
    assert records[1].territory == "Łódź"


def test_iso_8859_2_file_is_decoded_with_polish_letters(tmp_path):
    source, records = read_all(write(tmp_path, TEXT.encode("iso-8859-2")))
    assert source.info.encoding == "ISO-8859-2"
    assert records[0].note == "Świętokrzyska ąśź ĄŚŹ"
    assert records[1].note == "żółć gęślą jaźń"


def test_letters_both_8_bit_encodings_share_read_the_same_either_way(tmp_path):
    # ł ó ż ę ć ń have the same bytes in cp1250 and ISO-8859-2: the tie goes to cp1250.
    text = "indicator;territory;period;value\nA;Łęczyca Żółkiewka;2020;1\n"
    source, records = read_all(write(tmp_path, text.encode("iso-8859-2")))
    assert source.info.encoding == "Windows-1250"
    assert records[0].territory == "Łęczyca Żółkiewka"


def test_polish_letters_late_in_a_big_cp1250_file_are_still_found(tmp_path):
    lines = [HEADER] + ["LUDN;Krakow;2020;1;plain ascii\r\n"] * 20_000 + ROWS
    source, records = read_all(write(tmp_path, "".join(lines).encode("cp1250")))
    assert source.info.encoding == "Windows-1250"
    assert records[-1].note == "żółć gęślą jaźń"


@pytest.mark.parametrize("encoding", ["utf-16", "utf-16-le", "utf-16-be", "utf-32"])
def test_utf16_and_utf32_files_are_refused_with_advice(tmp_path, encoding):
    path = write(tmp_path, TEXT.encode(encoding))
    with pytest.raises(ReadError) as caught:
        open_source(path, limits=Limits())
    message = str(caught.value)
    assert "UTF-16" in message or "UTF-32" in message
    assert "save it as CSV in UTF-8" in message
    assert caught.value.file == "data.csv"


def test_utf8_file_that_turns_into_cp1250_is_refused_as_mixed_naming_the_line(tmp_path):
    data = (HEADER + ROWS[0]).encode("utf-8") + ROWS[1].encode("cp1250")
    with pytest.raises(ReadError) as caught:
        open_source(write(tmp_path, data), limits=Limits())
    assert caught.value.line == 3
    assert "mixes two encodings" in str(caught.value)


def test_binary_garbage_with_nul_bytes_is_refused(tmp_path):
    noise = random.Random(7).randbytes(4000)
    with pytest.raises(ReadError) as caught:
        open_source(write(tmp_path, noise + b"\x00"), limits=Limits())
    assert "binary data" in str(caught.value)


def test_a_nul_byte_deep_in_an_otherwise_good_file_is_refused_with_its_line(tmp_path):
    data = (HEADER + ROWS[0] * 100).encode() + b"LUDN;Krak\x00w;2020;1;x\r\n"
    with pytest.raises(ReadError) as caught:
        open_source(write(tmp_path, data), limits=Limits())
    assert caught.value.line == 102


def test_text_with_control_characters_is_refused_as_binary(tmp_path):
    data = b"\x01\x02\x03PK;x;y\n\x04;\x05;\x06\n"
    with pytest.raises(ReadError) as caught:
        open_source(write(tmp_path, data), limits=Limits())
    assert "control characters" in str(caught.value)


def test_undecodable_8_bit_noise_is_refused_as_an_unknown_encoding(tmp_path):
    rng = random.Random(3)
    noise = bytes(rng.choice(range(0x80, 0x100)) for _ in range(3000))
    data = b"indicator;territory;period;value\n" + noise + b"\n"
    with pytest.raises(ReadError) as caught:
        open_source(write(tmp_path, data), limits=Limits())
    assert "cannot tell the text encoding" in str(caught.value)


def test_dos_code_page_852_is_recognised_by_its_polish_letters(tmp_path):
    source, records = read_all(write(tmp_path, TEXT.encode("cp852")))
    assert source.info.encoding == "CP852"
    assert records[1].note == "żółć gęślą jaźń"


def test_a_west_european_file_without_polish_letters_falls_back_to_charset_normalizer(tmp_path):
    note = "Le cœur déçu mais l'âme plutôt naïve, Louÿs rêva de crapaüter en canoë au delà"
    text = f"indicator;territory;period;value;note\nA;1261011;2020;1;{note}\n"
    source, records = read_all(write(tmp_path, text.encode("cp1252")))
    assert (source.info.encoding, source.info.encoding_detected_by) == (
        "cp1252",
        "charset-normalizer",
    )
    assert records[0].note == note


def test_encoding_stated_in_the_mapping_is_used_as_is(tmp_path):
    from stradom.ingest.readers import mapping_from_dict

    path = write(tmp_path, TEXT.encode("iso-8859-2"))
    source = open_source(path, mapping_from_dict({"encoding": "iso-8859-2"}), limits=Limits())
    assert source.info.encoding_detected_by == "mapping"
    assert list(source.records())[0].note == "Świętokrzyska ąśź ĄŚŹ"


def test_a_stated_encoding_does_not_skip_the_binary_check(tmp_path):
    from stradom.ingest.readers import mapping_from_dict

    path = write(tmp_path, TEXT.encode("cp1250") + b"\x00\x00")
    with pytest.raises(ReadError) as caught:
        open_source(path, mapping_from_dict({"encoding": "cp1250"}), limits=Limits())
    assert "binary data" in str(caught.value)
