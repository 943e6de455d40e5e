"""The LAN server: whole files, byte ranges, MIME types, and nothing outside its folder."""

from __future__ import annotations

import concurrent.futures
import http.client
import ipaddress
import socket
import threading
from pathlib import Path

import pytest

from lecture_audio.errors import OutputError
from lecture_audio.serve import exposure_warning, lan_address, make_server, parse_range

# Every byte value, several times: a wrong offset cannot go unnoticed.
DATA = bytes(range(256)) * 4 + b"tail"


@pytest.fixture
def site(tmp_path: Path, serve_dir):
    root = tmp_path / "output"
    (root / "slides").mkdir(parents=True)
    (root / "zjazd-1.mp3").write_bytes(DATA)
    (root / "feed.xml").write_text("<rss/>", encoding="utf-8")
    (root / "index.html").write_text("<!doctype html><title>Kurs</title>", encoding="utf-8")
    (root / "zjazd-1.vtt").write_text("WEBVTT\n", encoding="utf-8")
    (root / "zjazd-1.srt").write_text("1\n", encoding="utf-8")
    (root / "zjazd-1.json").write_text("{}", encoding="utf-8")
    (root / "slides" / "slajd 1.png").write_bytes(b"\x89PNG\r\n\x1a\n")
    (root / "slides" / "okładka.jpg").write_bytes(b"\xff\xd8\xff")
    (root / ".lecture-audio.lock").write_text("", encoding="utf-8")
    (tmp_path / "secret.txt").write_text("SECRET", encoding="utf-8")
    (root / "escape").symlink_to(tmp_path / "secret.txt")
    return serve_dir(root)


def request(site, path: str, method: str = "GET", headers: dict[str, str] | None = None) -> tuple[http.client.HTTPResponse, bytes]:
    """One request, the path sent exactly as given (http.client does not normalize it)."""
    conn = http.client.HTTPConnection("127.0.0.1", site.port, timeout=10)
    try:
        conn.request(method, path, headers=headers or {})
        response = conn.getresponse()
        return response, response.read()
    finally:
        conn.close()


def test_get_whole_file(site) -> None:
    response, body = request(site, "/zjazd-1.mp3")
    assert response.status == 200
    assert body == DATA
    assert response.getheader("Content-Length") == str(len(DATA))
    assert response.getheader("Accept-Ranges") == "bytes"
    assert response.getheader("Content-Type") == "audio/mpeg"


def test_head_has_headers_and_no_body(site) -> None:
    response, body = request(site, "/zjazd-1.mp3", "HEAD")
    assert response.status == 200
    assert body == b""
    assert response.getheader("Content-Length") == str(len(DATA))
    assert response.getheader("Accept-Ranges") == "bytes"


def test_range_gives_exact_bytes(site) -> None:
    response, body = request(site, "/zjazd-1.mp3", headers={"Range": "bytes=10-19"})
    assert response.status == 206
    assert body == DATA[10:20]
    assert response.getheader("Content-Range") == f"bytes 10-19/{len(DATA)}"
    assert response.getheader("Content-Length") == "10"


def test_suffix_range_is_the_last_bytes(site) -> None:
    response, body = request(site, "/zjazd-1.mp3", headers={"Range": "bytes=-500"})
    assert response.status == 206
    assert body == DATA[-500:]
    assert response.getheader("Content-Range") == f"bytes {len(DATA) - 500}-{len(DATA) - 1}/{len(DATA)}"


def test_open_range_runs_to_the_end(site) -> None:
    response, body = request(site, "/zjazd-1.mp3", headers={"Range": "bytes=100-"})
    assert response.status == 206
    assert body == DATA[100:]
    assert response.getheader("Content-Range") == f"bytes 100-{len(DATA) - 1}/{len(DATA)}"


def test_range_past_the_end_is_clamped(site) -> None:
    response, body = request(site, "/zjazd-1.mp3", headers={"Range": f"bytes={len(DATA) - 4}-999999"})
    assert response.status == 206
    assert body == b"tail"


