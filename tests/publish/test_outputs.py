"""What a render publishes beside the MP3: chapters JSON, transcripts, cover, feed tags."""

from __future__ import annotations

import json
from pathlib import Path

import miniaudio
import numpy as np
import webvtt
from lxml import etree
from mutagen.id3 import ID3
from PIL import Image

from lecture_audio.render import RenderReport

ITUNES = "http://www.itunes.com/dtds/podcast-1.0.dtd"
PODCAST = "https://podcastindex.org/namespace/1.0"


def test_chapters_json_follows_the_spec_and_matches_chap_frames(rendered: tuple[Path, RenderReport]) -> None:
    root, _ = rendered
    document = json.loads((root / "output" / "zjazd-1.chapters.json").read_text(encoding="utf-8"))
    assert document["version"] == "1.2.0"
    chapters = document["chapters"]
    assert [c["title"] for c in chapters] == ["Kilka zdań o sobie", "Role w świecie ML"]
    for chapter in chapters:
        assert isinstance(chapter["startTime"], (int, float)) and isinstance(chapter["title"], str)
    starts = [c["startTime"] for c in chapters]
    assert starts == sorted(starts) and starts[0] == 0
    frames = sorted(ID3(root / "output" / "zjazd-1.mp3").getall("CHAP"), key=lambda f: f.start_time)
    assert [f.start_time for f in frames] == [round(s * 1000) for s in starts]


def test_vtt_cues_are_in_order_inside_the_episode_and_readable(rendered: tuple[Path, RenderReport]) -> None:
    root, report = rendered
    duration = report.episodes[0].timeline.duration
    captions = webvtt.read(str(root / "output" / "zjazd-1.vtt"))
    assert len(captions) == len(report.episodes[0].timeline.cues) > 50
    previous_end = 0.0
    for caption in captions:
        assert previous_end <= caption.start_in_seconds < caption.end_in_seconds <= duration
        previous_end = caption.end_in_seconds
    texts = [c.text for c in captions]
    # The transcript shows the notes as written, not the normalized speech.
    assert "Kilka zdań o sobie" in texts
    assert any("MLOps" in t for t in texts)
    srt = (root / "output" / "zjazd-1.srt").read_text(encoding="utf-8")
    assert srt.startswith("1\n00:00:00,") and srt.count(" --> ") == len(captions)


def test_cues_start_where_the_voice_starts_within_50_ms(rendered: tuple[Path, RenderReport]) -> None:
    root, report = rendered
    decoded = miniaudio.decode_file(str(root / "output" / "zjazd-1.mp3"), output_format=miniaudio.SampleFormat.FLOAT32, nchannels=1)
    audio = np.abs(np.frombuffer(decoded.samples, dtype=np.float32))
    rate = decoded.sample_rate
    # Every cue that follows a pause: find where the sound really starts.
    checked = 0
    for cue in report.episodes[0].timeline.cues:
        window = audio[int((cue.start - 0.2) * rate) : int((cue.start + 0.3) * rate)]
        loud = np.nonzero(window > 0.02)[0]
        assert len(loud), cue.written
        onset = cue.start - 0.2 + loud[0] / rate
        assert abs(onset - cue.start) < 0.05, (cue.written, onset, cue.start)
        checked += 1
    assert checked > 50


def test_feed_has_what_apple_and_podcasting_2_ask_for(rendered: tuple[Path, RenderReport]) -> None:
    root, _ = rendered
    tree = etree.parse(str(root / "output" / "feed.xml"))
    channel = tree.find("channel")
    assert tree.getroot().nsmap["podcast"] == PODCAST
    for tag in ("title", "description", "language", "link"):
        assert channel.findtext(tag), tag
    assert channel.find(f"{{{ITUNES}}}category").get("text") == "Education"
    assert channel.findtext(f"{{{ITUNES}}}explicit") == "false"
    assert channel.findtext(f"{{{ITUNES}}}author") == "Jan Kowalski"
    assert channel.findtext(f"{{{PODCAST}}}guid")
    image_url = channel.find(f"{{{ITUNES}}}image").get("href")
    (cover_file,) = (root / "output").glob("cover-*.png")
    assert image_url == f"https://example.org/kurs/{cover_file.name}"
    with Image.open(cover_file) as cover:
        assert cover.size[0] == cover.size[1] and 1400 <= cover.size[0] <= 3000
    (item,) = channel.findall("item")
    for tag in ("title", "guid", "pubDate", "description", "enclosure", f"{{{ITUNES}}}duration", f"{{{ITUNES}}}episode"):
        assert item.find(tag) is not None, tag
    assert "Role w świecie ML" in item.findtext("description")
    assert item.find(f"{{{PODCAST}}}chapters").attrib == {
        "url": "https://example.org/kurs/zjazd-1.chapters.json",
        "type": "application/json+chapters",
    }
    transcripts = {t.get("type"): t.get("url") for t in item.findall(f"{{{PODCAST}}}transcript")}
    assert transcripts == {
        "text/vtt": "https://example.org/kurs/zjazd-1.vtt",
        "application/x-subrip": "https://example.org/kurs/zjazd-1.srt",
    }
