"""Search backends for the contract suite.

- ``embedded``: tantivy, always.
- ``es-emulator``: the Elasticsearch API emulator ``noida-db`` started on 127.0.0.1 by this
  fixture. It is not Lucene (scores differ) and accepts client/server combinations that a
  real cluster rejects, so a pass here is evidence of API use, not of Elasticsearch itself.
- ``es-real``: a real cluster, only when SOHOA_ELASTICSEARCH_URL is set.
"""

from __future__ import annotations

import os
import shutil
import sys
import urllib.request
import uuid
from pathlib import Path

import pytest

from index.embedded import EmbeddedIndex
from pipeline.settings import Settings
from tests import services

BACKENDS = ["embedded", "es-emulator"] + (
    ["es-real"] if os.environ.get("SOHOA_ELASTICSEARCH_URL") else [])


@pytest.fixture(scope="session")
def emulator_url(tmp_path_factory):
    binary = shutil.which("noida-db") or str(Path(sys.executable).parent / "noida-db")
    port = services.free_port()
    data = tmp_path_factory.mktemp("noida")
    url = f"http://127.0.0.1:{port}"

    def answers() -> bool:
        try:
            urllib.request.urlopen(url, timeout=1).read()
            return True
        except OSError:
            return False

    proc = services.start([binary, "start", "--only", "elasticsearch", "--host", "127.0.0.1",
                           "--elasticsearch-port", str(port), "--data-dir", str(data / "db")],
                          data / "noida.log", answers)
    yield url
    services.stop(proc)


def make_backend(kind: str, tmp_path: Path, request):
    if kind == "embedded":
        return EmbeddedIndex(tmp_path / "index")
    from index.elastic import ElasticIndex

    url = (request.getfixturevalue("emulator_url") if kind == "es-emulator"
           else os.environ["SOHOA_ELASTICSEARCH_URL"])
    alias = f"sohoa-test-{uuid.uuid4().hex[:10]}"
    return ElasticIndex(Settings(home=tmp_path, elasticsearch_url=url, elasticsearch_index=alias))


@pytest.fixture(params=BACKENDS)
def empty_backend(request, tmp_path):
    idx = make_backend(request.param, tmp_path, request)
    yield idx
    if request.param != "embedded":  # leave nothing behind on a shared cluster
        for name in list(idx.client.indices.get_alias(name=idx.alias)):
            idx.client.indices.delete(index=name, ignore_unavailable=True)
    idx.close()
