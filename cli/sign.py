"""``--sign``: the office's digital signature for digitize and batch (pipeline/signing.py).

The key is opened once, before any page is read, so a wrong password or PIN stops the
command at once (exit 2) instead of failing every document.
"""

from __future__ import annotations

import sys
from pathlib import Path
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
    if config.p12 is not None and not config.p12.is_file():  # before asking for its password
        err.print(f"[red]--sign:[/red] no key file {escape(str(config.p12))} (a .p12/.pfx "
                  "file, or 'pkcs11' for a token)", soft_wrap=True)
        raise typer.Exit(2)
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


def sign(
    document_ids: Annotated[list[str] | None, typer.Argument(
        metavar="DOCUMENT_ID...",
        help="documents to sign (id or a unique start of one); default: every archived "
             "document", show_default=False)] = None,
    key: SignOpt = None,
    again: Annotated[bool, typer.Option(
        "--again", help="also sign documents signed before (a further signature)")] = False,
    as_json: Annotated[bool, typer.Option("--json", help="one JSON object per document on "
                                                         "stdout")] = False,
    home: Annotated[Path | None, typer.Option("--home", help="state folder (env SOHOA_HOME)",
                                              show_default=False)] = None,
) -> None:
    """Sign what is already archived (PAdES, incremental update), without reading the
    scans again: each document's PDF/A and entry PDFs, for archives digitised before the
    office had its certificate.

    Documents signed before are skipped (--again adds a further signature); a damaged or
    missing archive file is not signed (sohoa verify --repair first). Exit code 0 when
    every document is signed, 1 when some could not be, 2 without a key, 3 with no
    catalog, 6 when a write failed (disk full).
    """
    import json

    from app.errors import AppError
    from app.service import Sohoa
    from cli.main import _settings
    from pipeline.errors import WriteFailed

    settings = with_signer(_settings(home), key)
    counts = {"signed": 0, "skipped": 0, "failed": 0}
    try:
        for outcome in Sohoa(settings).sign_archive(document_ids or None, again=again):
            counts[outcome.status] += 1
            if as_json:
                print(json.dumps(outcome.as_json(), ensure_ascii=False), flush=True)
            else:
                err.print(_line(outcome), soft_wrap=True)
    except AppError as exc:
        err.print(f"[red]{escape(str(exc))}[/red]", soft_wrap=True)
        raise typer.Exit(exc.exit_code) from None
    except WriteFailed as exc:
        err.print(f"[red]run stopped:[/red] {escape(str(exc))}; what was signed is kept",
                  soft_wrap=True)
        raise typer.Exit(6) from None
    err.print(f"{counts['signed']} document(s) signed, {counts['skipped']} signed before "
              f"(skipped), {counts['failed']} could not be signed")
    raise typer.Exit(1 if counts["failed"] else 0)


def _line(outcome) -> str:
    if outcome.status == "failed":
        return f"[red]failed[/red] {outcome.document_id}: {escape(str(outcome.error))}"
    what = "signed" if outcome.status == "signed" else "skipped (signed before)"
    return (f"{what} {outcome.document_id} ({outcome.files} file(s)) by "
            f"{escape(str(outcome.signer))}")
