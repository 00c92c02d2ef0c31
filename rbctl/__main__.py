"""`python -m rbctl`."""

from rbctl.cli import main

main()
