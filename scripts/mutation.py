"""`make mutation`: change the core modules one small step at a time and see whether a test
notices.

For each module below, every place where one small semantic change can be made is listed (a
comparison turned around, `and` for `or`, a `not` dropped, a number moved by one, `True` for
`False`, a keyword of the SQL in a string: `DESC`, `NOT`, `AND`, `=`, `<=`, ...). A seeded sample
of those mutants is run (all of them with `--all`): the mutated module is written in place, and
only the tests that execute the mutated line (from one coverage run with a context per test)
are run, stopping at the first failure. A mutant that no test fails "survived"; one on a line no
test runs is "not covered" and counts as survived. The module is always written back.

    python scripts/mutation.py [--sample N] [--seed S] [--all] [--write-results]
"""

from __future__ import annotations

import argparse
import ast
import contextlib
import os
import random
import subprocess
import sys
import tempfile
import time
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
RESULTS = ROOT / "bench" / "RESULTS.md"

# module (relative to src/puente) -> the tests that exercise it
MODULES: dict[str, tuple[str, ...]] = {
    "store/catalog.py": ("tests/store",),
    "ingest/tabular.py": ("tests/ingest", "tests/border/test_sources.py"),
    "border/crossings.py": ("tests/border/test_crossings.py",),
    "trade/goods.py": ("tests/trade/test_goods.py",),
    "sanctions/screening/compare.py": ("tests/sanctions/screening",),
    "sanctions/audit.py": ("tests/sanctions/test_audit.py",),
}

_COMPARE_SWAPS: dict[type[ast.cmpop], type[ast.cmpop]] = {
    ast.Lt: ast.LtE,
    ast.LtE: ast.Lt,
    ast.Gt: ast.GtE,
    ast.GtE: ast.Gt,
    ast.Eq: ast.NotEq,
    ast.NotEq: ast.Eq,
    ast.In: ast.NotIn,
    ast.NotIn: ast.In,
    ast.Is: ast.IsNot,
    ast.IsNot: ast.Is,
}
_BINOP_SWAPS: dict[type[ast.operator], type[ast.operator]] = {
    ast.Add: ast.Sub,
    ast.Sub: ast.Add,
    ast.Mult: ast.Div,
    ast.Div: ast.Mult,
    ast.FloorDiv: ast.Mult,
    ast.Mod: ast.FloorDiv,
}
# SQL keywords in string constants: (text, replacement)
_SQL_SWAPS: tuple[tuple[str, str], ...] = (
    (" DESC", ""),
    (" ASC", " DESC"),
    ("NOT ", ""),
    (" AND ", " OR "),
    (">= ", "> "),
    ("<= ", "< "),
    (" = ?", " <> ?"),
    ("max(", "min("),
    ("min(", "max("),
    ("LIMIT 1", "LIMIT 2"),
    ("DISTINCT ", ""),
)


@dataclass(frozen=True, slots=True)
class Mutant:
    module: str
    index: int
    line: int
    what: str
    # The lines whose tests may notice: the statement around the change (the whole function
    # for a default argument); None for a module-level statement (run at import: every test
    # of the module).
    lines: tuple[int, int] | None


def _spans(tree: ast.Module) -> dict[int, tuple[int, int] | None]:
    """id(node) -> the line span whose tests run it."""
    spans: dict[int, tuple[int, int] | None] = {}

    def visit(node: ast.AST, span: tuple[int, int] | None) -> None:
        for child in ast.iter_child_nodes(node):
            child_span = span
            if isinstance(child, ast.FunctionDef | ast.AsyncFunctionDef):
                whole = (child.lineno, child.end_lineno or child.lineno)
                for default in [*child.args.defaults, *child.args.kw_defaults]:
                    if default is not None:
                        for sub in ast.walk(default):
                            spans[id(sub)] = whole
                for stmt in child.body:
                    visit_stmt(stmt)
                continue
            if isinstance(child, ast.ClassDef):
                for stmt in child.body:
                    visit(stmt, None) if not isinstance(stmt, ast.FunctionDef) else visit(
                        ast.Module(body=[stmt], type_ignores=[]), None
                    )
                continue
            spans.setdefault(id(child), child_span)
            visit(child, child_span)

    def visit_stmt(stmt: ast.stmt) -> None:
        compound = isinstance(
            stmt, ast.If | ast.For | ast.While | ast.With | ast.Try | ast.FunctionDef | ast.Match
        )
        if compound:
            for child in ast.iter_child_nodes(stmt):
                if isinstance(child, (ast.stmt, ast.FunctionDef)):
                    visit_stmt(child)
                else:
                    for sub in ast.walk(child):
                        line = getattr(sub, "lineno", stmt.lineno)
                        spans.setdefault(id(sub), (line, getattr(sub, "end_lineno", line) or line))
            for handler in getattr(stmt, "handlers", []):
                for inner in handler.body:
                    visit_stmt(inner)
            return
        span = (stmt.lineno, stmt.end_lineno or stmt.lineno)
        for sub in ast.walk(stmt):
            spans.setdefault(id(sub), span)

    visit(tree, None)
    return spans


