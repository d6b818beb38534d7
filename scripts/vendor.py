"""Vendor browser libraries from npm: `make vendor` reads static/vendor/packages.txt.

Each line names `name@version` and the files to copy from the package; `npm pack` fetches the
exact tarball (checked against the registry's integrity hash), and the files plus the package's
licence files land in static/vendor/NAME@VERSION/. `make run` then needs no npm.
"""

import argparse
import shutil
import subprocess
import sys
import tarfile
import tempfile
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
LIST = ROOT / "static" / "vendor" / "packages.txt"
DEFAULT_DEST = ROOT / "static" / "vendor"
LICENCE_PREFIXES = ("license", "licence", "copying", "notice")


def parse(line: str) -> tuple[str, str, list[str], Path] | None:
    """Return (name, version, files, destination folder) for one line, or None for a comment."""
    line = line.split("#", 1)[0].strip()
    if not line:
        return None
    spec, *rest = line.split()
    name, _, version = spec.rpartition("@")
    if not name or not version:
        raise SystemExit(f"{LIST.name}: '{spec}' is not name@version")
    dest = DEFAULT_DEST
    files = []
    for token in rest:
        if token.startswith("to="):
            dest = ROOT / token[3:]
        else:
            files.append(token)
    if not files:
        raise SystemExit(f"{LIST.name}: '{spec}' names no file to copy")
    folder = dest / f"{name.lstrip('@').replace('/', '-')}@{version}"
    return name, version, files, folder


def fetch(name: str, version: str, work: Path) -> Path:
    """Download one exact package with `npm pack` and return its unpacked folder."""
    out = subprocess.run(
        ["npm", "pack", f"{name}@{version}", "--silent", "--pack-destination", str(work)],
        check=True,
        capture_output=True,
        text=True,
    ).stdout.strip()
    tarball = work / out.splitlines()[-1]
    unpacked = work / tarball.stem
    with tarfile.open(tarball) as archive:
        archive.extractall(unpacked, filter="data")
    return unpacked / "package"


def install(name: str, version: str, files: list[str], folder: Path, work: Path) -> None:
    """Copy the named files and the licences of one package into its vendor folder."""
    package = fetch(name, version, work)
    if folder.exists():
        shutil.rmtree(folder)
    folder.mkdir(parents=True)
    licences = [p for p in package.iterdir() if p.name.lower().startswith(LICENCE_PREFIXES)]
    if not licences:
        raise SystemExit(f"{name}@{version} ships no licence file")
    for source in [package / f for f in files] + licences:
        if not source.exists():
            raise SystemExit(f"{name}@{version} has no {source.relative_to(package)}")
        target = folder / source.name
        if source.is_dir():
            shutil.copytree(source, target)
        else:
            shutil.copy2(source, target)
    print(f"vendored {name}@{version} -> {folder.relative_to(ROOT)}")


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("names", nargs="*", help="only these packages (default: every line)")
    args = parser.parse_args()
    entries = [e for e in map(parse, LIST.read_text().splitlines()) if e]
    if args.names:
        entries = [e for e in entries if e[0] in args.names]
    with tempfile.TemporaryDirectory() as work:
        for name, version, files, folder in entries:
            install(name, version, files, folder, Path(work))
    return 0


if __name__ == "__main__":
    sys.exit(main())