def test_head_with_range(site) -> None:
    response, body = request(site, "/zjazd-1.mp3", "HEAD", headers={"Range": "bytes=0-1"})
    assert response.status == 206 and body == b""
    assert response.getheader("Content-Range") == f"bytes 0-1/{len(DATA)}"


@pytest.mark.parametrize("header", [f"bytes={len(DATA)}-", f"bytes={len(DATA) + 10}-{len(DATA) + 20}", "bytes=-0"])
def test_unsatisfiable_range_is_416(site, header: str) -> None:
    response, _ = request(site, "/zjazd-1.mp3", headers={"Range": header})
    assert response.status == 416
    assert response.getheader("Content-Range") == f"bytes */{len(DATA)}"


@pytest.mark.parametrize("header", ["bytes=0-1,5-6", "items=0-1", "bytes=9-3"])
def test_ranges_it_does_not_do_give_the_whole_file(site, header: str) -> None:
    response, body = request(site, "/zjazd-1.mp3", headers={"Range": header})
    assert response.status == 200 and body == DATA


def test_stale_if_range_gives_the_whole_file(site) -> None:
    response, body = request(site, "/zjazd-1.mp3", headers={"Range": "bytes=0-1", "If-Range": '"an-old-etag"'})
    assert response.status == 200 and body == DATA
    etag = response.getheader("ETag")
    response, body = request(site, "/zjazd-1.mp3", headers={"Range": "bytes=0-1", "If-Range": etag})
    assert response.status == 206 and body == DATA[:2]


def test_unchanged_file_is_304(site) -> None:
    response, _ = request(site, "/feed.xml")
    response, body = request(site, "/feed.xml", headers={"If-None-Match": response.getheader("ETag")})
    assert response.status == 304 and body == b""


def test_missing_file_is_404(site) -> None:
    assert request(site, "/zjazd-2.mp3")[0].status == 404
    assert request(site, "/zjazd-2.mp3", "HEAD")[0].status == 404


@pytest.mark.parametrize(
    "path",
    ["/../secret.txt", "/%2e%2e/secret.txt", "/..%2fsecret.txt", "/slides/../../secret.txt", "/slides/%2E%2E/%2E%2E/secret.txt", "/..\\secret.txt", "/escape"],
)
def test_nothing_outside_the_folder(site, path: str) -> None:
    response, body = request(site, path)
    assert response.status == 404
    assert b"SECRET" not in body


def test_hidden_files_are_not_served(site) -> None:
    assert request(site, "/.lecture-audio.lock")[0].status == 404


def test_root_is_index_html_and_folders_are_not_listed(site) -> None:
    response, body = request(site, "/")
    assert response.status == 200 and b"<title>Kurs</title>" in body
    assert response.getheader("Content-Type") == "text/html; charset=utf-8"
    assert response.getheader("Cache-Control") == "no-cache"
    assert request(site, "/slides/")[0].status == 404  # no index.html there, and no listing
    response, _ = request(site, "/slides")
    assert response.status == 301 and response.getheader("Location") == "/slides/"


@pytest.mark.parametrize("raw", [b"GET /a b HTTP/1.1\r\n\r\n", b"GET /" + b"a" * 70000 + b" HTTP/1.1\r\n\r\n"])
def test_a_bad_request_is_answered_and_logged(site, raw: bytes) -> None:
    with socket.create_connection(("127.0.0.1", site.port), timeout=10) as conn:
        conn.sendall(raw)
        answer = conn.recv(100)
    assert answer.split(b" ")[1] in (b"400", b"414")
    assert site.log and site.log[-1].startswith('127.0.0.1 "-')
    assert request(site, "/feed.xml")[0].status == 200  # and the server carries on


