"""The podcast's web page: ``output/index.html``, to listen without a podcast app.

One static file, no build step and nothing fetched from elsewhere: the style
and script (``page_assets/``) are inlined, the episodes' data is a JSON island
the script reads. Each episode gets an audio player, its chapters (a click
plays from there; the chapter's slide is shown while it plays) and its
transcript, whose spoken sentence is highlighted and kept in view.

The markup is complete without the script, so the chapter list and the
transcript read fine where scripts are off; the script adds the rest.
"""

from __future__ import annotations

import dataclasses
import datetime as dt
import html
import json
from dataclasses import asdict, dataclass
from functools import cache
from importlib import resources
from pathlib import Path
from urllib.parse import quote

from ..files import write_atomic

PAGE_FILE = "index.html"
RATES = ("0.75", "1", "1.25", "1.5", "1.75", "2")
# Inline, so a browser asks for no favicon.ico (a 404 in its console otherwise).
ICON = "data:image/svg+xml," + quote('<svg xmlns="http://www.w3.org/2000/svg" viewBox="0 0 100 100"><text y=".9em" font-size="90">🎧</text></svg>')
MONTHS = ("stycznia", "lutego", "marca", "kwietnia", "maja", "czerwca", "lipca", "sierpnia", "września", "października", "listopada", "grudnia")


@dataclass(frozen=True)
class PageChapter:
    """A chapter as the page lists it."""

    title: str
    start: float  # seconds
    image: str | None = None  # a path relative to output/ (e.g. "slides/slajd 1.png"), not yet URL-encoded


@dataclass(frozen=True)
class PageCue:
    """One sentence of the transcript and when it is spoken."""

    start: float
    end: float
    text: str  # the sentence as written in the notes


@dataclass(frozen=True)
class PageEpisode:
    """One episode on the page."""

    title: str
    number: int
    audio: str  # file name relative to output/, e.g. "zjazd-1.mp3"
    duration: float
    date: str  # ISO date, e.g. "2025-03-01"
    chapters: tuple[PageChapter, ...]
    cues: tuple[PageCue, ...]
    transcript: str | None = None  # e.g. "zjazd-1.vtt", offered for download and as a <track>


def render_page(
    title: str,
    description: str,
    episodes: list[PageEpisode],
    cover: str | None = None,
    feed: str = "feed.xml",
) -> str:
    """The page's HTML for the podcast ``title`` and its ``episodes``, in the order given.

    ``cover`` and ``feed`` are paths relative to the page; every text is
    HTML-escaped, so titles may hold ``&``, ``<`` or quotes.
    """
    # Both the markup and the script find chapters and cues by their order in time.
    episodes = [
        dataclasses.replace(e, chapters=tuple(sorted(e.chapters, key=lambda c: c.start)), cues=tuple(sorted(e.cues, key=lambda c: c.start)))
        for e in episodes
    ]
    data = {
        "title": title,
        "feed": _url(feed),
        "cover": _url(cover) if cover else None,
        "episodes": [_episode_data(e) for e in episodes],
    }
    articles = "\n".join(_article(e) for e in episodes) or '<p class="empty">Brak odcinków.</p>'
    cover_html = f'<img class="cover" src="{_attr(_url(cover))}" alt="">' if cover else ""
    description_html = f'<p class="description">{_text(description)}</p>' if description else ""
    feed_url = _attr(_url(feed))
    return f"""<!doctype html>
<html lang="pl">
<head>
<meta charset="utf-8">
<meta name="viewport" content="width=device-width, initial-scale=1">
<meta name="color-scheme" content="light dark">
<link rel="icon" href="{ICON}">
<title>{_text(title)}</title>
<meta name="description" content="{_attr(description)}">
<link rel="alternate" type="application/rss+xml" title="{_attr(title)}" href="{feed_url}">
<style>
{_asset("page.css")}</style>
</head>
<body>
<div class="page">
<header class="show">
{cover_html}
<div>
<h1>{_text(title)}</h1>
{description_html}
<p class="subscribe">
<a class="button primary" href="{feed_url}" type="application/rss+xml">Subskrybuj (RSS)</a>
<input class="feed-url" type="text" readonly value="{feed_url}" aria-label="Adres kanału">
<button class="copy-feed" type="button" hidden>Kopiuj adres</button>
<span class="hint">Wklej adres kanału w aplikacji do podcastów („Dodaj podcast przez URL”).</span>
</p>
</div>
</header>
<main>
{articles}
</main>
<footer>Odcinki, rozdziały i transkrypcje: lecture-audio</footer>
</div>
<script type="application/json" id="episodes">{_json_island(data)}</script>
<script>
{_asset("page.js")}</script>
</body>
</html>
"""


