"""README's examples, run as a new user would type them (issue #20: "every example runs").

The shell blocks of the README's Usage and Web app sections are parsed, not copied, so a
new example is run automatically; each line runs through bash, in README order, in a
throw-away HOME holding generated scans where the examples name folders (`~/scans/2019`,
`book.tif`...). A line is run unchanged but for the substitutions in ``SUBSTITUTE`` and
``ADJUST``; a line not run here is in ``NOT_RUN`` with the reason. Every line must exit 0
(or the code in ``EXIT_CODES``) and print no traceback. The "Several machines" block
is run by ``test_several_machines_as_written`` with a throw-away PostgreSQL and Redis.
"""

from __future__ import annotations

import json
import os
import re
import shutil
import subprocess
import sys
import tempfile
import urllib.request
from pathlib import Path

import pytest

from pipeline.samples import generate
from tests import services

README = Path(__file__).resolve().parents[1] / "README.md"
BIN = Path(sys.executable).parent
SECTIONS = ("## Usage", "## Web app")
MULTI_MACHINE = ("**Several machines**", "Workers acknowledge a page")
PASSPHRASE = "a long passphrase"
pytestmark = pytest.mark.tesseract

# line prefix -> why the line is not run here
NOT_RUN = {
    ". .venv/bin/activate": "this test puts the venv's bin/ (sohoa) first on PATH instead",
}
# literal text in a line -> what it becomes here (a value only a real run can give)
SUBSTITUTE = {
    "2c4186f2": lambda run: run.document_id(),
    "RECORD_ID": lambda run: run.record_id(),
    "http://127.0.0.1:8000": lambda run: f"http://127.0.0.1:{run.port}",
    '"password": "…"': lambda run: f'"password": "{PASSPHRASE}"',
}
# command prefix -> how the line is changed to finish in time (each documented in README)
ADJUST = {
    "sohoa samples": ("--count N becomes --count 2, for time",
                      lambda line: re.sub(r"--count \d+", "--count 2", line)),
    "sohoa watch": ("--once: digitise what is there and stop, instead of watching forever",
                    lambda line: line.replace("sohoa watch ", "sohoa watch --interval 0.2 "
                                                                "--once ", 1)),
    "sohoa serve": ("started in the background on a free port; stopped after the last line",
                    lambda line: line),
    "sohoa delete": ("run in a terminal (script) that answers y to its question",
                     lambda line: line),
}
EXIT_CODES: dict[str, int] = {}


def runnable_lines(text: str) -> list[tuple[str, str]]:
    """(section heading, line) of every ```sh block of SECTIONS, in order; continuation
    lines joined; the "Several machines" part left out (its own test runs it)."""
    lo, hi = text.index(MULTI_MACHINE[0]), text.index(MULTI_MACHINE[1])
    text = text[:lo] + text[hi:]
    found: list[tuple[str, str]] = []
    for heading in SECTIONS:
        start = text.index(heading + "\n")
        end = text.find("\n## ", start + 1)
        body = text[start:end if end > 0 else None]
        for block in re.findall(r"```sh\n(.*?)```", body, flags=re.S):
            for line in block.replace("\\\n", " ").splitlines():
                if line.strip() and not line.lstrip().startswith("#"):
                    found.append((heading, line.strip()))
    return found


def several_machines_blocks(text: str) -> list[str]:
    """The fenced blocks of the "Several machines" part, in order (sh and config)."""
    part = text[text.index(MULTI_MACHINE[0]):text.index(MULTI_MACHINE[1])]
    return re.findall(r"```\w*\n(.*?)```", part, flags=re.S)


