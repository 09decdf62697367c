"""`make mutation`: change the core modules one small step at a time and see whether a test
notices.

For each module below, every place where one small semantic change can be made is listed (a
comparison turned around, `and` for `or`, a `not` dropped, a number moved by one, `True` for
`False`, a keyword of the SQL in a string: `DESC`, `NOT`, `AND`, `=`, `<=`, ...; annotations,
docstrings and decorator arguments are left alone). A seeded sample of those mutants, known
equivalent ones left out (`EQUIVALENT`), is run (all of them with `--all`). The tree is copied
first and each mutant is written into the copy; only the tests that execute the mutated
statement (from one coverage run with a context per test) are run, quickest first, stopping at
the first failure. A mutant that no test fails "survived"; one on a line no test runs is "not
covered" and counts as survived. A mutant whose tests use several times the CPU time they used
in the coverage run is a "timeout" (CPU time, so that a loaded machine, which stretches the
clock, does not make one); one whose tests sit far longer on the clock without using it is a
"hang". Both are caught (the tests would never finish) and reported apart from the killed.
`--only MODULE:INDEX` reruns chosen mutants (the index is printed with each verdict).

    python scripts/mutation.py [--sample N] [--seed S] [--all] [--only M:I ...] [--write-results]
"""

from __future__ import annotations

import argparse
import ast
import contextlib
import json
import os
import platform
import random
import shutil
import subprocess
import sys
import tempfile
import time
from collections.abc import Iterable, Iterator
from dataclasses import dataclass
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
RESULTS = ROOT / "bench" / "RESULTS.md"
# The tree the mutants are written into: a copy of ROOT made by main(), so that the working
# tree is never changed and can be used while the run goes on.
TREE = ROOT

