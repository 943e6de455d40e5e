"""Transcripts as a W3C-conformant WebVTT parser (npm webvtt-parser) and webvtt-py read them."""

from __future__ import annotations

import html
from pathlib import Path

from lecture_audio.assemble import Cue
from lecture_audio.publish.transcripts import readable, srt, webvtt
from lecture_audio.render import RenderReport

from ..node import NodeReaders


def test_published_vtt_follows_the_w3c_grammar(rendered: tuple[Path, RenderReport], node_readers: NodeReaders) -> None:
    root, report = rendered
    path = root / "output" / "zjazd-1.vtt"
    assert path.read_text(encoding="utf-8").startswith("WEBVTT\n\n1\n")
    parsed = node_readers.read("vtt.js", str(path))
    assert parsed["errors"] == []
    cues = report.episodes[0].timeline.cues
    assert len(parsed["cues"]) == len(cues) > 50
    for read, cue in zip(parsed["cues"], cues):
        assert abs(read["start"] - cue.start) < 0.0005 and abs(read["end"] - cue.end) < 0.0005
    assert [c["id"] for c in parsed["cues"]] == [str(i) for i in range(1, len(cues) + 1)]


def test_cue_text_survives_markup_characters(tmp_path: Path, node_readers: NodeReaders) -> None:
    written = "Tak: a < b && b > c --> `x`  &amp; <b>nie tag</b>"
    cues = [Cue(0.5, 1.25, written, "..."), Cue(3600.0, 3601.5, "Druga godzina.", "...")]
    path = tmp_path / "t.vtt"
    path.write_text(webvtt(cues), encoding="utf-8")
    parsed = node_readers.read("vtt.js", str(path))
    assert parsed["errors"] == []
    # The cue's raw text, its character references decoded (webvtt-parser 2.2's own decoding leaves a ';' behind).
    assert [html.unescape(c["text"]) for c in parsed["cues"]] == [readable(written), "Druga godzina."]
    assert [(c["start"], c["end"]) for c in parsed["cues"]] == [(0.5, 1.25), (3600.0, 3601.5)]
    assert srt(cues).splitlines()[1] == "00:00:00,500 --> 00:00:01,250"
