"""The podcast feed: RSS 2.0 with Apple's iTunes tags and Podcasting 2.0 tags.

Built with feedgen (escaping and namespaces are its job). Its podcast
extension predates Apple's ``true``/``false`` for ``itunes:explicit`` and has
no Podcasting 2.0 tags, so a small extension of ours adds those.
"""

from __future__ import annotations

import datetime as dt
import uuid
from dataclasses import dataclass
from pathlib import Path

from feedgen.ext.base import BaseEntryExtension, BaseExtension
from feedgen.feed import FeedGenerator
from feedgen.util import xml_elem

from ..assemble import Mark
from ..files import write_atomic
from ..settings import Settings
from .chapters import CHAPTERS_TYPE

ITUNES_NS = "http://www.itunes.com/dtds/podcast-1.0.dtd"
PODCAST_NS = "https://podcastindex.org/namespace/1.0"
# The namespace UUID the Podcasting 2.0 spec fixes for podcast:guid.
PODCAST_GUID_NAMESPACE = uuid.UUID("ead4c236-bf58-58c6-a2c6-a6b28d128cb6")


@dataclass(frozen=True)
class FeedItem:
    """One published episode as the feed lists it."""

    title: str
    number: int
    file_name: str
    size: int
    duration: float
    guid: str
    date: dt.datetime
    chapters: tuple[Mark, ...] = ()
    description: str = ""
    chapters_file: str = ""  # Podcasting 2.0 chapters JSON, beside the MP3
    transcripts: tuple[tuple[str, str], ...] = ()  # (file name, MIME type)


def podcast_guid(settings: Settings) -> str:
    """The show's podcast:guid: UUIDv5 of the feed URL without its scheme, as the spec says."""
    url = settings.feed_url("feed.xml").split("://", 1)[-1].rstrip("/")
    return str(uuid.uuid5(PODCAST_GUID_NAMESPACE, url))


def episode_guid(settings: Settings, source: str) -> str:
    """A stable item guid: the same course and episode folder give the same guid on every render."""
    return str(uuid.uuid5(uuid.NAMESPACE_URL, f"lecture-audio:{settings.title}/{source}"))


def episode_link(settings: Settings, number: int) -> str:
    """The episode's web page: its place on ``index.html`` (the page's anchors are ``odcinek-N``)."""
    return settings.feed_url("index.html") + f"#odcinek-{number}"


def _timestamp(seconds: float) -> str:
    total = int(seconds)
    return f"{total // 3600:d}:{total % 3600 // 60:02d}:{total % 60:02d}"


def describe(item: FeedItem) -> str:
    """The episode's description: its chapter list with start times."""
    lines = [item.description] if item.description else []
    lines += [f"{_timestamp(mark.start)} {mark.title}" for mark in item.chapters]
    return "\n".join(lines) or item.title


class _ChannelExtension(BaseExtension):
    def __init__(self) -> None:
        self.explicit = False
        self.guid = ""

    def extend_ns(self) -> dict[str, str]:
        return {"itunes": ITUNES_NS, "podcast": PODCAST_NS}

    def extend_rss(self, feed):  # type: ignore[no-untyped-def]
        channel = feed[0]
        xml_elem(f"{{{ITUNES_NS}}}explicit", channel).text = "true" if self.explicit else "false"
        if self.guid:
            xml_elem(f"{{{PODCAST_NS}}}guid", channel).text = self.guid
        return feed


class _ItemExtension(BaseEntryExtension):
    def __init__(self) -> None:
        self.explicit = False
        self.chapters_url = ""
        self.transcripts: list[tuple[str, str]] = []  # (url, MIME type)
        self.language = ""

    def extend_ns(self) -> dict[str, str]:
        return {"itunes": ITUNES_NS, "podcast": PODCAST_NS}

    def extend_rss(self, item):  # type: ignore[no-untyped-def]
        xml_elem(f"{{{ITUNES_NS}}}explicit", item).text = "true" if self.explicit else "false"
        if self.chapters_url:
            xml_elem(f"{{{PODCAST_NS}}}chapters", item).attrib.update({"url": self.chapters_url, "type": CHAPTERS_TYPE})
        for url, kind in self.transcripts:
            element = xml_elem(f"{{{PODCAST_NS}}}transcript", item)
            element.attrib.update({"url": url, "type": kind, "language": self.language})
            if kind == "text/vtt":
                element.set("rel", "captions")  # timed cues: apps may show them as captions
        return item


def build_feed(settings: Settings, items: list[FeedItem], image_name: str = "", guid: str = "") -> bytes:
    """The feed XML for ``items`` (newest last in the list; apps sort by date); ``guid``: the show's, as assigned."""
    fg = FeedGenerator()
    fg.load_extension("podcast")
    fg.register_extension("lecture", _ChannelExtension, _ItemExtension)
    fg.title(settings.title)
    fg.description(settings.podcast_description)
    fg.link(href=settings.feed_url("feed.xml"), rel="self")
    fg.link(href=settings.feed_url(""), rel="alternate")
    fg.language(settings.language)
    fg.generator("lecture-audio")
    fg.author({"name": settings.author, **({"email": settings.email} if settings.email else {})})
    fg.podcast.itunes_author(settings.author)
    fg.podcast.itunes_summary(settings.podcast_description)
    fg.podcast.itunes_category(settings.category)
    fg.podcast.itunes_type("serial")
    if settings.email:  # Apple shows the owner privately; feedgen needs both fields
        fg.podcast.itunes_owner(name=settings.author, email=settings.email)
    fg.lecture.explicit = settings.explicit
    fg.lecture.guid = guid or podcast_guid(settings)
    if image_name:
        url = settings.feed_url(image_name)
        fg.image(url=url, title=settings.title, link=settings.feed_url(""))
        fg.podcast.itunes_image(url)
    if items:
        fg.lastBuildDate(max(i.date for i in items))
    for item in items:
        entry = fg.add_entry(order="append")
        entry.title(item.title)
        entry.link(href=episode_link(settings, item.number))
        entry.guid(item.guid, permalink=False)
        entry.pubDate(item.date)
        entry.description(describe(item))
        entry.enclosure(settings.feed_url(item.file_name), str(item.size), "audio/mpeg")
        entry.podcast.itunes_duration(int(round(item.duration)))
        entry.podcast.itunes_episode(item.number)
        entry.podcast.itunes_episode_type("full")
        if image_name:  # Apple recommends episode art; the cover is the square picture apps accept
            entry.podcast.itunes_image(settings.feed_url(image_name))
        entry.lecture.explicit = settings.explicit
        entry.lecture.language = settings.language
        if item.chapters_file:
            entry.lecture.chapters_url = settings.feed_url(item.chapters_file)
        entry.lecture.transcripts = [(settings.feed_url(name), kind) for name, kind in item.transcripts]
    return fg.rss_str(pretty=True)


def write_feed(path: Path, settings: Settings, items: list[FeedItem], image_name: str = "") -> None:
    """Write ``feed.xml`` atomically."""
    write_atomic(path, build_feed(settings, items, image_name))