# module (relative to src/puente) -> the tests that exercise it
MODULES: dict[str, tuple[str, ...]] = {
    "store/catalog.py": ("tests/store",),
    "ingest/tabular.py": ("tests/ingest", "tests/border/test_sources.py"),
    "border/crossings.py": ("tests/border/test_crossings.py",),
    "trade/goods.py": ("tests/trade/test_goods.py",),
    "sanctions/screening/compare.py": ("tests/sanctions/screening",),
    # The weight table: each value is read by compare.py and index.py when a name is scored.
    "sanctions/screening/magic.py": ("tests/sanctions/screening",),
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


# Mutants that change nothing a program could observe, each with the reason, reviewed by hand:
# (module, the mutated line's text, the change, which of the line's changes of that kind, left
# to right) -> why no test can fail. They are left out of
# the sample and the rate, and listed in the report.
EQUIVALENT: dict[tuple[str, str, str, int], str] = {
    ("store/catalog.py", "return int(row[0]) if row else 1", "1 -> 2", 1): (
        "`SELECT coalesce(max(version), 0) + 1` always returns one row: the `else` cannot run"
    ),
    ("ingest/tabular.py", "count = int(row[0]) if row else 0", "0 -> 1", 2): (
        "`SELECT count(*)` always returns one row: the `else` cannot run"
    ),
    (
        "border/crossings.py",
        "if _months_in_year(cur, year, MEXICO_BORDER) != list(range(1, 13)):",
        "1 -> 2",
        1,
    ): (
        "a short cut: when the port's last year is complete at the border, "
        "`min(year, latest_full_year(cur))` is that year anyway"
    ),
    (
        "border/crossings.py",
        "if _months_in_year(cur, year, MEXICO_BORDER) != list(range(1, 13)):",
        "13 -> 14",
        1,
    ): "the same short cut as `1 -> 2` on this line",
    ("sanctions/audit.py", "row_id: int = 0", "0 -> 1", 1): (
        "never read: a ticket's row_id is set when it is written, and a failed write raises"
    ),
    ("sanctions/audit.py", "ticket.error, ticket.done = exc, True", "True -> False", 1): (
        "the writer raises the error either way; a waiter of the failed batch then finds its"
        " ticket not done and writes whatever queued since, which the next writer would have"
    ),
    (
        "sanctions/audit.py",
        "for ticket, written in zip(batch, rows, strict=True):",
        "True -> False",
        1,
    ): "a guard: the store returns one row per entry written, so the lengths always agree",
    ("sanctions/screening/compare.py", "if info < p.common_info:", "Lt -> LtE", 1): (
        "the discount is 1 at the cut-off (common_base + common_slope x common_info = 0.6 +"
        " 0.32 x 1.25 = 1): the score is the same; only an explanation's note would differ,"
        " for an idf sum of exactly 1.25"
    ),
}

# Tests left out of every mutant's run (and of the coverage run) because they take tens of
# seconds each on this machine and run the same lines as quicker tests: the random-kill
# durability test (20 killed loads) and the screenings of the real 2026 list (a list load).
SLOW_TESTS = (
    "tests/store/test_crash.py",
    "tests/sanctions/screening/test_real_sdn.py",
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
    # Which of the line's changes of this kind it is, left to right (1 for the first).
    nth: int = 1


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
        # Decorator arguments declare (dataclass options, cache sizes) rather than compute:
        # `frozen=True -> False` changes nothing a caller can see unless the code has a bug.
        if isinstance(node, ast.FunctionDef | ast.AsyncFunctionDef | ast.ClassDef):
            for decorator in node.decorator_list:
                for sub in ast.walk(decorator):
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
    tree = ast.parse((TREE / "src" / "puente" / module).read_text())
    spans = _spans(tree)
    points = list(_points(tree))
    place = {
        i: (getattr(node, "lineno", 0), what, getattr(node, "col_offset", 0), variant)
        for i, (node, variant, what) in enumerate(points)
    }
    nth: dict[int, int] = {}
    for i, (line, what, col, variant) in place.items():
        nth[i] = 1 + sum(
            1
            for other, (o_line, o_what, o_col, o_variant) in place.items()
            if (o_line, o_what) == (line, what) and (o_col, o_variant, other) < (col, variant, i)
        )
    return [
        Mutant(module, i, getattr(node, "lineno", 0), what, spans.get(id(node)), nth[i])
        for i, (node, _variant, what) in enumerate(points)
    ]


def mutated_source(module: str, index: int) -> str:
    tree = ast.parse((TREE / "src" / "puente" / module).read_text())
    node, variant, _ = list(_points(tree))[index]
    if isinstance(node, ast.UnaryOp):
        _drop_not(tree, node)
    else:
        _apply(node, variant)
    return ast.unparse(tree) + "\n"


# A pytest plugin for the coverage run: each test's CPU seconds (setup, call and teardown;
# parametrized cases summed), the measure a mutant's budget is made of.
_CPU_PLUGIN = """
import json, os, time
import pytest

_seconds = {}

@pytest.hookimpl(hookwrapper=True)
def pytest_runtest_protocol(item, nextitem):
    start = time.process_time()
    yield
    node = item.nodeid.split("[", 1)[0]
    _seconds[node] = _seconds.get(node, 0.0) + time.process_time() - start

def pytest_sessionfinish(session):
    with open(os.environ["PUENTE_MUTATION_CPU"], "w") as out:
        json.dump(_seconds, out)
"""


def _coverage(
    tests: list[str], data_file: Path, modules: list[str]
) -> tuple[dict[str, dict[int, set[str]]], dict[str, float]]:
    """(module -> line -> the test node ids that run it, test node id -> CPU seconds it took).

    Only the mutated modules are measured (the tracer records nothing else), and a small
    plugin records each test's CPU time, so that each mutant runs its quickest tests first and
    gets a budget that a loaded machine does not shrink.
    """
    rc = data_file.with_name("mutation.coveragerc")
    include = ",".join(str(TREE / "src" / "puente" / m) for m in modules)
    rc.write_text(
        f"[run]\ninclude = {include}\ndynamic_context = test_function\ndata_file = {data_file}\n"
    )
    plugins = data_file.with_name("plugins")
    plugins.mkdir(exist_ok=True)
    (plugins / "_mutation_cpu.py").write_text(_CPU_PLUGIN)
    cpu = data_file.with_name("cpu.json")
    env = {
        **os.environ,
        "PYTHONPATH": os.pathsep.join([str(plugins), os.environ.get("PYTHONPATH", "")]),
        "PUENTE_MUTATION_CPU": str(cpu),
    }
    subprocess.run(
        [
            sys.executable,
            "-m",
            "coverage",
            "run",
            f"--rcfile={rc}",
            "-m",
            "pytest",
            *_PYTEST_ARGS,
            "-p",
            "_mutation_cpu",
            *(f"--deselect={t}" for t in SLOW_TESTS),
            *tests,
        ],
        cwd=TREE,
        check=True,
        stdout=subprocess.DEVNULL,
        env=env,
    )
    from coverage import CoverageData

    data = CoverageData(basename=str(data_file))
    data.read()
    out: dict[str, dict[int, set[str]]] = {}
    for filename in data.measured_files():
        rel = Path(filename).resolve().relative_to(TREE / "src" / "puente").as_posix()
        if rel not in MODULES:
            continue
        lines: dict[int, set[str]] = {}
        for line, contexts in data.contexts_by_lineno(filename).items():
            ids = {_node_id(c) for c in contexts if c}
            if ids:
                lines[line] = ids
        out[rel] = lines
    seconds: dict[str, float] = json.loads(cpu.read_text())
    return out, seconds


def _node_id(context: str) -> str:
    """'tests.border.test_crossings.test_summary' -> 'tests/border/test_crossings.py::test_summary'
    (a method: 'tests.x.test_y.TestZ.test_w' -> 'tests/x/test_y.py::TestZ::test_w')."""
    parts = context.split(".")
    for cut in range(len(parts) - 1, 0, -1):
        path = TREE.joinpath(*parts[:cut]).with_suffix(".py")
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


def _cpu_seconds(pid: int) -> float | None:
    """CPU time of process `pid` and of the children it has waited for (Linux /proc), or None
    where /proc is not there."""
    try:
        stat = Path(f"/proc/{pid}/stat").read_text()
    except OSError:
        return None
    # utime, stime, cutime, cstime: fields 14-17, counted after the command name in parentheses
    fields = stat[stat.rindex(")") + 2 :].split()
    return sum(int(f) for f in fields[11:15]) / os.sysconf("SC_CLK_TCK")


def run_mutant(mutant: Mutant, tests: list[str], cpu_budget: float, wall_limit: float) -> str:
    """Write the mutant, run `tests` (in this order) in a fork, write the module back.

    The tests time out when they use more than `cpu_budget` seconds of CPU ("timeout": the
    mutant made them compute far longer, which a loaded machine does not fake), or run longer
    than `wall_limit` seconds on the clock ("hang": waiting without computing)."""
    path = TREE / "src" / "puente" / mutant.module
    original = path.read_text()
    try:
        path.write_text(mutated_source(mutant.module, mutant.index))
        with tempfile.TemporaryDirectory() as cache:
            pid = os.fork()
            if pid == 0:  # the child: own process group, fresh byte-code cache, quiet
                code = 3
                try:
                    os.setpgid(0, 0)
                    sys.pycache_prefix = cache
                    devnull = os.open(os.devnull, os.O_WRONLY)
                    os.dup2(devnull, 1)
                    os.dup2(devnull, 2)
                    import importlib

                    import pytest

                    # A mutant that breaks the module's import is killed: every test of it
                    # fails (pytest would stop at the conftest with a usage error, exit 4).
                    dotted = "puente." + mutant.module.removesuffix(".py").replace("/", ".")
                    try:
                        importlib.import_module(dotted)
                    except Exception:
                        os._exit(2)
                    code = int(pytest.main([*_PYTEST_ARGS, *tests]))
                finally:
                    os._exit(code)
            deadline = time.monotonic() + wall_limit
            while True:
                done, status = os.waitpid(pid, os.WNOHANG)
                if done:
                    break
                cpu = _cpu_seconds(pid)
                over_cpu = cpu is not None and cpu > cpu_budget
                if over_cpu or time.monotonic() > deadline:
                    with contextlib.suppress(ProcessLookupError):
                        os.killpg(pid, 9)
                    os.waitpid(pid, 0)
                    return "timeout" if over_cpu else "hang"
                time.sleep(0.05)
            with contextlib.suppress(ProcessLookupError):
                os.killpg(pid, 9)  # anything the tests left running
        code = os.waitstatus_to_exitcode(status)
        # pytest: 0 passed, 1 a test failed, 2 collection failed (the module does not import),
        # 3 internal error; 4 and 5 (usage, nothing collected) say nothing about the mutant.
        if code == 0:
            return "survived"
        return "killed" if code in (1, 2, 3) else f"error (pytest exit {code})"
    finally:
        path.write_text(original)


def _copy_tree(dest: Path) -> Path:
    """The files git knows of (committed or not, ignored ones left out), copied to dest."""
    names = subprocess.run(
        ["git", "ls-files", "-z", "--cached", "--others", "--exclude-standard"],
        cwd=ROOT,
        check=True,
        capture_output=True,
    ).stdout.split(b"\0")
    for raw in names:
        if not raw:
            continue
        source = ROOT / os.fsdecode(raw)
        if not source.is_file():  # deleted in the working tree, not yet committed
            continue
        target = dest / os.fsdecode(raw)
        target.parent.mkdir(parents=True, exist_ok=True)
        shutil.copy2(source, target)
    return dest


def _line_text(module: str, line: int) -> str:
    return (TREE / "src" / "puente" / module).read_text().splitlines()[line - 1].strip()


def _selected(
    mutant: Mutant, covered: dict[str, dict[int, set[str]]], timed: Iterable[str] = ()
) -> set[str]:
    """The tests of the mutant's module that run the mutated statement. A module whose lines
    all run at import (a table of constants such as the scorer's weights) shows in no test's
    coverage: a module-level mutant of it runs every test of the module's test set (`timed`:
    the tests the coverage run timed)."""
    lines = covered.get(mutant.module, {})
    if mutant.lines is None:  # module level: run when imported, by every test
        runs = set().union(*lines.values()) if lines else set(timed)
    else:
        first, last = mutant.lines
        runs = set().union(*(lines.get(n, set()) for n in range(first, last + 1)))
    # only the module's own tests: a catalog line runs under most of the suite
    return {
        t for t in runs if t.startswith(MODULES[mutant.module]) and not t.startswith(SLOW_TESTS)
    }


@dataclass
class Tally:
    module: str
    mutants: int
    equivalent: int
    sampled: int = 0
    killed: int = 0
    timeouts: int = 0
    hangs: int = 0
    uncovered: int = 0

    @property
    def caught(self) -> int:
        return self.killed + self.timeouts + self.hangs

    @property
    def survived(self) -> int:
        return self.sampled - self.caught - self.uncovered


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--sample", type=int, default=12, help="mutants per module (default 12)")
    parser.add_argument("--seed", type=int, default=16)
    parser.add_argument("--all", action="store_true", help="every mutant, no sampling")
    parser.add_argument(
        "--timeout-factor",
        type=float,
        default=5.0,
        help="a mutant times out when its tests use this many times the CPU time they used in"
        " the coverage run (at least 60 s); it hangs after 10 times that on the clock (at least"
        " 600 s)",
    )
    parser.add_argument("--write-results", action="store_true", help="update bench/RESULTS.md")
    parser.add_argument(
        "--only",
        action="append",
        default=[],
        metavar="MODULE:INDEX",
        help="run just these mutants (e.g. border/crossings.py:57), no sampling",
    )
    parser.add_argument("modules", nargs="*", help="only these (e.g. store/catalog.py)")
    args = parser.parse_args()
    only: dict[str, set[int]] = {}
    for spec in args.only:
        module, _, index = spec.rpartition(":")
        only.setdefault(module, set()).add(int(index))
    modules = list(only) or args.modules or list(MODULES)
    tests = sorted({t for m in modules for t in MODULES[m]})
    started = time.monotonic()
    load_before = os.getloadavg()[0]
    global TREE
    with tempfile.TemporaryDirectory(prefix="puente-mutation-") as tmp:
        TREE = _copy_tree(Path(tmp) / "tree")
        # the copy's own sources, for this process, its forks and any process a test starts
        os.environ["PYTHONPATH"] = os.pathsep.join(
            [str(TREE / "src"), *filter(None, [os.environ.get("PYTHONPATH")])]
        )
        os.environ.setdefault(
            "PUENTE_TEST_MIRROR", str((ROOT.parent / "shared" / "data").resolve())
        )
        if only:  # a check of chosen mutants: the module's whole test set, no coverage run
            covered, seconds = {}, {}
        else:
            covered, seconds = _coverage(tests, Path(tmp) / ".coverage", modules)
        coverage_minutes = (time.monotonic() - started) / 60
        os.chdir(TREE)
        sys.path[:0] = [str(TREE / "src"), str(TREE)]
        _preload()
        rng = random.Random(args.seed)
        tallies: list[Tally] = []
        survivors: list[str] = []
        slow: list[str] = []
        equivalents: list[str] = []
        for module in modules:
            every = mutants_of(module)
            candidates: list[Mutant] = []
            for mutant in every:
                key = (module, _line_text(module, mutant.line), mutant.what, mutant.nth)
                reason = EQUIVALENT.get(key)
                if reason is None:
                    candidates.append(mutant)
                else:
                    equivalents.append(f"`{module}:{mutant.line}` {mutant.what}: {reason}")
            tally = Tally(module, len(every), len(every) - len(candidates))
            if module in only:
                chosen = [m for m in every if m.index in only[module]]
            elif args.all or len(candidates) <= args.sample:
                chosen = candidates
            else:
                chosen = rng.sample(candidates, args.sample)
            tally.sampled = len(chosen)
            for mutant in sorted(chosen, key=lambda m: m.index):
                if only:
                    runs = [*MODULES[module], *(f"--deselect={t}" for t in SLOW_TESTS)]
                else:
                    runs = sorted(
                        _selected(mutant, covered, seconds), key=lambda t: (seconds.get(t, 0.0), t)
                    )
                if not runs:
                    verdict = "not covered"
                    tally.uncovered += 1
                else:
                    if only:  # the module's whole test set, not measured
                        cpu_budget = 300.0
                    else:
                        cpu = sum(seconds.get(t, 1.0) for t in runs)
                        cpu_budget = max(60.0, args.timeout_factor * cpu)
                    verdict = run_mutant(mutant, runs, cpu_budget, max(600.0, 10 * cpu_budget))
                    tally.killed += verdict == "killed"
                    tally.timeouts += verdict == "timeout"
                    tally.hangs += verdict == "hang"
                sys.stdout.write(
                    f"{module}:{mutant.line} #{mutant.index} {mutant.what}: {verdict}\n"
                )
                sys.stdout.flush()
                if verdict != "killed":
                    text = _line_text(module, mutant.line)
                    where = f"`{module}:{mutant.line}` #{mutant.index} {mutant.what}"
                    found = f"{where} ({verdict}): `{text}`"
                    (slow if verdict in ("timeout", "hang") else survivors).append(found)
            tallies.append(tally)
    minutes = (time.monotonic() - started) / 60
    section = _section(
        args, tallies, survivors, slow, equivalents, minutes, coverage_minutes, load_before
    )
    sys.stdout.write("\n" + section)
    if args.write_results and not only:  # a partial run leaves the report as it is
        _write_section(section)
    total = sum(t.sampled for t in tallies)
    caught = sum(t.caught for t in tallies)
    if total and caught / total < 0.85:
        sys.exit(1)


def _section(
    args: argparse.Namespace,
    tallies: list[Tally],
    survivors: list[str],
    slow: list[str],
    equivalents: list[str],
    minutes: float,
    coverage_minutes: float,
    load_before: float,
) -> str:
    total = sum(t.sampled for t in tallies)
    killed = sum(t.killed for t in tallies)
    caught = sum(t.caught for t in tallies)
    rows = "\n".join(
        f"| `{t.module}` | {t.mutants} | {t.equivalent} | {t.sampled} | {t.killed} | {t.timeouts} "
        f"| {t.hangs} | {t.survived} | {t.uncovered} | {t.killed / t.sampled:.0%} "
        f"| {t.caught / t.sampled:.0%} |"
        for t in tallies
        if t.sampled
    )
    sample = "every mutant" if args.all else f"{args.sample} mutants per module"
    command = (
        f"python scripts/mutation.py --sample {args.sample} --seed {args.seed}"
        f"{' --all' if args.all else ''}"
    )
    when = time.strftime("%Y-%m-%d %H:%M UTC", time.gmtime())
    return (
        "## Mutation testing\n\n"
        f"Command: `make mutation` (`{command}`), {when}."
        f" Machine: {os.cpu_count()} cores shared with other work, Python "
        f"{platform.python_version()}, {platform.system()} {platform.release()}; load average "
        f"{load_before:.1f} at the start, {os.getloadavg()[0]:.1f} at the end. "
        f"{minutes:.0f} min in all, of which {coverage_minutes:.0f} min for the coverage run.\n\n"
        "The mutants are written into a copy of the tree. One coverage run (the mutated modules"
        " only, a context per test, each test's CPU time) tells which tests execute each line;"
        " each mutant then runs only its module's tests that execute the mutated statement,"
        " quickest first, stopping at the first failure, in a fork of a process that has the"
        " third-party packages imported."
        f" A seeded sample ({sample}) is drawn from the mutants that are not known to be"
        " equivalent. A mutant whose tests use more than"
        f" {args.timeout_factor:g} times the CPU time they used in the coverage run (at least"
        " 60 s) is a timeout: CPU time, not the clock, so a loaded machine does not make one;"
        " one whose tests run 10 times that budget on the clock (at least 600 s) without using"
        " it is a hang. Both are reported apart from the mutants killed by a failing test, and"
        " count as caught.\n\n"
        "| module | mutants | known equivalent | sampled | killed | timeouts | hangs | survived "
        "| not covered | killed | caught |\n|---|---|---|---|---|---|---|---|---|---|---|\n"
        f"{rows}\n\n"
        f"Killed by a failing test: {killed}/{total} = {killed / total:.0%}. Caught (killed,"
        f" timeouts and hangs): {caught}/{total} = **{caught / total:.0%}** (target at least"
        " 85%).\n\n"
        + ("Timeouts and hangs:\n" + "\n".join(f"- {s}" for s in slow) + "\n\n" if slow else "")
        + ("Survivors:\n" + "\n".join(f"- {s}" for s in survivors) + "\n\n" if survivors else "")
        + (
            "Known equivalent mutants (`EQUIVALENT` in scripts/mutation.py: excluded from the"
            " sample and the rate):\n" + "\n".join(f"- {e}" for e in equivalents) + "\n"
            if equivalents
            else ""
        )
    )


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