def write_page(
    output_dir: Path,
    title: str,
    description: str,
    episodes: list[PageEpisode],
    cover: str | None = None,
) -> Path:
    """Write ``output_dir/index.html`` atomically and return its path."""
    path = Path(output_dir) / PAGE_FILE
    write_atomic(path, render_page(title, description, episodes, cover).encode("utf-8"))
    return path


# --- one episode ---------------------------------------------------------------


def _article(episode: PageEpisode) -> str:
    n = episode.number
    audio_url = _attr(_url(episode.audio))
    track = ""
    if episode.transcript:
        track = f'<track kind="captions" srclang="pl" label="Polski" src="{_attr(_url(episode.transcript))}">'
    chapters_note = _plural(len(episode.chapters), "rozdział", "rozdziały", "rozdziałów")
    meta = [f'<span class="number">Odcinek {n}</span>']
    if episode.date:
        meta.append(f'<time datetime="{_attr(episode.date)}">{_text(polish_date(episode.date))}</time>')
    meta.append(_text(spoken_length(episode.duration)))
    if episode.chapters:
        meta.append(f"{len(episode.chapters)} {chapters_note}")
    downloads = [f'<a href="{audio_url}" download>Pobierz MP3</a>']
    if episode.transcript:
        downloads.append(f'<a href="{_attr(_url(episode.transcript))}" download>Pobierz transkrypcję (VTT)</a>')
    rates = "".join(f'<option value="{r}"{" selected" if r == "1" else ""}>{r.replace(".", ",")}×</option>' for r in RATES)
    return f"""<article class="episode" data-number="{n}" id="odcinek-{n}">
<header>
<p class="meta">{" · ".join(meta)}</p>
<h2>{_text(episode.title)}</h2>
</header>
<div class="player">
<audio controls preload="metadata" src="{audio_url}">{track}Twoja przeglądarka nie odtwarza dźwięku: <a href="{audio_url}">pobierz MP3</a>.</audio>
<label class="rate">Tempo <select aria-label="Tempo odtwarzania">{rates}</select></label>
</div>
<figure class="slide" hidden><img alt=""><figcaption></figcaption></figure>
{_chapters(episode)}
{_transcript(episode)}
<p class="downloads">{" · ".join(downloads)}</p>
</article>"""


def _chapters(episode: PageEpisode) -> str:
    if not episode.chapters:
        return ""
    items = []
    for chapter in episode.chapters:
        thumb = f'<img class="thumb" src="{_attr(_url(chapter.image))}" alt="" loading="lazy">' if chapter.image else "<span></span>"
        items.append(
            f'<li><button class="chapter" type="button" data-start="{chapter.start:.3f}">'
            f'<span class="time">{clock(chapter.start)}</span><span class="title">{_text(chapter.title)}</span>{thumb}</button></li>'
        )
    return '<section class="chapters">\n<h3>Rozdziały</h3>\n<ol>\n' + "\n".join(items) + "\n</ol>\n</section>"


