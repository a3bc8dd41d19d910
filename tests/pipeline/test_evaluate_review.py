"""What an officer would miss: wrong values that pass the review threshold unflagged,
and entries never found; reported per source of the pages."""

from ocr.models import OcrPage
from pipeline.evaluate import Report, score_document
from pipeline.models import DocumentResult
from schemas.records import FieldValue, Record, RecordType


def _scored(report: Report, generator: str) -> None:
    truth = {"generator": generator, "pages": [{"lines": []}], "records": [
        {"type": "birth", "page": 1, "entry": 1, "fields": {
            "full_name": "ĐINH VĂN BẢO", "sex": "Nam", "ethnicity": "Kinh", "hometown": "Huế"}},
        {"type": "birth", "page": 1, "entry": 2, "fields": {"full_name": "LÒ THỊ MAI"}}]}
    record = Record(type=RecordType.birth, page=1, review_reasons=["ethnicity: not a group"],
                    fields={"full_name": FieldValue(value="ĐUNH VĂN RẢO", confidence=0.82),
                            "sex": FieldValue(value="Nam", confidence=0.95),
                            "ethnicity": FieldValue(value="Kinn", confidence=0.9),
                            "hometown": FieldValue(value=None, confidence=0.0)})
    result = DocumentResult(source="a.png", sha256="0" * 64, document_id="0" * 16, status="ok",
                            pages=[OcrPage(10, 10, 300)], records=[record])
    score_document(report, result, truth)
    score_document(report.source(generator), result, truth)


def test_wrong_values_passing_unflagged_are_counted_among_filled_values():
    report = Report(threshold=0.8)
    _scored(report, "indgen")
    data = report.as_json()
    # filled: full_name (wrong, passes), sex (right), ethnicity (wrong, but flagged)
    assert data["filled_values"] == 3
    assert data["wrong_and_unflagged_share"] == round(1 / 3, 4)
    assert data["entries_found"] == "1 of 2"
    assert data["by_source"]["indgen"]["wrong_and_unflagged_share"] == round(1 / 3, 4)
    assert data["by_source"]["indgen"]["entries_found"] == "1 of 2"
