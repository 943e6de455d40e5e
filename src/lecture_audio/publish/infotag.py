"""The Info frame: a Xing header with LAME's extension, describing the whole MP3 stream.

Players read it from the first frame to know the exact length (frame count
less the encoder's delay and padding), to seek (the table of contents), and,
for gapless playback, how many samples to drop at both ends. The episode is
encoded as separate segments and joined, so the frame is written here for
the joined stream rather than taken from one encoder run. Layout:
http://gabriel.mp3-tech.org/mp3infotag.html (MPEG-1 Layer III, mono).
"""

from __future__ import annotations

import struct
from dataclasses import dataclass

import anycrc

SAMPLE_RATE = 44100
FRAME_SAMPLES = 1152  # MPEG-1 Layer III
BITRATES = (0, 32, 40, 48, 56, 64, 80, 96, 112, 128, 160, 192, 224, 256, 320)  # by header index
SIDE_INFO = 17  # bytes of side information in a mono MPEG-1 frame: all zero, so the frame decodes to silence
# Readers look for the tag CRC at byte 190, where it sits in a stereo frame
# (eyeD3 does so for mono frames too); the spec puts it right after the
# extension. Frames big enough carry both, the second over the first 190 bytes.
STEREO_CRC_AT = 190
XING_FLAGS = 0x0F  # frames, bytes, table of contents, quality
LAME_CBR = 1  # the VBR-method nibble for constant bitrate
SOURCE_44100 = 1 << 6  # the "source frequency" bits of the misc byte

CRC16 = anycrc.Model("CRC16-ARC")  # LAME's CRC-16: polynomial 0x8005, reflected, initial value 0


@dataclass(frozen=True)
class StreamFacts:
    """What the Info frame states about the audio frames after it."""

    frames: int  # audio frames, the Info frame not counted
    audio_bytes: int  # bytes of those frames
    toc_offsets: tuple[int, ...]  # byte offset (from the first audio frame) of the frame at each percent of the length
    delay: int  # samples the encoder put before the first real sample (LAME's own 576)
    padding: int  # samples after the last real one, as the tag counts them
    music_crc: int
    bitrate: int  # kbps of the audio frames
    encoder: bytes  # the encoder's short version, e.g. b"LAME3.100"


def frame_size(kbps: int, padded: bool = False) -> int:
    """Bytes in one MPEG-1 Layer III frame at 44.1 kHz."""
    return 144 * kbps * 1000 // SAMPLE_RATE + int(padded)


def tag_bitrate(kbps: int) -> int:
    """The bitrate of the Info frame: the stream's, unless its frames are too small to hold the tag.

    LAME's extension ends 177 bytes in; the 190-byte CRC needs 192. Below
    64 kbps a frame is smaller, and the Info frame is made at 64 kbps (it
    carries no audio, and readers take the stream's bitrate from the frames
    after it).
    """
    return kbps if frame_size(kbps) >= STEREO_CRC_AT + 2 else 64


def info_frame(facts: StreamFacts, header: bytes) -> bytes:
    """The Info frame for a stream whose first audio frame starts with ``header`` (4 bytes)."""
    kbps = tag_bitrate(facts.bitrate)
    size = frame_size(kbps)
    first = bytearray(header[:4])
    first[2] = (BITRATES.index(kbps) << 4) | (first[2] & 0x0C)  # this bitrate, same sample rate, no padding
    stream_bytes = size + facts.audio_bytes
    toc = bytes(min(255, 256 * (size + offset) // stream_bytes) for offset in facts.toc_offsets)
    quality = 100 - 10 * 4 - 7  # LAME's formula: 100 - 10 * VBR quality (default 4) - quality (-q 7, see lame.py)
    xing = b"Info" + struct.pack(">III", XING_FLAGS, facts.frames, stream_bytes) + toc + struct.pack(">I", quality)
    lame = (
        facts.encoder[:9].ljust(9, b"\0")
        + bytes([LAME_CBR, 0])  # tag revision 0 and CBR; lowpass unknown
        + bytes(8)  # peak and replay gains: not measured by the encoder
        + bytes([0, min(255, facts.bitrate)])  # encoding flags and ATH type unknown; the bitrate
        + ((facts.delay << 12) | facts.padding).to_bytes(3, "big")
        + bytes([SOURCE_44100, 0, 0, 0])  # mono, no MP3 gain, no preset
        + struct.pack(">IH", stream_bytes, facts.music_crc)
    )
    frame = bytearray(bytes(first) + bytes(SIDE_INFO) + xing + lame)
    frame += CRC16.calc(bytes(frame)).to_bytes(2, "big")
    frame += bytes(size - len(frame))
    if size >= STEREO_CRC_AT + 2:
        frame[STEREO_CRC_AT : STEREO_CRC_AT + 2] = CRC16.calc(bytes(frame[:STEREO_CRC_AT])).to_bytes(2, "big")
    return bytes(frame)


def encoder_version(first_frame: bytes) -> bytes:
    """The version LAME writes into its first frames (``LAME3.100``), or ``LAME`` if none is found."""
    at = first_frame.find(b"LAME")
    if at < 0:
        return b"LAME"
    version = first_frame[at : at + 9]
    end = 4
    while end < len(version) and (version[end : end + 1].isdigit() or version[end : end + 1] in (b".", b"a", b"b", b"r")):
        end += 1
    return version[:end]
