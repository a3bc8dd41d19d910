"""`python -m cli ...` runs the sohoa CLI (handy from a source tree or a worktree)."""

from cli.main import main

main()
