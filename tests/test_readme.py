"""The README's list of rules is the one `rbctl rules` prints."""

from __future__ import annotations

from pathlib import Path

from rbctl.cli.rules import rules_markdown
from rbctl.rules import RULES

README = Path(__file__).resolve().parents[1] / "README.md"


def test_readme_lists_exactly_the_rules_rbctl_knows() -> None:
    text = README.read_text(encoding="utf-8")
    block = text.split("<!-- rules:start -->\n", 1)[1].split("<!-- rules:end -->", 1)[0]
    assert block == rules_markdown(), "regenerate with `rbctl rules --markdown`"
    for rule in RULES:
        assert f"`{rule}`" in block
