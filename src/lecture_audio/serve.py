"""Serve ``output/`` on the local network, so a phone can play and subscribe.

A small static file server: GET and HEAD of the files in one folder, with
byte ranges (browsers and podcast apps seek in MP3s with ``Range`` requests,
and Safari will not play audio from a server without them), the MIME types
podcast apps expect, and validators (ETag, Last-Modified) so a re-rendered
file is fetched again while an unchanged one is not. No directory listings,
nothing outside the folder, no hidden files (the render's lock and temporary
files start with a dot).

The files on disk carry the published address (``base_url``); the server can
give the feed, chapters and page out with this machine's address instead, so
serving to a phone never changes what ``render`` made for publishing.

Built for a lecture room's worth of phones: a listen queue of 128, at most
``MAX_WORKERS`` connections served at once (the rest wait in the queue), an
idle connection closed after ``IDLE_TIMEOUT`` seconds, and every bad request
answered with a 4xx and one log line, never a traceback. IPv4 and IPv6.
"""

from __future__ import annotations

import email.utils
import errno
import http.server
import io
import ipaddress
import os
import re
import socket
import socketserver
import sys
import threading
import urllib.parse
from collections.abc import Callable
from pathlib import Path
from typing import BinaryIO, Literal

from .errors import OutputError
from .publish.chapters import CHAPTERS_TYPE

CHUNK = 64 * 1024
LISTEN_QUEUE = 128  # connections the kernel holds while every worker is busy (the stdlib's 5 dropped phones)
MAX_WORKERS = 64  # connections served at once, one thread each
IDLE_TIMEOUT = 15.0  # seconds a connection may stay silent (between or inside requests) before it is closed
MAX_PATH = 2048  # characters of a request path; longer ones are 414
MAX_DIGITS = 18  # digits of a byte position: anything longer is past the end of any file

Log = Callable[[str], None]

# By suffix; anything else is served as application/octet-stream.
MIME_TYPES = {
    ".mp3": "audio/mpeg",
    ".m4a": "audio/mp4",
    ".ogg": "audio/ogg",
    ".opus": "audio/ogg",
    ".wav": "audio/wav",
    ".xml": "application/rss+xml; charset=utf-8",
    ".rss": "application/rss+xml; charset=utf-8",
    ".json": "application/json",
    ".vtt": "text/vtt; charset=utf-8",
    ".srt": "application/x-subrip",
    ".html": "text/html; charset=utf-8",
    ".htm": "text/html; charset=utf-8",
    ".css": "text/css; charset=utf-8",
    ".js": "text/javascript; charset=utf-8",
    ".txt": "text/plain; charset=utf-8",
    ".png": "image/png",
    ".jpg": "image/jpeg",
    ".jpeg": "image/jpeg",
    ".gif": "image/gif",
    ".webp": "image/webp",
    ".svg": "image/svg+xml",
    ".ico": "image/x-icon",
}


# Files whose links to the published address are rewritten when serving to this network.
REWRITTEN_SUFFIXES = {".xml", ".rss", ".json", ".html", ".htm", ".vtt", ".srt"}
# Browser players fetch chapters and transcripts from the page of whoever links the feed.
CROSS_ORIGIN_SUFFIXES = {".json", ".vtt", ".srt"}
CHAPTERS_SUFFIX = ".chapters.json"

_RANGE = re.compile(r"^bytes=(\d*)-(\d*)$")


def content_type(path: Path) -> str:
    """The Content-Type for a served file, by its suffix (Podcasting 2.0 chapters by theirs)."""
    if path.name.lower().endswith(CHAPTERS_SUFFIX):
        return CHAPTERS_TYPE
    return MIME_TYPES.get(path.suffix.lower(), "application/octet-stream")


def _position(digits: str) -> int:
    # int() of thousands of digits is refused (and slow): such a position is past any end.
    return int(digits) if len(digits) <= MAX_DIGITS else 10**MAX_DIGITS


