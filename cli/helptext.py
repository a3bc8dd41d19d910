"""Help that reads well at any width: docstring paragraphs reflowed, flags without a type.

typer keeps a docstring's single line breaks (source formatting) in ``--help`` and prints
``<bool>`` beside on/off flags as if they took a value; both are fixed here on the click
command tree, once, before it runs.
"""

from __future__ import annotations

import re

import click

# Help for options declared without one, by option name (one wording for every command).
DEFAULT_HELP = {
    "--jobs": "pages processed in parallel [default: the number of cores; env SOHOA_JOBS]",
    "--limit": "hits to show",
    "--seed": "random seed: the same seed draws the same scans",
    "--count": "how many scans to draw",
    "--celery": "send pages to `sohoa worker`s through Redis (SOHOA_BROKER_URL) instead of "
                "running them here",
    "--json": "machine-readable JSON lines on stdout",
}
_KEEP = re.compile(r"^\s*([-*•]|\d+[.)]|Example|\[bold\])")


def reflow(text: str | None) -> str | None:
    """Join the lines of each paragraph; keep paragraphs, list items and example lines."""
    if not text:
        return text
    paragraphs = []
    for para in text.strip().split("\n\n"):
        lines: list[str] = []
        for line in para.splitlines():
            if lines and not _KEEP.match(line):
                lines[-1] = f"{lines[-1].rstrip()} {line.strip()}"
            else:
                lines.append(line.strip())
        paragraphs.append("\n".join(lines))
    return "\n\n".join(paragraphs)


def polish(command: click.Command) -> click.Command:
    """Reflow every command's help and hide the type of every flag, recursively."""
    command.help = reflow(command.help)
    for param in command.params:
        if getattr(param, "is_flag", False):  # typer's options are not click.Option
            param.metavar = ""
        if getattr(param, "param_type_name", "") == "option" and not getattr(param, "help", 1):
            param.help = next((DEFAULT_HELP[o] for o in param.opts if o in DEFAULT_HELP), None)
    made = command.get_help_option  # --help is made per call: hide its type too

    def help_option(ctx: click.Context) -> click.Option | None:
        option = made(ctx)
        if option is not None:
            option.metavar = ""
        return option

    command.get_help_option = help_option  # type: ignore[method-assign]
    for sub in getattr(command, "commands", {}).values():  # typer's groups: not click.Group
        polish(sub)
    return command
