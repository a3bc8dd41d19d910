"""The bad-input corpus through ``sohoa digitize`` and ``sohoa batch run``, and a full disk
(issue #18): every file reported with its outcome, no traceback, the run stopped cleanly."""

from __future__ import annotations

import contextlib
import errno
import json
import os
import re
import signal
import subprocess
import sys
import time
from pathlib import Path

import pikepdf
import pytest

from pipeline.samples.bad_inputs import make_corpus, text_page

SOHOA = str(Path(sys.executable).parent / "sohoa")
pytestmark = pytest.mark.tesseract


def sohoa(*args, home: Path, **env) -> subprocess.CompletedProcess:
    environ = {**os.environ, "SOHOA_HOME": str(home), "OMP_THREAD_LIMIT": "1", **env}
    return subprocess.run([SOHOA, *map(str, args)], capture_output=True, text=True, env=environ)


@pytest.fixture(scope="module")
def corpus(tmp_path_factory) -> tuple[Path, dict]:
    folder = tmp_path_factory.mktemp("bad")
    return folder, make_corpus(folder)


def test_digitize_reports_every_bad_file_with_its_outcome(corpus, tmp_path):
    folder, expected = corpus
    proc = sohoa("digitize", folder, "--json", "--jobs", "2", home=tmp_path / "home")
    assert proc.returncode == 1 and "Traceback" not in proc.stderr, proc.stderr
    results = {Path(r["source"]).name: r for r in map(json.loads, proc.stdout.splitlines())}
    assert set(results) == set(expected)
    for name, want in expected.items():
        got = results[name]
        assert got["status"] == want.status, (name, got["error"])
        assert want.reason in (got["error"] or "").lower(), (name, got["error"])
        if want.status == "incomplete":
            assert got["pdf"] and Path(got["pdf"]).exists() and got["pages"]
    summary = proc.stderr.strip().splitlines()[-1]
    found = re.match(r"6 of 13 document\(s\) digitised into .* \(4 incomplete: pages not "
                     r"read\), 7 failed; page workers peaked at (\d+) MiB$", summary)
    assert found and int(found[1]) < 1024, summary  # the goal: 1 GiB a worker
    shown = sohoa("show", results["corrupt-page-2.tif"]["document_id"], home=tmp_path / "home")
    assert "status: incomplete (1 of 3 page(s) could not be read" in " ".join(shown.stdout.split())


def test_batch_run_reports_every_bad_file(corpus, tmp_path):
    folder, expected = corpus
    proc = sohoa("batch", "run", folder, "--name", "bad", "--jobs", "2", home=tmp_path / "home")
    assert proc.returncode == 1 and "Traceback" not in proc.stderr, proc.stderr
    report = sohoa("batch", "status", "--json", home=tmp_path / "home")
    state = json.loads(report.stdout)
    reported = {Path(f["source"]).name for f in state["failures"]}  # files and pages
    assert reported == {n for n, e in expected.items() if e.status != "ok"}
    lines = proc.stderr
    for name, want in expected.items():
        assert re.search(rf"^{want.status} \S*/{re.escape(name)}", lines, re.M), name
    assert "4 incomplete (pages not read)" in lines


def _two_scans(folder: Path) -> list[Path]:
    """Two small pages of text (different files: two documents)."""
    folder.mkdir(parents=True)
    first, second = folder / "a.png", folder / "b.png"
    text_page().save(first)
    text_page(width=1300).save(second)
    return [first, second]


def _mount_tmpfs(where: Path, size_kb: int) -> bool:
    where.mkdir(parents=True, exist_ok=True)
    done = subprocess.run(["mount", "-t", "tmpfs", "-o", f"size={size_kb}k", "tmpfs", str(where)],
                          capture_output=True)
    return done.returncode == 0


