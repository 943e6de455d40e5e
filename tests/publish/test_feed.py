"""The feed as podcast apps' parsers read it: podcastparser, feedparser and podcast-partytime (npm)."""

from __future__ import annotations

from pathlib import Path

import feedparser
import podcastparser
from PIL import Image

from lecture_audio.render import RenderReport, render
from lecture_audio.settings import load_settings

from ..node import NodeReaders

BASE = "https://example.org/kurs/"


def test_each_episode_has_a_link_and_artwork(rendered: tuple[Path, RenderReport], node_readers: NodeReaders) -> None:
    root, _ = rendered
    feed = root / "output" / "feed.xml"
    (cover,) = (root / "output").glob("cover-*.png")
    link, art = f"{BASE}index.html#odcinek-1", f"{BASE}{cover.name}"

    (entry,) = feedparser.parse(feed.read_bytes()).entries
    assert entry.link == link and entry.image.href == art
    with feed.open("rb") as handle:
        (episode,) = podcastparser.parse(str(feed), handle)["episodes"]
    assert episode["link"] == link and episode["episode_art_url"] == art
    party = node_readers.read("feed.js", str(feed))
    (item,) = party["items"]
    assert item["link"] == link and item["itunesImage"] == art
    assert party["itunesImage"] == art


def test_new_cover_art_gets_a_new_file_name(tmp_path: Path, small_project: Path) -> None:
    settings = f"title: Kurs\nbase_url: {BASE}\nimage: okładka.png\n"
    (small_project / "lecture-audio.yaml").write_text(settings, encoding="utf-8")
    Image.new("RGB", (1400, 1400), (10, 20, 30)).save(small_project / "okładka.png")
    render(load_settings(small_project))
    output = small_project / "output"
    (first,) = output.glob("cover-*.png")
    Image.new("RGB", (1400, 1400), (200, 20, 30)).save(small_project / "okładka.png")
    render(load_settings(small_project))
    (second,) = output.glob("cover-*.png")  # the old one is gone
    assert second.name != first.name
    parsed = feedparser.parse((output / "feed.xml").read_bytes())
    assert parsed.feed.image.href == parsed.entries[0].image.href == BASE + second.name
    assert second.name in (output / "index.html").read_text(encoding="utf-8")
