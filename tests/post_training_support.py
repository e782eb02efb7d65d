"""Fixtures of the post-training tests (a pytest plugin: `pytest_plugins = [this module]`)."""

from __future__ import annotations

from pathlib import Path

import pyarrow.parquet as pq
import pytest
import torch

from tests.post_training_helpers import SAMPLE, VOCAB, tiny_checkpoint
from yisieve.models.tokenizer import YiTokenizer, train_tokenizer


@pytest.fixture(scope="session")
def tokenizer_dir(tmp_path_factory) -> Path:
    """A SentencePiece BPE tokenizer with Yi's special ids, trained on the bundled en/zh sample."""
    texts = pq.read_table(SAMPLE, columns=["text"]).column("text").to_pylist()[:30]
    folder = tmp_path_factory.mktemp("tokenizer")
    train_tokenizer(texts, folder, vocab_size=VOCAB, character_coverage=0.98, threads=1)
    return folder


@pytest.fixture(scope="session")
def tokenizer(tokenizer_dir) -> YiTokenizer:
    return YiTokenizer(tokenizer_dir)


@pytest.fixture(scope="session")
def tiny_model_dir(tmp_path_factory, tokenizer_dir) -> Path:
    return tiny_checkpoint(tmp_path_factory.mktemp("tiny"), tokenizer_dir)


@pytest.fixture(autouse=True)
def one_thread():
    """One thread: the machine is shared, and reductions stay in a fixed order."""
    threads = torch.get_num_threads()
    torch.set_num_threads(1)
    yield
    torch.set_num_threads(threads)
