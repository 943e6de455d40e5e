"""Pictures: the podcast's cover and the slides that illustrate chapters.

A cover is generated when the lecturer gives none: Apple asks for a square
image of 1400 to 3000 pixels. Slides are scaled down and re-encoded once, so
the same small file is published beside the feed and embedded in the MP3's
chapters.
"""

from __future__ import annotations

import io
import textwrap
from pathlib import Path

from ..errors import OutputError, SettingsError
from ..files import write_atomic

COVER_SIZE = 1400
COVER_DESIGN = 1  # bump when generate_cover draws differently: cached covers are redrawn
SLIDE_MAX = 1280


def _font(size: int):  # type: ignore[no-untyped-def]
    from importlib import resources

    from PIL import ImageFont

    # Pillow's built-in font has no Polish letters; Source Sans Pro has them all.
    font_file = resources.files("font_source_sans_pro") / "files" / "SourceSansPro-Bold.ttf"
    with resources.as_file(font_file) as path:
        return ImageFont.truetype(str(path), size)


def generate_cover(title: str, subtitle: str = "") -> bytes:
    """A plain square PNG cover with the course title on it."""
    from PIL import Image, ImageDraw

    size = COVER_SIZE
    image = Image.new("RGB", (size, size), (27, 54, 93))
    draw = ImageDraw.Draw(image)
    draw.rectangle((0, size - 160, size, size), fill=(242, 169, 0))
    for font_size in (150, 130, 110, 90, 72):
        font = _font(font_size)
        lines = textwrap.wrap(title, width=max(8, int(size * 1.7 / font_size)))
        heights = [draw.textbbox((0, 0), line, font=font)[3] for line in lines]
        widths = [draw.textlength(line, font=font) for line in lines]
        total = sum(heights) + 30 * (len(lines) - 1)
        if max(widths, default=0) <= size - 200 and total <= size - 500:
            break
    y = (size - 160 - total) // 2
    for line, height in zip(lines, heights):
        draw.text((100, y), line, font=font, fill="white")
        y += height + 30
    if subtitle:
        draw.text((100, size - 125), subtitle[:40], font=_font(70), fill=(27, 54, 93))
    buffer = io.BytesIO()
    image.save(buffer, format="PNG", optimize=True)
    return buffer.getvalue()


def prepare_cover(source: Path | None, title: str, author: str) -> tuple[bytes, str]:
    """The cover's bytes and file suffix: the lecturer's image checked, or a generated one."""
    if source is None:
        return generate_cover(title, author), ".png"
    from PIL import Image, UnidentifiedImageError

    try:
        with Image.open(source) as image:
            width, height = image.size
            suffix = ".png" if image.format == "PNG" else ".jpg"
            if image.format not in ("PNG", "JPEG"):
                raise SettingsError("the cover must be a PNG or JPEG image", path=source, hint="convert it, or remove 'image' to generate one")
    except FileNotFoundError:
        raise SettingsError("cover image not found", path=source, hint="fix the 'image' setting") from None
    except UnidentifiedImageError:
        raise SettingsError("the cover is not an image", path=source, hint="use a PNG or JPEG") from None
    if width != height or not 1400 <= width <= 3000:
        raise SettingsError(
            f"the cover is {width}x{height}; podcast apps need a square of 1400 to 3000 pixels",
            path=source,
            hint="resize it, or remove 'image' to generate one",
        )
    return source.read_bytes(), suffix


def prepare_slide(source: Path) -> tuple[bytes, str]:
    """A slide scaled to at most ``SLIDE_MAX`` pixels wide: its bytes and MIME type."""
    from PIL import Image

    with Image.open(source) as image:
        image.load()
        has_alpha = image.mode in ("RGBA", "LA", "P")
        image.thumbnail((SLIDE_MAX, SLIDE_MAX))
        buffer = io.BytesIO()
        if has_alpha:
            image.convert("RGBA").save(buffer, format="PNG", optimize=True)
            return buffer.getvalue(), "image/png"
        image.convert("RGB").save(buffer, format="JPEG", quality=85)
        return buffer.getvalue(), "image/jpeg"


def publish_file(path: Path, data: bytes) -> None:
    """Write a published file unless it already holds exactly these bytes."""
    try:
        if path.is_file() and path.stat().st_size == len(data) and path.read_bytes() == data:
            return
    except OSError as exc:
        raise OutputError(f"cannot read: {exc.strerror}", path=path) from None
    write_atomic(path, data)