def _docstrings(tree: ast.AST) -> set[int]:
    ids: set[int] = set()
    for node in ast.walk(tree):
        if isinstance(node, ast.Module | ast.ClassDef | ast.FunctionDef | ast.AsyncFunctionDef):
            body = node.body
            if body and isinstance(body[0], ast.Expr) and isinstance(body[0].value, ast.Constant):
                ids.add(id(body[0].value))
    return ids


def _points(tree: ast.AST) -> Iterator[tuple[ast.AST, int, str]]:
    """(node, variant, description) for every mutation this tree allows, in a fixed order."""
    skip = _docstrings(tree)
    in_fstring: set[int] = set()
    for node in ast.walk(tree):
        if isinstance(node, ast.JoinedStr):
            in_fstring.update(id(v) for v in node.values)
        if isinstance(node, ast.AnnAssign | ast.arg | ast.FunctionDef) and getattr(
            node, "annotation", None
        ):
            for sub in ast.walk(node.annotation):  # type: ignore[attr-defined]
                skip.add(id(sub))
        if isinstance(node, ast.FunctionDef) and node.returns is not None:
            for sub in ast.walk(node.returns):
                skip.add(id(sub))
    for node in ast.walk(tree):
        if id(node) in skip:
            continue
        if isinstance(node, ast.Compare):
            for i, op in enumerate(node.ops):
                if type(op) in _COMPARE_SWAPS:
                    yield node, i, f"{type(op).__name__} -> {_COMPARE_SWAPS[type(op)].__name__}"
        elif isinstance(node, ast.BinOp) and type(node.op) in _BINOP_SWAPS:
            yield node, 0, f"{type(node.op).__name__} -> {_BINOP_SWAPS[type(node.op)].__name__}"
        elif isinstance(node, ast.BoolOp):
            yield node, 0, "and <-> or"
        elif isinstance(node, ast.UnaryOp) and isinstance(node.op, ast.Not):
            yield node, 0, "not dropped"
        elif isinstance(node, ast.Constant) and id(node) not in in_fstring:
            value = node.value
            if isinstance(value, bool):
                yield node, 0, f"{value} -> {not value}"
            elif isinstance(value, int | float) and not isinstance(value, bool):
                yield node, 0, f"{value!r} -> {value + 1!r}"
            elif isinstance(value, str):
                for i, (old, new) in enumerate(_SQL_SWAPS):
                    if old in value:
                        yield node, i, f"SQL {old.strip()!r} -> {new.strip()!r}"


def _apply(node: ast.AST, variant: int) -> None:
    if isinstance(node, ast.Compare):
        node.ops[variant] = _COMPARE_SWAPS[type(node.ops[variant])]()
    elif isinstance(node, ast.BinOp):
        node.op = _BINOP_SWAPS[type(node.op)]()
    elif isinstance(node, ast.BoolOp):
        node.op = ast.Or() if isinstance(node.op, ast.And) else ast.And()
    elif isinstance(node, ast.Constant):
        value = node.value
        if isinstance(value, bool):
            node.value = not value
        elif isinstance(value, int | float):
            node.value = value + 1
        else:
            old, new = _SQL_SWAPS[variant]
            node.value = str(value).replace(old, new, 1)


def _drop_not(tree: ast.AST, target: ast.AST) -> None:
    for parent in ast.walk(tree):
        for field, value in ast.iter_fields(parent):
            if value is target:
                setattr(parent, field, target.operand)  # type: ignore[attr-defined]
                return
            if isinstance(value, list):
                for i, item in enumerate(value):
                    if item is target:
                        value[i] = target.operand  # type: ignore[attr-defined]
                        return


