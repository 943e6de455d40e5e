"""The ``lecture-audio`` command: a thin layer of click over the library API."""

from __future__ import annotations

import dataclasses
import json
import sys
from pathlib import Path

import click

from . import render as render_api
from .engines import find_voice, list_voices, voice_status
from .errors import LectureAudioError
from .settings import Settings, load_settings


def _settings(config: str | None) -> Settings:
    return load_settings(Path.cwd(), config)


def _fail(exc: LectureAudioError) -> None:
    click.echo(f"error: {exc.one_line(Path.cwd())}", err=True)
    sys.exit(1)


class _Group(click.Group):
    """Turns every library error into one line on stderr and exit code 1."""

    def invoke(self, ctx: click.Context):  # type: ignore[no-untyped-def]
        try:
            return super().invoke(ctx)
        except LectureAudioError as exc:
            _fail(exc)
        except KeyboardInterrupt:
            click.echo("error: interrupted; output/ keeps its previous files", err=True)
            sys.exit(130)


config_option = click.option(
    "--config", type=click.Path(dir_okay=False), default=None, help="Settings file (default: ./lecture-audio.yaml)."
)


@click.group(cls=_Group)
@click.version_option(package_name="lecture-audio")
def main() -> None:
    """Turn Polish lecture notes (an Obsidian vault) into a podcast."""


class _Bars:
    """Progress bars on stderr (tqdm), drawn only on a terminal; notes with --verbose."""

    def __init__(self, verbose: bool) -> None:
        self.verbose = verbose
        self._bars: dict = {}

    def stage(self, name: str, total: float, unit: str) -> None:
        from tqdm import tqdm

        if total:
            fmt = "{desc:>12}: {percentage:3.0f}%|{bar}| {n:.0f}/{total:.0f} {unit} [{elapsed}<{remaining}]"
            self._bars[name] = tqdm(
                total=total, desc=name, unit=unit, disable=None, leave=False, bar_format=fmt, position=len(self._bars)
            )

    def advance(self, name: str, amount: float) -> None:
        bar = self._bars.get(name)
        if bar is not None:
            bar.update(min(amount, max(0.0, bar.total - bar.n)))

    def note(self, message: str) -> None:
        if self.verbose:
            click.echo(message, err=True)

    def close(self) -> None:
        for bar in self._bars.values():
            bar.close()
        self._bars = {}


def render_options(command):  # type: ignore[no-untyped-def]
    """Options shared by ``render`` and ``watch``."""
    for option in reversed(
        [
            click.argument("notes", required=False, type=click.Path(file_okay=False, path_type=Path)),
            click.option("-o", "--output", type=click.Path(file_okay=False, path_type=Path), help="Output folder (default: output/)."),
            click.option("--voice", help="Voice name from voices/ (default: the settings' voice)."),
            click.option(
                "--chapters", type=click.Choice(["notes", "points"]), default=None, help="Chapter marks per note (default) or per numbered point."
            ),
            click.option("-j", "--jobs", type=click.IntRange(min=1), default=None, help="Synthesis worker processes (default: the cores)."),
            click.option("--device", type=click.Choice(["cpu", "cuda", "auto"]), default="cpu", show_default=True, help="Where neural voices run."),
            click.option("--executor", type=click.Choice(["local", "ray"]), default="local", show_default=True, help="Where synthesis runs."),
            click.option("--ray-address", default=None, help="Ray cluster to join (default: start a local Ray)."),
            click.option("--ray-gpus", type=float, default=0.0, show_default=True, help="GPUs per Ray worker (neural voices)."),
            click.option("-q", "--quiet", is_flag=True, help="Print errors only."),
            click.option("-v", "--verbose", is_flag=True, help="Say what happens to each episode."),
            config_option,
        ]
    ):
        command = option(command)
    return command


