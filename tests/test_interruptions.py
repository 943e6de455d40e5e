"""Interrupted and failing renders: output/ is as before or updated per episode, never broken.

Kills use SIGKILL from inside a child render at chosen moments (a patched
function in a driver script), so the moment is exact, not a race.
"""

from __future__ import annotations

import errno
import os
import subprocess
import sys
import textwrap
import threading
from pathlib import Path

import feedparser
import miniaudio
import pytest
from click.testing import CliRunner
from mutagen.mp3 import MP3

from lecture_audio.cli import main
from lecture_audio.render import render
from lecture_audio.settings import load_settings

from .conftest import REPO
from .test_incremental import tone_project

DRIVER = """
import os, signal, sys
sys.path.insert(0, {repo!r})
point = sys.argv[2]

def die():
    os.kill(os.getpid(), signal.SIGKILL)

if point == "after-first-sentence":
    from lecture_audio import cache
    put = cache.SpeechCache.put
    def killing_put(self, key, clip):
        put(self, key, clip)
        die()
    cache.SpeechCache.put = killing_put
elif point == "mid-encode":
    from lecture_audio.publish import episode
    stream = episode.stream_episode
    def killing_stream(*args, **kwargs):
        for n, chunk in enumerate(stream(*args, **kwargs)):
            if n == 40:
                die()
            yield chunk
    episode.stream_episode = killing_stream
elif point == "writing-feed":
    from lecture_audio import files
    replace = files.os.replace
    def killing_replace(src, dst):
        if str(dst).endswith("feed.xml"):
            die()
        replace(src, dst)
    files.os.replace = killing_replace

from lecture_audio.render import render
from lecture_audio.settings import load_settings
render(load_settings(sys.argv[1]), jobs=1)
"""


def killed_render(project: Path, point: str) -> int:
    result = subprocess.run([sys.executable, "-c", DRIVER.format(repo=str(REPO / "tests" / "..")), str(project), point])
    return result.returncode


def check_consistent(output: Path, leftovers: bool = False) -> dict[str, int]:
    """Every file the feed names exists with the announced size; MP3s decode.

    A killed render may leave hidden temporary files (the next render removes them).
    """
    if not leftovers:
        assert not list(output.glob(".*.tmp"))
    feed = output / "feed.xml"
    if not feed.exists():
        assert not list(output.glob("*.mp3")), "MP3s published without a feed"
        return {}
    sizes = {}
    for entry in feedparser.parse(feed.read_bytes()).entries:
        name = entry.enclosures[0].href.rsplit("/", 1)[-1]
        sizes[name] = (output / name).stat().st_size
    for mp3 in output.glob("*.mp3"):
        decoded = miniaudio.decode_file(str(mp3))
        assert decoded.num_frames > 0
        assert MP3(mp3).info.length > 1
    return sizes


@pytest.mark.parametrize("point", ["after-first-sentence", "mid-encode", "writing-feed"])
def test_kill_9_leaves_output_consistent_and_the_next_render_resumes(tmp_path: Path, point: str) -> None:
    project = tone_project(tmp_path / "p", copies=2)
    # A first complete render, then the notes change and the second render is killed.
    render(load_settings(project), jobs=1)
    before = {p.name: p.read_bytes() for p in (project / "output").iterdir() if p.is_file()}
    for note in (project / "notes").rglob("*.md"):
        note.write_text(note.read_text().replace("Drugie zdanie", "Inne drugie zdanie"))

    assert killed_render(project, point) == -9
    output = project / "output"
    check_consistent(output, leftovers=True)
    if point == "after-first-sentence":
        # Nothing was published yet: output/ is exactly as before.
        after = {p.name: p.read_bytes() for p in output.iterdir() if p.is_file() and not p.name.endswith(".tmp")}
        assert after == before
    elif point == "mid-encode":
        assert (output / "wyklad-1.mp3").read_bytes() == before["wyklad-1.mp3"]

    resumed = render(load_settings(project), jobs=1)
    sizes = check_consistent(output)
    assert set(sizes) == {"wyklad-1.mp3", "wyklad-2.mp3"}
    # Only what was left is done again: the sentences killed runs already cached stay cached.
    changed = 24  # "Inne drugie zdanie punktu N." for N = 1..24 (shared by both notes)
    if point == "after-first-sentence":
        assert resumed.synthesized == changed - 1
    else:
        assert resumed.synthesized == 0
    if point == "writing-feed":
        assert not any(e.encoded for e in resumed.episodes)


