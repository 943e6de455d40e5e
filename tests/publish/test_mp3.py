"""The published MP3 as players read it: ffmpeg (imageio-ffmpeg's binary), mutagen, eyeD3 and miniaudio.

Each reader is asked what an app built on it would ask: the chapters (all of
them, in time order, with their pictures), the exact length (from the Info
frame: frame count less the encoder's delay and padding) and the audio with
the encoder's delay trimmed, so that cues and chapters fall where the
timeline says.
"""

from __future__ import annotations

import io
import logging
import re
import subprocess
from pathlib import Path

import eyed3
import imageio_ffmpeg
import miniaudio
import numpy as np
import pytest
from mutagen.id3 import ID3
from mutagen.mp3 import MP3
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


def test_every_reader_gets_the_exact_length(rendered: tuple[Path, RenderReport], caplog: pytest.LogCaptureFixture) -> None:
    root, report = rendered
    mp3 = root / "output" / "zjazd-1.mp3"
    samples = report.episodes[0].timeline.samples
    assert MP3(mp3).info.length == samples / RATE
    assert len(ffmpeg_decode(mp3)) == samples
    assert miniaudio.decode_file(str(mp3)).num_frames == samples
    with caplog.at_level(logging.WARNING, logger="eyed3"):
        info = eyed3.load(mp3).info
    assert not caplog.records  # no "Lame tag CRC check failed"
    lame = info.lame_tag
    assert (lame["encoder_delay"], lame["bitrate"]) == (576, (96, "Constant"))
    assert info.xing_header.numFrames * 1152 - lame["encoder_delay"] - lame["encoder_padding"] == samples
    assert info.xing_header.numBytes == mp3.stat().st_size - ID3(mp3).size
    assert lame["music_length"] == info.xing_header.numBytes


def test_the_stream_starts_where_the_timeline_does(rendered: tuple[Path, RenderReport]) -> None:
    """A gapless decoder drops the encoder's delay: each sentence's sound starts at its cue (10 ms margin)."""
    root, report = rendered
    audio = np.abs(ffmpeg_decode(root / "output" / "zjazd-1.mp3"))
    onsets = []
    for cue in report.episodes[0].timeline.cues:
        window = audio[int((cue.start - 0.2) * RATE) : int((cue.start + 0.3) * RATE)]
        onsets.append(cue.start - 0.2 + np.nonzero(window > 0.02)[0][0] / RATE - cue.start)
    assert len(onsets) > 50
    assert -0.003 <= min(onsets) and max(onsets) <= 0.015  # 25 ms late if the delay were not trimmed


def _crc16(data: bytes) -> int:
    """CRC-16 as LAME computes it (polynomial 0x8005 reflected), bit by bit: independent of the code under test."""
    crc = 0
    for byte in data:
        crc ^= byte
        for _ in range(8):
            crc = (crc >> 1) ^ 0xA001 if crc & 1 else crc >> 1
    return crc


@pytest.mark.parametrize("bitrate", [32, 96])
def test_info_frame_describes_the_joined_stream(tmp_path: Path, bitrate: int) -> None:
    project = make_project(
        tmp_path / "p",
        notes={"W/1. Wstęp.md": "1. Dzień dobry.\n2. Zaczynamy.\n", "W/2. Plan.md": "1. Plan.\n", "W/3. Koniec.md": "1. Do widzenia.\n"},
        settings=f"bitrate: {bitrate}\n",
    )
    report = render(load_settings(project))
    mp3 = project / "output" / "w.mp3"
    data = mp3.read_bytes()
    stream = data[ID3(mp3).size :]
    info_size = 144 * max(bitrate, 64) * 1000 // RATE
    info, audio = stream[:info_size], stream[info_size:]
    assert info[21:25] == b"Info"
    frames, size = int.from_bytes(info[29:33], "big"), int.from_bytes(info[33:37], "big")
    toc = info[37:137]
    lame = info[141:177]
    # Frame count and bytes: the audio frames after the Info frame, and the whole stream.
    count, offset, starts = 0, 0, []
    while offset < len(audio):
        assert audio[offset] == 0xFF and audio[offset + 1] & 0xE0 == 0xE0
        starts.append(offset)
        header = int.from_bytes(audio[offset : offset + 4], "big")
        offset += 144 * (32, 40, 48, 56, 64, 80, 96, 112, 128)[((header >> 12) & 0xF) - 1] * 1000 // RATE + ((header >> 9) & 1)
        count += 1
    assert (frames, size) == (count, len(stream))
    # The table of contents points at frames, at each percent of the frames.
    assert list(toc) == sorted(toc) and toc[0] == 256 * info_size // size
    for percent in (10, 50, 90):
        assert toc[percent] == 256 * (info_size + starts[count * percent // 100]) // size
    # LAME's extension: delay and padding of the whole stream, lengths and CRCs.
    delay_padding = int.from_bytes(lame[21:24], "big")
    assert delay_padding >> 12 == 576
    assert frames * 1152 - 576 - (delay_padding & 0xFFF) == report.episodes[0].timeline.samples
    assert int.from_bytes(lame[28:32], "big") == len(stream)
    assert int.from_bytes(lame[32:34], "big") == _crc16(audio)
    assert int.from_bytes(lame[34:36], "big") == _crc16(info[:175])
    assert MP3(mp3).info.length == report.episodes[0].timeline.duration
    assert len(ffmpeg_decode(mp3)) == report.episodes[0].timeline.samples
