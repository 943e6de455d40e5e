"""espeak-ng, the embedded default voice.

The shared library and its language data come from the ``espeakng-loader``
wheel, so nothing is installed system-wide. We call the C API through ctypes
in synchronous retrieval mode: a callback collects the 16-bit samples.
"""

from __future__ import annotations

import ctypes
import threading
from typing import Any

import numpy as np

from ..errors import SynthesisError, VoiceError
from . import Voice, check_settings

# Constants from espeak-ng's speak_lib.h.
AUDIO_OUTPUT_SYNCHRONOUS = 0x02
ESPEAK_CHARS_UTF8 = 1
POS_CHARACTER = 1
PARAM_RATE, PARAM_VOLUME, PARAM_PITCH, PARAM_RANGE = 1, 2, 3, 4
PARAM_WORDGAP = 7
EE_OK = 0

SYNTH_CALLBACK = ctypes.CFUNCTYPE(ctypes.c_int, ctypes.POINTER(ctypes.c_short), ctypes.c_int, ctypes.c_void_p)

# espeak-ng keeps global state: one voice at a time per process.
_LOCK = threading.Lock()
_LIBRARY: ctypes.CDLL | None = None
_SAMPLE_RATE = 0


def _library() -> tuple[ctypes.CDLL, int]:
    global _LIBRARY, _SAMPLE_RATE
    if _LIBRARY is None:
        try:
            import espeakng_loader
        except ImportError:  # pragma: no cover - it is a core dependency
            raise VoiceError("espeak-ng is not installed", hint="pip install espeakng-loader") from None
        lib = ctypes.CDLL(espeakng_loader.get_library_path())
        lib.espeak_Initialize.restype = ctypes.c_int
        lib.espeak_Initialize.argtypes = [ctypes.c_int, ctypes.c_int, ctypes.c_char_p, ctypes.c_int]
        lib.espeak_SetVoiceByName.argtypes = [ctypes.c_char_p]
        lib.espeak_SetParameter.argtypes = [ctypes.c_int, ctypes.c_int, ctypes.c_int]
        lib.espeak_Synth.argtypes = [
            ctypes.c_void_p, ctypes.c_size_t, ctypes.c_uint, ctypes.c_int,
            ctypes.c_uint, ctypes.c_uint, ctypes.c_void_p, ctypes.c_void_p,
        ]
        lib.espeak_SetSynthCallback.argtypes = [SYNTH_CALLBACK]
        lib.espeak_Info.restype = ctypes.c_char_p
        lib.espeak_Info.argtypes = [ctypes.c_void_p]
        data = espeakng_loader.get_data_path().encode()
        rate = lib.espeak_Initialize(AUDIO_OUTPUT_SYNCHRONOUS, 0, data, 0)
        if rate <= 0:
            raise VoiceError("espeak-ng failed to initialise", hint="reinstall espeakng-loader")
        _LIBRARY, _SAMPLE_RATE = lib, rate
    return _LIBRARY, _SAMPLE_RATE


class EspeakEngine:
    """espeak-ng speaking one language (Polish by default).

    Voice settings: ``language`` (espeak voice name, default ``pl``),
    ``rate`` (words per minute), ``pitch`` (0-100), ``range`` (0-100),
    ``volume`` (0-200), ``wordgap`` (units of 10 ms).
    """

    SETTINGS: dict[str, tuple[type, ...]] = {
        "language": (str,),
        "rate": (int,),
        "pitch": (int,),
        "range": (int,),
        "volume": (int,),
        "wordgap": (int,),
    }

    def __init__(self, voice: Voice, **_options: Any) -> None:
        check_settings(voice, self.SETTINGS)
        self.voice = voice
        self.language: str = voice.settings.get("language", "pl")
        self.params = {
            PARAM_RATE: voice.settings.get("rate", 160),
            PARAM_PITCH: voice.settings.get("pitch", 50),
            PARAM_RANGE: voice.settings.get("range", 50),
            PARAM_VOLUME: voice.settings.get("volume", 100),
            PARAM_WORDGAP: voice.settings.get("wordgap", 0),
        }
        # The library is small and quick to open: its version keys the cache
        # even when every sentence is already there and nothing is synthesized.
        lib, self.sample_rate = _library()
        info = lib.espeak_Info(None)
        self.version = f"espeak-ng {info.decode() if info else '?'}"
        self._loaded = False
        self._chunks: list[bytes] = []
        # Keep a reference: ctypes callbacks must outlive every call into C.
        self._callback = SYNTH_CALLBACK(self._collect)

    def load(self) -> None:
        """Check that espeak-ng has the voice's language."""
        lib, _ = _library()
        with _LOCK:
            self._select(lib)
        self._loaded = True

    def _select(self, lib: ctypes.CDLL) -> None:
        if lib.espeak_SetVoiceByName(self.language.encode()) != EE_OK:
            raise VoiceError(
                f"espeak-ng has no voice '{self.language}'",
                path=self.voice.path,
                hint="set settings.language to an espeak-ng voice such as 'pl'",
            )
        for param, value in self.params.items():
            lib.espeak_SetParameter(param, int(value), 0)

    def _collect(self, wav: Any, count: int, _events: Any) -> int:
        if wav and count > 0:
            self._chunks.append(ctypes.string_at(wav, count * 2))
        return 0  # 0 = carry on synthesizing

    def synthesize(self, text: str) -> np.ndarray:
        """Speak ``text`` and return float32 samples at :attr:`sample_rate`."""
        if not self._loaded:
            self.load()
        lib, _ = _library()
        data = text.encode("utf-8") + b"\0"
        with _LOCK:
            self._select(lib)
            lib.espeak_SetSynthCallback(self._callback)
            self._chunks = []
            status = lib.espeak_Synth(data, len(data), 0, POS_CHARACTER, 0, ESPEAK_CHARS_UTF8, None, None)
            lib.espeak_Synchronize()
            chunks, self._chunks = self._chunks, []
        if status != EE_OK:
            raise SynthesisError(f"espeak-ng failed (status {status})")
        pcm = np.frombuffer(b"".join(chunks), dtype="<i2")
        return pcm.astype(np.float32) / 32768.0
