"""lecture-audio: Polish lecture notes in, a podcast out.

The stages, each usable alone:

- :mod:`lecture_audio.notes` reads the vault into Episodes, Chapters and Points;
- :mod:`lecture_audio.normalize` turns written text into spoken Polish;
- :mod:`lecture_audio.engines` speaks it through a Voice;
- :mod:`lecture_audio.assemble` stitches sentences and pauses into an episode;
- :mod:`lecture_audio.publish` writes the MP3s and the feed.

:func:`lecture_audio.render.render` runs them all, as ``lecture-audio render`` does.
"""

__version__ = "0.1.0"
