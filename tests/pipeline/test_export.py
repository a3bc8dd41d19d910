import csv
import json

import pytest
from openpyxl import load_workbook

from pipeline.catalog import Catalog
from pipeline.export import BASE_COLUMNS, ExportFilter, columns, export
from schemas.records import BIRTH_FIELDS, FieldValue
from tests.pipeline.test_reindex import NAMES, doc


@pytest.fixture
def catalog(tmp_path):
    c = Catalog(f"sqlite:///{tmp_path / 'c.sqlite'}")
    for i, name in enumerate(NAMES):
        c.save(doc(i, name))
    return c


def test_csv_has_one_row_per_record_with_form_columns(catalog, tmp_path):
    assert export(catalog, tmp_path / "out.csv", "csv") == len(NAMES)
    with open(tmp_path / "out.csv", encoding="utf-8-sig", newline="") as f:
        table = list(csv.DictReader(f))
    assert [r["full_name"] for r in table] == NAMES
    base = len(BASE_COLUMNS)
    assert list(table[0])[:base] == BASE_COLUMNS
    assert list(table[0])[base:base + len(BIRTH_FIELDS)] == list(BIRTH_FIELDS)
    assert "deceased_full_name" in columns(None) and "deceased_full_name" not in columns("birth")
    assert table[0]["record_type"] == "birth" and table[0]["page"] == "1"


def test_xlsx_and_jsonl_carry_the_same_rows(catalog, tmp_path):
    export(catalog, tmp_path / "out.xlsx", "xlsx", ExportFilter("birth"))
    sheet = load_workbook(tmp_path / "out.xlsx").active
    values = list(sheet.values)
    header, body = values[0], values[1:]
    assert len(body) == len(NAMES)
    assert [dict(zip(header, r, strict=True))["full_name"] for r in body] == NAMES
    export(catalog, tmp_path / "out.jsonl", "jsonl")
    lines = [json.loads(x) for x in (tmp_path / "out.jsonl").read_text().splitlines()]
    assert [x["full_name"] for x in lines] == NAMES


def test_type_filter_and_no_temp_files_left(catalog, tmp_path):
    assert export(catalog, tmp_path / "d.csv", "csv", ExportFilter("death")) == 0
    assert sorted(p.name for p in tmp_path.iterdir() if p.suffix == ".tmp") == []


@pytest.fixture
def varied(tmp_path):
    """Two communes, two years, a note over two lines, one record needing review."""
    c = Catalog(f"sqlite:///{tmp_path / 'v.sqlite'}")
    places = ["Ủy ban nhân dân xã Tân Lập, huyện Đan Phượng", "UBND xã Hồng Hà, huyện Đan Phượng"]
    for i, name in enumerate(NAMES[:4]):
        d = doc(i, name)
        rec = d.records[0]
        rec.fields["registration_place"] = FieldValue(value=places[i % 2], confidence=0.9)
        rec.fields["registration_date"] = FieldValue(value=f"{2019 + i // 2}-03-0{i + 1}",
                                                     confidence=0.9)
        rec.fields["book_number"] = FieldValue(value=f"0{1 + i // 2}/2019", confidence=0.9)
        rec.fields["notes"] = FieldValue(value="Cải chính họ\nngày 02/05/2021", confidence=0.9)
        rec.needs_review = i == 3
        rec.review_reasons = ["full_name: low confidence"] if i == 3 else []
        c.save(d)
    return c


def test_csv_opens_right_in_a_spreadsheet_one_line_per_record(varied, tmp_path):
    target = tmp_path / "out.csv"
    export(varied, target, "csv")
    raw = target.read_bytes()
    assert raw.startswith(b"\xef\xbb\xbf")  # the BOM spreadsheet programs look for
    lines = raw.decode("utf-8-sig").splitlines()
    assert len(lines) == 1 + 4  # a note's line break does not split its row
    table = list(csv.DictReader(lines))
    assert table[0]["notes"] == "Cải chính họ / ngày 02/05/2021"
    assert [r["needs_review"] for r in table] == ["false", "false", "false", "true"]


def test_jsonl_keeps_types_like_digitize_json(varied, tmp_path):
    export(varied, tmp_path / "o.jsonl", "jsonl")
    lines = [json.loads(x) for x in (tmp_path / "o.jsonl").read_text().splitlines()]
    assert lines[3]["needs_review"] is True and lines[0]["needs_review"] is False
    assert lines[3]["review_reasons"] == ["full_name: low confidence"]
    assert lines[0]["review_reasons"] == [] and lines[0]["page"] == 1
    assert lines[0]["notes"] == "Cải chính họ\nngày 02/05/2021"  # JSON keeps it exact


@pytest.mark.parametrize(("keep", "names"), [
    (ExportFilter(year=2020), NAMES[2:4]),
    (ExportFilter(commune="tan lap"), [NAMES[0], NAMES[2]]),
    (ExportFilter(commune="Hồng  Hà"), [NAMES[1], NAMES[3]]),
    (ExportFilter(book="02/2019"), NAMES[2:4]),
    (ExportFilter(needs_review=True), [NAMES[3]]),
    (ExportFilter(needs_review=False, year=2019, commune="Tân Lập"), [NAMES[0]]),
])
def test_filters_are_the_search_filters(varied, tmp_path, keep, names):
    assert export(varied, tmp_path / "f.jsonl", "jsonl", keep) == len(names)
    got = [json.loads(x)["full_name"] for x in (tmp_path / "f.jsonl").read_text().splitlines()]
    assert got == names


def test_vietnamese_labels_and_a_usable_sheet(varied, tmp_path):
    export(varied, tmp_path / "vi.xlsx", "xlsx", ExportFilter("birth"), labels="vi")
    sheet = load_workbook(tmp_path / "vi.xlsx").active
    header = [c.value for c in sheet[1]]
    assert header[len(BASE_COLUMNS):len(BASE_COLUMNS) + len(BIRTH_FIELDS)] == list(
        BIRTH_FIELDS.values())
    assert "Họ, chữ đệm, tên" in header and "Cần kiểm tra" in header
    assert sheet.freeze_panes == "A2" and sheet[1][0].font.bold
    assert sheet.column_dimensions["A"].width >= 20
    body = list(sheet.values)[1:]
    assert body[3][header.index("Cần kiểm tra")] is True  # a boolean cell, not "True"
    with pytest.raises(ValueError, match="labels"):
        export(varied, tmp_path / "x.csv", "csv", labels="fr")