def parse_range(header: str | None, size: int) -> tuple[int, int] | None | Literal[False]:
    """The byte span ``(first, last)`` (inclusive) a ``Range`` header asks for.

    Returns ``None`` when the whole file should be sent (no header, a
    syntax this server ignores, or several ranges: RFC 9110 lets a server
    answer those with the full file) and ``False`` when the range cannot be
    satisfied (416).
    """
    if not header:
        return None
    match = _RANGE.match(header.strip().replace(" ", ""))
    if not match:
        return None
    first, last = match.groups()
    if not first and not last:
        return None
    if not first:  # a suffix: the last N bytes
        length = _position(last)
        if length == 0 or size == 0:
            return False
        return max(0, size - length), size - 1
    start = _position(first)
    end = _position(last) if last else size - 1
    if last and end < start:
        return None  # invalid: ignore the header
    if start >= size:
        return False
    return start, min(end, size - 1)


class _Handler(http.server.BaseHTTPRequestHandler):
    """GET and HEAD of files under ``server.directory``; everything else is refused."""

    server: PodcastServer
    server_version = "lecture-audio"
    sys_version = ""
    protocol_version = "HTTP/1.1"  # keep-alive: a player makes many range requests

    def setup(self) -> None:
        super().setup()
        # Every read and write on the connection times out: a silent client is let go.
        self.connection.settimeout(self.server.idle_timeout)

    def do_GET(self) -> None:  # noqa: N802 (the stdlib's naming)
        self._serve(body=True)

    def do_HEAD(self) -> None:  # noqa: N802
        self._serve(body=False)

    def _serve(self, body: bool) -> None:
        if len(self.path) > MAX_PATH:
            self._error(414, "URI Too Long")
            return
        path = self._resolve()
        if path is None:
            self._error(404, "Not Found")
            return
        if path.is_dir():
            # Only a folder's index.html, and with a trailing slash so relative links work.
            if not urllib.parse.urlsplit(self.path).path.endswith("/"):
                self._redirect(urllib.parse.urlsplit(self.path).path + "/")
                return
            path = path / "index.html"
            if not path.is_file():
                self._error(404, "Not Found")
                return
        try:
            handle = open(path, "rb")
        except OSError:
            self._error(404, "Not Found")
            return
        with handle:
            stat = os.fstat(handle.fileno())
            size = stat.st_size
            etag = f'"{stat.st_mtime_ns:x}-{size:x}"'
            rewrite = self.server.rewrite
            if rewrite and path.suffix.lower() in REWRITTEN_SUFFIXES:
                source: BinaryIO = io.BytesIO(handle.read().replace(rewrite[0], rewrite[1]))
                size = len(source.getvalue())
                etag = f'"{stat.st_mtime_ns:x}-{size:x}-local"'
            else:
                source = handle
            modified = email.utils.formatdate(stat.st_mtime, usegmt=True)
            headers = {
                "Content-Type": content_type(path),
                "Accept-Ranges": "bytes",
                "ETag": etag,
                "Last-Modified": modified,
                # A re-render replaces the feed, the page and the episodes under
                # the same names: a client asks again each time, and gets a
                # cheap 304 while nothing changed.
                "Cache-Control": "no-cache",
            }
            if path.suffix.lower() in CROSS_ORIGIN_SUFFIXES:
                headers["Access-Control-Allow-Origin"] = "*"
            if self._not_modified(etag, stat.st_mtime):
                self._head(304, headers)
                return
            span = parse_range(self.headers.get("Range"), size)
            if span is not None and not self._if_range(etag, stat.st_mtime):
                span = None  # the client's partial copy is stale: send it all
            if span is False:
                headers["Content-Range"] = f"bytes */{size}"
                self._error(416, "Range Not Satisfiable", headers)
                return
            if span is None:
                first, last, status = 0, size - 1, 200
            else:
                first, last = span
                status = 206
                headers["Content-Range"] = f"bytes {first}-{last}/{size}"
            headers["Content-Length"] = str(last - first + 1)
            self._head(status, headers)
            if body:
                self._copy(source, first, last - first + 1)

    def _resolve(self) -> Path | None:
        """The file a request path names, or None if it is outside the folder or hidden."""
        raw = urllib.parse.urlsplit(self.path).path
        parts = urllib.parse.unquote(raw).split("/")
        if any(p.startswith(".") or "\\" in p or "\0" in p for p in parts if p):
            return None  # "..", hidden files, Windows separators: never served
        root = self.server.directory
        try:
            path = root.joinpath(*[p for p in parts if p]).resolve()
            # A symlink pointing out of the folder is refused as well.
            if path != root and root not in path.parents:
                return None
            return path if path.exists() else None
        except (OSError, ValueError):  # a name too long for the file system, say
            return None

    def _not_modified(self, etag: str, mtime: float) -> bool:
        match = self.headers.get("If-None-Match")
        if match is not None:
            return etag in [t.strip() for t in match.split(",")] or match.strip() == "*"
        since = self.headers.get("If-Modified-Since")
        if since:
            try:
                return int(mtime) <= email.utils.parsedate_to_datetime(since).timestamp()
            except (TypeError, ValueError):
                return False
        return False

    def _if_range(self, etag: str, mtime: float) -> bool:
        """Whether an ``If-Range`` (if any) still matches the file."""
        condition = self.headers.get("If-Range")
        if not condition:
            return True
        if condition.startswith('"') or condition.startswith("W/"):
            return condition == etag
        try:
            return int(mtime) <= email.utils.parsedate_to_datetime(condition).timestamp()
        except (TypeError, ValueError):
            return False

    def _head(self, status: int, headers: dict[str, str]) -> None:
        self.send_response(status)
        for name, value in headers.items():
            self.send_header(name, value)
        self.end_headers()

    def _error(self, status: int, message: str, headers: dict[str, str] | None = None) -> None:
        body = f"{status} {message}\n".encode()
        self._head(status, {**(headers or {}), "Content-Type": "text/plain; charset=utf-8", "Content-Length": str(len(body))})
        if self.command != "HEAD":
            self.wfile.write(body)

    def _redirect(self, location: str) -> None:
        # ``location`` is the request's own path, already percent-encoded.
        self._head(301, {"Location": location, "Content-Length": "0"})

    def _copy(self, handle: BinaryIO, start: int, length: int) -> None:
        handle.seek(start)
        try:
            while length > 0:
                chunk = handle.read(min(CHUNK, length))
                if not chunk:
                    break
                self.wfile.write(chunk)
                length -= len(chunk)
        except (BrokenPipeError, ConnectionResetError):
            # Players drop a request as soon as they have what they need.
            self.close_connection = True

    def log_request(self, code: int | str = "-", size: int | str = "-") -> None:
        if not self.server.log:
            return
        # A request line too bad to parse leaves these unset.
        command, path = getattr(self, "command", None) or "-", getattr(self, "path", None) or "-"
        headers = getattr(self, "headers", None)
        asked = headers.get("Range") if headers else None
        status = getattr(code, "value", code)
        self.server.log(f'{self.client_address[0]} "{command} {path[:200]}" {status}' + (f" ({asked[:100]})" if asked else ""))

    def log_message(self, format: str, *args: object) -> None:  # noqa: A002 (the stdlib's name)
        pass  # the stdlib's access and error lines; log_request writes ours


