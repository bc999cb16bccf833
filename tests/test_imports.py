"""The layout: every module imports on its own, the registry is complete whatever comes first,
and the command line starts without loading spaCy."""
import pkgutil
import subprocess
import sys
from pathlib import Path

import pipeline

ROOT = Path(__file__).resolve().parents[1]
MODULES = sorted(m.name for m in pkgutil.walk_packages(pipeline.__path__, "pipeline.")
                 if not m.name.endswith("__main__"))


def _python(code: str) -> subprocess.CompletedProcess:
    return subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, cwd=ROOT, timeout=300)


def test_the_stage_packages_exist():
    for stage in ("ingest", "text", "nlp", "extractors", "tables", "link", "run", "cli", "eval", "report", "resources"):
        assert f"pipeline.{stage}" in MODULES, stage


# Third-party libraries the package imports: loaded once by the runner below before it forks a child
# per module, so each child pays for its pipeline modules only (the test took ~200 CPU s starting a fresh
# interpreter that loaded spaCy and pandas again for each of ~135 modules). No pipeline module is loaded
# before the fork: each child still imports its module first.
PRELOAD = ("numpy", "pandas", "pyarrow", "pyarrow.parquet", "spacy", "spacy.language", "spacy.tokens", "natasha",
           "slovnet", "navec", "razdel", "pymorphy2", "yargy", "typer", "rich", "selectolax.lexbor", "dateutil.parser",
           "charset_normalizer", "threadpoolctl")

RUNNER = """
import importlib, json, os, sys
for lib in sys.argv[2].split(","):
    try:
        importlib.import_module(lib)
    except ImportError:
        pass
assert not any(m == "pipeline" or m.startswith("pipeline.") for m in sys.modules), "pipeline loaded before the fork"
failed = {}
for mod in sys.argv[1].split(","):
    r, w = os.pipe()
    pid = os.fork()
    if pid == 0:  # the child: this module first, then the registry
        os.close(r)
        try:
            importlib.import_module(mod)
            from pipeline.extractors.registry import EXTRACTORS, resolve
            names = resolve()
            assert names == ("entities", "dates", "roles", "events"), names
            assert all(callable(s.fn) for s in EXTRACTORS)
        except BaseException as exc:
            os.write(w, f"{type(exc).__name__}: {exc}".encode()[:2000])
            os._exit(1)
        os._exit(0)
    os.close(w)
    with os.fdopen(r, "rb") as fh:
        msg = fh.read().decode(errors="replace")
    _, status = os.waitpid(pid, 0)
    if status:
        failed[mod] = msg or f"exit status {status}"
print(json.dumps(failed))
"""


def test_every_module_imports_alone_in_a_fresh_interpreter_and_the_registry_is_complete():
    # each module imported first in a process of its own (forked from one that loaded only third-party
    # libraries), then the registry asked
    if not hasattr(__import__("os"), "fork"):  # pragma: no cover - one interpreter per module
        code = ("import importlib, sys\n"
                "importlib.import_module(sys.argv[1])\n"
                "from pipeline.extractors.registry import EXTRACTORS, resolve\n"
                "assert resolve() == ('entities', 'dates', 'roles', 'events')\n"
                "assert all(callable(s.fn) for s in EXTRACTORS)\n")
        failed = {m: r.stderr.strip().splitlines()[-1:] for m in MODULES
                  if (r := subprocess.run([sys.executable, "-c", code, m], capture_output=True, text=True, cwd=ROOT,
                                          timeout=300)).returncode}
    else:
        r = subprocess.run([sys.executable, "-c", RUNNER, ",".join(MODULES), ",".join(PRELOAD)],
                           capture_output=True, text=True, cwd=ROOT, timeout=900)
        assert r.returncode == 0, r.stderr[-3000:]
        import json

        failed = json.loads(r.stdout.strip().splitlines()[-1])
    assert not failed, failed


def test_the_import_check_can_fail(tmp_path):
    """A module that breaks the layout when imported first is reported (the forked runner is no rubber stamp)."""
    r = subprocess.run([sys.executable, "-c", RUNNER, "pipeline.version,pipeline.no_such_module", "json"],
                       capture_output=True, text=True, cwd=ROOT, timeout=300)
    assert r.returncode == 0, r.stderr
    import json

    failed = json.loads(r.stdout.strip().splitlines()[-1])
    assert list(failed) == ["pipeline.no_such_module"] and "ModuleNotFoundError" in failed["pipeline.no_such_module"]


def test_cli_help_does_not_import_spacy():
    r = _python("import sys\nfrom pipeline.cli import app\n"
                "try:\n    app(['--help'])\nexcept SystemExit:\n    pass\n"
                "print('spacy' in sys.modules, 'pandas' in sys.modules)")
    assert r.returncode == 0, r.stderr
    assert r.stdout.strip().splitlines()[-1] == "False False"


def _edges() -> dict[str, set[str]]:
    """Module -> pipeline modules it imports anywhere in its source (a package's __init__ counts)."""
    import ast

    mods = {}
    for path in (ROOT / "pipeline").rglob("*.py"):
        name = ".".join(path.relative_to(ROOT).with_suffix("").parts)
        mods[name.removesuffix(".__init__")] = path

    def known(name: str) -> str:
        while name and name not in mods:
            name = name.rpartition(".")[0]
        return name

    edges = {}
    for mod, path in mods.items():
        package = mod if path.name == "__init__.py" else mod.rpartition(".")[0]
        out = set()
        for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
            if isinstance(node, ast.Import):
                targets = [a.name for a in node.names]
            elif isinstance(node, ast.ImportFrom):
                base = node.module or ""
                if node.level:
                    up = package
                    for _ in range(node.level - 1):
                        up = up.rpartition(".")[0]
                    base = up + ("." + base if base else "")
                targets = [base + "." + a.name for a in node.names]
            else:
                continue
            out |= {known(t) for t in targets if t.startswith("pipeline")}
        edges[mod] = out - {mod, ""}
    return edges


def test_no_import_cycle():
    edges = _edges()
    state: dict[str, int] = {}
    cycle: list[str] = []

    def visit(m: str, path: list[str]) -> bool:
        state[m] = 1
        for n in sorted(edges.get(m, ())):
            if state.get(n) == 1:
                cycle.extend(path[path.index(n):] + [m, n] if n in path else [m, n])
                return True
            if n not in state and visit(n, path + [m]):
                return True
        state[m] = 2
        return False

    for m in sorted(edges):
        if m not in state and visit(m, []):
            break
    assert not cycle, " -> ".join(cycle)


def test_stages_import_only_downstream_of_themselves():
    # the order of the design: a stage may import the stages before it, never after
    order = ["version", "types", "resources", "text", "ingest", "nlp", "models", "extractors", "tables", "link", "run", "api",
             "eval", "report", "cli"]
    rank = {s: k for k, s in enumerate(order)}
    wrong = []
    for mod, targets in _edges().items():
        parts = mod.split(".")
        if len(parts) < 2 or parts[1] not in rank:
            continue
        for t in targets:
            tp = t.split(".")
            if len(tp) >= 2 and tp[1] in rank and rank[tp[1]] > rank[parts[1]]:
                wrong.append(f"{mod} -> {t}")
    assert not wrong, wrong
