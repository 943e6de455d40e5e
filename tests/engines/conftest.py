"""Tiny, self-made models for the neural engines, so tests need no internet.

The builders are plain functions (reusable from other test folders and the
benchmark) with thin fixtures around them:

- :func:`build_tiny_vits` -> a randomly initialised Coqui VITS (a few
  thousand parameters, Polish character vocabulary, no phonemizer) saved as
  ``config.json`` + ``model.pth`` with a voice YAML pointing at them;
- :func:`build_tiny_piper` -> an ONNX graph with Piper's inputs and outputs
  (audio length = phoneme ids x hop x length_scale, a sine whose pitch
  depends on the speaker) plus its ``.onnx.json`` and a voice YAML.

Fixtures: ``tiny_vits_voice`` and ``tiny_piper_voice`` (Path to the voice
YAML in a tmp folder). The extras (coqui, piper) must be installed: CI installs them, and a
missing one fails the tests rather than skipping them.
"""

from __future__ import annotations

import functools
import json
from pathlib import Path
from typing import Any

import pytest
import yaml

# Polish letters (lower and upper case: Coqui's basic cleaner lower-cases,
# but keeping both makes the vocabulary robust to other cleaners).
POLISH_LETTERS = "aąbcćdeęfghijklłmnńoópqrsśtuvwxyzźż"
POLISH_CHARACTERS = POLISH_LETTERS + POLISH_LETTERS.upper()
PUNCTUATION = "!'(),-.:;? "

TINY_VITS_SAMPLE_RATE = 16000  # not the 22050 default: proves the engine reads the config
TINY_PIPER_SAMPLE_RATE = 22050
TINY_PIPER_HOP = 256


def write_voice_yaml(path: Path, data: dict[str, Any]) -> Path:
    """Write a voice YAML file and return its path."""
    path.write_text(yaml.safe_dump(data, allow_unicode=True, sort_keys=False), encoding="utf-8")
    return path


def polish_characters() -> Any:
    """Coqui's character set for Polish text without a phonemizer (VITS tokens)."""
    from TTS.tts.configs.shared_configs import CharactersConfig

    return CharactersConfig(
        characters_class="TTS.tts.models.vits.VitsCharacters",
        pad="<PAD>",
        eos="<EOS>",
        bos="<BOS>",
        blank="<BLNK>",
        characters=POLISH_CHARACTERS,
        punctuations=PUNCTUATION,
        phonemes="",
        is_unique=True,
        is_sorted=True,
    )


def tiny_vits_config(sample_rate: int = TINY_VITS_SAMPLE_RATE) -> Any:
    """A VitsConfig small enough to build and run in well under a second on CPU."""
    from TTS.config.shared_configs import BaseAudioConfig
    from TTS.tts.configs.vits_config import VitsArgs, VitsConfig

    args = VitsArgs(
        hidden_channels=16,
        hidden_channels_ffn_text_encoder=32,
        num_heads_text_encoder=2,
        num_layers_text_encoder=1,
        num_layers_posterior_encoder=1,
        num_layers_flow=1,
        resblock_type_decoder="2",
        resblock_kernel_sizes_decoder=[3],
        resblock_dilation_sizes_decoder=[[1, 3]],
        upsample_rates_decoder=[8, 8, 4],  # product = hop length
        upsample_kernel_sizes_decoder=[16, 16, 8],
        upsample_initial_channel_decoder=32,
        out_channels=257,  # fft_size // 2 + 1
        spec_segment_size=8,
        init_discriminator=False,
        use_sdp=False,
    )
    characters = polish_characters()
    audio = BaseAudioConfig(sample_rate=sample_rate, fft_size=512, win_length=512, hop_length=256, num_mels=40)
    return VitsConfig(
        model_args=args,
        audio=audio,
        characters=characters,
        use_phonemes=False,
        phoneme_language="pl",  # only names the language for the tokenizer; no phonemizer runs
        text_cleaner="basic_cleaners",
        add_blank=True,
    )


def build_tiny_vits(folder: Path, *, seed: int = 0, name: str = "tiny-vits") -> Path:
    """Save a random tiny VITS (config.json + model.pth) and a voice YAML in ``folder``."""
    import torch
    from TTS.tts.models.vits import Vits

    folder.mkdir(parents=True, exist_ok=True)
    config = tiny_vits_config()
    torch.manual_seed(seed)
    model = Vits(config)
    model_dir = folder / "model"
    model_dir.mkdir(exist_ok=True)
    config.save_json(str(model_dir / "config.json"))
    # Coqui's checkpoint format: the weights under "model".
    torch.save({"model": model.state_dict()}, model_dir / "model.pth")
    return write_voice_yaml(
        folder / f"{name}.yaml",
        {
            "name": name,
            "engine": "coqui",
            "description": "random tiny VITS for tests",
            "license": "test",
            "settings": {"model_path": "model/model.pth", "config_path": "model/config.json", "seed": 1},
        },
    )


