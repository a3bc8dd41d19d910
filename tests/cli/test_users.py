"""`sohoa user ...` through the installed console script: passwords from stdin only."""

import os
import subprocess

from app.service import Sohoa
from pipeline.settings import Settings
from tests.cli.test_cli import SOHOA


def user(*args, home, stdin=""):
    env = {**os.environ, "SOHOA_HOME": str(home)}
    return subprocess.run([*SOHOA, "user", *args], input=stdin, capture_output=True, text=True,
                          env=env)


def test_add_list_disable_and_passwd(tmp_path):
    assert user("add", "lan", "--role", "officer", home=tmp_path,
                stdin="một mật khẩu dài\n").returncode == 0
    listed = user("list", home=tmp_path)
    assert listed.returncode == 0 and "lan" in listed.stdout and "officer" in listed.stdout
    app = Sohoa(Settings(home=tmp_path))
    assert app.authenticate("lan", "một mật khẩu dài").role == "officer"
    assert user("passwd", "lan", home=tmp_path, stdin="another passphrase\n").returncode == 0
    assert app.authenticate("lan", "another passphrase").name == "lan"
    assert user("disable", "lan", home=tmp_path).returncode == 0
    assert "disabled" in user("list", home=tmp_path).stdout
    trail = app.audit(user_name="cli")
    assert [e.action for e in trail] == ["user"] * 3


def test_bad_input_exits_2_with_the_reason(tmp_path):
    proc = user("add", "lan", "--role", "boss", home=tmp_path, stdin="long enough pw\n")
    assert proc.returncode == 2 and "role must be one of" in proc.stderr
    proc = user("add", "lan", home=tmp_path, stdin="short\n")
    assert proc.returncode == 2 and "at least 8" in proc.stderr
    assert user("disable", "nobody", home=tmp_path).returncode == 3