def test_each_request_is_one_log_line(site) -> None:
    request(site, "/zjazd-1.mp3", headers={"Range": "bytes=10-19"})
    request(site, "/nie-ma.mp3")
    assert site.log == ['127.0.0.1 "GET /zjazd-1.mp3" 206 (bytes=10-19)', '127.0.0.1 "GET /nie-ma.mp3" 404']


def test_post_is_refused(site) -> None:
    assert request(site, "/zjazd-1.mp3", "POST")[0].status == 501


@pytest.mark.parametrize(
    "path, mime",
    [
        ("/zjazd-1.mp3", "audio/mpeg"),
        ("/feed.xml", "application/rss+xml; charset=utf-8"),
        ("/index.html", "text/html; charset=utf-8"),
        ("/zjazd-1.vtt", "text/vtt; charset=utf-8"),
        ("/zjazd-1.srt", "application/x-subrip"),
        ("/zjazd-1.json", "application/json"),
        ("/slides/slajd%201.png", "image/png"),
        ("/slides/ok%C5%82adka.jpg", "image/jpeg"),
    ],
)
def test_mime_types(site, path: str, mime: str) -> None:
    response, body = request(site, path)
    assert response.status == 200 and body
    assert response.getheader("Content-Type") == mime


@pytest.mark.parametrize("path", ["/feed.xml", "/index.html", "/zjazd-1.mp3"])
def test_rerendered_files_are_revalidated(site, path: str) -> None:
    response, _ = request(site, path)
    assert response.getheader("Cache-Control") == "no-cache"
    assert response.getheader("ETag") and response.getheader("Last-Modified")


def test_keep_alive_serves_several_ranges_on_one_connection(site) -> None:
    conn = http.client.HTTPConnection("127.0.0.1", site.port, timeout=10)
    try:
        for first in (0, 300, 1000):
            conn.request("GET", "/zjazd-1.mp3", headers={"Range": f"bytes={first}-{first + 9}"})
            response = conn.getresponse()
            assert response.status == 206 and response.read() == DATA[first : first + 10]
    finally:
        conn.close()


def test_port_in_use_is_a_one_line_error(tmp_path: Path) -> None:
    with socket.socket() as taken:
        taken.bind(("127.0.0.1", 0))
        taken.listen()
        port = taken.getsockname()[1]
        with pytest.raises(OutputError) as error:
            make_server(tmp_path, "127.0.0.1", port)
    assert str(error.value) == f"port {port} is in use (pass --port)"


def test_missing_folder_is_an_error(tmp_path: Path) -> None:
    with pytest.raises(OutputError, match="nothing to serve"):
        make_server(tmp_path / "output", "127.0.0.1", 0)


def test_parse_range() -> None:
    assert parse_range(None, 100) is None
    assert parse_range("bytes=0-0", 100) == (0, 0)
    assert parse_range("bytes=-1000", 100) == (0, 99)
    assert parse_range("bytes=0-", 0) is False
    assert parse_range("bytes=-", 100) is None


def test_lan_address_is_an_ipv4_address_not_unspecified() -> None:
    address = ipaddress.IPv4Address(lan_address())
    assert not address.is_unspecified and not address.is_link_local


def test_lan_address_sends_nothing(monkeypatch: pytest.MonkeyPatch) -> None:
    """No connect or send on any socket: finding the address must not touch the network."""

    def refuse(*_args, **_kwargs):
        raise AssertionError("lan_address used the network")

    for name in ("connect", "connect_ex", "send", "sendto", "sendall"):
        monkeypatch.setattr(socket.socket, name, refuse)
    assert lan_address()