def piper_phoneme_id_map(extra_text: str = "") -> dict[str, list[int]]:
    """Piper's default id map plus every phoneme espeak-ng produces for ``extra_text`` in Polish."""
    return {k: list(v) for k, v in _phoneme_id_map(extra_text).items()}


@functools.cache
def _phoneme_id_map(extra_text: str) -> dict[str, list[int]]:
    # Once per text and process: each phonemizer re-initializes piper's espeak-ng.
    from piper.phoneme_ids import DEFAULT_PHONEME_ID_MAP
    from piper.phonemize_espeak import ESPEAK_DATA_DIR, EspeakPhonemizer

    from lecture_audio.engines.piper import PIPER_LOCK

    id_map = {k: list(v) for k, v in DEFAULT_PHONEME_ID_MAP.items()}
    if extra_text:
        with PIPER_LOCK:
            sentences = EspeakPhonemizer(ESPEAK_DATA_DIR).phonemize("pl", extra_text)
        next_id = max(i for ids in id_map.values() for i in ids) + 1
        for sentence in sentences:
            for phoneme in sentence:
                if phoneme not in id_map:
                    id_map[phoneme] = [next_id]
                    next_id += 1
    return id_map


def build_piper_onnx(
    path: Path, *, num_speakers: int = 1, hop: int = TINY_PIPER_HOP, sample_rate: int = TINY_PIPER_SAMPLE_RATE
) -> Path:
    """An ONNX graph with Piper's interface: audio [1,1,N], N = ids x hop x length_scale.

    Inputs ``input`` int64 [1,T], ``input_lengths`` int64 [1], ``scales``
    float32 [3] (noise, length, noise_w), and ``sid`` int64 [1] when
    ``num_speakers > 1``. The output is a quiet sine, pitch 220 Hz + 110 Hz
    per speaker id, so tests can see the length scale and speaker arrive.
    """
    import numpy as np
    import onnx
    from onnx import TensorProto, helper, numpy_helper

    def const(name: str, value: Any, dtype: Any) -> Any:
        return helper.make_node(
            "Constant", [], [name], value=numpy_helper.from_array(np.array(value, dtype=dtype), name)
        )

    nodes = [
        const("one_i", 1, np.int64),
        const("zero_i", 0, np.int64),
        const("hop_f", float(hop), np.float32),
        const("out_shape", [1, 1, -1], np.int64),
        const("amp", 0.3, np.float32),
        const("two_pi_over_sr", 2.0 * np.pi / sample_rate, np.float32),
        const("base_hz", 220.0, np.float32),
        # T = shape(input)[1]
        helper.make_node("Shape", ["input"], ["in_shape"]),
        helper.make_node("Gather", ["in_shape", "one_i"], ["T"], axis=0),
        helper.make_node("Cast", ["T"], ["T_f"], to=TensorProto.FLOAT),
        # length_scale = scales[1]
        helper.make_node("Gather", ["scales", "one_i"], ["length_scale"], axis=0),
        helper.make_node("Mul", ["T_f", "hop_f"], ["n0"]),
        helper.make_node("Mul", ["n0", "length_scale"], ["n1"]),
        helper.make_node("Floor", ["n1"], ["n2"]),
        helper.make_node("Cast", ["n2"], ["N"], to=TensorProto.INT64),
        helper.make_node("Range", ["zero_i", "N", "one_i"], ["idx"]),
        helper.make_node("Cast", ["idx"], ["idx_f"], to=TensorProto.FLOAT),
    ]
    inputs = [
        helper.make_tensor_value_info("input", TensorProto.INT64, [1, "T"]),
        helper.make_tensor_value_info("input_lengths", TensorProto.INT64, [1]),
        helper.make_tensor_value_info("scales", TensorProto.FLOAT, [3]),
    ]
    if num_speakers > 1:
        inputs.append(helper.make_tensor_value_info("sid", TensorProto.INT64, [1]))
        nodes += [
            const("step_hz", 110.0, np.float32),
            helper.make_node("Gather", ["sid", "zero_i"], ["sid0"], axis=0),
            helper.make_node("Cast", ["sid0"], ["sid_f"], to=TensorProto.FLOAT),
            helper.make_node("Mul", ["sid_f", "step_hz"], ["extra_hz"]),
            helper.make_node("Add", ["base_hz", "extra_hz"], ["hz"]),
        ]
    else:
        nodes.append(helper.make_node("Identity", ["base_hz"], ["hz"]))
    nodes += [
        helper.make_node("Mul", ["idx_f", "two_pi_over_sr"], ["phase0"]),
        helper.make_node("Mul", ["phase0", "hz"], ["phase"]),
        helper.make_node("Sin", ["phase"], ["wave"]),
        helper.make_node("Mul", ["wave", "amp"], ["wave_amp"]),
        helper.make_node("Reshape", ["wave_amp", "out_shape"], ["output"]),
    ]
    graph = helper.make_graph(
        nodes,
        "tiny_piper",
        inputs,
        [helper.make_tensor_value_info("output", TensorProto.FLOAT, [1, 1, "N"])],
    )
    model = helper.make_model(graph, opset_imports=[helper.make_opsetid("", 17)], producer_name="lecture-audio-tests")
    model.ir_version = 8  # readable by any onnxruntime >= 1.10
    onnx.checker.check_model(model)
    path.parent.mkdir(parents=True, exist_ok=True)
    onnx.save(model, str(path))
    return path


