"""The episode page's HTML: escaping, the JSON island, chapters and transcript."""

from __future__ import annotations

import json
import re
from html.parser import HTMLParser
from pathlib import Path

from lecture_audio.publish.page import (
    PageChapter,
    PageCue,
    PageEpisode,
    clock,
    polish_date,
    render_page,
    spoken_length,
    write_page,
)

HOSTILE = 'Ala & <script>alert(1)</script> "ü" 🎧 zażółć'


def episode(number: int = 1, title: str = "Zjazd 1", **changes) -> PageEpisode:
    values = dict(
        title=title,
        number=number,
        audio=f"zjazd-{number}.mp3",
        duration=754.2,
        date="2025-03-01",
        chapters=(PageChapter("Wstęp", 0.0), PageChapter("Role w świecie ML", 61.25, "slides/role ML.png")),
        cues=(
            PageCue(0.35, 2.1, "Dzień dobry."),
            PageCue(2.45, 6.0, "Zaczynamy kurs."),
            PageCue(61.6, 64.0, "Role w świecie ML."),
            PageCue(64.9, 70.0, "Inżynier danych <i>przygotowuje</i> dane & model."),
        ),
        transcript=f"zjazd-{number}.vtt",
    )
    values.update(changes)
    return PageEpisode(**values)


class Elements(HTMLParser):
    """Every start tag with its attributes, and the text inside each element by tag path."""

    def __init__(self) -> None:
        super().__init__(convert_charrefs=True)
        self.tags: list[tuple[str, dict[str, str | None]]] = []
        self.open: list[tuple[str, dict[str, str | None], list[str]]] = []
        self.texts: list[tuple[str, dict[str, str | None], str]] = []

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        self.tags.append((tag, dict(attrs)))
        if tag not in ("meta", "link", "img", "input", "track", "br"):
            self.open.append((tag, dict(attrs), []))

    def handle_endtag(self, tag: str) -> None:
        while self.open:
            name, attrs, parts = self.open.pop()
            text = "".join(parts)
            self.texts.append((name, attrs, text))
            if self.open:
                self.open[-1][2].append(text)
            if name == tag:
                break

    def handle_data(self, data: str) -> None:
        if self.open:
            self.open[-1][2].append(data)

    def find(self, tag: str, cls: str | None = None) -> list[tuple[dict[str, str | None], str]]:
        return [(a, t) for name, a, t in self.texts if name == tag and (cls is None or cls in (a.get("class") or "").split())]


def parse(page: str) -> Elements:
    parser = Elements()
    parser.feed(page)
    parser.close()
    return parser


def island(page: str) -> dict:
    match = re.search(r'<script type="application/json" id="episodes">(.*?)</script>', page, re.S)
    assert match, "no JSON island"
    return json.loads(match.group(1))


def test_hostile_titles_are_escaped_everywhere() -> None:
    page = render_page(HOSTILE, "Opis <b>kursu</b> & więcej", [episode(title=HOSTILE)])
    # The only script elements are the JSON island and the page's own script.
    assert page.count("<script") == 2
    assert "<script>alert(1)" not in page
    assert "&lt;script&gt;alert(1)&lt;/script&gt;" in page
    assert "<b>kursu</b>" not in page
    elements = parse(page)
    assert [text for _, text in elements.find("h1")] == [HOSTILE]
    assert [text for _, text in elements.find("h2")] == [HOSTILE]
    assert [text for _, text in elements.find("title")] == [HOSTILE]
    feed_links = [a for tag, a in elements.tags if tag == "link" and a.get("type") == "application/rss+xml"]
    assert feed_links[0]["title"] == HOSTILE and feed_links[0]["href"] == "feed.xml"


def test_json_island_cannot_be_closed_by_a_title() -> None:
    page = render_page(HOSTILE, "", [episode(title="</script><script>alert(2)</script>")])
    match = re.search(r'<script type="application/json" id="episodes">(.*?)</script>', page, re.S)
    assert match and "<" not in match.group(1) and ">" not in match.group(1) and "&" not in match.group(1)
    assert "\\u003c/script\\u003e" in match.group(1)
    assert island(page)["episodes"][0]["title"] == "</script><script>alert(2)</script>"


def test_json_island_parses_back_to_the_episodes() -> None:
    first, second = episode(1, HOSTILE), episode(2, "Zjazd 2", transcript=None)
    data = island(render_page("Kurs", "Opis", [first, second], cover="okładka.png"))
    assert data["title"] == "Kurs" and data["feed"] == "feed.xml" and data["cover"] == "ok%C5%82adka.png"
    assert [e["number"] for e in data["episodes"]] == [1, 2]
    one = data["episodes"][0]
    assert one["title"] == HOSTILE
    assert one["audio"] == "zjazd-1.mp3" and one["duration"] == 754.2 and one["date"] == "2025-03-01"
    assert one["transcript"] == "zjazd-1.vtt" and data["episodes"][1]["transcript"] is None
    assert one["chapters"] == [
        {"title": "Wstęp", "start": 0.0, "image": None},
        {"title": "Role w świecie ML", "start": 61.25, "image": "slides/role%20ML.png"},
    ]
    assert [c["text"] for c in one["cues"]] == [c.text for c in first.cues]
    assert [(c["start"], c["end"]) for c in one["cues"]] == [(c.start, c.end) for c in first.cues]


