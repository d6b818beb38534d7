"""Run the benchmarks: `python -m bench` runs every bench/*.py module with a main(); or name some.

Each benchmark prints a table and, last, one JSON line; this runner exits non-zero when any
benchmark fails to run (missing a target is reported in its JSON, not as a crash).
"""

import importlib
import pkgutil
import sys
import time
from pathlib import Path


def benchmark_modules() -> list[str]:
    """Return the names of the modules beside this file that define main()."""
    names = []
    for info in pkgutil.iter_modules([str(Path(__file__).parent)]):
        if info.name.startswith("_"):
            continue
        module = importlib.import_module(f"bench.{info.name}")
        if callable(getattr(module, "main", None)):
            names.append(info.name)
    return sorted(names)


def run(argv: list[str]) -> int:
    """Run the named benchmarks (all by default); return the number that crashed."""
    names = argv or benchmark_modules()
    failures = 0
    for name in names:
        print(f"\n=== bench.{name} ===", flush=True)
        started = time.monotonic()
        try:
            code = importlib.import_module(f"bench.{name}").main([])
        except Exception as exc:  # noqa: BLE001 - report and go on with the other benchmarks
            print(f"bench.{name} crashed: {type(exc).__name__}: {exc}", flush=True)
            code = 1
        failures += bool(code)
        print(f"=== bench.{name}: {time.monotonic() - started:.1f} s ===", flush=True)
    return failures


if __name__ == "__main__":
    sys.exit(1 if run(sys.argv[1:]) else 0)
