"""Episodes keep their identity: guid and date fixed at first publish, podcast:guid assigned once."""

from __future__ import annotations

import datetime as dt
import email.utils
import os
import time
from pathlib import Path

import feedparser
import podcastparser
from click.testing import CliRunner

from lecture_audio.cli import main
from lecture_audio.render import render
from lecture_audio.settings import load_settings

from ..node import NodeReaders

NOTES = "Wykład 1/1. Wstęp.md"


def settings(project: Path, text: str) -> None:
    (project / "lecture-audio.yaml").write_text(text, encoding="utf-8")


def identity(project: Path, node_readers: NodeReaders | None = None) -> tuple[str, str, str]:
    """(podcast:guid, episode guid, pubDate) as feedparser reads them; the other parsers must agree."""
    feed = project / "output" / "feed.xml"
    parsed = feedparser.parse(feed.read_bytes())
    (entry,) = parsed.entries
    found = (parsed.feed.podcast_guid, entry.id, entry.published)
    with feed.open("rb") as handle:
        (episode,) = podcastparser.parse(str(feed), handle)["episodes"]
    assert episode["guid"] == entry.id
    assert episode["published"] == email.utils.parsedate_to_datetime(entry.published).timestamp()
    if node_readers:
        party = node_readers.read("feed.js", str(feed))
        assert (party["guid"], party["items"][0]["guid"]) == found[:2]
    return found


def test_guids_survive_a_new_title_and_address(small_project: Path, node_readers: NodeReaders) -> None:
    settings(small_project, "title: Kurs\nbase_url: https://kurs.example.edu/\n")
    render(load_settings(small_project))
    first = identity(small_project, node_readers)
    settings(small_project, "title: Kurs, nowa nazwa\nbase_url: https://nowy.example.edu/pod/\n")
    render(load_settings(small_project))
    assert identity(small_project, node_readers) == first


def test_edits_and_a_lost_manifest_keep_guid_and_date(small_project: Path) -> None:
    settings(small_project, "title: Kurs\nbase_url: https://kurs.example.edu/\n")
    note = small_project / "notes" / NOTES
    week_ago = time.time() - 7 * 86400
    for path in (small_project / "notes").rglob("*.md"):
        os.utime(path, (week_ago, week_ago))
    render(load_settings(small_project))
    first = identity(small_project)
    note.write_text(note.read_text(encoding="utf-8") + "3. Nowy punkt.\n", encoding="utf-8")  # edited today
    render(load_settings(small_project))
    assert identity(small_project) == first
    (small_project / "output" / ".lecture-audio-manifest.json").unlink()  # a fresh clone with the published feed
    settings(small_project, "title: Inny tytuł\nbase_url: https://kurs.example.edu/\n")
    render(load_settings(small_project))
    assert identity(small_project) == first


def test_a_derived_date_is_never_later_than_the_render(small_project: Path) -> None:
    settings(small_project, "base_url: https://kurs.example.edu/\n")
    later = time.time() + 3 * 86400  # a clock that was wrong when the notes were saved
    for path in (small_project / "notes").rglob("*.md"):
        os.utime(path, (later, later))
    before = dt.datetime.now(dt.timezone.utc)
    report = render(load_settings(small_project))
    date = email.utils.parsedate_to_datetime(identity(small_project)[2])
    assert date <= dt.datetime.now(dt.timezone.utc) and date >= before - dt.timedelta(seconds=1)
    assert report.scheduled == []


def test_a_future_date_in_the_notes_is_kept_and_mentioned(small_project: Path, monkeypatch) -> None:
    settings(small_project, "base_url: https://kurs.example.edu/\n")
    note = small_project / "notes" / NOTES
    render(load_settings(small_project))
    note.write_text("---\ndate: 2031-10-06\n---\n" + note.read_text(encoding="utf-8"), encoding="utf-8")
    monkeypatch.chdir(small_project)
    result = CliRunner().invoke(main, ["render"], catch_exceptions=False)
    assert result.exit_code == 0, result.output
    assert email.utils.parsedate_to_datetime(identity(small_project)[2]) == dt.datetime(2031, 10, 6, 8, tzinfo=dt.timezone.utc)
    (line,) = [line for line in result.stderr.splitlines() if line.startswith("scheduled:")]
    assert "'Wykład 1'" in line and "2031-10-06" in line


def test_podcast_guid_is_not_kept_from_a_local_address(small_project: Path) -> None:
    settings(small_project, "base_url: http://localhost:8000/\n")
    render(load_settings(small_project))
    local = identity(small_project)[0]
    settings(small_project, "base_url: https://kurs.example.edu/\n")
    render(load_settings(small_project))
    public = identity(small_project)[0]
    assert public != local
    settings(small_project, "base_url: https://gdzie-indziej.example.edu/\n")
    render(load_settings(small_project))
    assert identity(small_project)[0] == public
