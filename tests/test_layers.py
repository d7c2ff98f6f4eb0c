"""The pipeline's shape: each module imports only from the layers below it (data flows one way)."""

from __future__ import annotations

import ast
from pathlib import Path

PACKAGE = Path(__file__).resolve().parent.parent / "site_builder"

# Lowest first. A module may import from its own layer's earlier entries and from any layer below.
LAYERS = [
    [
        "messages",
        "errors",
        "chars",
        "slugs",
        "dates",
        "collation",
        "files",
        "sitefiles",
        "swap",
        "workers",
        "salt",
        "state",
    ],
    ["provinces", "urls", "editions", "i18n", "cache", "known", "config", "fingerprints", "unchanged"],
    ["content"],
    ["model"],
    ["render"],
    ["write", "search", "cms"],
    ["build"],
    ["local_backend", "serve", "new"],
    ["cli", "__main__"],
]
RANK = {name: level for level, names in enumerate(LAYERS) for name in names}


def top(module: str) -> str:
    return module.split(".")[0]


def imports_of(path: Path) -> set[str]:
    """Top-level site_builder modules this file imports (relative or absolute)."""
    tree = ast.parse(path.read_text(encoding="utf-8"))
    package_parts = path.relative_to(PACKAGE).parts[:-1]
    found = set()
    for node in ast.walk(tree):
        if isinstance(node, ast.ImportFrom):
            if node.level:
                base = list(package_parts[: len(package_parts) - (node.level - 1)])
                target = base + (node.module.split(".") if node.module else [])
                if target:
                    found.add(target[0])
                else:
                    found.update(alias.name for alias in node.names)  # `from . import x`
            elif node.module and node.module.startswith("site_builder."):
                found.add(node.module.split(".")[1])
    return found


def test_every_module_belongs_to_a_layer():
    names = {
        p.stem if p.parent == PACKAGE else p.relative_to(PACKAGE).parts[0]
        for p in PACKAGE.rglob("*.py")
        if p.name != "__init__.py"
    }
    assert names <= set(RANK), names - set(RANK)


def test_imports_point_down_only():
    wrong = []
    for path in PACKAGE.rglob("*.py"):
        rel = path.relative_to(PACKAGE)
        me = rel.parts[0] if len(rel.parts) > 1 else rel.stem
        if me == "__init__":
            continue
        for other in imports_of(path) - {me, "__version__"}:
            if other in RANK and RANK[other] > RANK[me]:
                wrong.append(f"{rel} imports {other}")
    assert wrong == []