def _render_once(settings: Settings, options: dict) -> None:
    o = options
    if o["chapters"]:
        settings = dataclasses.replace(settings, chapters=o["chapters"])
    executor = None
    if o["executor"] == "ray":
        from .distributed import RayExecutor

        executor = RayExecutor(address=o["ray_address"], workers=o["jobs"], num_gpus=o["ray_gpus"])
    quiet = o["quiet"]
    bars = None if quiet else _Bars(o["verbose"])
    try:
        report = render_api.render(
            settings,
            notes_dir=o["notes"],
            output_dir=o["output"],
            voice=o["voice"],
            jobs=o["jobs"],
            device=o["device"],
            executor=executor,
            progress=bars,
        )
    finally:
        if bars:
            bars.close()
    if quiet:
        return
    for notice in report.notices:
        click.echo(f"warning: {notice}", err=True)
    if report.unresolved:
        click.echo(f"normalizer: {report.unresolved} thing(s) guessed or spelled out; see 'lecture-audio check'", err=True)
    for title, date in report.scheduled:
        click.echo(f"scheduled: '{title}' is dated {date:%Y-%m-%d %H:%M} UTC by its notes, in the future: apps list it from then", err=True)
    encoded = sum(1 for e in report.episodes if e.encoded)
    click.echo(
        f"rendered {len(report.episodes)} episode(s), {report.audio_seconds / 60:.1f} min of audio "
        f"in {report.seconds:.1f} s ({report.synthesized} of {report.sentences} sentences synthesized, "
        f"{encoded} episode(s) encoded); feed: {report.feed}"
    )


@main.command()
@render_options
def render(config: str | None, **options: object) -> None:
    """Render NOTES (default: notes/) into MP3 episodes, chapters, transcripts and feed.xml."""
    _render_once(_settings(config), options)


@main.command()
@render_options
def watch(config: str | None, **options: object) -> None:
    """Render NOTES, then render again whenever a note, the settings or a voice changes."""
    from .watch import watch as watch_notes

    settings = _settings(config)

    def once(current: Settings) -> None:
        _render_once(current, options)

    try:
        once(settings)
    except LectureAudioError as exc:
        click.echo(f"error: {exc.one_line(Path.cwd())}", err=True)
    click.echo("watching for changes (Ctrl-C to stop)", err=True)
    watch_notes(
        settings,
        once,
        lambda exc: click.echo(f"error: {exc.one_line(Path.cwd())}", err=True),
        config=Path(config) if config else None,
        notes_dir=options["notes"],  # type: ignore[arg-type]
    )


@main.command()
@click.option("--host", default="0.0.0.0", show_default=True, help="Address to listen on (0.0.0.0: every network).")
@click.option("--port", type=click.IntRange(1, 65535), default=8000, show_default=True)
@click.option("-j", "--jobs", type=click.IntRange(min=1), default=None, help="Synthesis worker processes (default: the cores).")
@config_option
def serve(host: str, port: int, jobs: int | None, config: str | None) -> None:
    """Render, then serve output/ to this network (a phone on the same network can subscribe).

    The files keep the published base_url; the feed, chapters and page are
    given out with this machine's address instead.
    """
    from .serve import exposure_warning
    from .serve import serve as serve_folder

    settings = _settings(config)
    warning = exposure_warning(host)
    if warning:
        click.echo(f"warning: {warning}", err=True)
    report = render_api.render(settings, jobs=jobs)
    click.echo(f"rendered {len(report.episodes)} episode(s)", err=True)
    serve_folder(
        settings.output_dir,
        host,
        port,
        on_ready=lambda url: click.echo(f"page: {url}\nfeed: {url}feed.xml  (add it in a podcast app on the same network; Ctrl-C stops)"),
        published_url=settings.base_url,
    )


@main.group()
def cache() -> None:
    """The cache of synthesized sentences."""


@cache.command("info")
@config_option
def cache_info(config: str | None) -> None:
    """Show the cache's size and how much of it the notes use."""
    info = render_api.cache_info(_settings(config))
    click.echo(f"{info.folder}: {info.clips} clips, {info.bytes / 1e6:.1f} MB, {info.used} used by the notes, {info.clips - info.used} unused")


@cache.command("prune")
@config_option
def cache_prune(config: str | None) -> None:
    """Remove the clips that no note uses any more."""
    files, size = render_api.prune_cache(_settings(config))
    click.echo(f"removed {files} files, {size / 1e6:.1f} MB")


