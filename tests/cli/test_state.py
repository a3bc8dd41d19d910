"""Damaged state and bad search arguments through the installed ``sohoa`` script: each
case its documented exit code and a one-line message, never a traceback, and nothing
"repaired" into loss (homes made in the test, no OCR)."""

from __future__ import annotations

import json
import re
import shutil

import pytest

from index.embedded import EmbeddedIndex
from tests.cli.test_cli import run
from tests.pipeline.test_catalog_state import digest, settled, stored_home
from tests.pipeline.test_reindex import NAMES


def said(proc) -> str:
    """stderr as one line: rich's error box and wrapping taken away."""
    assert "Traceback" not in proc.stderr + proc.stdout
    return " ".join(re.sub(r"[│╭╮╰╯─]", " ", proc.stderr).split())


@pytest.fixture(scope="module")
def template(tmp_path_factory):
    home = tmp_path_factory.mktemp("state") / "home"
    catalog, index = stored_home(home)
    catalog.engine.dispose()
    return home


@pytest.fixture()
def home(template, tmp_path):
    copy = tmp_path / "home"
    shutil.copytree(template, copy, symlinks=True)
    return copy


def test_read_commands_on_a_missing_catalog_exit_3_and_create_nothing(tmp_path):
    home = tmp_path / "fresh"
    for args in (["search", "nguyen"], ["show", "0000"], ["export", tmp_path / "x.csv"],
                 ["index", "check"], ["index", "check", "--repair"], ["index", "rebuild"],
                 ["batch", "status"], ["batch", "report"], ["batch", "resume"]):
        proc = run(*args, home=home)
        assert proc.returncode == 3, (args, proc.stderr)
        assert "no catalog at" in said(proc) and "digitise scans first" in said(proc)
    assert not (home / "catalog.sqlite").exists()


def test_an_emptied_catalog_is_refused_by_every_command_and_left_as_it_is(home):
    catalog = home / "catalog.sqlite"
    for extra in home.glob("catalog.sqlite-*"):
        extra.unlink()
    catalog.write_bytes(b"")
    settled(catalog)
    for args in (["index", "check", "--repair"], ["search", "nguyen"], ["show", "0000"],
                 ["export", home / "x.csv"], ["index", "rebuild"], ["user", "list"]):
        proc = run(*args, home=home)
        assert proc.returncode == 5, (args, proc.stderr)
        assert "is damaged: the file is empty (0 bytes); restore it from backup" in said(proc)
        assert len(proc.stderr.strip().splitlines()) == 1  # one line, for scripts and logs
    assert catalog.stat().st_size == 0  # never recreated
    assert EmbeddedIndex(home / "index").count() == len(NAMES)  # nor the index wiped


def test_a_garbage_catalog_gives_a_message_not_a_sqlalchemy_traceback(home):
    catalog = home / "catalog.sqlite"
    for extra in home.glob("catalog.sqlite-*"):
        extra.unlink()
    catalog.write_bytes(b"not a catalog at all " * 300)
    before = digest(settled(catalog))
    for args in (["search", "nguyen"], ["show", "0000"], ["export", home / "x.csv"],
                 ["index", "check"], ["index", "rebuild"], ["digitize", home / "none.png"],
                 ["batch", "status"]):
        proc = run(*args, home=home)
        assert proc.returncode == 5, (args, proc.stderr)
        assert "is damaged: file is not a database; restore it from backup" in said(proc)
        assert "sqlalche" not in proc.stderr
    assert digest(catalog) == before


def test_a_deleted_index_is_no_answer_of_zero_records(home):
    shutil.rmtree(home / "index")
    proc = run("search", "nguyen", home=home)
    assert proc.returncode == 5 and proc.stdout == ""
    assert (f"the index holds 0 records but the catalog has {len(NAMES)} document(s): "
            "run `sohoa index rebuild`") in said(proc)
    assert run("index", "rebuild", home=home, check_code=0)
    hits = run("search", "nguyen van an", "--json", home=home, check_code=0).stdout
    assert json.loads(hits.splitlines()[0])["document_id"] == f"{0:016x}"


def test_a_leftover_rebuild_state_is_discarded_with_a_warning(home):
    (home / "index-rebuild.json").write_text(json.dumps(
        {"generation": "gen-20240101000000-000000001", "after": "", "done": 0, "failed": []}))
    proc = run("index", "rebuild", home=home, check_code=0)
    assert "discarding the saved state of an interrupted rebuild" in said(proc)
    assert f"indexed {len(NAMES)} document(s)" in said(proc)
    assert not (home / "index-rebuild.json").exists()
    assert "indexed" in said(run("index", "rebuild", home=home, check_code=0))  # and again