def mutants_of(module: str) -> list[Mutant]:
    tree = ast.parse((ROOT / "src" / "puente" / module).read_text())
    spans = _spans(tree)
    return [
        Mutant(module, i, getattr(node, "lineno", 0), what, spans.get(id(node)))
        for i, (node, _variant, what) in enumerate(_points(tree))
    ]


def mutated_source(module: str, index: int) -> str:
    tree = ast.parse((ROOT / "src" / "puente" / module).read_text())
    node, variant, _ = list(_points(tree))[index]
    if isinstance(node, ast.UnaryOp):
        _drop_not(tree, node)
    else:
        _apply(node, variant)
    return ast.unparse(tree) + "\n"


def _coverage(tests: list[str], data_file: Path) -> dict[str, dict[int, set[str]]]:
    """module -> line -> the test node ids that run it."""
    rc = ROOT / "var" / "mutation.coveragerc"
    rc.parent.mkdir(parents=True, exist_ok=True)
    rc.write_text(
        f"[run]\nsource = puente\ndynamic_context = test_function\ndata_file = {data_file}\n"
    )
    subprocess.run(
        [
            sys.executable,
            "-m",
            "coverage",
            "run",
            f"--rcfile={rc}",
            "-m",
            "pytest",
            "-q",
            "-x",
            "-p",
            "no:cacheprovider",
            *tests,
        ],
        cwd=ROOT,
        check=True,
        stdout=subprocess.DEVNULL,
    )
    from coverage import CoverageData

    data = CoverageData(basename=str(data_file))
    data.read()
    out: dict[str, dict[int, set[str]]] = {}
    for filename in data.measured_files():
        rel = Path(filename).resolve().relative_to(ROOT / "src" / "puente").as_posix()
        if rel not in MODULES:
            continue
        lines: dict[int, set[str]] = {}
        for line, contexts in data.contexts_by_lineno(filename).items():
            ids = {_node_id(c) for c in contexts if c}
            if ids:
                lines[line] = ids
        out[rel] = lines
    return out


def _node_id(context: str) -> str:
    """'tests.border.test_crossings.test_summary' -> 'tests/border/test_crossings.py::test_summary'
    (a method: 'tests.x.test_y.TestZ.test_w' -> 'tests/x/test_y.py::TestZ::test_w')."""
    parts = context.split(".")
    for cut in range(len(parts) - 1, 0, -1):
        path = ROOT.joinpath(*parts[:cut]).with_suffix(".py")
        if path.is_file():
            return f"{'/'.join(parts[:cut])}.py::{'::'.join(parts[cut:])}"
    return context


# Third-party packages the tests import, loaded once in this process: each mutant runs in a
# fork of it, so only puente itself (with the mutated module) is imported anew per mutant.
# (pytest plugins are left out: pytest must import them itself to rewrite their asserts.)
_PRELOAD = (
    "duckdb",
    "fastapi",
    "starlette.testclient",
    "pydantic",
    "pydantic_settings",
    "jinja2",
    "httpx",
    "rapidfuzz",
    "jellyfish",
    "anyascii",
    "structlog",
    "babel",
    "openpyxl",
    "xlrd",
    "xlwt",
    "typer",
    "rich",
    "playwright.sync_api",
)


# anyio's pytest plugin is imported with the packages above, before pytest could rewrite it.
_PYTEST_ARGS = (
    "-q",
    "-x",
    "-p",
    "no:cacheprovider",
    "-W",
    "ignore::pytest.PytestAssertRewriteWarning",
)


def _preload() -> None:
    import importlib

    for name in _PRELOAD:
        with contextlib.suppress(ImportError):
            importlib.import_module(name)


