"""The razdel tokenizer, registered as ``rupress.RazdelTokenizer.v1`` (``@tokenizers``)."""
from __future__ import annotations

import razdel
import spacy
from spacy.tokens import Doc


class RazdelTokenizer:
    """Tokenize with razdel; gaps other than one space become whitespace tokens."""

    def __init__(self, vocab):
        self.vocab = vocab

    def __call__(self, text: str) -> Doc:
        words: list[str] = []
        spaces: list[bool] = []
        pos = 0
        for tok in razdel.tokenize(text):
            gap = text[pos:tok.start]
            if gap:
                _add_gap(gap, words, spaces)
            words.append(tok.text)
            spaces.append(False)
            pos = tok.stop
        tail = text[pos:]
        if tail:
            _add_gap(tail, words, spaces)
        return Doc(self.vocab, words=words, spaces=spaces)

    def pipe(self, texts, batch_size=1000):
        for text in texts:
            yield self(text)

    # spaCy serializes tokenizers; razdel has no state to save.
    def to_bytes(self, **kwargs):
        return b""

    def from_bytes(self, data, **kwargs):
        return self

    def to_disk(self, path, **kwargs):
        pass

    def from_disk(self, path, **kwargs):
        return self


def _add_gap(gap: str, words: list[str], spaces: list[bool]) -> None:
    if gap[0] == " " and words and not spaces[-1] and not words[-1].isspace():
        spaces[-1] = True
        gap = gap[1:]
    if gap:
        words.append(gap)
        spaces.append(False)


@spacy.registry.tokenizers("rupress.RazdelTokenizer.v1")
def create_razdel_tokenizer():
    def make(nlp):
        return RazdelTokenizer(nlp.vocab)

    return make