def test_a_repair_that_deletes_more_than_it_adds_needs_yes(home, tmp_path):
    other = tmp_path / "other"  # a catalog holding one of the seven documents only
    stored_home(other, NAMES[:1])[0].engine.dispose()  # the last close folds the WAL in
    shutil.copy(other / "catalog.sqlite", home / "catalog.sqlite")
    for extra in home.glob("catalog.sqlite-*"):
        extra.unlink()
    proc = run("index", "check", "--repair", home=home)
    assert proc.returncode == 4
    assert ("repair refused: it would delete 6 index entries and add 0" in said(proc)
            and "--repair --yes" in said(proc))
    refused = run("index", "rebuild", home=home)
    assert refused.returncode == 4 and ("rebuild refused: the catalog gives 1 index entries "
                                        "and the index holds 7") in said(refused)
    kept = run("search", "tran thi binh", "--json", home=home, check_code=0).stdout
    assert json.loads(kept.splitlines()[0])["document_id"] == f"{1:016x}"  # nothing deleted
    assert "now consistent" in said(run("index", "check", "--repair", "--yes", home=home,
                                        check_code=0))
    assert run("search", "tran thi binh", "--json", home=home, check_code=0).stdout == ""


@pytest.mark.parametrize(("args", "message"), [
    (["nguyen", "--offset", "1000000000"], "Invalid value for '--offset'"),
    (["nguyen", "--offset", "9999", "-n", "2"], "offset must be between 0 and 9,998"),
    (["nguyen", "--limit", "501"], "Invalid value for '--limit'"),
    (["nguyen", "--year", "9223372036854775808"], "Invalid value for '--year'"),
    (["nguyen", "--year", "1799"], "Invalid value for '--year'"),
    (["nguyen", "--born-to", "9999-12-31"],
     "born to must be a date between 1800 and 2200, not 9999-12-31"),
    (["nguyen", "--born-from", "1700-01-01"], "born from must be a date between 1800 and 2200"),
    (["nguyen", "--born-from", "2001-01-01", "--born-to", "2000-01-01"],
     "born from (2001-01-01) is after born to (2000-01-01)"),
    (["-nguyen"], "'-nguyen' is no option of sohoa search; a query that starts with '-' "
                  "goes after '--': sohoa search -- -nguyen"),
])
def test_search_arguments_are_checked_at_the_boundary(home, args, message):
    proc = run("search", *args, home=home)
    assert proc.returncode == 2, proc.stderr
    assert message in said(proc)


def test_a_query_starting_with_a_dash_works_after_double_dash(home):
    hits = run("search", "--json", "--", "-nguyen van an", home=home, check_code=0).stdout
    assert json.loads(hits.splitlines()[0])["document_id"] == f"{0:016x}"
    assert "goes after '--'" in run("search", "--help", home=home, check_code=0).stdout
    paged = run("search", "nguyen", "--offset", "9995", "-n5", home=home, check_code=0)
    assert "matching record(s)" in said(paged)  # the bounds themselves are allowed


def test_an_unreachable_catalog_server_is_unavailable_not_damaged(tmp_path, monkeypatch):
    from tests.services import free_port

    monkeypatch.setenv("SOHOA_DATABASE_URL",
                       f"postgresql+psycopg://sohoa:s3cret@127.0.0.1:{free_port()}/sohoa")
    for args in (["show", "0000"], ["index", "check"]):
        proc = run(*args, home=tmp_path)
        assert proc.returncode == 5, proc.stderr
        assert "damaged" not in said(proc) and "s3cret" not in proc.stderr
        assert len(proc.stderr.strip().splitlines()) == 1


def test_an_empty_or_invalid_setting_is_named_on_one_line(tmp_path):
    """SOHOA_HOME="" would have put the catalog in the current folder."""
    proc = run("search", "nguyen", home="", cwd=tmp_path)
    assert proc.returncode == 2
    assert said(proc) == ("bad setting SOHOA_HOME: empty: set it to a folder, or unset it "
                          "for the default ~/.local/share/sohoa")
    assert list(tmp_path.iterdir()) == []  # nothing made where the command ran