def write_piper_config(
    path: Path, *, num_speakers: int = 1, sample_rate: int = TINY_PIPER_SAMPLE_RATE, extra_text: str = ""
) -> Path:
    """A Piper ``.onnx.json`` for Polish (espeak voice ``pl``)."""
    id_map = piper_phoneme_id_map(extra_text)
    config = {
        "audio": {"sample_rate": sample_rate, "quality": "test"},
        "espeak": {"voice": "pl"},
        "language": {"code": "pl_PL"},
        "phoneme_type": "espeak",
        "num_symbols": max(i for ids in id_map.values() for i in ids) + 1,
        "num_speakers": num_speakers,
        "speaker_id_map": {f"speaker{i}": i for i in range(num_speakers)} if num_speakers > 1 else {},
        "inference": {"noise_scale": 0.667, "length_scale": 1.0, "noise_w": 0.8},
        "phoneme_id_map": id_map,
        "piper_version": "1.0.0",
    }
    path.write_text(json.dumps(config, ensure_ascii=False, indent=1), encoding="utf-8")
    return path


POLISH_SAMPLE = "Zażółć gęślą jaźń. Wykład o chrząszczach: źdźbło, szczęście, dżdżownica i świerszcz!"


def build_tiny_piper(
    folder: Path, *, num_speakers: int = 1, name: str = "tiny-piper", settings: dict[str, Any] | None = None
) -> Path:
    """Save a tiny Piper voice (``.onnx`` + ``.onnx.json``) and its voice YAML in ``folder``."""
    folder.mkdir(parents=True, exist_ok=True)
    model = build_piper_onnx(folder / "tiny.onnx", num_speakers=num_speakers)
    write_piper_config(folder / "tiny.onnx.json", num_speakers=num_speakers, extra_text=POLISH_SAMPLE)
    return write_voice_yaml(
        folder / f"{name}.yaml",
        {
            "name": name,
            "engine": "piper",
            "description": "tiny sine-wave Piper graph for tests",
            "license": "test",
            "settings": {"model_path": model.name, **(settings or {})},
        },
    )


@pytest.fixture
def tiny_vits_voice(tmp_path: Path) -> Path:
    """Path to the voice YAML of a random tiny Coqui VITS in ``tmp_path``."""
    import torch  # noqa: F401
    import TTS  # noqa: F401
    return build_tiny_vits(tmp_path / "vits")


@pytest.fixture
def tiny_piper_voice(tmp_path: Path) -> Path:
    """Path to the voice YAML of a tiny Piper ONNX voice in ``tmp_path``."""
    import onnx  # noqa: F401
    import piper  # noqa: F401
    return build_tiny_piper(tmp_path / "piper")


# -- tiny XTTS -----------------------------------------------------------------

XTTS_SPECIAL_TOKENS = ["[STOP]", "[UNK]", "[SPACE]", "[START]", "[pl]", "[en]"]


def write_xtts_vocab(path: Path, *, pad_to: int | None = None) -> Path:
    """A character-level ``vocab.json`` in the ``tokenizers`` format XTTS loads.

    The real XTTS vocabulary is a BPE of 6681 tokens that is not available
    offline; a character vocabulary (optionally padded with unused tokens to
    the real size, so the embedding table has the real shape) is enough to
    drive the model. XTTS lower-cases and spells out the text for Polish
    before tokenising, so lower-case letters, digits and punctuation suffice.
    """
    from tokenizers import Tokenizer
    from tokenizers.models import BPE

    symbols = list(dict.fromkeys(POLISH_LETTERS + "0123456789" + PUNCTUATION.replace(" ", "") + '"%&*+/=@'))
    vocab: dict[str, int] = {}
    for token in XTTS_SPECIAL_TOKENS + symbols:
        vocab.setdefault(token, len(vocab))
    while pad_to and len(vocab) < pad_to:
        vocab[f"<unused{len(vocab)}>"] = len(vocab)
    tokenizer = Tokenizer(BPE(vocab=vocab, merges=[], unk_token="[UNK]"))
    # Special tokens are matched as whole units before the model sees the text.
    tokenizer.add_special_tokens(XTTS_SPECIAL_TOKENS)
    tokenizer.save(str(path))
    return path


