"""Report the size of every module and function under src/cleaner, largest first (`make sizes`).

A module past ~600 lines or a function past ~60 is usually two things (docs/architecture.md): this script
says where, and enforces nothing. Lines are physical lines, docstrings and comments included.

    python tools/sizes.py                 # modules over 300 lines, functions over 40
    python tools/sizes.py --all           # every module and function
    python tools/sizes.py --module-lines 600 --function-lines 60
"""

from __future__ import annotations

import argparse
import ast
from collections.abc import Iterator
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
PACKAGE = ROOT / "src" / "cleaner"
#: The sizes the style guide calls large (STYLE.md): marked with "!" in the report.
MODULE_LIMIT = 600
FUNCTION_LIMIT = 60


def functions(tree: ast.Module) -> Iterator[tuple[str, int]]:
    """(qualified name, lines) of every function and method, nested ones included."""
    def walk(node: ast.AST, prefix: str) -> Iterator[tuple[str, int]]:
        for child in ast.iter_child_nodes(node):
            if isinstance(child, (ast.FunctionDef, ast.AsyncFunctionDef)):
                name = f"{prefix}{child.name}"
                start = min([child.lineno, *(d.lineno for d in child.decorator_list)])
                yield name, (child.end_lineno or child.lineno) - start + 1
                yield from walk(child, f"{name}.")
            elif isinstance(child, ast.ClassDef):
                yield from walk(child, f"{prefix}{child.name}.")

    yield from walk(tree, "")


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n", 1)[0])
    parser.add_argument("--module-lines", type=int, default=300, help="list modules at least this long")
    parser.add_argument("--function-lines", type=int, default=40, help="list functions at least this long")
    parser.add_argument("--all", action="store_true", help="list everything")
    args = parser.parse_args()
    module_floor, function_floor = (0, 0) if args.all else (args.module_lines, args.function_lines)

    modules: list[tuple[int, str]] = []
    found: list[tuple[int, str]] = []
    for path in sorted(PACKAGE.rglob("*.py")):
        text = path.read_text(encoding="utf-8")
        where = str(path.relative_to(ROOT))
        modules.append((len(text.splitlines()), where))
        found.extend((lines, f"{where}:{name}") for name, lines in functions(ast.parse(text, filename=where)))

    shown = sorted((item for item in modules if item[0] >= module_floor), reverse=True)
    print(f"Modules ({len(shown)} of {len(modules)} with at least {module_floor} lines; ! over {MODULE_LIMIT}):")
    for lines, where in shown:
        print(f"  {lines:5d} {'!' if lines > MODULE_LIMIT else ' '} {where}")
    shown = sorted((item for item in found if item[0] >= function_floor), reverse=True)
    print(f"\nFunctions ({len(shown)} of {len(found)} with at least {function_floor} lines; "
          f"! over {FUNCTION_LIMIT}):")
    for lines, where in shown:
        print(f"  {lines:5d} {'!' if lines > FUNCTION_LIMIT else ' '} {where}")
    long_modules = sum(1 for lines, _ in modules if lines > MODULE_LIMIT)
    long_functions = sum(1 for lines, _ in found if lines > FUNCTION_LIMIT)
    print(f"\n{long_modules} modules over {MODULE_LIMIT} lines, {long_functions} functions over {FUNCTION_LIMIT} "
          "(not enforced).")


if __name__ == "__main__":
    main()