class Run:
    """A throw-away HOME with the files the examples name, and the values they need."""

    def __init__(self, root: Path) -> None:
        self.home, self.cwd = root / "home", root / "work"
        self.cwd.mkdir(parents=True)
        self.env = {k: v for k, v in os.environ.items() if not k.startswith("SOHOA_")}
        self.env |= {"HOME": str(self.home), "PATH": f"{BIN}:{os.environ['PATH']}",
                     "OMP_THREAD_LIMIT": "1", "NO_COLOR": "1"}
        self.port, self.server = services.free_port(), None
        scans = generate(self.home / "scans" / "2019", 2, seed=31, degradation="clean",
                         formats=("png", "jpg"), kinds=("birth", "death"))
        shutil.copytree(self.home / "scans" / "2019", self.home / "scans" / "cabinet-3")
        (self.home / "hot-folder").mkdir()
        shutil.copy(scans[0], self.home / "hot-folder")
        shutil.copy(scans[1], self.cwd / "bad-page.jpg")
        book = generate(root / "book", 1, seed=32, formats=("tif",), kinds=("register-blocks",))
        shutil.copy(book[0], self.cwd / "book.tif")

    def sohoa_json(self, *args: str) -> list[dict]:
        done = subprocess.run(["sohoa", *args, "--json"], env=self.env, cwd=self.cwd,
                              capture_output=True, text=True, check=True, timeout=120)
        return [json.loads(line) for line in done.stdout.splitlines() if line.strip()]

    def document_id(self) -> str:
        return self.sohoa_json("list")[0]["document_id"][:8]

    def record_id(self) -> str:
        return self.sohoa_json("search", "", "--type", "birth")[0]["record_id"]

    def export(self, line: str) -> None:
        name = line.split()[1].split("=", 1)[0]
        done = subprocess.run(["bash", "-c", f'{line}\nprintf %s "${name}"'], env=self.env,
                              capture_output=True, text=True, check=True)
        self.env[name] = done.stdout

    def serve(self, line: str) -> None:
        command = line.split("#")[0] + f" --port {self.port}"
        self.server = services.start(["bash", "-c", f"exec {command}"], self.cwd / "serve.log",
                                     self.healthy, timeout=60, env=self.env)

    def healthy(self) -> bool:
        try:
            with urllib.request.urlopen(f"http://127.0.0.1:{self.port}/health", timeout=2) as r:
                return json.load(r) == {"status": "ok"}
        except OSError:
            return False

    def shell(self, line: str) -> subprocess.CompletedProcess:
        argv, answer = ["bash", "-o", "pipefail", "-c", line], f"{PASSPHRASE}\n"
        if line.startswith("sohoa delete"):
            argv, answer = ["script", "-qec", line, "/dev/null"], "y\n"
        return subprocess.run(argv, env=self.env, cwd=self.cwd, input=answer,
                              capture_output=True, text=True, timeout=600)


def prepared(run: Run, line: str) -> str:
    for literal, value in SUBSTITUTE.items():
        if literal in line:
            line = line.replace(literal, value(run))
    for prefix, (_, change) in ADJUST.items():
        if line.startswith(prefix):
            line = change(line)
    return line


def test_every_readme_example_runs(tmp_path):
    lines = runnable_lines(README.read_text(encoding="utf-8"))
    assert len(lines) > 30 and any(h == "## Web app" for h, _ in lines)
    run, used = Run(tmp_path), set()
    try:
        for _, line in lines:
            skip = next((p for p in NOT_RUN if line.startswith(p)), None)
            if skip:
                used.add(skip)
                continue
            line = prepared(run, line)
            if line.startswith("export "):
                run.export(line)
            elif line.startswith("sohoa serve"):
                run.serve(line)
            else:
                done = run.shell(line)
                said = done.stdout + done.stderr
                want = next((c for p, c in EXIT_CODES.items() if line.startswith(p)), 0)
                assert done.returncode == want and "Traceback" not in said, (line, said[-3000:])
                if line.startswith("curl"):
                    assert '"detail"' not in said, (line, said)
    finally:
        if run.server:
            services.stop(run.server)
    assert used == set(NOT_RUN), "a NOT_RUN entry no README line needs any more"
    assert run.server is not None and run.server.poll() is not None  # serve ran, then stopped
    assert not (tmp_path / "home" / "hot-folder" / "birth-001.png").exists()  # watch took it


# The "Several machines" part, with this machine standing for every host: the private
# address 192.0.2.2 becomes 127.0.0.2 (Linux answers on all of 127/8), the network
# 192.0.2.0/24 becomes 127.0.0.0/8, and each service runs throw-away on a free port.
HOSTS = {"192.0.2.2": "127.0.0.2", "192.0.2.0/24": "127.0.0.0/8"}
DB_PASSWORD, REDIS_PASSWORD = "Db-pass_1", "Redis-pass_2"


def _as_here(text: str, pg_port: int, redis_port: int, srv: Path) -> str:
    for a, b in {**HOSTS, "db-host/": f"127.0.0.2:{pg_port}/", "DB-PASSWORD": DB_PASSWORD,
                 "broker-host:6379": f"127.0.0.2:{redis_port}",
                 "A-LONG-REDIS-PASSWORD": REDIS_PASSWORD, "/srv/sohoa": str(srv)}.items():
        text = text.replace(a, b)
    return text


def _config_lines(block: str) -> str:
    return "\n".join(line.split("#")[0].rstrip() for line in block.splitlines()) + "\n"


