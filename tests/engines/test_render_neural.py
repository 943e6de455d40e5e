"""The sample notes rendered through the neural engines: the same podcast structure as espeak."""

from __future__ import annotations

from pathlib import Path

import pytest
from mutagen.id3 import ID3
from mutagen.mp3 import MP3

from lecture_audio.cache import SpeechCache
from lecture_audio.render import render
from lecture_audio.settings import load_settings

from ..conftest import make_project


@pytest.mark.parametrize("fixture", ["tiny_vits_voice", "tiny_piper_voice"])
def test_samples_render_with_a_neural_voice(fixture: str, request: pytest.FixtureRequest, tmp_path: Path) -> None:
    voice_yaml: Path = request.getfixturevalue(fixture)
    project = make_project(tmp_path / "project")
    # --voice also takes a voice file's path; its model files sit beside it.
    report = render(load_settings(project), voice=str(voice_yaml), jobs=1)

    mp3 = project / "output" / "zjazd-1.mp3"
    info = MP3(mp3).info
    timeline = report.episodes[0].timeline
    assert info.sample_rate == 44100 and info.channels == 1
    assert info.length == pytest.approx(timeline.speech_seconds + timeline.pause_seconds, rel=0.01)
    chapters = sorted(ID3(mp3).getall("CHAP"), key=lambda c: c.start_time)
    assert [str(c.sub_frames["TIT2"]) for c in chapters] == ["Kilka zdań o sobie", "Role w świecie ML"]
    assert [c.start_time for c in chapters] == [round(m.start * 1000) for m in timeline.chapters]
    assert report.synthesized == report.sentences > 60
    # The render used the neural engine, not espeak.
    used = SpeechCache(project / ".lecture-audio-cache").voices_used()
    assert [voice.engine for voice, _ in used] == [voice_yaml.read_text().split("engine: ")[1].split()[0]]
