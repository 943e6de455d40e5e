"""The episode page in a real headless Chromium, served by ``serve`` from a real render.

This is the end-to-end check that matters to a student with a phone: the MP3
loads and plays from our server (metadata needs working byte ranges), the
chapters seek, the spoken sentence is highlighted and kept in view, the page
fits a phone screen, and nothing is fetched from anywhere else.
"""

from __future__ import annotations

import os
import shutil
import struct
import zlib
from collections.abc import Iterator
from pathlib import Path

import pytest
from playwright.sync_api import Browser, ConsoleMessage, Page, Request, sync_playwright

from lecture_audio.publish.episode import page_episode
from lecture_audio.publish.page import PageEpisode
from lecture_audio.render import render
from lecture_audio.settings import load_settings

REPO = Path(__file__).resolve().parents[2]
CHROMIUM = os.environ.get("LECTURE_AUDIO_CHROMIUM", "/usr/bin/chromium")
CHROMIUM_ARGS = [
    "--headless=new",
    "--no-sandbox",
    "--disable-gpu",
    "--autoplay-policy=no-user-gesture-required",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
    "--no-first-run",
    "--disable-quic",
]

NOTES = {
    "Wykład 1/1. Wstęp.md": (
        "# Wstęp\n\n"
        "1. Dzień dobry, witam na pierwszym wykładzie. Dziś zaczynamy kurs o wdrażaniu modeli uczenia maszynowego. "
        "Przez cały semestr będziemy budować jeden projekt. Każdy wykład dodaje do niego jeden element.\n"
        "2. Najpierw powiem kilka zdań o sobie. Od dziesięciu lat pracuję przy systemach, które uczą się z danych. "
        "Potem omówimy plan zajęć i zasady zaliczenia. Plan jest też w notatkach.\n"
        "3. Zaliczenie polega na projekcie zespołowym. Zespoły liczą od dwóch do czterech osób. "
        "Projekt oddajemy w czerwcu, razem z krótkim raportem. Raport ma najwyżej pięć stron.\n"
        "4. Pytania można zadawać w każdej chwili, także w trakcie wykładu. Zapraszam też na konsultacje we wtorki.\n"
    ),
    "Wykład 1/2. Dalej.md": (
        "# Role w świecie ML\n\n"
        "1. Inżynier danych przygotowuje dane do uczenia. Bez dobrych danych nie ma dobrego modelu. "
        "To często najdłuższa część całej pracy. Dane trzeba też opisać i wersjonować.\n"
        "2. Inżynier uczenia maszynowego wdraża model na serwerze. Potem pilnuje, żeby model działał i nie tracił jakości. "
        "Na tym skupimy się w tym kursie. Zaczniemy od prostego serwera z jednym modelem.\n"
    ),
}


# --- fixtures ------------------------------------------------------------------------