@pytest.mark.parametrize("host", ["127.0.0.1", "0.0.0.0"])
def test_serve_tells_the_url_and_serves_until_stopped(tmp_path: Path, monkeypatch: pytest.MonkeyPatch, host: str) -> None:
    import threading

    from lecture_audio import serve as serving

    (tmp_path / "feed.xml").write_text("<rss/>", encoding="utf-8")
    made: list = []

    def keep(*args, **kwargs):
        made.append(make_server(*args, **kwargs))
        return made[-1]

    monkeypatch.setattr(serving, "make_server", keep)
    ready = threading.Event()
    urls: list[str] = []
    thread = threading.Thread(
        target=serving.serve, args=(tmp_path, host, 0), kwargs={"on_ready": lambda url: (urls.append(url), ready.set()), "log": None}, daemon=True
    )
    thread.start()
    assert ready.wait(10)
    port = made[0].server_port
    shown = "127.0.0.1" if host == "127.0.0.1" else lan_address()
    assert urls == [f"http://{shown}:{port}/"]
    conn = http.client.HTTPConnection("127.0.0.1", port, timeout=10)
    conn.request("GET", "/feed.xml")
    assert conn.getresponse().read() == b"<rss/>"
    conn.close()
    made[0].shutdown()
    thread.join(10)
    assert not thread.is_alive()


def test_feed_chapters_and_page_go_out_with_the_served_address(tmp_path: Path, serve_dir) -> None:
    published = "https://kurs.example.edu/podcast/"
    root = tmp_path / "output"
    root.mkdir()
    feed = f'<rss><enclosure url="{published}zjazd-1.mp3"/><podcast:chapters url="{published}zjazd-1.json"/></rss>'
    (root / "feed.xml").write_text(feed, encoding="utf-8")
    (root / "zjazd-1.json").write_text(f'{{"img": "{published}slides/a.png"}}', encoding="utf-8")
    audio = DATA + published.encode()  # bytes that happen to spell the URL: audio is never touched
    (root / "zjazd-1.mp3").write_bytes(audio)
    site = serve_dir(root)
    site.server.rewrite = (published.encode(), site.url.encode())

    response, body = request(site, "/feed.xml")
    assert body.decode() == feed.replace(published, site.url)
    assert int(response.getheader("Content-Length")) == len(body)
    _, chapters = request(site, "/zjazd-1.json")
    assert chapters.decode() == f'{{"img": "{site.url}slides/a.png"}}'
    _, mp3 = request(site, "/zjazd-1.mp3")
    assert mp3 == audio
    # Ranges and validators apply to what is given out, not to the file on disk.
    partial, tail = request(site, "/feed.xml", headers={"Range": "bytes=-6"})
    assert partial.status == 206 and tail == b"></rss>"[-6:]
    etag = response.getheader("ETag")
    again, _ = request(site, "/feed.xml", headers={"If-None-Match": etag})
    assert again.status == 304
    # The files on disk keep the published address.
    assert (root / "feed.xml").read_text(encoding="utf-8") == feed


# --- under real use -----------------------------------------------------------


def test_two_hundred_phones_at_once_are_all_answered(site) -> None:
    """200 clients connect at once (more than the workers, so most wait in the listen queue)."""
    clients = 200
    ready = threading.Barrier(clients, timeout=60)

    def one(index: int) -> tuple[int, bytes]:
        ready.wait()  # every client connects at the same moment
        first = index % 1000
        conn = http.client.HTTPConnection("127.0.0.1", site.port, timeout=60)
        try:
            conn.request("GET", "/zjazd-1.mp3", headers={"Range": f"bytes={first}-{first + 31}"})
            response = conn.getresponse()
            return response.status, response.read()
        finally:
            conn.close()

    with concurrent.futures.ThreadPoolExecutor(max_workers=clients) as pool:
        answers = list(pool.map(one, range(clients)))
    assert [status for status, _ in answers] == [206] * clients
    assert all(body == DATA[i % 1000 : i % 1000 + 32] for i, (_, body) in enumerate(answers))
    assert len(site.log) == clients
    assert site.server.request_queue_size >= 128


def _workers() -> int:
    return sum(1 for t in threading.enumerate() if "process_request_thread" in t.name)


