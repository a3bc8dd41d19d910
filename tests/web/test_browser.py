"""The web app in headless Chromium (Debian's, driven by Playwright; no browser download):
log in, search a name typed without diacritics, open the document, correct a field, find
the change in the audit view and in search, accept a record from the keyboard.
Screenshots of each page go to pytest's tmp dir; the document page's to docs/."""

from __future__ import annotations

import socket
import threading
import time
from pathlib import Path

import pytest
import uvicorn

from ocr.text import fold_lower
from tests.web.conftest import PASSWORDS, flag_for_review, seeded
from web.app import create_app

pytestmark = [pytest.mark.browser, pytest.mark.tesseract]

CHROMIUM = "/usr/bin/chromium"
ARGS = ["--no-sandbox", "--disable-gpu", "--disable-background-networking",
        "--disable-component-update", "--disable-sync", "--no-first-run"]
DOCS_SHOT = Path(__file__).resolve().parents[2] / "docs" / "screenshot-document.png"
NEW_NAME = "PHẠM THỊ THƯƠNG"


def free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


@pytest.fixture(scope="module")
def server(digitised_home, tmp_path_factory):
    world = seeded(digitised_home, tmp_path_factory)
    flag_for_review(world.settings)
    port = free_port()
    config = uvicorn.Config(create_app(world.service), host="127.0.0.1", port=port,
                            log_level="warning", access_log=False)
    srv = uvicorn.Server(config)
    thread = threading.Thread(target=srv.run, daemon=True)
    thread.start()
    deadline = time.monotonic() + 20
    while not srv.started:
        assert time.monotonic() < deadline, "uvicorn did not start"
        time.sleep(0.05)
    yield f"http://127.0.0.1:{port}", world
    srv.should_exit = True
    thread.join(10)


@pytest.fixture(scope="module")
def browser():
    if not Path(CHROMIUM).exists():
        pytest.fail(f"{CHROMIUM} is missing: install Debian's chromium (apt-get install chromium); "
                    "the browser tests never download one", pytrace=False)
    from playwright.sync_api import sync_playwright

    with sync_playwright() as p:
        b = p.chromium.launch(executable_path=CHROMIUM, args=ARGS)
        yield b
        b.close()


def shot(page, folder: Path, name: str) -> Path:
    path = folder / f"{name}.png"
    page.screenshot(path=str(path))
    return path


def small_copy(src: Path, dest: Path, limit: int = 300_000) -> None:
    """The README's screenshot, reduced to a palette PNG under ``limit`` bytes."""
    from PIL import Image

    dest.parent.mkdir(parents=True, exist_ok=True)
    image = Image.open(src).convert("RGB")
    for width in (1280, 1100, 960, 800):
        small = image.resize((width, round(image.height * width / image.width)))
        small.quantize(colors=128).save(dest, optimize=True)
        if dest.stat().st_size < limit:
            return
    raise AssertionError(f"{dest} stays above {limit} bytes")


def test_search_open_correct_audit(server, browser, tmp_path):
    base, world = server
    birth = next(t for t in world.truths if t["kind"] == "birth")["records"][0]["fields"]
    page = browser.new_page(viewport={"width": 1360, "height": 860}, reduced_motion="reduce")
    page.goto(f"{base}/search")
    assert "/login" in page.url
    shot(page, tmp_path, "1-login")
    page.fill("#username", "admin")
    page.fill("#password", PASSWORDS["admin"])
    page.click("form.stack button[type=submit]")
    page.wait_for_url(f"{base}/search")

    page.fill("#q", fold_lower(birth["full_name"]))
    page.press("#q", "Enter")
    page.wait_for_selector("ol.hits li.hit")
    assert "<mark>" in page.inner_html("ol.hits li.hit .who")
    shot(page, tmp_path, "2-search")

    page.click("ol.hits li.hit a.who")
    page.wait_for_selector("article.record")
    page.wait_for_load_state("load")  # images included (no eval: the CSP forbids it)
    page.click("article.record tr.field[data-key=full_name]")
    assert page.is_visible("figure.page .field-box"), "the name's box is outlined on the page"
    page.evaluate("window.scrollTo(0, 0)")  # the same picture every run: header on top
    small_copy(shot(page, tmp_path, "3-document"), DOCS_SHOT)

    page.click("article.record a.button")  # Sửa (correct)
    page.wait_for_selector("form.record-form")
    page.fill("input[name=f_full_name]", NEW_NAME)
    shot(page, tmp_path, "4-edit")
    page.click("form.record-form button[type=submit]")
    page.wait_for_selector("article.record .badge.ok")
    assert NEW_NAME in page.inner_text("article.record")
    assert "admin" in page.inner_text("article.record .badge.ok")

    page.goto(f"{base}/audit")
    assert NEW_NAME in page.inner_text("table.audit")
    shot(page, tmp_path, "5-audit")

    page.goto(f"{base}/search")
    page.fill("#q", fold_lower(NEW_NAME))
    page.press("#q", "Enter")
    page.wait_for_selector("ol.hits li.hit")
    assert NEW_NAME in page.inner_text("ol.hits li.hit .who")
    shot(page, tmp_path, "6-search-after")
    page.close()


def test_review_from_the_keyboard(server, browser, tmp_path):
    base, world = server
    page = browser.new_page(viewport={"width": 1360, "height": 860}, reduced_motion="reduce")
    page.goto(f"{base}/login")
    page.fill("#username", "officer")
    page.fill("#password", PASSWORDS["officer"])
    page.press("#password", "Enter")
    page.wait_for_url(f"{base}/search")
    before = world.service.review_queue(limit=100)
    assert before, "the generated scans should leave some record to review"
    page.goto(f"{base}/review/item?pos=0")
    page.wait_for_selector("#review-form")
    shot(page, tmp_path, "7-review")
    page.keyboard.press("j")
    page.keyboard.press("e")
    page.keyboard.type("X")
    page.keyboard.press("Escape")  # the edit is cancelled: the value is back
    started = time.monotonic()
    with page.expect_navigation():
        page.keyboard.press("a")  # accepted: the queue's next record is now at pos 0
    page.wait_for_load_state("load")
    waited = time.monotonic() - started
    assert page.url == f"{base}/review/item?pos=0"
    # what the reviewer waits for between records, out of the 30 s a record may take
    assert waited < 5, f"accepting and opening the next record took {waited:.1f} s"
    print(f"accept -> next record on screen: {waited * 1000:.0f} ms")
    after = world.service.review_queue(limit=100)
    assert len(after) == len(before) - 1
    accepted = world.service.record(before[0].record_id).record
    assert accepted.verified_by == "officer"
    edited = {k: (fv.ocr_value, fv.value) for k, fv in accepted.fields.items() if fv.edited_by}
    assert not edited, "Esc cancelled the edit; nothing else changed"
    page.close()


def test_screenshot_for_readme_is_small():
    assert DOCS_SHOT.exists() and DOCS_SHOT.stat().st_size < 300_000