class PodcastServer(http.server.ThreadingHTTPServer):
    """A threading HTTP server bound to one folder, with at most ``workers`` connections at once."""

    # SO_REUSEADDR only lets a restarted server take its port back at once;
    # SO_REUSEPORT would let two servers share a port silently, so not that.
    allow_reuse_address = True
    allow_reuse_port = False
    daemon_threads = True
    request_queue_size = LISTEN_QUEUE

    def __init__(
        self,
        address: tuple[str, int],
        directory: Path,
        log: Log | None = None,
        rewrite: tuple[str, str] | None = None,
        *,
        family: socket.AddressFamily = socket.AF_INET,
        workers: int = MAX_WORKERS,
        idle_timeout: float = IDLE_TIMEOUT,
    ) -> None:
        self.directory = directory
        self.log = log  # called with one line per request; None: silent
        # (published base URL, served base URL): replaced in feeds, chapters and pages as they go out
        self.rewrite = (rewrite[0].encode(), rewrite[1].encode()) if rewrite and rewrite[0] != rewrite[1] else None
        self.address_family = family
        self._slots = threading.BoundedSemaphore(workers)
        self.idle_timeout = idle_timeout
        super().__init__(address, _Handler)

    def server_bind(self) -> None:
        if self.address_family == socket.AF_INET6 and self.server_address[0] in ("::", ""):
            # "::" listens on IPv4 too, where the system allows it.
            self.socket.setsockopt(socket.IPPROTO_IPV6, socket.IPV6_V6ONLY, 0)
        # HTTPServer.server_bind looks up the host's FQDN: a DNS query that can
        # stall for seconds on a machine without a network. The name is unused.
        socketserver.TCPServer.server_bind(self)
        self.server_name, self.server_port = str(self.server_address[0]), int(self.server_address[1])

    def process_request(self, request, client_address):  # type: ignore[no-untyped-def]
        # With every worker busy, accepting waits: new connections queue in the kernel.
        self._slots.acquire()
        try:
            super().process_request(request, client_address)
        except BaseException:
            self._slots.release()
            raise

    def process_request_thread(self, request, client_address):  # type: ignore[no-untyped-def]
        try:
            super().process_request_thread(request, client_address)
        finally:
            self._slots.release()

    def handle_error(self, request, client_address) -> None:  # type: ignore[no-untyped-def]
        # One line, not the stdlib's traceback on the lecturer's terminal.
        error = sys.exc_info()[1]
        if self.log and not isinstance(error, (ConnectionError, TimeoutError)):
            self.log(f"{client_address[0]} connection dropped: {type(error).__name__}: {error}"[:300])