def test_half_sent_requests_hold_bounded_workers_and_time_out(tmp_path: Path, serve_dir) -> None:
    (tmp_path / "feed.xml").write_text("<rss/>", encoding="utf-8")
    site = serve_dir(tmp_path, workers=3, idle_timeout=0.5)
    before = _workers()
    stalled = []
    for _ in range(8):  # a slow or malicious client: a request line that never ends
        conn = socket.create_connection(("127.0.0.1", site.port), timeout=30)
        conn.sendall(b"GET /feed.xml HTT")
        stalled.append(conn)
    assert _workers() - before <= 3
    # Each stalled connection is closed once idle; a real request then gets its answer.
    response, body = request(site, "/feed.xml")
    assert response.status == 200 and body == b"<rss/>"
    for conn in stalled:
        with conn:
            assert conn.recv(100) == b""  # closed by the server, nothing sent
    assert _workers() - before <= 3


@pytest.mark.parametrize(
    "path, status",
    [("/" + "a" * 8000, 414), ("/" + "a" * 300 + ".mp3", 404), ("/%00.mp3", 404), ("/" + "x/" * 1100, 414)],
)
def test_odd_paths_are_4xx_and_one_log_line(site, path: str, status: int) -> None:
    response, _ = request(site, path)
    assert response.status == status
    (line,) = site.log
    assert line.startswith('127.0.0.1 "GET /') and line.endswith(f" {status}") and len(line) < 300
    assert request(site, "/feed.xml")[0].status == 200


@pytest.mark.parametrize(
    "header, status, body",
    [
        ("bytes=" + "9" * 5000 + "-", 416, None),
        ("bytes=0-" + "9" * 5000, 206, DATA),
        ("bytes=-" + "9" * 5000, 206, DATA),
        ("bytes=" + "1" * 5000 + "-" + "2" * 5000, 416, None),
    ],
)
def test_ranges_with_thousands_of_digits(site, header: str, status: int, body: bytes | None) -> None:
    response, data = request(site, "/zjazd-1.mp3", headers={"Range": header})
    assert response.status == status
    if body is not None:
        assert data == body
    (line,) = site.log
    assert f" {status} (bytes=" in line and len(line) < 300


def test_ipv6_loopback(tmp_path: Path, serve_dir) -> None:
    (tmp_path / "feed.xml").write_text("<rss/>", encoding="utf-8")
    site = serve_dir(tmp_path, host="::1")
    assert site.url.startswith("http://[::1]:")
    conn = http.client.HTTPConnection("::1", site.port, timeout=10)
    try:
        conn.request("GET", "/feed.xml")
        response = conn.getresponse()
        assert response.status == 200 and response.read() == b"<rss/>"
    finally:
        conn.close()
    assert site.log == ['::1 "GET /feed.xml" 200']


def test_unknown_host_is_a_one_line_error(tmp_path: Path) -> None:
    with pytest.raises(OutputError, match="cannot listen on nie-ma-takiego-hosta.invalid"):
        make_server(tmp_path, "nie-ma-takiego-hosta.invalid", 0, log=None)


def test_chapters_and_transcripts_go_to_browser_players_on_other_sites(site) -> None:
    (site.server.directory / "zjazd-1.chapters.json").write_text("{}", encoding="utf-8")
    response, _ = request(site, "/zjazd-1.chapters.json")
    assert response.getheader("Content-Type") == "application/json+chapters"
    for path in ("/zjazd-1.chapters.json", "/zjazd-1.vtt", "/zjazd-1.srt"):
        assert request(site, path)[0].getheader("Access-Control-Allow-Origin") == "*", path
    for path in ("/zjazd-1.mp3", "/index.html"):
        assert request(site, path)[0].getheader("Access-Control-Allow-Origin") is None, path


@pytest.mark.parametrize("host", ["0.0.0.0", "", "::"])
def test_listening_on_every_interface_is_a_warning(host: str) -> None:
    warning = exposure_warning(host)
    assert warning and "output/" in warning and "--host 127.0.0.1" in warning


def test_one_interface_is_no_warning() -> None:
    assert exposure_warning("127.0.0.1") is None and exposure_warning("::1") is None
