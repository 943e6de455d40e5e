"""Shared fixtures: a copy of the sample project, rendered once per session.

Also one compute thread for the whole session: torch's (and BLAS's) thread
pools fight each other on a small CI machine (the tiny VITS render took
35-73 s with the default threads on 2 cores, 5 s with one). The variables are
set before anything imports torch, so they hold in this process and in every
worker the tests start (synthesis processes, Ray workers, subprocesses): those
inherit the environment.
"""

from __future__ import annotations

import os

for _variable in ("OMP_NUM_THREADS", "MKL_NUM_THREADS", "OPENBLAS_NUM_THREADS"):
    os.environ[_variable] = "1"

import shutil  # noqa: E402
import sys  # noqa: E402
from pathlib import Path  # noqa: E402

import pytest  # noqa: E402
from hypothesis import settings as hypothesis_settings  # noqa: E402

from lecture_audio.render import RenderReport, render  # noqa: E402
from lecture_audio.settings import load_settings  # noqa: E402

from .node import NodeReaders, install

REPO = Path(__file__).resolve().parent.parent
SAMPLE_NOTES = REPO / "notes"


# Hypothesis would keep its example database in .hypothesis/ of the working directory;
# a failure prints its falsifying example anyway.
hypothesis_settings.register_profile("lecture-audio", database=None)
hypothesis_settings.load_profile("lecture-audio")


def one_torch_thread() -> None:
    """Keep torch at one intra-op thread if it is loaded (the variables above cover its start)."""
    torch = sys.modules.get("torch")
    if torch is not None and torch.get_num_threads() != 1:
        torch.set_num_threads(1)


@pytest.fixture(scope="session", autouse=True)
def _scratch_under_tmp(tmp_path_factory: pytest.TempPathFactory) -> None:
    # Ray keeps its session files (sockets, logs) under RAY_TMPDIR, /tmp/ray by default:
    # here they go with the other test files. Kept short: a socket path has at most 107 bytes.
    os.environ["RAY_TMPDIR"] = str(tmp_path_factory.mktemp("ray", numbered=False))


@pytest.fixture(autouse=True)
def _one_torch_thread() -> None:
    # Before every test: torch may have been imported by the previous one (engines load it lazily).
    one_torch_thread()


def make_project(root: Path, notes: dict[str, str] | None = None, settings: str | None = None) -> Path:
    """A project folder: the sample notes (or the given ones), voices, optional settings."""
    root.mkdir(parents=True, exist_ok=True)
    if notes is None:
        shutil.copytree(SAMPLE_NOTES, root / "notes")
    else:
        for name, text in notes.items():
            path = root / "notes" / name
            path.parent.mkdir(parents=True, exist_ok=True)
            path.write_text(text, encoding="utf-8")
    shutil.copytree(REPO / "voices", root / "voices")
    if settings is not None:
        (root / "lecture-audio.yaml").write_text(settings, encoding="utf-8")
    return root


@pytest.fixture(scope="session")
def rendered(tmp_path_factory: pytest.TempPathFactory) -> tuple[Path, RenderReport]:
    """The sample notes rendered with the default voice (once for all tests)."""
    root = make_project(tmp_path_factory.mktemp("samples"), settings="title: Wdrażanie modeli ML\nauthor: Jan Kowalski\nbase_url: https://example.org/kurs/\n")
    report = render(load_settings(root))
    return root, report


@pytest.fixture
def small_project(tmp_path: Path) -> Path:
    """A tiny two-note project that renders in about a second."""
    return make_project(
        tmp_path / "project",
        notes={
            "Wykład 1/1. Wstęp.md": "# Wstęp\n\n1. Dzień dobry. Zaczynamy kurs.\n2. Dziś mówimy o ML.\n",
            "Wykład 1/2. Plan.md": "1. Plan zajęć na dziś.\n",
        },
    )


@pytest.fixture(scope="session")
def node_readers(tmp_path_factory: pytest.TempPathFactory) -> NodeReaders:
    """The npm readers of published files (webvtt-parser, podcast-partytime), installed once."""
    return install(tmp_path_factory.mktemp("npm"))
