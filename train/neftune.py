"""NEFTune (Jain et al. 2023, arXiv 2310.05914): uniform noise on input embeddings in SFT.

noise ~ Uniform(-1, 1) * alpha / sqrt(L * d), with L the sequence (instance) length and d the
hidden size; added only while the embedding module is in training mode, so evaluation and
generation see clean embeddings. Yi SFT: alpha 5 for 6B-class, 45 for 34B-class.
Implemented as a forward hook on the model's `embed_tokens`, so the model code is untouched.
"""

from __future__ import annotations

import math

import torch
from torch import nn

# Yi report §3 (SFT): NEFTune alpha 5 for Yi-6B-class, 45 for Yi-34B-class.
YI_ALPHA_6B, YI_ALPHA_34B = 5.0, 45.0


def yi_neftune_alpha(hidden_size: int) -> float:
    """The report's alpha for a model width: 45 from the 34B width (7168) up, else 5."""
    return YI_ALPHA_34B if hidden_size >= 7168 else YI_ALPHA_6B


class NEFTuneEmbedding:
    """Hook adding NEFTune noise to an embedding's output in training mode.

    `lengths` (optional, broadcastable to (B, T)) gives each token's instance length L; the
    SFT loop sets it per batch so a packed conversation gets the noise it would get alone.
    Without it L is the tensor's sequence length (transformers' NEFTune convention).
    """

    def __init__(self, embedding: nn.Embedding, alpha: float) -> None:
        self.alpha = float(alpha)
        self.lengths: torch.Tensor | None = None
        self.handle = embedding.register_forward_hook(self)

    def scale(self, output: torch.Tensor) -> torch.Tensor | float:
        d = output.shape[-1]
        if self.lengths is None:
            return self.alpha / math.sqrt(output.shape[1] * d)
        lengths = self.lengths.to(output.device, torch.float32)
        return (self.alpha / torch.sqrt(lengths * d))[..., None].to(output.dtype)

    def __call__(self, module: nn.Module, args, output: torch.Tensor) -> torch.Tensor:
        if not module.training or self.alpha == 0:
            return output
        noise = torch.empty_like(output).uniform_(-1.0, 1.0)
        return output + noise * self.scale(output)

    def remove(self) -> None:
        self.handle.remove()