def test_a_full_archive_disk_stops_digitize_cleanly_real_tmpfs(tmp_path):
    """A real full file system: the archive folder is a 1 MB tmpfs, filled up after a
    first document is archived (needs root and mount rights; where those are missing the
    injected test below covers the same path)."""
    home = tmp_path / "home"
    archive = home / "archive"
    if not _mount_tmpfs(archive, 1024):
        pytest.skip("cannot mount a tmpfs here (not root, or no mount rights in this sandbox)")
    try:
        first, second = _two_scans(tmp_path / "scans")
        assert sohoa("digitize", first, "--jobs", "1", home=home).returncode == 0
        with (archive / "filler").open("wb", buffering=0) as filler, pytest.raises(
                OSError, match="No space left"):  # every byte left taken
            while True:
                filler.write(b"\0" * 65536)
        proc = sohoa("digitize", first, second, "--jobs", "1", home=home)
        assert proc.returncode == 6 and "Traceback" not in proc.stderr, proc.stderr
        lines = proc.stderr.splitlines()
        assert lines[0].startswith("ok ") and "a.png" in lines[0] and "skipped" in lines[0]
        assert re.match(r"failed \S*b.png: not saved, the run stopped: cannot write "
                        r"\S+\.pdf: no space left on device", lines[1], re.I), lines[1]
        assert "0 of 2 document(s) digitised" in proc.stderr and "1 failed" in proc.stderr
        assert "1 already in the catalog" in proc.stderr
        assert "run stopped: a write failed (no space left on device)" in " ".join(
            lines[-2:]).lower()
        assert not [p for p in archive.iterdir() if p.name.endswith(".tmp")]  # no half file
        (archive / "filler").unlink()  # space freed: the same command finishes the rest
        again = sohoa("digitize", first, second, "--jobs", "1", home=home)
        assert again.returncode == 0, again.stderr
        assert "1 of 2 document(s) digitised" in again.stderr
    finally:
        subprocess.run(["umount", str(archive)], check=False)


def test_a_write_error_stops_a_batch_and_resume_finishes_it_injected(tmp_path, monkeypatch):
    """Injected ENOSPC (a stand-in for a full disk, named so): the second document's
    archive write fails; the batch stops with the first done, and resume finishes the
    second from its kept pages without reading them again."""
    from index import open_index
    from pipeline import batch
    from pipeline.catalog import Catalog
    from pipeline.errors import WriteFailed
    from tests.conftest import make_settings

    _two_scans(tmp_path / "scans")
    settings = make_settings(tmp_path / "home", jobs=1)
    catalog, index = Catalog(settings.catalog_url), open_index(settings)
    batch_id = batch.register(catalog, settings, "full", [tmp_path / "scans"])
    real_save, calls = pikepdf.Pdf.save, []

    def full_disk(pdf, target, *args, **kwargs):
        calls.append(target)
        if len(calls) == 2:  # the second archive: the disk is full
            raise OSError(errno.ENOSPC, os.strerror(errno.ENOSPC), str(target))
        return real_save(pdf, target, *args, **kwargs)
    monkeypatch.setattr(pikepdf.Pdf, "save", full_disk)
    seen = []
    with pytest.raises(WriteFailed, match="No space left on device"):
        for result in batch.run(catalog, index, settings, batch_id):
            seen.append((Path(result.source).name, result.status, result.error))
    assert seen[0][:2] == ("a.png", "ok")
    assert seen[1][:2] == ("b.png", "failed") and "No space left" in seen[1][2]
    monkeypatch.setattr(pikepdf.Pdf, "save", real_save)
    seconds_before = {p.page: p.seconds for p in batch.BatchLog(catalog.engine).pages(batch_id)}
    [finished] = list(batch.run(catalog, index, settings, batch_id))
    assert (Path(finished.source).name, finished.status) == ("b.png", "ok")
    assert {p.page: p.seconds for p in batch.BatchLog(catalog.engine).pages(batch_id)} == (
        seconds_before)  # no page read again