def run_mutant(mutant: Mutant, tests: set[str], timeout: float) -> str:
    path = ROOT / "src" / "puente" / mutant.module
    original = path.read_text()
    try:
        path.write_text(mutated_source(mutant.module, mutant.index))
        with tempfile.TemporaryDirectory() as cache:
            pid = os.fork()
            if pid == 0:  # the child: fresh byte-code cache, quiet, run the tests, exit
                code = 3
                try:
                    sys.pycache_prefix = cache
                    devnull = os.open(os.devnull, os.O_WRONLY)
                    os.dup2(devnull, 1)
                    os.dup2(devnull, 2)
                    import pytest

                    code = int(pytest.main([*_PYTEST_ARGS, *sorted(tests)]))
                finally:
                    os._exit(code)
            deadline = time.monotonic() + timeout
            while True:
                done, status = os.waitpid(pid, os.WNOHANG)
                if done:
                    break
                if time.monotonic() > deadline:
                    os.kill(pid, 9)
                    os.waitpid(pid, 0)
                    return "killed (timeout)"
                time.sleep(0.05)
        return "survived" if os.waitstatus_to_exitcode(status) == 0 else "killed"
    finally:
        path.write_text(original)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--sample", type=int, default=12, help="mutants per module (default 12)")
    parser.add_argument("--seed", type=int, default=16)
    parser.add_argument("--all", action="store_true", help="every mutant, no sampling")
    parser.add_argument("--timeout", type=float, default=300.0, help="seconds per mutant")
    parser.add_argument("--write-results", action="store_true", help="update bench/RESULTS.md")
    parser.add_argument("modules", nargs="*", help="only these (e.g. store/catalog.py)")
    args = parser.parse_args()
    modules = args.modules or list(MODULES)
    tests = sorted({t for m in modules for t in MODULES[m]})
    started = time.monotonic()
    with tempfile.TemporaryDirectory() as tmp:
        covered = _coverage(tests, Path(tmp) / ".coverage")
    os.chdir(ROOT)
    sys.path.insert(0, str(ROOT))
    _preload()
    rng = random.Random(args.seed)
    rows: list[tuple[str, int, int, int, int]] = []
    survivors: list[str] = []
    for module in modules:
        every = mutants_of(module)
        chosen = every if args.all or len(every) <= args.sample else rng.sample(every, args.sample)
        killed = uncovered = 0
        for mutant in sorted(chosen, key=lambda m: m.index):
            lines = covered.get(module, {})
            if mutant.lines is None:  # module level: run when imported, by every test
                runs = set().union(*lines.values()) if lines else set()
            else:
                first, last = mutant.lines
                runs = set().union(*(lines.get(n, set()) for n in range(first, last + 1)))
            # only the module's own tests: a catalog line runs under most of the suite
            runs = {t for t in runs if t.startswith(MODULES[module])}
            if not runs:
                verdict = "not covered"
                uncovered += 1
            else:
                verdict = run_mutant(mutant, runs, args.timeout)
                killed += verdict.startswith("killed")
            sys.stdout.write(f"{module}:{mutant.line} {mutant.what}: {verdict}\n")
            sys.stdout.flush()
            if not verdict.startswith("killed"):
                survivors.append(f"`{module}:{mutant.line}` {mutant.what} ({verdict})")
        rows.append((module, len(every), len(chosen), killed, uncovered))
    total = sum(r[2] for r in rows)
    killed_all = sum(r[3] for r in rows)
    minutes = (time.monotonic() - started) / 60
    table = "\n".join(
        f"| `{m}` | {n} | {k}/{s} | {u} | {k / s:.0%} |" for m, n, s, k, u in rows if s
    )
    section = (
        "## Mutation testing\n\n"
        f"Command: `make mutation` (`python scripts/mutation.py --sample {args.sample} "
        f"--seed {args.seed}{' --all' if args.all else ''}`). Machine: 2 shared cores; "
        f"{minutes:.0f} min.\n"
        "Each mutant runs only the tests that execute its line (coverage contexts), stopping at\n"
        "the first failure. A seeded sample per module keeps the run within what the shared\n"
        "machine can do; `--all` runs every mutant.\n\n"
        "| module | mutants | killed / sampled | not covered | kill rate |\n|---|---|---|---|---|\n"
        f"{table}\n\n"
        f"Kill rate: {killed_all}/{total} = {killed_all / total:.0%} (target at least 85%).\n\n"
        + ("Survivors:\n" + "\n".join(f"- {s}" for s in survivors) + "\n" if survivors else "")
    )
    sys.stdout.write("\n" + section)
    if args.write_results:
        _write_section(section)
    if total and killed_all / total < 0.85:
        sys.exit(1)


def _write_section(section: str) -> None:
    text = RESULTS.read_text() if RESULTS.exists() else "# Benchmark results\n\n"
    head, sep, rest = text.partition("## Mutation testing\n")
    if sep:
        after = rest.find("\n## ")
        text = head + section + (rest[after + 1 :] if after >= 0 else "")
    else:
        text = text.rstrip() + "\n\n" + section
    RESULTS.write_text(text)


if __name__ == "__main__":
    main()
