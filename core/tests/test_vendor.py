"""The vendored browser libraries match static/vendor/packages.txt, licences included."""

from pathlib import Path

import pytest

from scripts import vendor


def entries():
    return [e for e in map(vendor.parse, vendor.LIST.read_text().splitlines()) if e]


def test_a_line_names_package_files_and_folder():
    """`name@version files… [to=DIR]` is read into its parts; comments are skipped."""
    assert vendor.parse("# a comment") is None
    name, version, files, folder = vendor.parse("@scope/lib@1.2.3 dist/a.mjs dist/a.mjs.map")
    assert (name, version, files) == ("@scope/lib", "1.2.3", ["dist/a.mjs", "dist/a.mjs.map"])
    assert folder == vendor.DEFAULT_DEST / "scope-lib@1.2.3"
    *_, elsewhere = vendor.parse("axe-core@4.0.0 axe.min.js to=tests/e2e/vendor")
    assert elsewhere == vendor.ROOT / "tests/e2e/vendor/axe-core@4.0.0"
    with pytest.raises(SystemExit):
        vendor.parse("no-version lib.js")


@pytest.mark.parametrize("entry", entries(), ids=lambda e: f"{e[0]}@{e[1]}")
def test_every_listed_package_is_vendored_with_its_licence(entry):
    """Each line of the list has its folder, its files and a licence committed (run make vendor)."""
    _, _, files, folder = entry
    assert folder.is_dir(), f"{folder} is missing: run `make vendor`"
    for file in files:
        assert (folder / Path(file).name).exists()
    assert any(p.name.lower().startswith(vendor.LICENCE_PREFIXES) for p in folder.iterdir())
