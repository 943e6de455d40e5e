"""Shared fixtures: a copy of the sample project, rendered once per session."""

from __future__ import annotations

import shutil
from pathlib import Path

import pytest

from lecture_audio.render import RenderReport, render
from lecture_audio.settings import load_settings

from .node import NodeReaders, install

REPO = Path(__file__).resolve().parent.parent
SAMPLE_NOTES = REPO / "notes"


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
