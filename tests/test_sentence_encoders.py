"""The packaged multilingual encoder: offline, en + zh, meaning-aware; backend names validated."""

from __future__ import annotations

import socket

import numpy as np
import pytest
from pydantic import ValidationError

from yisieve.scorers.cluster_config import ClusterConfig, EmbeddingConfig
from yisieve.scorers.document_embedding import DEFAULT_MODEL, DocumentEmbedder, EmbeddingSettings
from yisieve.scorers.sentence_encoders import (
    MINILM,
    PACKAGED_ENCODERS,
    USE_MULTILINGUAL,
    check_encoder_name,
    load_sentence_encoder,
)

ZH_WEATHER = "今天北京天气晴朗，气温适宜，非常适合外出游玩。"
ZH_WEATHER_AGAIN = "北京今日晴天，温度舒适，很适合出门旅游。"
ZH_FOOTBALL = "足球比赛中，主队以三比一战胜了客队，球迷们欢呼雀跃。"
EN_WEATHER = "The weather in Beijing is sunny and mild today, perfect for going out."
EN_WEATHER_AGAIN = "Beijing has clear skies and pleasant temperatures today: a good day for a trip."
EN_FOOTBALL = "The home team beat the visitors three to one in the football match."


@pytest.fixture(scope="module")
def no_network():
    """Any connection attempt fails the test: the packaged encoder must load from its wheel."""
    original = socket.socket.connect

    def refuse(self, address):
        raise AssertionError(f"network access attempted: {address}")

    socket.socket.connect = refuse
    yield
    socket.socket.connect = original


@pytest.fixture(scope="module")
def encoder(no_network):
    return load_sentence_encoder(USE_MULTILINGUAL)


def _cos(rows: np.ndarray, a: int, b: int) -> float:
    return float(rows[a] @ rows[b])


def test_embeds_chinese_and_english_offline_as_unit_rows(encoder):
    rows = encoder.encode([ZH_WEATHER, EN_WEATHER, ""])
    assert rows.shape == (3, encoder.dimension) and rows.dtype == np.float32
    assert np.allclose(np.linalg.norm(rows[:2], axis=1), 1.0, atol=1e-4)
    assert encoder.encode([]).shape == (0, encoder.dimension)


@pytest.mark.parametrize(
    "texts",
    [(ZH_WEATHER, ZH_WEATHER_AGAIN, ZH_FOOTBALL), (EN_WEATHER, EN_WEATHER_AGAIN, EN_FOOTBALL)],
)
def test_paraphrases_are_nearer_than_an_unrelated_text(encoder, texts):
    rows = encoder.encode(list(texts))
    assert _cos(rows, 0, 1) > _cos(rows, 0, 2) + 0.2
    assert _cos(rows, 0, 1) > _cos(rows, 1, 2) + 0.2


def test_translation_is_nearer_than_another_topic(encoder):
    """One space for both languages: a Chinese text and its English rendering are neighbours."""
    rows = encoder.encode([ZH_WEATHER, EN_WEATHER, EN_FOOTBALL])
    assert _cos(rows, 0, 1) > _cos(rows, 0, 2)


def test_document_embedder_default_is_multilingual_with_lexical_half(no_network):
    embedder = DocumentEmbedder(EmbeddingSettings())
    assert embedder.settings.model == DEFAULT_MODEL == USE_MULTILINGUAL
    rows = embedder.embed([ZH_WEATHER * 80, EN_WEATHER])  # the first spans two chunks
    assert rows.shape == (2, 512 + 256)
    assert np.allclose(np.linalg.norm(rows, axis=1), 1.0, atol=1e-4)


def test_backend_names_are_validated(tmp_path):
    for name in PACKAGED_ENCODERS:
        assert EmbeddingConfig(model=name).model == name
    assert EmbeddingConfig(model=str(tmp_path)).model == str(tmp_path)  # a model folder
    assert check_encoder_name("sentence-transformers/LaBSE")  # hub id, where downloads work
    for wrong in ("multilingual-e5-smal", "use-multilingual", str(tmp_path / "missing"), ""):
        with pytest.raises(ValidationError, match="unknown embedding model"):
            ClusterConfig(embedding={"model": wrong})


def test_minilm_stays_available_by_name(no_network):
    rows = load_sentence_encoder(MINILM).encode([EN_WEATHER, EN_WEATHER_AGAIN, EN_FOOTBALL])
    assert rows.shape == (3, 384)
    assert _cos(rows, 0, 1) > _cos(rows, 0, 2)
