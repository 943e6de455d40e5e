"""Slides embedded in the notes become chapter pictures in the MP3 and the chapters JSON."""

from __future__ import annotations

import json
from pathlib import Path

import feedparser
from mutagen.id3 import ID3
from PIL import Image

from lecture_audio.render import render
from lecture_audio.settings import load_settings

from ..conftest import make_project


def test_slides_become_chapter_art_and_missing_ones_warn(tmp_path: Path) -> None:
    title = 'Ala & <Kot> "cytat" 🎧 zażółć'
    project = make_project(
        tmp_path / "p",
        notes={
            "Wykład 1/1. Wstęp.md": "1. ![[slajd.png]]\n2. Pierwszy punkt z obrazkiem.\n3. ![[brak.png]]\n",
            "Wykład 1/2. Dalej.md": "1. Drugi rozdział bez slajdu.\n",
        },
        settings=f"title: '{title}'\nbase_url: https://example.org/\nchapters: points\n",
    )
    Image.new("RGB", (2000, 1000), (200, 30, 30)).save(project / "notes" / "slajd.png")
    report = render(load_settings(project))

    warnings = [str(n) for n in report.notices]
    assert any(w.startswith("Wykład 1/1. Wstęp.md:3: embedded image 'brak.png' not found") for w in warnings)
    output = project / "output"
    with Image.open(output / "slides" / "slajd.jpg") as slide:
        assert slide.size == (1280, 640)
    frames = sorted(ID3(output / "wyklad-1.mp3").getall("CHAP"), key=lambda f: f.start_time)
    assert len(frames) == 2  # one per spoken point
    pictures = [f.sub_frames.getall("APIC") for f in frames]
    # The slide pictures its point's chapter and stays on for the next one.
    assert all(len(p) == 1 and p[0].mime == "image/jpeg" for p in pictures)
    document = json.loads((output / "wyklad-1.chapters.json").read_text(encoding="utf-8"))
    assert [c.get("img") for c in document["chapters"]] == ["https://example.org/slides/slajd.jpg"] * 2

    parsed = feedparser.parse((output / "feed.xml").read_bytes())
    assert not parsed.bozo and parsed.feed.title == title