def test_signing_on_a_full_disk_stops_the_run_with_sohoas_message_real_tmpfs(tmp_path):
    """--sign writes the signed file beside the PDF/A it signs: on a real tmpfs left with
    room for the PDF/A but not for its signed copy, the signing write fails: the document
    fails with sohoa's message, the run stops (exit 6), no traceback, no half file."""
    from tests.pipeline.certs import PASSWORD, make_pki

    pki = make_pki(tmp_path / "pki")
    [scan, _] = _two_scans(tmp_path / "scans")
    sized = sohoa("digitize", scan, "--jobs", "1", "--json", home=tmp_path / "sizing")
    unsigned = Path(json.loads(sized.stdout)["pdf"]).stat().st_size
    home = tmp_path / "home"
    archive = home / "archive"
    if not _mount_tmpfs(archive, 2048):
        pytest.skip("cannot mount a tmpfs here (not root, or no mount rights in this sandbox)")
    try:
        with (archive / "filler").open("wb", buffering=0) as filler, pytest.raises(
                OSError, match="No space left"):
            while True:
                filler.write(b"\0" * 4096)
        with (archive / "filler").open("r+b") as filler:  # room for the PDF/A, and half
            filler.truncate(max(0, filler.seek(0, 2) - unsigned - unsigned // 2 - 8192))
        proc = sohoa("digitize", scan, "--sign", pki.p12, "--jobs", "1", home=home,
                     SOHOA_SIGN_PASSWORD=PASSWORD)
        assert proc.returncode == 6 and "Traceback" not in proc.stderr, proc.stderr
        assert re.search(r"failed \S*a.png: not saved, the run stopped: cannot write "
                         r"\S+\.pdf: no space left on device", proc.stderr, re.I), proc.stderr
        assert "run stopped: a write failed (no space left on device)" in proc.stderr.lower()
        assert not [p for p in archive.iterdir() if p.name.endswith(".tmp")]
    finally:
        subprocess.run(["umount", str(archive)], check=False)


def _processes() -> dict[int, tuple[int, str]]:
    """Every process: pid -> (parent pid, name), from /proc."""
    found = {}
    for stat in Path("/proc").glob("[0-9]*/stat"):
        try:
            text = stat.read_text()
        except OSError:
            continue
        found[int(stat.parent.name)] = (int(text[text.rfind(")") + 2:].split()[1]),
                                        text[text.find("(") + 1:text.rfind(")")])
    return found


def test_a_page_worker_killed_fails_its_pages_and_the_run_goes_on(tmp_path):
    """kill -9 of a page worker while it reads (a real sohoa digitize, two workers): the
    pages then in flight fail with sohoa's message, the later documents are read by a
    fresh pool, every file is reported and the closing note counts them; no traceback."""
    scans = tmp_path / "scans"
    scans.mkdir()
    for n in range(6):
        text_page(width=1240 + 20 * n).save(scans / f"s{n}.png", dpi=(150, 150))
    proc = subprocess.Popen([SOHOA, "digitize", str(scans), "--jobs", "2"], text=True,
                            stdout=subprocess.PIPE, stderr=subprocess.PIPE, env={
                                **os.environ, "SOHOA_HOME": str(tmp_path / "home"),
                                "OMP_THREAD_LIMIT": "1"})
    killed = None
    deadline = time.monotonic() + 120
    while killed is None and time.monotonic() < deadline and proc.poll() is None:
        table = _processes()
        for pid, (parent, name) in table.items():  # a tesseract whose worker is ours
            worker = table.get(parent, (0, ""))[0]
            if name == "tesseract" and table.get(worker, (0, ""))[0] == proc.pid:
                os.kill(parent, signal.SIGKILL)
                killed = parent
                with contextlib.suppress(ProcessLookupError):
                    os.kill(pid, signal.SIGKILL)  # its tesseract, orphaned now
                break
        time.sleep(0.02)
    _, stderr = proc.communicate(timeout=600)
    assert killed is not None, "no worker was seen reading a page"
    assert proc.returncode == 1 and "Traceback" not in stderr, stderr
    lines = [x for x in stderr.splitlines() if re.match(r"(ok|failed|incomplete) ", x)]
    assert sorted(re.search(r"s\d\.png", x).group() for x in lines) == [
        f"s{n}.png" for n in range(6)]
    lost = [x for x in lines if "worker process reading it stopped" in x]
    assert lost and all(x.startswith("failed ") for x in lost)
    assert any(x.startswith("ok ") for x in lines)  # read by the fresh pool
    assert re.search(rf"{6 - len(lost)} of 6 document\(s\) digitised .*, {len(lost)} failed",
                     stderr), stderr
