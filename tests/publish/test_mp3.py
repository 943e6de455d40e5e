"""The published MP3 as players read it: ffmpeg (imageio-ffmpeg's binary), mutagen, eyeD3 and miniaudio.

Each reader is asked what an app built on it would ask: the chapters (all of
them, in time order, with their pictures), the exact length (from the Info
frame: frame count less the encoder's delay and padding) and the audio with
the encoder's delay trimmed, so that cues and chapters fall where the
timeline says.
"""

from __future__ import annotations

import io
import re
import subprocess
from pathlib import Path

import eyed3
import imageio_ffmpeg
import numpy as np
import pytest
from mutagen.id3 import ID3
from PIL import Image

from lecture_audio.render import RenderReport, render
from lecture_audio.settings import load_settings

from ..conftest import make_project

FFMPEG = imageio_ffmpeg.get_ffmpeg_exe()
RATE = 44100
SETTINGS = "title: Wdrażanie modeli ML\nauthor: Jan Kowalski\nbase_url: https://example.org/kurs/\n"


@pytest.fixture(scope="module")
def with_slides(tmp_path_factory: pytest.TempPathFactory) -> tuple[Path, RenderReport]:
    """The sample notes with both of their slides, one chapter per point."""
    root = make_project(tmp_path_factory.mktemp("slides"), settings=SETTINGS + "chapters: points\n")
    Image.new("RGB", (1600, 900), (200, 30, 30)).save(root / "notes" / "Rożne role w świecie ML.png")
    Image.new("RGB", (1600, 900), (30, 30, 200)).save(root / "notes" / "Rozklad umiejetnosci w siecie ML.png")
    return root, render(load_settings(root))


def ffmpeg_chapters(mp3: Path) -> list[tuple[int, int, str]]:
    """(start ms, end ms, title) of each chapter, in the order ffmpeg lists them."""
    out = subprocess.run([FFMPEG, "-v", "error", "-i", str(mp3), "-f", "ffmetadata", "-"], capture_output=True, text=True, check=True)
    blocks = out.stdout.split("[CHAPTER]")[1:]
    found = []
    for block in blocks:
        fields = dict(re.findall(r"^(\w+)=(.*)$", block, re.MULTILINE))
        assert fields["TIMEBASE"] == "1/1000"
        found.append((int(fields["START"]), int(fields["END"]), fields["title"]))
    return found


def ffmpeg_start(mp3: Path) -> float:
    """The start time ffmpeg gives the stream, in seconds."""
    out = subprocess.run([FFMPEG, "-hide_banner", "-i", str(mp3)], capture_output=True, text=True, check=False)  # no output file: exit 1
    return float(re.search(r"Duration: [^,]+, start: ([0-9.]+)", out.stderr).group(1))


def ffmpeg_decode(mp3: Path) -> np.ndarray:
    out = subprocess.run([FFMPEG, "-v", "error", "-i", str(mp3), "-f", "f32le", "-ac", "1", "-"], capture_output=True, check=True)
    return np.frombuffer(out.stdout, dtype=np.float32)


def test_ffmpeg_sees_every_chapter_in_time_order(with_slides: tuple[Path, RenderReport]) -> None:
    root, report = with_slides
    marks = report.episodes[0].timeline.points
    chapters = ffmpeg_chapters(root / "output" / "zjazd-1.mp3")
    assert len(chapters) == len(marks) == 28
    assert [title for _, _, title in chapters] == [m.title for m in marks]
    starts = [start for start, _, _ in chapters]
    assert starts == sorted(starts) and len(set(starts)) == len(starts)
    # ffmpeg gives chapter times on its own clock, which starts where the stream does (after the encoder's delay).
    offset_ms = ffmpeg_start(root / "output" / "zjazd-1.mp3") * 1000
    for (start, end, _), mark in zip(chapters, marks):
        assert abs(start + offset_ms - mark.start * 1000) <= 1 or start == 0
        assert start < end


def test_mutagen_and_eyed3_see_every_chapter_with_its_picture(with_slides: tuple[Path, RenderReport]) -> None:
    root, report = with_slides
    mp3 = root / "output" / "zjazd-1.mp3"
    pictured = [picture is not None for picture in report.episodes[0].pictures]
    assert 0 < sum(pictured) < len(pictured)  # the first note has no slide

    tags = ID3(mp3)
    assert tags.version[:2] == (2, 3)
    chaps = tags.getall("CHAP")  # in the order stored
    assert [c.start_time for c in chaps] == sorted(c.start_time for c in chaps)
    assert [bool(c.sub_frames.getall("APIC")) for c in chaps] == pictured
    (toc,) = tags.getall("CTOC")
    assert toc.child_element_ids == [c.element_id for c in chaps]

    tag = eyed3.load(mp3).tag
    chapters = list(tag.chapters)
    assert [c.title for c in chapters] == [str(c.sub_frames["TIT2"]) for c in chaps]
    assert [bool(c.sub_frames.get(b"APIC")) for c in chapters] == pictured
    with_picture = next(c for c in chapters if c.sub_frames.get(b"APIC"))
    with Image.open(io.BytesIO(with_picture.sub_frames[b"APIC"][0].image_data)) as image:
        assert image.size == (1280, 720)
    (contents,) = list(tag.table_of_contents)
    assert contents.toplevel and contents.ordered and list(contents.child_ids) == [c.element_id for c in chapters]
