"""The JavaScript readers (npm packages in ``tests/js/package.json``), run with the machine's Node.

The packages are installed once per test session from the lock file into a
temporary folder (``npm ci``), or taken from ``$LECTURE_AUDIO_NODE_MODULES``
when CI or a developer installed them already.
"""

from __future__ import annotations

import json
import os
import shutil
import subprocess
from pathlib import Path

import pytest

JS = Path(__file__).resolve().parent / "js"


class NodeReaders:
    """Runs the scripts in ``tests/js`` with the packages in ``modules``."""

    def __init__(self, modules: Path) -> None:
        self.modules = modules

    def read(self, script: str, *args: str) -> dict:
        """What ``tests/js/<script>`` printed (one JSON document) for these arguments."""
        env = {**os.environ, "NODE_PATH": str(self.modules)}
        done = subprocess.run(["node", str(JS / script), *args], capture_output=True, text=True, env=env, timeout=60, check=False)
        assert done.returncode == 0, done.stderr
        return json.loads(done.stdout)


def install(folder: Path) -> NodeReaders:
    """The readers, installed under ``folder`` unless ``$LECTURE_AUDIO_NODE_MODULES`` names them."""
    given = os.environ.get("LECTURE_AUDIO_NODE_MODULES")
    if given:
        return NodeReaders(Path(given))
    if shutil.which("node") is None or shutil.which("npm") is None:
        pytest.fail("Node.js and npm are needed for the JavaScript readers (apt-get install nodejs npm)")
    for name in ("package.json", "package-lock.json"):
        shutil.copy(JS / name, folder / name)
    done = subprocess.run(
        ["npm", "ci", "--no-audit", "--no-fund", "--cache", str(folder / ".npm")], cwd=folder, capture_output=True, text=True, timeout=300, check=False
    )
    if done.returncode != 0:
        pytest.fail(f"npm ci failed for tests/js/package.json: {done.stderr.strip()[-500:]}")
    return NodeReaders(folder / "node_modules")