def test_each_episode_is_an_article_with_its_audio() -> None:
    elements = parse(render_page("Kurs", "", [episode(1), episode(2, "Zjazd 2", transcript=None)]))
    articles = [a for tag, a in elements.tags if tag == "article"]
    assert [(a["class"], a["data-number"], a["id"]) for a in articles] == [("episode", "1", "odcinek-1"), ("episode", "2", "odcinek-2")]
    audios = [a for tag, a in elements.tags if tag == "audio"]
    assert [a["src"] for a in audios] == ["zjazd-1.mp3", "zjazd-2.mp3"]
    assert all("controls" in a for a in audios)
    tracks = [a for tag, a in elements.tags if tag == "track"]
    assert tracks == [{"kind": "captions", "srclang": "pl", "label": "Polski", "src": "zjazd-1.vtt"}]
    downloads = [a["href"] for tag, a in elements.tags if tag == "a" and "download" in a]
    assert downloads == ["zjazd-1.mp3", "zjazd-1.vtt", "zjazd-2.mp3"]


def test_chapters_are_buttons_with_their_start() -> None:
    elements = parse(render_page("Kurs", "", [episode()]))
    chapters = elements.find("button", "chapter")
    assert [(a["data-start"], text) for a, text in chapters] == [("0.000", "0:00Wstęp"), ("61.250", "1:01Role w świecie ML")]
    thumbs = [a["src"] for tag, a in elements.tags if tag == "img" and a.get("class") == "thumb"]
    assert thumbs == ["slides/role%20ML.png"]
    assert any(text == "Rozdziały" for _, text in elements.find("h3"))


def test_transcript_has_every_cue_once_in_order_under_its_chapter() -> None:
    first = episode()
    page = render_page("Kurs", "", [first])
    elements = parse(page)
    cues = elements.find("span", "cue")
    assert [text for _, text in cues] == [c.text for c in first.cues]
    assert [(float(a["data-start"]), float(a["data-end"])) for a, _ in cues] == [(c.start, c.end) for c in first.cues]
    assert "Inżynier danych &lt;i&gt;przygotowuje&lt;/i&gt; dane &amp; model." in page
    # A chapter's heading; where the chapter's first sentence is its announced title, that cue is the heading.
    assert [text for _, text in elements.find("h4")] == ["Wstęp", "Role w świecie ML."]
    assert '<h4><span class="cue" data-start="61.600" data-end="64.000">Role w świecie ML.</span></h4>' in page
    assert page.index("Zaczynamy kurs.") < page.index("<h4><span") < page.index("Inżynier")
    assert any("Transkrypcja" in text for _, text in elements.find("summary"))


def test_polish_interface_and_subscription() -> None:
    page = render_page("Kurs", "", [episode()])
    for words in ("Odcinek 1", "Rozdziały", "Transkrypcja", "Subskrybuj", "1 marca 2025", "13 min", "2 rozdziały"):
        assert words in page
    assert '<html lang="pl">' in page
    assert 'name="viewport"' in page
    assert "prefers-color-scheme: dark" in page


def test_nothing_is_loaded_from_elsewhere() -> None:
    page = render_page("Kurs", "", [episode()], cover="cover.png")
    assert "http://" not in page and "https://" not in page and "//cdn" not in page
    elements = parse(page)
    sources = [a.get("src") or a.get("href") for _, a in elements.tags if a.get("src") or a.get("href")]
    # Relative paths only; the one data: URL is the inline icon.
    assert sources and all(not re.match(r"^[a-z]+:|^//", s) or s.startswith("data:image/svg+xml,") for s in sources)


def test_paths_are_url_encoded_and_cannot_become_a_scheme() -> None:
    odd = episode(audio="zjazd 1 (ąę).mp3", chapters=(PageChapter("Slajd", 0.0, "javascript:alert(1)"),))
    elements = parse(render_page("Kurs", "", [odd]))
    assert [a["src"] for tag, a in elements.tags if tag == "audio"] == ["zjazd%201%20%28%C4%85%C4%99%29.mp3"]
    assert [a["src"] for tag, a in elements.tags if tag == "img" and a.get("class") == "thumb"] == ["javascript%3Aalert%281%29"]


def test_no_episodes_no_chapters_no_cues() -> None:
    assert "Brak odcinków." in render_page("Kurs", "", [])
    page = render_page("Kurs", "", [episode(chapters=(), cues=(), transcript=None)])
    assert 'class="chapter"' not in page and 'class="cue"' not in page and "<track" not in page
    assert island(page)["episodes"][0]["chapters"] == []


def test_cues_before_the_first_chapter_have_no_heading() -> None:
    late = episode(chapters=(PageChapter("Później", 5.0),), cues=(PageCue(1.0, 2.0, "Wcześnie."), PageCue(5.0, 6.0, "A teraz później.")))
    elements = parse(render_page("Kurs", "", [late]))
    assert [text for _, text in elements.find("h4")] == ["Później"]
    assert [text for _, text in elements.find("span", "cue")] == ["Wcześnie.", "A teraz później."]


def test_write_page_writes_index_html(tmp_path: Path) -> None:
    path = write_page(tmp_path / "output", "Kurs", "Opis", [episode()])
    assert path == tmp_path / "output" / "index.html"
    assert path.read_text(encoding="utf-8") == render_page("Kurs", "Opis", [episode()])
    assert [p.name for p in path.parent.iterdir()] == ["index.html"]  # no temporary file left


def test_text_helpers() -> None:
    assert clock(0) == "0:00" and clock(61.9) == "1:01" and clock(3725) == "1:02:05"
    assert spoken_length(20) == "1 min" and spoken_length(754) == "13 min" and spoken_length(3725) == "1 godz. 2 min"
    assert polish_date("2025-12-24") == "24 grudnia 2025" and polish_date("wkrótce") == "wkrótce"