def log_to_stderr(line: str) -> None:
    """The default request log: one line per request on stderr."""
    sys.stderr.write(line + "\n")


def address_family(host: str) -> socket.AddressFamily:
    """IPv4 or IPv6, as ``host`` (an address or a name; empty: every IPv4 interface) asks."""
    if not host:
        return socket.AF_INET
    try:
        return socket.AF_INET6 if ipaddress.ip_address(host).version == 6 else socket.AF_INET
    except ValueError:
        pass  # a name: as the resolver gives it
    try:
        return socket.AddressFamily(socket.getaddrinfo(host, None, type=socket.SOCK_STREAM)[0][0])
    except (socket.gaierror, UnicodeError):
        raise OutputError(f"cannot listen on {host}: no such address", hint="pass --host with an address of this machine") from None


def make_server(
    directory: Path,
    host: str = "0.0.0.0",
    port: int = 8000,
    *,
    log: Log | None = log_to_stderr,
    rewrite: tuple[str, str] | None = None,
    workers: int = MAX_WORKERS,
    idle_timeout: float = IDLE_TIMEOUT,
) -> PodcastServer:
    """A server for the files in ``directory``, listening but not yet serving.

    Port 0 picks a free port (``server.server_port`` tells which). ``log``
    gets one line per request (``None``: silent). ``rewrite`` is ``(published
    base URL, served base URL)``: feeds, chapters and pages go out with the
    second. ``workers`` connections are served at once, each let go after
    ``idle_timeout`` seconds of silence. A port in use or a folder that is
    missing is a one-line :class:`OutputError`.
    """
    directory = Path(directory)
    if not directory.is_dir():
        raise OutputError("nothing to serve: the folder does not exist", path=directory, hint="run lecture-audio render first")
    family = address_family(host)
    try:
        return PodcastServer((host, port), directory.resolve(), log, rewrite, family=family, workers=workers, idle_timeout=idle_timeout)
    except OSError as exc:
        if exc.errno == errno.EADDRINUSE:
            raise OutputError(f"port {port} is in use", hint="pass --port") from None
        if exc.errno == errno.EACCES:
            raise OutputError(f"not allowed to listen on port {port}", hint="pass --port above 1023") from None
        raise OutputError(f"cannot listen on {host}:{port}: {exc.strerror or exc}", hint="pass --host or --port") from None