@main.command()
@click.argument("notes", type=click.Path(file_okay=False, path_type=Path))
@click.option("--json", "as_json", is_flag=True, help="Print the spoken text as JSON.")
@config_option
def normalize(notes: Path, as_json: bool, config: str | None) -> None:
    """Print the spoken text of every point in NOTES."""
    settings = _settings(config)
    vault, scripts = render_api.read_scripts(settings, notes)
    for notice in vault.notices:
        click.echo(f"warning: {notice}", err=True)
    if as_json:
        click.echo(json.dumps(render_api.scripts_as_json(scripts), ensure_ascii=False, indent=2))
        return
    for script in scripts:
        click.echo(f"# {script.episode.title}")
        for chapter in script.chapters:
            click.echo(f"## {chapter.chapter.title} ({chapter.chapter.source})")
            for point in chapter.points:
                number = "" if point.point.number is None else f"{point.point.number}. "
                click.echo(f"{number}{point.spoken}")


@main.command()
@click.argument("notes", required=False, type=click.Path(file_okay=False, path_type=Path))
@click.option("--strict", is_flag=True, help="Exit with code 1 when anything but a restored diacritic is found.")
@config_option
def check(notes: Path | None, strict: bool, config: str | None) -> None:
    """List what the normalizer could not resolve in NOTES (unknown acronyms, symbols, guesses)."""
    items = render_api.check_notes(_settings(config), notes)
    for item in items:
        click.echo(str(item))
    click.echo(f"{len(items)} thing(s) to check" if items else "nothing to check: every word has a spoken form", err=True)
    # Restored diacritics are listed for the lecturer to fix, but they were read right: not a failure.
    if strict and any(item.kind != "restored" for item in items):
        sys.exit(1)


@main.group(invoke_without_command=True)
@config_option
@click.pass_context
def voices(ctx: click.Context, config: str | None) -> None:
    """List the voices: name, engine, description, licence and whether each is ready to speak.

    The default voice is marked with *.
    """
    ctx.obj = config
    if ctx.invoked_subcommand is not None:
        return
    settings = _settings(config)
    for voice in list_voices(settings.voices_dir):
        mark = "*" if voice.name == settings.voice else " "
        click.echo(f"{mark} {voice.name:<16} {voice.engine:<8} {voice.description}")
        click.echo(f"    licence: {voice.license or 'not stated'}")
        click.echo(f"    status:  {voice_status(voice)}")


@voices.command("download")
@click.argument("name")
@click.option("--accept-license", is_flag=True, help="Accept the model's licence without asking (e.g. XTTS's CPML).")
@click.pass_obj
def voices_download(config: str | None, name: str, accept_license: bool) -> None:
    """Fetch the model files voice NAME needs into the model cache (XDG cache folder)."""
    from tqdm import tqdm

    from .engines.coqui import requires_license_acceptance
    from .models import default_cache_dir, download_voice

    settings = _settings(config)
    voice = find_voice(name, settings.voices_dir)
    licence = requires_license_acceptance(voice)
    cache_dir = default_cache_dir()
    accepted = cache_dir / "licences" / f"{voice.name}.accepted"
    if licence and not accept_license and not accepted.is_file():
        click.echo(f"Voice '{voice.name}' is under this licence:\n{licence}", err=True)
        if not sys.stdin.isatty() or not click.confirm("Do you accept it?", default=False, err=True):
            raise LectureAudioError(f"the licence of voice '{voice.name}' was not accepted", hint="read it, then pass --accept-license")
    if licence:
        accepted.parent.mkdir(parents=True, exist_ok=True)
        accepted.write_text(licence, encoding="utf-8")  # asked once: remembered here
    bar = tqdm(unit="B", unit_scale=True, disable=None, leave=False)

    def progress(done: int, total: int | None) -> None:
        bar.total = total
        bar.update(done - bar.n)

    try:
        paths = download_voice(voice, cache_dir, progress, license_accepted=bool(licence))
    finally:
        bar.close()
    for path in paths:
        click.echo(str(path))
