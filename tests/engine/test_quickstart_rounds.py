"""timeline-quickstart in a terminal asks again at once for an answer it cannot use (it never
stops after the last question to send you round again), and any value it accepts makes a
site that passes its own checks, so no second rename is ever asked for. Its closing advice
works as printed, from any folder name."""

from __future__ import annotations

import shlex
import subprocess
from pathlib import Path

from helpers import run_on_terminal

from pelican.plugins.timeline.commands.quickstart import MAX_LENGTH, main

ROOT = Path(__file__).resolve().parents[2]


def interact(cwd: Path, args: list[str], answers: list[str]) -> tuple[int, str]:
    """Run timeline-quickstart on a pseudo-terminal, typing each answer when prompted."""
    return run_on_terminal(["pelican.plugins.timeline.commands.quickstart", *args], cwd,
                           answers)


def test_a_bad_answer_is_asked_again_at_once(tmp_path):
    code, shown = interact(tmp_path, ["site"], [
        "t" * (MAX_LENGTH["title"] + 1), "A timeline of tests",
        "", "Every test, with its run.",
        "The editors",
        "javascript:alert(1)", "https://github.com/example/tests",
    ])
    assert code == 0, shown
    assert f"--title is {MAX_LENGTH['title'] + 1} characters long: write at most " in shown
    assert "--description is empty: give a value; try again" in shown
    assert "--repo-url: only http:// and https://" in shown
    assert shown.count("try again") == 3, shown
    assert (tmp_path / "site" / "pelicanconf.py").is_file()
    assert "Traceback" not in shown


def test_given_values_are_checked_before_anything_is_asked(tmp_path):
    code, shown = interact(tmp_path, ["site", "--title", "t" * 200], ["never typed"])
    assert code == 2
    assert "--title is 200 characters long" in shown
    assert "Site title" not in shown  # no question was asked
    assert not (tmp_path / "site").exists()


def test_the_closing_advice_works_as_printed_from_any_folder(tmp_path, capsys):
    target = tmp_path / "my timeline's site"
    assert main([str(target), "--title", "T", "--description", "D", "--author", "A",
                 "--repo-url", "https://github.com/example/t"]) == 0
    printed = capsys.readouterr().out
    (cd,) = [line.strip() for line in printed.splitlines() if line.strip().startswith("cd ")]
    assert cd == f"cd {shlex.quote(str(target))}"
    moved = subprocess.run(["bash", "-c", f"{cd} && pwd"], capture_output=True, text=True)
    assert moved.stdout.strip() == str(target)