def _interface_addresses() -> list[tuple[str, str]]:
    """``(interface, IPv4 address)`` of each interface that is up (Linux; empty elsewhere).

    Asks the kernel (SIOCGIFADDR); no packet leaves the machine.
    """
    try:
        import fcntl
        import struct

        names = [name for _index, name in socket.if_nameindex()]
    except (ImportError, OSError, AttributeError):
        return []
    found = []
    with socket.socket(socket.AF_INET, socket.SOCK_DGRAM) as probe:
        for name in names:
            try:
                request = struct.pack("256s", name.encode()[:15])
                reply = fcntl.ioctl(probe.fileno(), 0x8915, request)  # SIOCGIFADDR
            except OSError:
                continue  # no IPv4 address on this interface
            found.append((name, socket.inet_ntoa(reply[20:24])))
    return found


def _hostname_addresses() -> list[tuple[str, str]]:
    """IPv4 addresses the host name resolves to (from /etc/hosts or the resolver)."""
    try:
        infos = socket.getaddrinfo(socket.gethostname(), None, socket.AF_INET, socket.SOCK_STREAM)
    except OSError:
        return []
    return [("", str(info[4][0])) for info in infos]


# Bridges of containers and virtual machines: a phone cannot reach those.
_VIRTUAL = ("docker", "br-", "veth", "virbr", "vmnet", "vboxnet", "lxc", "lxd", "podman", "cni", "flannel", "tun", "tap", "zt", "tailscale", "wg")


def lan_address() -> str:
    """This machine's IPv4 address as a phone on the same network would reach it.

    Looks at the network interfaces and the host name without sending any
    packet; prefers a private (home or campus) address on a physical
    interface, and falls back to ``127.0.0.1``.
    """
    best: tuple[int, str] | None = None
    for interface, text in _interface_addresses() + _hostname_addresses():
        address = ipaddress.IPv4Address(text)
        if address.is_loopback or address.is_link_local or address.is_unspecified or address.is_multicast:
            continue
        rank = (0 if address.is_private else 1) + (2 if interface.startswith(_VIRTUAL) else 0)
        if best is None or rank < best[0]:
            best = (rank, text)
    return best[1] if best else "127.0.0.1"


ALL_INTERFACES = ("", "0.0.0.0", "::")


def exposure_warning(host: str) -> str | None:
    """What to tell the lecturer before listening on ``host``: every interface exposes output/ to the network."""
    if host not in ALL_INTERFACES:
        return None
    return (
        f"listening on {host or '0.0.0.0'}: anyone on this network can fetch every file in output/ "
        "(pass --host 127.0.0.1 to keep it on this machine)"
    )


def serve(
    directory: Path,
    host: str = "0.0.0.0",
    port: int = 8000,
    on_ready: Callable[[str], None] | None = None,
    *,
    log: Log | None = log_to_stderr,
    published_url: str | None = None,
) -> None:
    """Serve ``directory`` until interrupted (Ctrl+C).

    ``on_ready`` is called once listening, with the URL to open on a phone
    (``http://<lan address>:<port>/`` when listening on all interfaces);
    ``log`` gets one line per request (``None``: silent). Links to
    ``published_url`` (the settings' ``base_url``) in feeds, chapters and
    pages are given out as links to that URL.
    """
    server = make_server(directory, host, port, log=log)
    with server:
        shown = lan_address() if host in ALL_INTERFACES else host
        if ":" in shown:  # an IPv6 address goes in brackets in a URL
            shown = f"[{shown}]"
        url = f"http://{shown}:{server.server_port}/"
        if published_url and published_url.rstrip("/") + "/" != url:
            server.rewrite = ((published_url.rstrip("/") + "/").encode(), url.encode())
        if on_ready:
            on_ready(url)
        try:
            server.serve_forever()
        except KeyboardInterrupt:
            pass  # Ctrl+C is how a lecturer stops serving: not an error