def test_a_second_render_at_once_is_refused(small_project: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    from lecture_audio import render as render_module

    started, release = threading.Event(), threading.Event()
    original = render_module.missing

    def slow_missing(*args, **kwargs):
        started.set()
        release.wait(30)
        return original(*args, **kwargs)

    monkeypatch.setattr(render_module, "missing", slow_missing)
    first = threading.Thread(target=render, args=(load_settings(small_project),), kwargs={"jobs": 1})
    first.start()
    try:
        assert started.wait(30)
        monkeypatch.chdir(small_project)
        result = CliRunner().invoke(main, ["render", "-j", "1"])
    finally:
        release.set()
        first.join(60)
    assert result.exit_code == 1
    assert result.stderr == "error: output: the project is busy: another render is writing this output folder (wait for it to finish)\n"
    assert (small_project / "output" / "feed.xml").is_file()  # the first render finished


def test_full_disk_is_an_error_not_a_corrupt_file(small_project: Path) -> None:
    render(load_settings(small_project), jobs=1)
    before = {p.name: p.read_bytes() for p in (small_project / "output").iterdir() if p.is_file()}
    note = small_project / "notes" / "Wykład 1" / "1. Wstęp.md"
    note.write_text(note.read_text() + "3. Nowy punkt, którego nie było, i dłuższy tekst do powiedzenia.\n")
    # The disk fills up at 64 kB: every larger write fails (EFBIG stands in for ENOSPC).
    limit = textwrap.dedent(
        """
        import resource, signal, sys
        signal.signal(signal.SIGXFSZ, signal.SIG_IGN)
        resource.setrlimit(resource.RLIMIT_FSIZE, (64000, 64000))
        from lecture_audio.cli import main
        sys.argv = ["lecture-audio", "render", "-j", "1"]
        main()
        """
    )
    result = subprocess.run([sys.executable, "-c", limit], cwd=small_project, capture_output=True, text=True)
    assert result.returncode == 1, result.stderr
    assert "Traceback" not in result.stderr
    assert result.stderr.startswith("error: ") and result.stderr.count("\n") == 1
    after = {p.name: p.read_bytes() for p in (small_project / "output").iterdir() if p.is_file()}
    assert after == before


def test_read_only_output_is_an_error(small_project: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    (small_project / "output").mkdir()
    (small_project / "output" / "old.mp3").write_bytes(b"old")

    def read_only(*args, **kwargs):
        raise OSError(errno.EROFS, os.strerror(errno.EROFS))

    # As root (CI) permissions do not stop writes, so the file system's answer is simulated.
    monkeypatch.setattr("lecture_audio.files.tempfile.mkstemp", read_only)
    monkeypatch.chdir(small_project)
    result = CliRunner().invoke(main, ["render", "-j", "1"])
    assert result.exit_code == 1
    assert result.stderr.startswith("error: ") and "Read-only file system" in result.stderr
    assert result.stderr.count("\n") == 1
    assert sorted(set(os.listdir(small_project / "output")) - {".lecture-audio.lock"}) == ["old.mp3"]


def test_a_failure_in_a_later_episode_publishes_nothing(tmp_path: Path) -> None:
    from lecture_audio.errors import SynthesisError

    project = tone_project(tmp_path / "p", copies=2)
    render(load_settings(project), jobs=1)
    before = {p.name: p.read_bytes() for p in (project / "output").iterdir() if p.is_file()}
    for note in (project / "notes").rglob("*.md"):
        note.write_text(note.read_text().replace("Drugie zdanie", "Inne drugie zdanie"))
    # The first episode can be made; a sentence of the second one breaks the voice.
    (project / "notes" / "Wykład 2" / "1. Notatka 1.md").write_text("1. Zdanie, które psuje głos.\n")
    voice = project / "voices" / "tone.yaml"
    voice.write_text(voice.read_text().replace("{seconds_per_char: 0.05}", "{seconds_per_char: 0.05, fail_on: 'psuje'}"))
    with pytest.raises(SynthesisError, match="1. Notatka 1.md:1: .*the model broke"):
        render(load_settings(project), jobs=1)
    after = {p.name: p.read_bytes() for p in (project / "output").iterdir() if p.is_file()}
    assert after == before
