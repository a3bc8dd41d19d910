"""`sohoa user ...`: accounts of the web app. Passwords are read from standard input
(one line; piped or typed without echo), never from the command line."""

from __future__ import annotations

import getpass
import sys
from typing import Annotated

import typer

from cli.face import service
from cli.output import err, out

user_app = typer.Typer(help="Accounts of the web app (sohoa serve): add, list, disable, "
                            "passwd.", no_args_is_help=True)
RoleOpt = Annotated[str, typer.Option("--role", help="viewer (search, view), officer (also "
                                                     "correct, verify, key) or admin (also "
                                                     "users and the audit trail)")]


def _password() -> str:
    """From a pipe: the first line; at a terminal: asked twice, without echo."""
    if not sys.stdin.isatty():
        return sys.stdin.readline().rstrip("\r\n")
    first = getpass.getpass("password: ")
    if getpass.getpass("again: ") != first:
        err.print("[red]the two passwords differ[/red]")
        raise typer.Exit(2)
    return first


@user_app.command("add")
def add(name: Annotated[str, typer.Argument(help="login name: lower-case letters, digits, . _ -")],
        role: RoleOpt = "viewer") -> None:
    """Create an account; the password is read from standard input.

    Example: [bold]echo 'a long passphrase' | sohoa user add lan --role officer[/bold]
    """
    with service() as app:
        user = app.add_user(name, role, _password())
    err.print(f"added {user.name} ({user.role})")


@user_app.command("list")
def list_users() -> None:
    """Every account with its role; disabled ones marked."""
    with service() as app:
        for user in app.list_users():
            out.print(f"{user.name:24} {user.role:8} {'disabled' if user.disabled else ''}")


@user_app.command("disable")
def disable(name: str, enable: Annotated[bool, typer.Option(
        "--enable", help="enable the account again instead")] = False) -> None:
    """Disable an account (it can no longer log in; its audit trail stays)."""
    with service() as app:
        app.set_user(name, disabled=not enable)
    err.print(f"{name} {'enabled' if enable else 'disabled'}")


@user_app.command("passwd")
def passwd(name: str, role: Annotated[str | None, typer.Option(
        "--role", help="also change the role")] = None) -> None:
    """Set a new password (from standard input), and the role with --role."""
    with service() as app:
        app.set_user(name, password=_password(), role=role)
    err.print(f"password of {name} changed" + (f", role {role}" if role else ""))
