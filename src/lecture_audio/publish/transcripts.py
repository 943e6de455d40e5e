"""Transcripts: WebVTT and SRT with one cue per sentence, timed from the real audio.

The cue text is the note's sentence as written (readable), while the audio
says its normalized form.
"""

from __future__ import annotations

from ..assemble import Cue


def readable(text: str) -> str:
    """The written sentence without the Markdown marks that survive in points (code backticks)."""
    return " ".join(text.replace("`", "").split())


def _clock(seconds: float, separator: str) -> str:
    millis = int(round(seconds * 1000))
    hours, rest = divmod(millis, 3_600_000)
    minutes, rest = divmod(rest, 60_000)
    secs, millis = divmod(rest, 1000)
    return f"{hours:02d}:{minutes:02d}:{secs:02d}{separator}{millis:03d}"


def _vtt_text(text: str) -> str:
    # WebVTT cue text is markup: &, < and > must be escaped ("-->" cannot survive then).
    return readable(text).replace("&", "&amp;").replace("<", "&lt;").replace(">", "&gt;")


def webvtt(cues: list[Cue]) -> str:
    """A WebVTT document.

    The signature line is followed by a blank line, as the W3C grammar asks
    (a ``Language:`` header there makes strict parsers reject the file); the
    transcript's language is stated by the feed's ``podcast:transcript``.
    """
    lines = ["WEBVTT", ""]
    for index, cue in enumerate(cues, start=1):
        lines += [str(index), f"{_clock(cue.start, '.')} --> {_clock(cue.end, '.')}", _vtt_text(cue.written), ""]
    return "\n".join(lines)


def srt(cues: list[Cue]) -> str:
    """A SubRip document."""
    lines: list[str] = []
    for index, cue in enumerate(cues, start=1):
        text = readable(cue.written).replace("-->", "→")
        lines += [str(index), f"{_clock(cue.start, ',')} --> {_clock(cue.end, ',')}", text, ""]
    return "\n".join(lines)