def png(width: int, height: int) -> bytes:
    """A small slide-like PNG (a blue band on a pale background), without an imaging library."""
    blue, pale = bytes((40, 83, 199)), bytes((235, 238, 245))
    rows = []
    for y in range(height):
        band = height // 3 <= y < 2 * height // 3
        pixels = (blue if band and width // 8 <= x < 7 * width // 8 else pale for x in range(width))
        rows.append(b"\x00" + b"".join(pixels))  # filter type 0 before each row
    raw = b"".join(rows)

    def chunk(kind: bytes, data: bytes) -> bytes:
        return struct.pack(">I", len(data)) + kind + data + struct.pack(">I", zlib.crc32(kind + data))

    header = struct.pack(">IIBBBBB", width, height, 8, 2, 0, 0, 0)
    return b"\x89PNG\r\n\x1a\n" + chunk(b"IHDR", header) + chunk(b"IDAT", zlib.compress(raw)) + chunk(b"IEND", b"")


@pytest.fixture(scope="module")
def site(tmp_path_factory: pytest.TempPathFactory) -> Iterator[tuple[Path, list[PageEpisode]]]:
    """A tiny project rendered through the real pipeline, with its page and one slide."""
    project = tmp_path_factory.mktemp("browser") / "project"
    for name, text in NOTES.items():
        path = project / "notes" / name
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_text(text, encoding="utf-8")
    (project / "voices").mkdir()
    shutil.copy(REPO / "voices" / "espeak-pl.yaml", project / "voices")
    (project / "lecture-audio.yaml").write_text("title: Wdrażanie modeli ML & <MLOps>\nstart_date: 2025-03-01\n", encoding="utf-8")
    # The second chapter opens with a slide: the page shows it while that chapter plays.
    (project / "notes" / "Wykład 1" / "role w ML.png").write_bytes(png(320, 180))
    note = project / "notes" / "Wykład 1" / "2. Dalej.md"
    note.write_text(note.read_text(encoding="utf-8").replace("1. Inżynier", "1. ![[role w ML.png]] Inżynier"), encoding="utf-8")
    settings = load_settings(project)
    report = render(settings)  # writes index.html beside the feed
    episodes = [page_episode(published) for published in report.episodes]
    yield project / "output", episodes


@pytest.fixture(scope="module")
def browser() -> Iterator[Browser]:
    with sync_playwright() as playwright:
        browser = playwright.chromium.launch(executable_path=CHROMIUM, args=CHROMIUM_ARGS)
        yield browser
        browser.close()


class Watched:
    """A page with its console errors, uncaught exceptions and requests recorded."""

    def __init__(self, page: Page) -> None:
        self.page = page
        self.errors: list[str] = []
        self.requests: list[str] = []
        page.on("console", self._console)
        page.on("pageerror", lambda error: self.errors.append(f"uncaught: {error}"))
        page.on("requestfailed", self._failed)
        page.on("request", self._request)
        page.set_default_timeout(20_000)

    def _console(self, message: ConsoleMessage) -> None:
        if message.type == "error":
            self.errors.append(f"console {message.type}: {message.text}")

    def _failed(self, request: Request) -> None:
        # A player drops its media request once it has what it needs (metadata, a
        # seek elsewhere): an abort there is normal, anywhere else it is an error.
        if not (request.resource_type == "media" and request.failure == "net::ERR_ABORTED"):
            self.errors.append(f"failed: {request.url} {request.failure}")

    def _request(self, request: Request) -> None:
        self.requests.append(request.url)


# The first episode's elements, in the page.
EPISODE = 'article.episode[data-number="1"]'
AUDIO = f"{EPISODE} audio"


def test_page_plays_seeks_and_follows_the_transcript(site, serve_dir, browser: Browser, tmp_path: Path) -> None:
    output, episodes = site
    episode = episodes[0]
    server = serve_dir(output)
    context = browser.new_context(viewport={"width": 1100, "height": 1000})
    watched = Watched(context.new_page())
    page = watched.page
    try:
        page.goto(server.url, wait_until="load")
        assert page.title() == "Wdrażanie modeli ML & <MLOps>"
        assert page.locator("h1").inner_text() == "Wdrażanie modeli ML & <MLOps>"

        # Metadata from our server: the MP3's duration, read through byte ranges.
        page.wait_for_function(f"document.querySelector('{AUDIO}').readyState >= 1")
        duration = page.eval_on_selector(AUDIO, "a => a.duration")
        assert duration == pytest.approx(episode.duration, abs=0.5)

        # Play: time advances.
        page.eval_on_selector(AUDIO, "a => a.play()")
        page.wait_for_function(f"document.querySelector('{AUDIO}').currentTime > 0.6")
        assert page.eval_on_selector(AUDIO, "a => !a.paused")

        # The second chapter: a click seeks there and shows its slide.
        second = episode.chapters[1]
        assert second.start > 5
        page.locator(f"{EPISODE} .chapter").nth(1).click()
        page.wait_for_function(
            f"(() => {{ const a = document.querySelector('{AUDIO}'); return !a.seeking && Math.abs(a.currentTime - {second.start}) < 0.3; }})()"
        )
        chapter_button = page.locator(f"{EPISODE} .chapter").nth(1)
        assert "current" in chapter_button.get_attribute("class").split()
        assert chapter_button.get_attribute("aria-current") == "true"
        slide = page.locator(f"{EPISODE} .slide img")
        assert slide.is_visible()
        page.wait_for_function(f"document.querySelector('{EPISODE} .slide img').naturalWidth === 320")
        assert page.locator(f"{EPISODE} .slide figcaption").inner_text() == second.title

        # Into the middle of a sentence: that sentence is the one highlighted.
        page.eval_on_selector(AUDIO, "a => a.pause()")
        target = len(episode.cues) - 1  # the last: the box has to scroll to show it
        cue = episode.cues[target]
        page.eval_on_selector(AUDIO, f"a => {{ a.currentTime = {(cue.start + cue.end) / 2}; }}")
        cue_span = page.locator(f"{EPISODE} .cue").nth(target)
        page.wait_for_function(f"document.querySelectorAll('{EPISODE} .cue')[{target}].classList.contains('active')")
        assert cue_span.inner_text() == cue.text
        assert cue_span.get_attribute("aria-current") == "true"
        assert page.locator(f"{EPISODE} .cue.active").count() == 1
        # ...and scrolled into view inside the transcript box.
        assert page.eval_on_selector(f"{EPISODE} .cues", "b => b.scrollHeight > b.clientHeight + 50")
        page.wait_for_function(
            f"""(() => {{
                const box = document.querySelector('{EPISODE} .cues').getBoundingClientRect();
                const cue = document.querySelectorAll('{EPISODE} .cue')[{target}].getBoundingClientRect();
                return cue.top >= box.top - 1 && cue.bottom <= box.bottom + 1;
            }})()"""
        )

        # Clicking a sentence seeks to its start: the second one of the second chapter.
        other = next(i for i, c in enumerate(episode.cues) if c.start > second.start + 0.01) + 1
        page.locator(f"{EPISODE} .cue").nth(other).click()
        page.wait_for_function(
            f"(() => {{ const a = document.querySelector('{AUDIO}'); return !a.seeking && Math.abs(a.currentTime - {episode.cues[other].start}) < 0.3; }})()"
        )
        page.wait_for_function(f"document.querySelectorAll('{EPISODE} .cue')[{other}].classList.contains('active')")
        assert page.locator(f"{EPISODE} .cue.active").count() == 1
        page.eval_on_selector(AUDIO, "a => a.pause()")
        assert slide.is_visible()  # still in the second chapter: its slide stays

        page.evaluate("window.scrollTo(0, 0)")  # the player is sticky: show it in its place
        # Kept in the test's tmp_path to look at (pytest keeps the last three runs under its basetemp).
        page.screenshot(path=str(tmp_path / "page.png"), full_page=True)
    finally:
        context.close()

    assert watched.errors == []
    assert watched.requests and all(url.startswith(server.url) or url.startswith("data:") for url in watched.requests)
    # The player read the MP3 from our server in byte ranges, as phones do.
    assert any(line.startswith(f'127.0.0.1 "GET /{episode.audio}" 206 (bytes=') for line in server.log), server.log


def test_a_link_opens_the_episode_at_its_moment(site, serve_dir, browser: Browser) -> None:
    output, episodes = site
    episode = episodes[0]
    server = serve_dir(output)
    cue_index = len(episode.cues) - 2
    cue = episode.cues[cue_index]
    moment = cue.start + 0.4
    context = browser.new_context(viewport={"width": 1100, "height": 1000})
    watched = Watched(context.new_page())
    page = watched.page
    try:
        minutes, seconds = divmod(moment, 60)
        page.goto(f"{server.url}#odcinek-1@{int(minutes)}:{seconds:05.2f}", wait_until="load")
        page.wait_for_function(
            f"(() => {{ const a = document.querySelector('{AUDIO}'); return a.readyState >= 1 && !a.seeking && Math.abs(a.currentTime - {moment}) < 0.3; }})()"
        )
        page.wait_for_function(f"document.querySelectorAll('{EPISODE} .cue')[{cue_index}].classList.contains('active')")
        assert page.eval_on_selector(AUDIO, "a => a.paused")  # opened there, not playing on its own

        # A jump to a chapter puts that moment in the address bar, to copy and share.
        second = episode.chapters[1]
        page.locator(f"{EPISODE} .chapter").nth(1).click()
        page.eval_on_selector(AUDIO, "a => a.pause()")
        whole = int(second.start)
        assert page.evaluate("location.hash") == f"#odcinek-1@{whole // 60}:{whole % 60:02d}"

        # Editing the link in place seeks too.
        page.evaluate("location.hash = '#odcinek-1@0:01'")
        page.wait_for_function(f"Math.abs(document.querySelector('{AUDIO}').currentTime - 1) < 0.3")
    finally:
        context.close()
    assert watched.errors == []


@pytest.mark.parametrize("scheme", ["light", "dark"])
def test_page_fits_a_phone(site, serve_dir, browser: Browser, tmp_path: Path, scheme: str) -> None:
    output, episodes = site
    server = serve_dir(output)
    context = browser.new_context(viewport={"width": 390, "height": 844}, device_scale_factor=2, is_mobile=True, has_touch=True, color_scheme=scheme)
    watched = Watched(context.new_page())
    page = watched.page
    try:
        page.goto(server.url, wait_until="load")
        page.wait_for_function(f"document.querySelector('{AUDIO}').readyState >= 1")
        # Nothing wider than the screen: no sideways scrolling on a phone.
        assert page.evaluate("document.documentElement.scrollWidth") <= 390
        # The chapter buttons are big enough to tap.
        box = page.locator(f"{EPISODE} .chapter").first.bounding_box()
        assert box and box["height"] >= 36 and box["width"] >= 300
        # Dark mode is dark, light mode light.
        background = page.evaluate("getComputedStyle(document.body).backgroundColor")
        red = int(background.split("(")[1].split(",")[0])
        assert (red < 60) if scheme == "dark" else (red > 200)
        page.screenshot(path=str(tmp_path / f"phone-{scheme}.png"), full_page=True)
    finally:
        context.close()
    assert watched.errors == []
