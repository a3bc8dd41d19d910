"""The web app's guards without a server: the key file, CSRF tokens, the login limit."""

from __future__ import annotations

import stat

from pydantic import SecretStr

from pipeline.settings import Settings
from web.security import KEY_FILE, LoginLimiter, csrf_ok, csrf_token, secret_key


def test_a_random_key_is_kept_in_the_home_readable_by_its_owner_only(tmp_path):
    settings = Settings(home=tmp_path / "home")
    key = secret_key(settings)
    path = tmp_path / "home" / KEY_FILE
    assert len(key) >= 40 and path.read_text() == key
    assert stat.S_IMODE(path.stat().st_mode) == 0o600
    assert secret_key(settings) == key  # the same after a restart


def test_the_configured_key_wins(tmp_path):
    settings = Settings(home=tmp_path, secret_key=SecretStr("from-the-environment"))
    assert secret_key(settings) == "from-the-environment"
    assert not (tmp_path / KEY_FILE).exists()


def test_csrf_tokens_belong_to_the_session():
    session: dict = {}
    token = csrf_token(session)
    assert csrf_token(session) == token
    assert csrf_ok(session, token)
    assert not csrf_ok(session, None) and not csrf_ok(session, token + "x")
    assert not csrf_ok({}, token)


def test_five_failures_lock_the_name_and_the_address_for_the_window():
    now = [1000.0]
    limiter = LoginLimiter(clock=lambda: now[0])
    for _ in range(5):
        assert not limiter.blocked("lan", "10.0.0.1")
        limiter.failed("lan", "10.0.0.1")
    assert limiter.blocked("lan", "10.0.0.2")  # the name, from anywhere
    assert limiter.blocked("minh", "10.0.0.1")  # the address, for any name
    assert not limiter.blocked("minh", "10.0.0.2")
    now[0] += 301
    assert not limiter.blocked("lan", "10.0.0.1")


def test_a_right_password_clears_the_name_not_the_address():
    limiter = LoginLimiter()
    for _ in range(4):
        limiter.failed("lan", "10.0.0.1")
    limiter.succeeded("lan")
    limiter.failed("lan", "10.0.0.1")
    assert limiter.blocked("other", "10.0.0.1")
    assert not limiter.blocked("lan", "10.0.0.9")
