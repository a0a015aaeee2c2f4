"""The engine's layout is its architecture: stages import only from earlier stages, no
module imports itself back through another, and nothing in the package names a site."""

from __future__ import annotations

import ast
from pathlib import Path

PACKAGE = Path(__file__).resolve().parents[2] / "pelican" / "plugins" / "timeline"
NAME = "pelican.plugins.timeline"
# Stage order: a module may import from its own stage or an earlier one. The package's
# top-level modules: settings and parallel are shared by all stages; generator (the
# orchestration) and __init__ (registration) may import everything but commands.
STAGES = {"settings": 0, "parallel": 0, "reading": 1, "building": 2, "outputs": 3,
          "generator": 4, "__init__": 4, "commands": 5}


def module_name(path: Path) -> str:
    parts = list(path.relative_to(PACKAGE).with_suffix("").parts)
    if parts[-1] == "__init__":
        parts = parts[:-1]
    return ".".join([NAME, *parts])


MODULES: dict[str, Path] = {}


def imports_of(path: Path) -> set[str]:
    """Every engine module this file imports (top-level or inside a function)."""
    this = module_name(path)
    package = this if path.name == "__init__.py" else this.rpartition(".")[0]
    found: set[str] = set()
    for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
        if isinstance(node, ast.ImportFrom):
            if node.level:
                base = package.split(".")
                base = base[: len(base) - (node.level - 1)]
                target = ".".join(base + ([node.module] if node.module else []))
            else:
                target = node.module or ""
            submodules = {f"{target}.{a.name}" for a in node.names} & set(MODULES)
            # `from . import outputs` imports the submodule; `from .x import y`, module x
            found |= submodules or ({target} & set(MODULES))
        elif isinstance(node, ast.Import):
            found |= {a.name for a in node.names if a.name.startswith(NAME + ".")}
    found.discard(this)
    return found


def stage_of(module: str) -> int:
    rest = module[len(NAME):].lstrip(".")
    return STAGES[rest.split(".")[0] if rest else "__init__"]


MODULES.update({module_name(p): p for p in PACKAGE.rglob("*.py")
                if p.relative_to(PACKAGE).parts[0] not in {"quickstart", "theme"}})  # data


def test_every_module_has_a_stage():
    assert len(MODULES) > 20
    for module in MODULES:
        stage_of(module)  # raises KeyError for a module outside the known stages


def test_stages_import_only_from_earlier_stages():
    wrong = []
    for module, path in sorted(MODULES.items()):
        for target in sorted(imports_of(path)):
            if stage_of(target) > stage_of(module):
                wrong.append(f"{module} imports {target}")
    assert wrong == []


def find_cycles(graph: dict[str, set[str]]) -> list[list[str]]:
    cycles: list[list[str]] = []
    done: set[str] = set()

    def visit(node: str, trail: list[str]) -> None:
        for nxt in sorted(graph.get(node, ())):
            if nxt in trail:
                cycles.append([*trail[trail.index(nxt):], nxt])
            elif nxt not in done:
                visit(nxt, [*trail, nxt])
        done.add(node)

    for module in sorted(graph):
        if module not in done:
            visit(module, [module])
    return cycles


def test_no_import_cycles():
    graph = {m: {t for t in imports_of(p) if t in MODULES} for m, p in MODULES.items()}
    assert find_cycles(graph) == []


def test_the_checks_can_fail():
    assert find_cycles({"a": {"b"}, "b": {"c"}, "c": {"a"}}) == [["a", "b", "c", "a"]]
    assert stage_of(f"{NAME}.reading.model") < stage_of(f"{NAME}.building.site")
    assert f"{NAME}.reading.model" in imports_of(PACKAGE / "building" / "site.py")


def test_the_package_names_no_site():
    named = [str(p.relative_to(PACKAGE)) for p in PACKAGE.rglob("*")
             if p.is_file() and p.suffix in {".py", ".html", ".css", ".js", ".json", ".md",
                                             ".txt", ".yaml", ".yml", ".toml", ".svg", ""}
             and "aukus" in p.read_text(encoding="utf-8", errors="replace").lower()]
    assert named == []
