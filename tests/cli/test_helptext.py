"""--help of every command: reflowed paragraphs, no type shown for flags, every option
explained (cli/helptext.py on the real command tree)."""

import typer

from cli.helptext import polish, reflow
from cli.main import app


def _commands(command, path=()):
    yield path, command
    for name, sub in getattr(command, "commands", {}).items():
        yield from _commands(sub, (*path, name))


def test_reflow_joins_source_lines_but_keeps_paragraphs_lists_and_examples():
    text = """First line
    goes on here.

    Second paragraph
    wrapped by the source.
    - a list item
    - another

    Example: [bold]sohoa x[/bold]"""
    assert reflow(text) == ("First line goes on here.\n\nSecond paragraph wrapped by the "
                            "source.\n- a list item\n- another\n\nExample: [bold]sohoa x[/bold]")


def test_every_option_of_every_command_has_help_and_flags_show_no_type():
    root = polish(typer.main.get_command(app))
    seen = 0
    for path, command in _commands(root):
        for param in command.params:
            if param.param_type_name != "option":
                continue
            seen += 1
            assert param.help, f"sohoa {' '.join(path)} {param.opts[0]} has no help"
            if getattr(param, "is_flag", False):
                assert param.metavar == "", f"sohoa {' '.join(path)} {param.opts[0]}"
    assert seen > 40  # the whole tree was walked, subcommands included


def test_search_type_help_names_every_type():
    root = polish(typer.main.get_command(app))
    option = next(p for p in root.commands["search"].params if "--type" in p.opts)
    for kind in ("birth", "death", "marriage", "marital_status", "decision"):
        assert kind in option.help


def test_a_hit_shows_the_field_that_matched_beyond_the_summary():
    from cli.output import hit_summary

    fields = {"full_name": "LÊ VĂN AN", "date_of_birth": "2019-01-02",
              "mother_full_name": "TRẦN THỊ HOA"}
    shown = hit_summary(fields, {"mother_full_name": "«TRẦN» THỊ HOA"})
    assert shown == "LÊ VĂN AN | 2019-01-02 | mother_full_name: «TRẦN» THỊ HOA"
    assert hit_summary(fields, {"full_name": "«LÊ» VĂN AN"}) == "«LÊ» VĂN AN | 2019-01-02"
