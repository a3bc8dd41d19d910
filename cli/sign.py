"""``--sign``: the office's digital signature for digitize and batch (pipeline/signing.py).

The key is opened once, before any page is read, so a wrong password or PIN stops the
command at once (exit 2) instead of failing every document.
"""

from __future__ import annotations

import sys
from typing import Annotated

import typer
from rich.markup import escape

from cli.output import err

SignOpt = Annotated[str | None, typer.Option(
    "--sign", help="sign every archived PDF (PAdES, incremental update): a .p12/.pfx file "
                   "(password from SOHOA_SIGN_PASSWORD or asked for), or 'pkcs11' for a "
                   "token (SOHOA_SIGN_PKCS11_LIB, SOHOA_SIGN_TOKEN, SOHOA_SIGN_KEY, PIN from "
                   "SOHOA_SIGN_PIN or asked for) [default: SOHOA_SIGN]", show_default=False)]


def with_signer(settings, sign: str | None):
    """``settings`` with ``--sign`` applied and the password or PIN asked for when it is
    not in the environment; the key is opened now. Exit 2 with the reason if it cannot
    be (no such file, wrong password, token not found)."""
    from pydantic import SecretStr

    from pipeline.errors import SigningError
    from pipeline.signing import SignerConfig, load_signer, signer_subject

    if sign is not None:
        settings = settings.model_copy(update={"sign": sign})
    config = SignerConfig.from_settings(settings)
    if config is None:
        return settings
    if config.needs_secret:
        pkcs11 = config.p12 is None
        what, env = ("PIN", "SOHOA_SIGN_PIN") if pkcs11 else ("password", "SOHOA_SIGN_PASSWORD")
        if not sys.stdin.isatty():
            err.print(f"[red]--sign: no {what}[/red]: set {env} (no terminal to ask on)")
            raise typer.Exit(2)
        secret = typer.prompt(f"{what} of {config.token if pkcs11 else config.p12}",
                              hide_input=True, err=True)
        settings = settings.model_copy(
            update={"sign_pin" if pkcs11 else "sign_password": SecretStr(secret)})
        config = SignerConfig.from_settings(settings)
        assert config is not None
    try:
        who = signer_subject(load_signer(config))
    except SigningError as exc:
        err.print(f"[red]--sign:[/red] {escape(str(exc))}", soft_wrap=True)
        raise typer.Exit(2) from None
    err.print(f"signing as {escape(who)}" + (f", timestamps from {escape(config.tsa_url)}"
                                              if config.tsa_url else ""), soft_wrap=True)
    return settings