def _transcript(episode: PageEpisode) -> str:
    """The transcript, a paragraph per chapter; every cue once and in order (the script pairs them by index)."""
    if not episode.cues:
        return ""
    parts = []
    for heading, cues in _cues_by_chapter(episode):
        if cues and heading is not None and _same_words(cues[0].text, heading):
            # The chapter's announced title is its first cue: it is the heading, lit while spoken.
            parts.append(f"<h4>{_cue(cues[0])}</h4>")
            cues = cues[1:]
        elif heading is not None:
            parts.append(f"<h4>{_text(heading)}</h4>")
        if cues:
            parts.append("<p>" + " ".join(_cue(c) for c in cues) + "</p>")
    body = "\n".join(parts)
    return f'<details class="transcript" open>\n<summary><h3>Transkrypcja</h3></summary>\n<div class="cues" tabindex="0">\n{body}\n</div>\n</details>'


def _cue(cue: PageCue) -> str:
    return f'<span class="cue" data-start="{cue.start:.3f}" data-end="{cue.end:.3f}">{_text(cue.text)}</span>'


def _same_words(a: str, b: str) -> bool:
    """Whether two texts are the same words, ignoring case and punctuation around them."""
    return a.strip(" .!?:").casefold() == b.strip(" .!?:").casefold()


def _cues_by_chapter(episode: PageEpisode) -> list[tuple[str | None, list[PageCue]]]:
    groups: list[tuple[str | None, list[PageCue]]] = []
    chapters = episode.chapters
    index = -1
    for cue in episode.cues:
        # Up to a millisecond early still counts: the times were rounded.
        while index + 1 < len(chapters) and chapters[index + 1].start <= cue.start + 0.001:
            index += 1
            groups.append((chapters[index].title, []))
        if not groups:
            groups.append((None, []))
        groups[-1][1].append(cue)
    return [g for g in groups if g[1]]


def _episode_data(episode: PageEpisode) -> dict:
    data = asdict(episode)
    data["audio"] = _url(episode.audio)
    data["transcript"] = _url(episode.transcript) if episode.transcript else None
    for chapter in data["chapters"]:
        chapter["image"] = _url(chapter["image"]) if chapter["image"] else None
    return data


# --- text -----------------------------------------------------------------------


def clock(seconds: float) -> str:
    """``m:ss`` or ``h:mm:ss``, as players show time."""
    total = int(max(0.0, seconds))
    hours, rest = divmod(total, 3600)
    minutes, secs = divmod(rest, 60)
    return f"{hours}:{minutes:02d}:{secs:02d}" if hours else f"{minutes}:{secs:02d}"


def spoken_length(seconds: float) -> str:
    """An episode's length as a listener reads it: ``45 min``, ``1 godz. 5 min``."""
    minutes = max(1, round(seconds / 60))
    hours, minutes = divmod(minutes, 60)
    return f"{hours} godz. {minutes} min" if hours else f"{minutes} min"


def polish_date(iso: str) -> str:
    """``2025-03-01`` as ``1 marca 2025``; anything else as given."""
    try:
        day = dt.date.fromisoformat(iso)
    except ValueError:
        return iso
    return f"{day.day} {MONTHS[day.month - 1]} {day.year}"


def _plural(n: int, one: str, few: str, many: str) -> str:
    """The Polish noun form for a count: 1 rozdział, 2 rozdziały, 5 rozdziałów, 22 rozdziały."""
    if n == 1:
        return one
    if n % 10 in (2, 3, 4) and n % 100 not in (12, 13, 14):
        return few
    return many


def _text(value: str) -> str:
    return html.escape(value, quote=False)


def _attr(value: str) -> str:
    return html.escape(value, quote=True)


def _url(path: str) -> str:
    """A relative URL for a path under output/: spaces and Polish letters encoded.

    Everything but ``/`` is encoded, so a name can never become a scheme
    (``javascript:``) or a query.
    """
    return quote(path, safe="/")


def _json_island(data: dict) -> str:
    """JSON safe inside ``<script>``: no ``</script>`` or ``<!--`` can end the element early."""
    text = json.dumps(data, ensure_ascii=False, separators=(",", ":"), allow_nan=False)
    return text.replace("&", "\\u0026").replace("<", "\\u003c").replace(">", "\\u003e")


@cache
def _asset(name: str) -> str:
    return resources.files("lecture_audio.publish").joinpath("page_assets").joinpath(name).read_text(encoding="utf-8")
