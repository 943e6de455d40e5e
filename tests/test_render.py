"""The whole pipeline on the sample notes: MP3 with chapters, feed that apps parse."""

from __future__ import annotations

from pathlib import Path

import feedparser
import miniaudio
import numpy as np
import podcastparser
import pyloudnorm
import pytest
import soxr
from mutagen.id3 import ID3
from mutagen.mp3 import MP3

from lecture_audio.render import RenderReport


def test_one_mp3_per_episode_mono_44k(rendered: tuple[Path, RenderReport]) -> None:
    root, report = rendered
    assert [p.name for p in sorted((root / "output").glob("*.mp3"))] == ["zjazd-1.mp3"]
    info = MP3(root / "output" / "zjazd-1.mp3").info
    assert info.sample_rate == 44100 and info.channels == 1 and info.bitrate == 96000


def test_duration_matches_speech_plus_pauses(rendered: tuple[Path, RenderReport]) -> None:
    root, report = rendered
    timeline = report.episodes[0].timeline
    expected = timeline.speech_seconds + timeline.pause_seconds
    assert expected > 300  # both notes are spoken: minutes, not seconds
    assert MP3(root / "output" / "zjazd-1.mp3").info.length == pytest.approx(expected, rel=0.01)


def test_id3_tags_and_one_chapter_per_note(rendered: tuple[Path, RenderReport]) -> None:
    root, report = rendered
    tags = ID3(root / "output" / "zjazd-1.mp3")
    assert str(tags["TIT2"]) == "Zjazd 1"
    assert str(tags["TALB"]) == "Wdrażanie modeli ML"
    assert str(tags["TPE1"]) == "Jan Kowalski"
    assert str(tags["TRCK"]) == "1"
    chapters = sorted(tags.getall("CHAP"), key=lambda c: c.start_time)
    assert [str(c.sub_frames["TIT2"]) for c in chapters] == ["Kilka zdań o sobie", "Role w świecie ML"]
    marks = report.episodes[0].timeline.chapters
    assert [c.start_time for c in chapters] == [round(m.start * 1000) for m in marks]
    assert chapters[0].start_time == 0 and chapters[0].end_time == chapters[1].start_time
    # The second note starts after the first note's speech: well inside the episode.
    assert 60_000 < chapters[1].start_time < MP3(root / "output" / "zjazd-1.mp3").info.length * 1000 - 60_000
    (toc,) = tags.getall("CTOC")
    assert toc.child_element_ids == [c.element_id for c in chapters]


def test_audio_decodes_and_is_at_podcast_loudness(rendered: tuple[Path, RenderReport]) -> None:
    root, _ = rendered
    decoded = miniaudio.decode_file(str(root / "output" / "zjazd-1.mp3"), output_format=miniaudio.SampleFormat.FLOAT32, nchannels=1)
    samples = np.frombuffer(decoded.samples, dtype=np.float32).astype(np.float64)
    assert decoded.sample_rate == 44100
    loudness = pyloudnorm.Meter(44100).integrated_loudness(samples)
    assert loudness == pytest.approx(-16.0, abs=0.5)
    # True peak (ITU-R BS.1770: 4x oversampled) at or below -1 dBTP.
    true_peak = 20 * np.log10(np.abs(soxr.resample(samples, 44100, 4 * 44100)).max())
    assert true_peak <= -1.0


def test_feed_parses_in_podcast_parsers(rendered: tuple[Path, RenderReport]) -> None:
    root, report = rendered
    feed_path = root / "output" / "feed.xml"
    mp3 = root / "output" / "zjazd-1.mp3"
    duration = MP3(mp3).info.length

    parsed = feedparser.parse(feed_path.read_bytes())
    assert not parsed.bozo
    assert parsed.feed.title == "Wdrażanie modeli ML"
    assert parsed.feed.language == "pl"
    (entry,) = parsed.entries
    assert entry.title == "Zjazd 1"
    (enclosure,) = entry.enclosures
    assert enclosure.href == "https://example.org/kurs/zjazd-1.mp3"
    assert int(enclosure.length) == mp3.stat().st_size
    assert enclosure.type == "audio/mpeg"
    assert int(entry.itunes_duration) == round(duration)

    with feed_path.open("rb") as handle:
        podcast = podcastparser.parse("https://example.org/kurs/feed.xml", handle)
    assert podcast["title"] == "Wdrażanie modeli ML"
    (episode,) = podcast["episodes"]
    assert episode["title"] == "Zjazd 1"
    assert episode["total_time"] == round(duration)
    (enclosure,) = episode["enclosures"]
    assert enclosure["url"] == "https://example.org/kurs/zjazd-1.mp3"
    assert enclosure["file_size"] == mp3.stat().st_size
    assert episode["guid"] and episode["published"] > 0


def test_rerender_reuses_the_cache_and_keeps_guids(rendered: tuple[Path, RenderReport]) -> None:
    from lecture_audio.render import render
    from lecture_audio.settings import load_settings

    root, first = rendered
    before = (root / "output" / "feed.xml").read_text()
    again = render(load_settings(root))
    assert again.synthesized == 0 and again.sentences == first.sentences
    after = (root / "output" / "feed.xml").read_text()
    assert before == after  # same guids, dates and sizes: apps see no change
