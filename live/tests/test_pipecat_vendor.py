"""The vendored Pipecat client: every module it imports resolves offline, licences included."""

import re
from pathlib import Path

from django.conf import settings

from live.views import PIPECAT_IMPORTS

STATIC = Path(settings.BASE_DIR) / "static"
IMPORT = re.compile(r"""(?:^|[;\s})])(?:import|export)\b[^"';]*?\bfrom\s*["']([^"']+)["']""", re.M)
BARE_IMPORT = re.compile(r"""(?:^|[;\s])import\s*["']([^"']+)["']""", re.M)


def imports_of(path: Path) -> set[str]:
    text = path.read_text(encoding="utf-8")
    return set(IMPORT.findall(text)) | set(BARE_IMPORT.findall(text))


def test_every_import_of_the_client_resolves_to_a_vendored_file():
    """From the two entry points, each bare specifier is in the import map, each file exists."""
    seen: set[Path] = set()
    todo = [STATIC / PIPECAT_IMPORTS[n] for n in PIPECAT_IMPORTS if n.startswith("@pipecat-ai")]
    while todo:
        path = todo.pop()
        if path in seen:
            continue
        assert path.is_file(), f"{path} is not vendored (run make vendor)"
        seen.add(path)
        for spec in imports_of(path):
            if spec.startswith("."):
                todo.append((path.parent / spec).resolve())
            else:
                assert spec in PIPECAT_IMPORTS, f"{path.name} imports {spec!r}: not in the map"
                todo.append(STATIC / PIPECAT_IMPORTS[spec])
    names = {p.relative_to(STATIC / "vendor").parts[0] for p in seen}
    assert names == {p.split("/")[1] for p in PIPECAT_IMPORTS.values()}  # every entry is used


def test_each_vendored_package_has_its_licence_and_exact_version():
    """Each folder carries a licence; the Pipecat builds are the pinned versions."""
    for path in PIPECAT_IMPORTS.values():
        folder = STATIC / "vendor" / path.split("/")[1]
        assert any(p.name.upper().startswith("LICENSE") for p in folder.iterdir()), folder
    client = STATIC / PIPECAT_IMPORTS["@pipecat-ai/client-js"]
    embedded = '\\"name\\":\\"@pipecat-ai/client-js\\",\\"version\\":\\"1.13.1\\"'
    assert embedded in client.read_text(encoding="utf-8")  # the build embeds its package.json
    assert (
        "pipecat-ai-small-webrtc-transport@1.10.8"
        in PIPECAT_IMPORTS["@pipecat-ai/small-webrtc-transport"]
    )