def write_wav(path: Path, seconds: float = 3.0, sample_rate: int = 22050, seed: int = 0) -> Path:
    """A mono 16-bit WAV of a gliding tone with a little noise (a stand-in recording)."""
    import wave

    import numpy as np

    rng = np.random.default_rng(seed)
    t = np.arange(int(seconds * sample_rate)) / sample_rate
    signal = 0.3 * np.sin(2 * np.pi * (120 + 40 * t) * t) + 0.02 * rng.standard_normal(t.size)
    pcm = (np.clip(signal, -1, 1) * 32767).astype("<i2")
    path.parent.mkdir(parents=True, exist_ok=True)
    with wave.open(str(path), "wb") as out:
        out.setnchannels(1)
        out.setsampwidth(2)
        out.setframerate(sample_rate)
        out.writeframes(pcm.tobytes())
    return path


def xtts_config(*, tiny: bool, max_audio_tokens: int | None = None) -> Any:
    """An XttsConfig: the real XTTS v2 architecture, or a tiny GPT for tests.

    Real v2 values (its published config.json): 30 GPT layers x 1024 channels,
    16 heads, 1026 audio tokens (1024/1025 start/stop), perceiver resampler,
    conditioning on 30 s in 4 s chunks, 24 kHz output.
    """
    from TTS.tts.configs.xtts_config import XttsArgs, XttsAudioConfig, XttsConfig

    args = XttsArgs(
        gpt_num_audio_tokens=1026,
        gpt_start_audio_token=1024,
        gpt_stop_audio_token=1025,
        gpt_use_masking_gt_prompt_approach=True,
        gpt_use_perceiver_resampler=True,
        gpt_number_text_tokens=6681,
    )
    if tiny:
        args.gpt_layers = 1
        args.gpt_n_model_channels = 64
        args.gpt_n_heads = 2
        args.decoder_input_dim = 64
    if max_audio_tokens is not None:
        # generation stops here at the latest: random weights rarely emit the stop token
        args.gpt_max_audio_tokens = max_audio_tokens
    return XttsConfig(
        model_args=args,
        audio=XttsAudioConfig(sample_rate=22050, output_sample_rate=24000),
        temperature=0.75,
        repetition_penalty=5.0,
        gpt_cond_len=30,
        gpt_cond_chunk_len=4,
        max_ref_len=30,
    )


def build_xtts_dir(folder: Path, *, tiny: bool = True, max_audio_tokens: int | None = None, seed: int = 0) -> Path:
    """Save a random XTTS (config.json, model.pth, vocab.json) in ``folder``; return it."""
    import torch
    from TTS.tts.layers.xtts.tokenizer import VoiceBpeTokenizer
    from TTS.tts.models.xtts import Xtts

    folder.mkdir(parents=True, exist_ok=True)
    config = xtts_config(tiny=tiny, max_audio_tokens=max_audio_tokens)
    vocab = write_xtts_vocab(folder / "vocab.json", pad_to=None if tiny else 6681)
    torch.manual_seed(seed)
    model = Xtts(config)
    model.tokenizer = VoiceBpeTokenizer(str(vocab))
    model.init_models()  # sizes the text embedding from the vocabulary
    config.model_args.gpt_number_text_tokens = model.args.gpt_number_text_tokens
    config.save_json(str(folder / "config.json"))
    torch.save({"model": model.state_dict()}, folder / "model.pth")
    return folder


def build_tiny_xtts_voice(folder: Path, *, name: str = "tiny-xtts", settings: dict[str, Any] | None = None) -> Path:
    """A tiny random XTTS folder, two reference recordings and a voice YAML (``checkpoint_dir``)."""
    build_xtts_dir(folder / "xtts", tiny=True, max_audio_tokens=48)
    write_wav(folder / "recordings" / "a.wav", seconds=3.0, seed=1)
    write_wav(folder / "recordings" / "b.wav", seconds=2.0, sample_rate=16000, seed=2)
    return write_voice_yaml(
        folder / f"{name}.yaml",
        {
            "name": name,
            "engine": "coqui",
            "description": "random tiny XTTS for tests",
            "license": "Coqui Public Model License (CPML) - test model",
            "settings": {
                "checkpoint_dir": "xtts",
                "language": "pl",
                "speaker_wav": ["recordings/a.wav", "recordings/b.wav"],
                **(settings or {}),
            },
        },
    )


@pytest.fixture
def tiny_xtts_voice(tmp_path: Path) -> Path:
    """Path to the voice YAML of a random tiny XTTS (with two reference WAVs) in ``tmp_path``."""
    import torch  # noqa: F401
    import TTS  # noqa: F401
    return build_tiny_xtts_voice(tmp_path / "xtts-voice")
