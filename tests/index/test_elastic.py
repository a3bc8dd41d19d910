"""Elasticsearch-specific behaviour, run against the noida-db emulator (see conftest)."""

import pytest

import index.elastic as es
from index.base import IndexRecord
from pipeline.settings import Settings
from tests.index.conftest import make_backend


@pytest.fixture
def emulated(tmp_path, request):
    idx = make_backend("es-emulator", tmp_path, request)
    yield idx
    for name in list(idx.client.indices.get_alias(name=idx.alias)):
        idx.client.indices.delete(index=name, ignore_unavailable=True)


def test_emulator_bulk_item_errors_are_returned_not_raised(emulated, monkeypatch):
    real = es._source
    monkeypatch.setattr(es, "_source", lambda r: {**real(r), "date_of_birth": "not-a-date"}
                        if r.key == "bad:0" else real(r))
    good = IndexRecord("ok:0", "ok", "x", "birth", 1, {"full_name": "C D"}, "")
    bad = IndexRecord("bad:0", "bad", "x", "birth", 1, {"full_name": "A B"}, "")
    assert emulated.upsert([bad, good], document_ids=["bad", "ok"]) == ["bad:0"]
    assert emulated.document_counts() == {"ok": 1}


def test_emulator_reads_and_writes_go_through_a_versioned_alias(emulated):
    live = list(emulated.client.indices.get_alias(name=emulated.alias))
    assert len(live) == 1 and live[0].startswith(emulated.alias + "-")


def test_emulator_major_version_mismatch_is_refused_with_advice(tmp_path, emulator_url,
                                                                monkeypatch):
    monkeypatch.setattr(es, "CLIENT_MAJOR", 9)
    with pytest.raises(es.BackendError, match="majors must match"):
        es.connect(Settings(home=tmp_path, elasticsearch_url=emulator_url))


def test_unreachable_server_gives_a_clear_error(tmp_path):
    with pytest.raises(es.BackendError, match="SOHOA_ELASTICSEARCH_URL"):
        es.connect(Settings(home=tmp_path, elasticsearch_url="http://127.0.0.1:9",
                            elasticsearch_timeout=2))
