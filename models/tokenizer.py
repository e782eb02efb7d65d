"""Yi-style tokenizer: SentencePiece BPE training, encoding, and export as an HF tokenizer.

Settings follow Yi: BPE, 64k vocab, digits split one by one, byte fallback (no
character is ever unknown), no dummy prefix, identity normalization (full-width punctuation and
runs of spaces kept), so decode(encode(text)) == text exactly.
"""

from __future__ import annotations

import json
import shutil
from collections.abc import Iterable, Iterator
from pathlib import Path

import sentencepiece as spm

from yisieve.models.config import BOS_TOKEN_ID, EOS_TOKEN_ID, PAD_TOKEN_ID

UNK, BOS, EOS = "<unk>", "<|startoftext|>", "<|endoftext|>"
IM_START, IM_END, IM_SEP = "<|im_start|>", "<|im_end|>", "<|im_sep|>"
# Ids 3..5 are held so the ChatML tokens sit at Yi's ids 6, 7, 8.
RESERVED = ("<|reserved_3|>", "<|reserved_4|>", "<|reserved_5|>")
SPECIAL_TOKEN_IDS: dict[str, int] = {
    UNK: 0,
    BOS: BOS_TOKEN_ID,
    EOS: EOS_TOKEN_ID,
    **{token: 3 + i for i, token in enumerate(RESERVED)},
    IM_START: 6,
    IM_END: 7,
    IM_SEP: 8,
}
PAD = UNK  # pad=0 shares <unk>'s id, as Yi's released tokenizer does
MODEL_FILE = "tokenizer.model"
DEFAULT_VOCAB_SIZE = 64_000  # Yi report §2.2: 64,000-token SentencePiece BPE vocabulary
# Lines longer than this many bytes are skipped by SentencePiece training (its default is 4192).
MAX_SENTENCE_BYTES = 16_384


def training_lines(texts: Iterable[str]) -> Iterator[str]:
    """Document texts -> non-empty lines, the "sentences" SentencePiece trains on."""
    for text in texts:
        for line in text.split("\n"):
            if line.strip():
                yield line


def train_tokenizer(
    texts: Iterable[str],
    output_dir: str | Path,
    vocab_size: int = DEFAULT_VOCAB_SIZE,
    character_coverage: float = 0.9999,
    max_sentences: int = 10_000_000,
    threads: int = 2,
) -> Path:
    """Trains the SentencePiece BPE model into output_dir/tokenizer.model; returns its path.

    character_coverage 0.9999: a CJK alphabet is large; rarer characters go to byte fallback.
    """
    output_dir = Path(output_dir)
    output_dir.mkdir(parents=True, exist_ok=True)
    prefix = output_dir / "tokenizer"
    spm.SentencePieceTrainer.train(
        sentence_iterator=training_lines(texts),
        model_prefix=str(prefix),
        model_type="bpe",
        vocab_size=vocab_size,
        character_coverage=character_coverage,
        split_digits=True,
        byte_fallback=True,
        add_dummy_prefix=False,
        remove_extra_whitespaces=False,
        allow_whitespace_only_pieces=True,
        normalization_rule_name="identity",
        unk_id=SPECIAL_TOKEN_IDS[UNK],
        bos_id=SPECIAL_TOKEN_IDS[BOS],
        eos_id=SPECIAL_TOKEN_IDS[EOS],
        pad_id=-1,
        unk_piece=UNK,
        bos_piece=BOS,
        eos_piece=EOS,
        user_defined_symbols=[*RESERVED, IM_START, IM_END, IM_SEP],
        input_sentence_size=max_sentences,
        shuffle_input_sentence=True,
        max_sentence_length=MAX_SENTENCE_BYTES,
        num_threads=threads,
        minloglevel=2,
    )
    (output_dir / "tokenizer.vocab").unlink(missing_ok=True)
    model_path = output_dir / MODEL_FILE
    YiTokenizer(model_path).check_special_ids()
    return model_path


class YiTokenizer:
    """A trained tokenizer.model: encode/decode with Yi's special-token ids."""

    def __init__(self, model_path: str | Path) -> None:
        self.path = Path(model_path)
        if self.path.is_dir():
            self.path = self.path / MODEL_FILE
        self.processor = spm.SentencePieceProcessor(model_file=str(self.path))

    @property
    def vocab_size(self) -> int:
        return self.processor.get_piece_size()

    bos_id, eos_id, pad_id = BOS_TOKEN_ID, EOS_TOKEN_ID, PAD_TOKEN_ID

    def encode(self, text: str, bos: bool = False, eos: bool = False) -> list[int]:
        ids = self.processor.encode(text)
        return ([self.bos_id] if bos else []) + ids + ([self.eos_id] if eos else [])

    def decode(self, ids: list[int]) -> str:
        return self.processor.decode([int(i) for i in ids])

    def check_special_ids(self) -> None:
        for token, expected in SPECIAL_TOKEN_IDS.items():
            actual = self.processor.piece_to_id(token)
            if actual != expected:
                raise ValueError(f"{self.path}: {token} has id {actual}, expected {expected}")


