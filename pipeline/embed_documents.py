"""Document embeddings through Beam's RunInference with our sentence-encoder model handler.

The handler wraps `DocumentEmbedder` (scorers/document_embedding.py), whose encoder is the
packaged multilingual USE, the packaged MiniLM or any sentence-transformers model by name.

RunInference loads the model once per worker process (through `apache_beam.utils.shared`) and
hands it batches built by `BatchElements` with the sizes the handler asks for. The document
itself is the key (KeyedModelHandler), so the vector comes back attached to its document
without a join.
"""

from __future__ import annotations

from collections.abc import Iterable, Sequence

import apache_beam as beam
import numpy as np
from apache_beam.ml.inference.base import KeyedModelHandler, ModelHandler, PredictionResult

from yisieve.pipeline.document import Document
from yisieve.scorers.document_embedding import DocumentEmbedder, EmbeddingSettings


class SentenceEmbeddingModelHandler(ModelHandler[str, PredictionResult, DocumentEmbedder]):
    """Texts in, one unit embedding (numpy float32 row) per text out; loads offline only."""

    def __init__(self, settings: EmbeddingSettings, min_batch: int = 8) -> None:
        super().__init__()
        self.settings = settings
        self.min_batch = min_batch

    def load_model(self) -> DocumentEmbedder:
        return DocumentEmbedder(self.settings)

    def run_inference(
        self,
        batch: Sequence[str],
        model: DocumentEmbedder,
        inference_args: dict | None = None,
    ) -> Iterable[PredictionResult]:
        vectors = model.embed(list(batch))
        return [PredictionResult(text, vector) for text, vector in zip(batch, vectors, strict=True)]

    def batch_elements_kwargs(self) -> dict:
        return {
            "min_batch_size": min(self.min_batch, self.settings.batch_size),
            "max_batch_size": self.settings.batch_size,
        }

    def share_model_across_processes(self) -> bool:
        return False

    def get_metrics_namespace(self) -> str:
        return "yisieve.embed"


class EmbedDocuments(beam.PTransform):
    """Documents -> (document, embedding) pairs."""

    def __init__(self, settings: EmbeddingSettings) -> None:
        super().__init__()
        self.settings = settings

    def expand(self, documents):
        from apache_beam.ml.inference.base import RunInference

        handler: KeyedModelHandler[Document, str, PredictionResult, DocumentEmbedder] = (
            KeyedModelHandler(SentenceEmbeddingModelHandler(self.settings))
        )
        return (
            documents
            | "KeyByDocument" >> beam.Map(lambda doc: (doc, doc.text))
            | "RunInference" >> RunInference(handler)
            | "Vector" >> beam.MapTuple(_document_vector)
        )


def _document_vector(doc: Document, result: PredictionResult) -> tuple[Document, np.ndarray]:
    return doc, np.asarray(result.inference, dtype=np.float32)
