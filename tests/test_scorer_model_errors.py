"""A missing or corrupt model file is a clear error that names the path, for every loader."""

from __future__ import annotations

import shutil

import pytest

from yisieve.scorers.embeddings import HashedTfidfEncoder
from yisieve.scorers.model_files import MODELS_DIR, ModelFileError, resolve_model_path
from yisieve.scorers.perplexity import PerplexityModel
from yisieve.scorers.quality import QualityClassifier
from yisieve.scorers.safety import FlaggedWords, SafetyClassifier

SP = "models/ppl/en/sp.model"
LM = "models/ppl/en/kenlm.bin"

LOADERS = {
    "sentencepiece": lambda path: PerplexityModel(path, LM),
    "kenlm": lambda path: PerplexityModel(SP, path),
    "quality": QualityClassifier,
    "safety": lambda path: SafetyClassifier("toxic", path),
    "idf": HashedTfidfEncoder,
}


def test_relative_model_paths_resolve_against_the_scorers_package():
    assert resolve_model_path("models/ppl/en/sp.model") == MODELS_DIR / "ppl" / "en" / "sp.model"


@pytest.mark.parametrize("loader", LOADERS)
def test_missing_model_names_the_path(loader, tmp_path):
    missing = tmp_path / "absent.bin"
    with pytest.raises(ModelFileError, match="not found") as error:
        LOADERS[loader](str(missing))
    assert str(missing) in str(error.value)


@pytest.mark.parametrize("loader", LOADERS)
def test_corrupt_model_names_the_path(loader, tmp_path):
    corrupt = tmp_path / "corrupt.bin"
    corrupt.write_bytes(b"this is not a model file\n" * 40)
    with pytest.raises(ModelFileError) as error:
        LOADERS[loader](str(corrupt))
    assert str(corrupt) in str(error.value)


@pytest.mark.parametrize("loader", LOADERS)
def test_truncated_bundled_model_names_the_path(loader, tmp_path):
    """A damaged copy of a bundled model folder: the manifest's sha256 no longer matches."""
    source = {
        "sentencepiece": SP,
        "kenlm": LM,
        "quality": "models/quality/en/quality.ftz",
        "safety": "models/safety/toxic-en/model.ftz",
        "idf": "models/coherence/idf.bin",
    }[loader]
    original = resolve_model_path(source)
    truncated = tmp_path / original.name
    truncated.write_bytes(original.read_bytes()[:1000])
    shutil.copy(original.parent / "manifest.json", tmp_path / "manifest.json")
    with pytest.raises(ModelFileError, match="does not match the sha256") as error:
        LOADERS[loader](str(truncated))
    assert str(truncated) in str(error.value)


def test_missing_flagged_word_list_names_the_path(tmp_path):
    with pytest.raises(ModelFileError, match=str(tmp_path / "none.txt")):
        FlaggedWords(tmp_path / "none.txt")
