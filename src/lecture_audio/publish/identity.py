"""Who an episode is to a podcast app: its guid and date, fixed when it is first published.

Apps tell episodes apart by guid and order them by date: a guid that changes
gives every subscriber a duplicate, a date that moves reorders their list.
So both are decided once, remembered in the manifest (beside, not inside,
what a new version of the tool may throw away), and read back from the
published feed when the manifest is gone. The show's ``podcast:guid`` is
assigned once too, from the feed's address, as the Podcasting 2.0 spec says.

A date in the notes (front matter ``date:``, or ``start_date`` in the
settings) is the lecturer's schedule and always wins, even in the future. A
date the tool derives (the day the notes last changed) is never later than
the render.
"""

from __future__ import annotations

import datetime as dt
import email.utils
import urllib.parse
import xml.etree.ElementTree as ET
from dataclasses import dataclass, field
from pathlib import Path

from ..model import Episode
from ..settings import Settings
from .feed import PODCAST_NS, episode_guid, podcast_guid

UTC = dt.timezone.utc
PUBLISH_HOUR = 8  # a date from the notes is published at 08:00 UTC that day
LOCAL_HOSTS = ("localhost", "127.0.0.1", "::1")


@dataclass(frozen=True)
class Identity:
    """An episode's guid and publication date."""

    guid: str
    date: dt.datetime


@dataclass
class Identities:
    """What has been published: the show's guid and each episode's identity, by slug."""

    podcast_guid: str = ""
    episodes: dict[str, Identity] = field(default_factory=dict)

    def to_dict(self) -> dict:
        """A JSON-ready copy (kept in the manifest)."""
        episodes = {slug: {"guid": i.guid, "date": i.date.isoformat()} for slug, i in self.episodes.items()}
        return {"podcast_guid": self.podcast_guid, "episodes": episodes}

    @classmethod
    def from_dict(cls, data: object) -> Identities:
        """What :meth:`to_dict` wrote; anything damaged is left out."""
        found = cls()
        if not isinstance(data, dict):
            return found
        found.podcast_guid = str(data.get("podcast_guid") or "")
        episodes = data.get("episodes")
        for slug, entry in (episodes.items() if isinstance(episodes, dict) else []):
            try:
                found.episodes[slug] = Identity(str(entry["guid"]), dt.datetime.fromisoformat(entry["date"]))
            except (KeyError, TypeError, ValueError):
                continue
        return found


def read_feed(path: Path) -> Identities:
    """The identities a published ``feed.xml`` states (empty if it is missing or unreadable)."""
    found = Identities()
    try:
        channel = ET.parse(path).getroot().find("channel")
    except (OSError, ET.ParseError):
        return found
    if channel is None:
        return found
    if _public_host(channel.findtext("link") or ""):  # a guid from a local address was never assigned
        found.podcast_guid = (channel.findtext(f"{{{PODCAST_NS}}}guid") or "").strip()
    for item in channel.findall("item"):
        enclosure, guid, date = item.find("enclosure"), item.findtext("guid"), item.findtext("pubDate")
        if enclosure is None or not guid or not date:
            continue
        name = urllib.parse.unquote(urllib.parse.urlsplit(enclosure.get("url", "")).path.rsplit("/", 1)[-1])
        try:
            found.episodes[name.removesuffix(".mp3")] = Identity(guid.strip(), email.utils.parsedate_to_datetime(date))
        except (TypeError, ValueError):
            continue
    return found


def remembered(manifest_identity: object, feed: Path) -> Identities:
    """The manifest's identities, filled in from the published feed where the manifest has none."""
    known = Identities.from_dict(manifest_identity)
    published = read_feed(feed)
    known.podcast_guid = known.podcast_guid or published.podcast_guid
    for slug, identity in published.episodes.items():
        known.episodes.setdefault(slug, identity)
    return known


def _public_host(url: str) -> bool:
    host = urllib.parse.urlsplit(url).hostname or ""
    return bool(host) and host not in LOCAL_HOSTS and not host.endswith(".invalid")


def public_feed(settings: Settings) -> bool:
    """Whether the feed has an address on the internet (a guid derived from it is worth keeping)."""
    return bool(settings.base_url) and _public_host(settings.feed_url("feed.xml"))


def show_guid(known: Identities, settings: Settings) -> str:
    """The show's podcast:guid: the one assigned before, else one from the feed's address (kept once public)."""
    if known.podcast_guid:
        return known.podcast_guid
    guid = podcast_guid(settings)
    if public_feed(settings):
        known.podcast_guid = guid
    return guid


def derived_date(settings: Settings, episode: Episode, now: dt.datetime) -> dt.datetime:
    """08:00 UTC on the day the episode's notes last changed, but never later than ``now``."""
    sources = [settings.notes_dir / c.source for c in episode.chapters]
    newest = max((p.stat().st_mtime for p in sources if p.exists()), default=now.timestamp())
    day = dt.datetime.fromtimestamp(newest, UTC).date()
    return min(dt.datetime(day.year, day.month, day.day, PUBLISH_HOUR, tzinfo=UTC), now)


def episode_identity(known: Identities, settings: Settings, episode: Episode, now: dt.datetime) -> Identity:
    """The episode's guid and date: as first published, the notes' own date winning; remembered in ``known``."""
    before = known.episodes.get(episode.slug)
    if episode.date:
        date = dt.datetime(episode.date.year, episode.date.month, episode.date.day, PUBLISH_HOUR, tzinfo=UTC)
    elif before:
        date = before.date
    else:
        date = derived_date(settings, episode, now)
    identity = Identity(before.guid if before else episode_guid(settings, episode.source.as_posix()), date)
    known.episodes[episode.slug] = identity
    return identity