def bpe_vocab_and_merges(
    processor: spm.SentencePieceProcessor,
) -> tuple[dict[str, int], list[tuple[str, str]]]:
    """Vocabulary and BPE merge list equivalent to a SentencePiece BPE model.

    A merge (a, b) exists for every normal piece a+b whose halves are pieces; merges rank by the
    merged piece's id, which SentencePiece BPE assigns in merge order (highest score first).
    Read through the processor, not the protobuf, so no protobuf runtime is needed.
    """
    size = processor.get_piece_size()
    vocab = {processor.id_to_piece(i): i for i in range(size)}
    mergeable = {
        processor.id_to_piece(i)
        for i in range(size)
        if not (
            processor.is_control(i)
            or processor.is_unknown(i)
            or processor.is_byte(i)
            or processor.is_unused(i)
        )
        and i not in SPECIAL_TOKEN_IDS.values()
    }
    ranked = []
    for piece in mergeable:
        for cut in range(1, len(piece)):
            left, right = piece[:cut], piece[cut:]
            if left in mergeable and right in mergeable:
                ranked.append((vocab[piece], vocab[left], vocab[right], left, right))
    ranked.sort()
    return vocab, [(left, right) for *_, left, right in ranked]


# The files a tokenizer folder may hold (SentencePiece model, transformers' files, our special
# ids). A checkpoint folder also holds weights and trainer state: copying by this list, never
# the whole folder, keeps a tokenizer copy from overwriting a model.
TOKENIZER_FILES = (
    MODEL_FILE,
    "tokenizer.json",
    "tokenizer_config.json",
    "special_tokens_map.json",
    "added_tokens.json",
    "chat_template.jinja",
    "special_tokens.json",
)


def copy_tokenizer_files(source: str | Path, folder: str | Path) -> list[str]:
    """Copies the tokenizer files of `source` (a folder, or a file inside one) into `folder`.

    Returns the names copied (none when `source` holds no tokenizer: a bare weights folder).
    """
    source = Path(source)
    if source.is_file():
        source = source.parent
    copied = [name for name in TOKENIZER_FILES if (source / name).is_file()]
    for name in copied:
        shutil.copyfile(source / name, Path(folder) / name)
    return copied


def export_hf_tokenizer(model_path: str | Path, output_dir: str | Path) -> Path:
    """Writes tokenizer.json + tokenizer_config.json (+ tokenizer.model) for transformers.

    The BPE vocabulary and merges come from the SentencePiece model (as transformers'
    LlamaConverter derives them); normalizer and decoder reproduce SentencePiece's identity
    normalization without a dummy prefix, so both give the same ids.
    """
    from tokenizers import AddedToken, Tokenizer, decoders, models, normalizers
    from transformers import PreTrainedTokenizerFast

    model_path = Path(model_path)
    output_dir = Path(output_dir)
    output_dir.mkdir(parents=True, exist_ok=True)
    vocab, merges = bpe_vocab_and_merges(YiTokenizer(model_path).processor)
    bpe = models.BPE(
        vocab=vocab,
        merges=merges,
        unk_token=UNK,
        fuse_unk=True,
        byte_fallback=True,
    )
    tokenizer = Tokenizer(bpe)
    tokenizer.normalizer = normalizers.Replace(" ", "▁")
    tokenizer.decoder = decoders.Sequence(
        [decoders.Replace("▁", " "), decoders.ByteFallback(), decoders.Fuse()]
    )
    tokenizer.add_special_tokens(
        [AddedToken(token, special=True, normalized=False) for token in SPECIAL_TOKEN_IDS]
    )
    fast = PreTrainedTokenizerFast(
        tokenizer_object=tokenizer,
        bos_token=BOS,
        eos_token=EOS,
        unk_token=UNK,
        pad_token=PAD,
        additional_special_tokens=[IM_START, IM_END, IM_SEP],
        clean_up_tokenization_spaces=False,
        add_bos_token=False,
        model_max_length=4096,  # Yi's pretraining context
    )
    fast.save_pretrained(str(output_dir))
    if model_path.resolve() != (output_dir / MODEL_FILE).resolve():
        shutil.copyfile(model_path, output_dir / MODEL_FILE)
    ids = {"special_token_ids": SPECIAL_TOKEN_IDS, "pad_token": PAD}
    (output_dir / "special_tokens.json").write_text(json.dumps(ids, indent=2) + "\n")
    return output_dir
