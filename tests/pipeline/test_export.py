import csv
import json

import pytest
from openpyxl import load_workbook

from pipeline.catalog import Catalog
from pipeline.export import BASE_COLUMNS, columns, export
from schemas.records import BIRTH_FIELDS
from tests.pipeline.test_reindex import NAMES, doc


@pytest.fixture
def catalog(tmp_path):
    c = Catalog(f"sqlite:///{tmp_path / 'c.sqlite'}")
    for i, name in enumerate(NAMES):
        c.save(doc(i, name))
    return c


def test_csv_has_one_row_per_record_with_form_columns(catalog, tmp_path):
    assert export(catalog, tmp_path / "out.csv", "csv") == len(NAMES)
    with open(tmp_path / "out.csv", encoding="utf-8", newline="") as f:
        table = list(csv.DictReader(f))
    assert [r["full_name"] for r in table] == NAMES
    base = len(BASE_COLUMNS)
    assert list(table[0])[:base] == BASE_COLUMNS
    assert list(table[0])[base:base + len(BIRTH_FIELDS)] == list(BIRTH_FIELDS)
    assert "deceased_full_name" in columns(None) and "deceased_full_name" not in columns("birth")
    assert table[0]["record_type"] == "birth" and table[0]["page"] == "1"


def test_xlsx_and_jsonl_carry_the_same_rows(catalog, tmp_path):
    export(catalog, tmp_path / "out.xlsx", "xlsx", "birth")
    sheet = load_workbook(tmp_path / "out.xlsx").active
    values = list(sheet.values)
    header, body = values[0], values[1:]
    assert len(body) == len(NAMES)
    assert [dict(zip(header, r, strict=True))["full_name"] for r in body] == NAMES
    export(catalog, tmp_path / "out.jsonl", "jsonl")
    lines = [json.loads(x) for x in (tmp_path / "out.jsonl").read_text().splitlines()]
    assert [x["full_name"] for x in lines] == NAMES


def test_type_filter_and_no_temp_files_left(catalog, tmp_path):
    assert export(catalog, tmp_path / "d.csv", "csv", "death") == 0
    assert sorted(p.name for p in tmp_path.iterdir() if p.suffix == ".tmp") == []