def _postgres(folder: Path, database_sh: str, conf: str, hba: str
              ) -> tuple[subprocess.Popen, int, dict[str, str]]:
    """initdb a cluster in ``folder`` (outside pytest's root-only folders: as root it runs
    as postgres) whose TCP access is README's pg_hba line alone, with README's
    postgresql.conf lines; start it; run README's createuser/createdb lines on it."""
    import glob

    bin_dir = Path(sorted(glob.glob("/usr/lib/postgresql/*/bin/initdb"))[-1]).parent
    root = os.geteuid() == 0
    as_pg = ["runuser", "-u", "postgres", "--"] if root else []
    if root:
        shutil.chown(folder, "postgres")
    data = folder / "db"
    subprocess.run([*as_pg, str(bin_dir / "initdb"), "-D", str(data), "-U", "postgres",
                    "-E", "UTF8", "--no-sync"], check=True, capture_output=True)
    port = services.free_port()
    (data / "pg_hba.conf").write_text("local all all trust\n" + hba)  # trust: stands for peer
    with (data / "postgresql.conf").open("a") as f:
        f.write(conf + f"port = {port}\nunix_socket_directories = '{folder}'\nfsync = off\n")
    proc = services.start([str(bin_dir / "postgres"), "-D", str(data)], folder / "pg.log",
                          lambda: services.listening(port), user="postgres" if root else None)
    env = {**os.environ, "PGHOST": str(folder), "PGPORT": str(port), "PATH":
           f"{bin_dir}:{os.environ['PATH']}"}
    try:
        for line in database_sh.splitlines():
            line = line.split("#")[0].strip()
            if not line or line.startswith(("apt-get", "systemctl")):
                continue  # installed already (make system); started above
            line = line.replace("sudo -u postgres ", " ".join([*as_pg, ""]))  # README: runuser
            done = subprocess.run(["bash", "-c", line], env=env, capture_output=True,
                                  text=True, input=f"{DB_PASSWORD}\n{DB_PASSWORD}\n", timeout=60)
            assert done.returncode == 0, (line, done.stderr)
    except BaseException:
        services.stop(proc)
        raise
    return proc, port, env


def test_several_machines_as_written(tmp_path):
    blocks = several_machines_blocks(README.read_text(encoding="utf-8"))
    database_sh, pg_conf, pg_hba, redis_conf, every_machine = blocks
    assert "createuser -P" in database_sh and "requirepass" in redis_conf
    srv = tmp_path / "srv" / "sohoa"
    generate(srv / "incoming" / "cabinet-3", 1, seed=33, formats=("png",), kinds=("birth",))
    env = {**os.environ, "PATH": f"{BIN}:{os.environ['PATH']}", "OMP_THREAD_LIMIT": "1"}
    env = {k: v for k, v in env.items() if not k.startswith("SOHOA_")}
    redis_port, conf = services.free_port(), tmp_path / "redis.conf"
    conf.write_text(_config_lines(_as_here(redis_conf, 0, 0, tmp_path))
                    + f"port {redis_port}\nsave \"\"\nappendonly no\ndir {tmp_path}\n")
    pg_dir = Path(tempfile.mkdtemp(prefix="sohoa-readme-pg-", dir=services.SYSTEM_TMP))
    pg = redis = worker = None
    try:
        pg, pg_port, _ = _postgres(pg_dir, database_sh,
                                   _config_lines(_as_here(pg_conf, 0, 0, tmp_path)),
                                   _config_lines(_as_here(pg_hba, 0, 0, tmp_path)))
        redis = services.start(["redis-server", str(conf)], tmp_path / "redis.log",
                               lambda: services.listening(redis_port))
        for line in _as_here(every_machine, pg_port, redis_port, srv).splitlines():
            command = line.split("  #")[0].strip()
            if command.startswith("export "):
                name = command.split()[1].split("=", 1)[0]
                env[name] = subprocess.run(["bash", "-c", f'{command}\nprintf %s "${name}"'],
                                           env=env, capture_output=True, text=True).stdout
            elif command.startswith("sohoa worker"):
                log = tmp_path / "worker.log"
                worker = services.start(["bash", "-c", f"exec {command}"], log,
                                        lambda log=log: "ready" in log.read_text(), 60,
                                        env=env)
            elif command.startswith("sohoa batch run"):
                wrong = env | {"SOHOA_BROKER_URL": env["SOHOA_BROKER_URL"].replace(
                    REDIS_PASSWORD, "wrong")}
                refused = subprocess.run(["bash", "-c", command], env=wrong, text=True,
                                         capture_output=True, timeout=120)
                assert refused.returncode == 5 and "Traceback" not in refused.stderr
                wrong = env | {"SOHOA_DATABASE_URL": env["SOHOA_DATABASE_URL"].replace(
                    DB_PASSWORD, "wrong-db-pass")}
                refused = subprocess.run(["bash", "-c", command], env=wrong, text=True,
                                         capture_output=True, timeout=120)
                assert refused.returncode == 5 and "Traceback" not in refused.stderr
                assert "password authentication failed" in refused.stderr
                assert "wrong-db-pass" not in refused.stderr
                done = subprocess.run(["bash", "-c", command], env=env, text=True,
                                      capture_output=True, timeout=300)
                assert done.returncode == 0, done.stderr
                assert "1 of 1 page(s) done" in done.stderr and "Traceback" not in done.stderr
        assert worker is not None and "127.0.0.2" in env["SOHOA_DATABASE_URL"]
    finally:
        for proc in (worker, redis, pg):
            if proc:
                services.stop(proc)
        shutil.rmtree(pg_dir, ignore_errors=True)
