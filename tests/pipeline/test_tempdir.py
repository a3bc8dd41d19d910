"""Private temporary folders, in real processes: removed on exit, on SIGTERM, after a
worker is killed with -9 mid-page; a folder a killed process left is removed next time.
Each test points TMPDIR at its own folder, so it sees every temporary file made."""

from __future__ import annotations

import os
import signal
import stat
import subprocess
import sys
import time
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[2]

MAKE = """
import os, sys, tempfile, time
from pipeline.tempdir import private_tmp
folder = private_tmp()
with tempfile.NamedTemporaryFile(delete=False) as f:
    f.write(b"page")
print(folder, f.name, flush=True)
{then}
"""


def python(code: str, base: Path, **kw) -> subprocess.Popen:
    env = {**os.environ, "TMPDIR": str(base), "PYTHONPATH": str(ROOT)}
    return subprocess.Popen([sys.executable, "-c", code], env=env, stdout=subprocess.PIPE,
                            stderr=subprocess.PIPE, text=True, **kw)


def closed(path: Path) -> bool:
    return stat.S_IMODE(path.stat().st_mode) & 0o077 == 0


def leftovers(base: Path) -> list[Path]:
    """What is left in ``base``, but multiprocessing's own closed ``pymp-*`` folder of a
    killed process (its forkserver socket, no page data: not sohoa's to remove)."""
    mp = [p for p in base.glob("pymp-*") if closed(p)]
    return sorted(p for p in base.rglob("*") if not any(p.is_relative_to(m) for m in mp))


def test_temporary_files_go_to_a_private_folder_removed_at_exit(tmp_path):
    proc = python(MAKE.format(then=""), tmp_path)
    out, errors = proc.communicate(timeout=60)
    folder, name = out.split()
    assert proc.returncode == 0, errors
    assert Path(name).parent == Path(folder) and Path(folder).parent == tmp_path
    assert Path(folder).name.startswith(f"sohoa-{os.getuid()}-")
    assert leftovers(tmp_path) == []


def test_sigterm_removes_the_folder(tmp_path):
    proc = python(MAKE.format(then="time.sleep(60)"), tmp_path)
    folder = Path(proc.stdout.readline().split()[0])
    assert folder.is_dir() and closed(folder)
    proc.send_signal(signal.SIGTERM)
    assert proc.wait(timeout=30) == 128 + signal.SIGTERM
    assert leftovers(tmp_path) == []


def test_a_killed_process_leaves_a_closed_folder_the_next_one_removes(tmp_path):
    proc = python(MAKE.format(then="os.kill(os.getpid(), 9)"), tmp_path)
    out, _ = proc.communicate(timeout=60)
    folder, name = map(Path, out.split())
    assert proc.returncode == -signal.SIGKILL
    assert closed(folder) and Path(name).exists()  # left, but no other user may enter
    again = python(MAKE.format(then=""), tmp_path)
    again.communicate(timeout=60)
    assert leftovers(tmp_path) == []


@pytest.mark.tesseract
def test_kill_9_of_a_page_worker_mid_page_leaves_nothing_readable(sample_dir, tmp_path):
    """sohoa digitize with two page workers; one is killed while tesseract reads its page
    (its page image is in the worker's folder). Nothing is left once sohoa has ended."""
    base, home = tmp_path / "tmp", tmp_path / "home"
    base.mkdir()
    scans = sorted(sample_dir.glob("*.png"))[:1] + sorted(sample_dir.glob("*.tif"))[:1]
    env = {**os.environ, "TMPDIR": str(base), "PYTHONPATH": str(ROOT),
           "SOHOA_HOME": str(home), "OMP_THREAD_LIMIT": "1"}
    proc = subprocess.Popen([sys.executable, "-m", "cli", "digitize", *map(str, scans),
                             "--jobs", "2"], env=env, stdout=subprocess.PIPE,
                            stderr=subprocess.PIPE, text=True)
    page = None
    deadline = time.monotonic() + 120
    while page is None and time.monotonic() < deadline and proc.poll() is None:
        page = next(iter(base.glob("sohoa-*/w*/tess_*")), None)
        time.sleep(0.02)
    if page is None:
        proc.kill()
        pytest.fail(f"no page image seen in a worker's folder: {proc.communicate()[1][-2000:]}")
    worker = int(page.parent.name[1:].split("-")[0])
    assert closed(page.parent) and closed(page.parent.parent)
    os.kill(worker, signal.SIGKILL)
    proc.communicate(timeout=300)
    assert leftovers(base) == []
