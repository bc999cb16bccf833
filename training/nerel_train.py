"""Train the NEREL tagger (torch, CPU) on the features of ``nerel_prepare.py``; export numpy weights.

A BiLSTM over frozen navec vectors plus hashed word/suffix embeddings, token shape, Natasha's
POS, case and NER tag; one B/I/O softmax per entity type and nesting level (see
``pipeline/models/nerel/tags.py``). The epoch with the best micro F1 on NEREL dev (token spans)
is kept and written to ``pipeline/models/nerel/weights.npz`` (float16) with ``meta.json``.
Fixed seeds; ``TRAIN_THREADS`` (default 2) torch threads.

    python training/nerel_train.py [--data build/nerel] [--epochs 14] [--out pipeline/models/nerel]
"""
from __future__ import annotations

import argparse
import json
import os
import pickle
import random
import sys
import time
from pathlib import Path

import numpy as np
import torch
from torch import nn

ROOT = Path(__file__).resolve().parents[1]
# tags.py and features.py are plain Python/numpy: import them without importing pipeline
sys.path.insert(0, str(ROOT / "pipeline" / "models" / "nerel"))
import features as F  # noqa: E402
import tags as T  # noqa: E402


class Tagger(nn.Module):
    def __init__(self, vectors, hidden=192, layers=2, hash_dim=48, dropout=0.3, chars=0):
        super().__init__()
        self.chars = chars
        if chars:
            self.char = nn.Embedding(F.N_CHARS, 32, padding_idx=0)
            self.conv = nn.Conv1d(32, chars, 3, padding=1)
        self.word = nn.Embedding.from_pretrained(torch.tensor(vectors), freeze=True)
        self.hash = nn.Embedding(F.HASH_BUCKETS, hash_dim)
        self.shape = nn.Embedding(len(F.SHAPES), 16)
        self.pos = nn.Embedding(len(F.POS), 16)
        self.case = nn.Embedding(len(F.CASES), 8)
        self.ner = nn.Embedding(len(F.NER_TAGS), 8)
        in_dim = vectors.shape[1] + hash_dim + 16 + 16 + 8 + 8 + chars
        self.drop = nn.Dropout(dropout)
        self.lstm = nn.LSTM(in_dim, hidden, num_layers=layers, bidirectional=True, batch_first=True,
                            dropout=dropout if layers > 1 else 0.0)
        self.out = nn.Linear(2 * hidden, T.LEVELS * len(T.TYPES) * 3)

    def _chars(self, x):
        if not self.chars:
            return []
        c = x[..., 8:8 + F.MAX_CHARS]  # (B, L, C)
        B, L, C = c.shape
        e = self.char(c.reshape(B * L, C)).transpose(1, 2)  # (BL, 32, C)
        h = torch.relu(self.conv(e)) * (c.reshape(B * L, 1, C) > 0)
        return [h.max(dim=2).values.view(B, L, -1)]

    def forward(self, x, lengths):
        # x: (B, L, 8) long; column 0 already remapped to rows of self.word
        h = self.hash(x[..., 1]) + self.hash(x[..., 2]) + self.hash(x[..., 3])
        e = torch.cat([self.word(x[..., 0]), h, self.shape(x[..., 4]), self.pos(x[..., 5]),
                       self.case(x[..., 6]), self.ner(x[..., 7])] + self._chars(x), dim=-1)
        e = self.drop(e)
        packed = nn.utils.rnn.pack_padded_sequence(e, lengths, batch_first=True, enforce_sorted=False)
        o, _ = self.lstm(packed)
        o, _ = nn.utils.rnn.pad_packed_sequence(o, batch_first=True, total_length=x.shape[1])
        o = self.drop(o)
        return self.out(o).view(x.shape[0], x.shape[1], T.LEVELS, len(T.TYPES), 3)


class CnnTagger(nn.Module):
    """slovnet-style encoder: the same token features, then width-3 convolutions (ReLU, batch
    norm), dilated so the top layer sees ``1 + 2 * sum(dilations)`` tokens; padding is zeroed
    after every layer, so a sentence's tags do not depend on what it is batched with."""

    def __init__(self, vectors, channels=256, dilations=(1, 2, 4, 1), hash_dim=48, dropout=0.3, ner=True):
        super().__init__()
        self.use_ner = ner
        self.word = nn.Embedding.from_pretrained(torch.tensor(vectors), freeze=True)
        self.hash = nn.Embedding(F.HASH_BUCKETS, hash_dim)
        self.shape = nn.Embedding(len(F.SHAPES), 16)
        self.pos = nn.Embedding(len(F.POS), 16)
        self.case = nn.Embedding(len(F.CASES), 8)
        if ner:
            self.ner = nn.Embedding(len(F.NER_TAGS), 8)
        dim = vectors.shape[1] + hash_dim + 16 + 16 + 8 + (8 if ner else 0)
        self.drop = nn.Dropout(dropout)
        self.convs = nn.ModuleList()
        self.norms = nn.ModuleList()
        for d in dilations:
            self.convs.append(nn.Conv1d(dim, channels, 3, padding=d, dilation=d))
            self.norms.append(nn.BatchNorm1d(channels))
            dim = channels
        self.out = nn.Linear(dim, T.LEVELS * len(T.TYPES) * 3)

    def forward(self, x, lengths):
        h = self.hash(x[..., 1]) + self.hash(x[..., 2]) + self.hash(x[..., 3])
        parts = [self.word(x[..., 0]), h, self.shape(x[..., 4]), self.pos(x[..., 5]), self.case(x[..., 6])]
        if self.use_ner:
            parts.append(self.ner(x[..., 7]))
        mask = (torch.arange(x.shape[1])[None, :] < lengths[:, None]).float()[:, None, :]  # (B, 1, L)
        e = self.drop(torch.cat(parts, dim=-1)).transpose(1, 2) * mask  # (B, C, L)
        for conv, norm in zip(self.convs, self.norms):
            e = norm(torch.relu(conv(e))) * mask
        o = self.drop(e.transpose(1, 2))
        return self.out(o).view(x.shape[0], x.shape[1], T.LEVELS, len(T.TYPES), 3)


def batches(sents, size, shuffle, rng):
    order = sorted(range(len(sents)), key=lambda i: len(sents[i]["feats"]) + (rng.random() * 4 if shuffle else 0))
    chunks = [order[i:i + size] for i in range(0, len(order), size)]
    if shuffle:
        rng.shuffle(chunks)
    return chunks


def tensors(sents, idx, remap, unk_row, word_drop=0.0, rng=None):
    lens = [len(sents[i]["feats"]) for i in idx]
    L = max(lens)
    x = np.zeros((len(idx), L, sents[idx[0]]["feats"].shape[1]), dtype=np.int64)
    y = np.zeros((len(idx), L, T.LEVELS, len(T.TYPES)), dtype=np.int64)
    mask = np.zeros((len(idx), L), dtype=bool)
    for b, i in enumerate(idx):
        f = sents[i]["feats"]
        n = len(f)
        x[b, :n] = f
        x[b, :n, 0] = remap[f[:, 0]]
        y[b, :n] = sents[i]["tags"]
        mask[b, :n] = True
    if word_drop and rng is not None:
        drop = rng.random(x.shape[:2]) < word_drop
        x[..., 0][drop] = unk_row
    return torch.tensor(x), torch.tensor(lens), torch.tensor(y), torch.tensor(mask)


def evaluate(model, data, remap, unk_row):
    model.eval()
    pred = [set() for _ in data["gold"]]
    rng = random.Random(0)
    with torch.no_grad():
        for idx in batches(data["sents"], 64, False, rng):
            x, lens, _, _ = tensors(data["sents"], idx, remap, unk_row)
            tags = model(x, lens).argmax(-1).numpy()
            for b, i in enumerate(idx):
                s = data["sents"][i]
                tok = s["tokens"]
                n = len(tok)
                for a, z, _, ty in T.decode(tags[b, :n]):
                    pred[s["doc"]].add((int(tok[a]), int(tok[z - 1]) + 1, T.TYPES[ty]))
    model.train()
    groups = {"PER": {"PERSON"}, "ORG": {"ORGANIZATION"},
              "LOC": {"CITY", "COUNTRY", "STATE_OR_PROVINCE", "DISTRICT", "LOCATION"}}
    groups.update({t: {t} for t in T.TYPES if t not in ("PERSON", "ORGANIZATION") and t not in groups["LOC"]})
    out = {}
    allc = [0, 0, 0]
    for g, members in groups.items():
        def lab(s):
            return (s[0], s[1], g) if s[2] in members else None
        tp = fp = fn = 0
        for gs, ps in zip(data["gold"], pred):
            gg = {lab(s) for s in gs} - {None}
            pp = {lab(s) for s in ps} - {None}
            tp += len(gg & pp)
            fp += len(pp - gg)
            fn += len(gg - pp)
        allc = [allc[0] + tp, allc[1] + fp, allc[2] + fn]
        out[g] = 2 * tp / (2 * tp + fp + fn) if tp else 0.0
    tp, fp, fn = allc
    out["ALL"] = 2 * tp / (2 * tp + fp + fn) if tp else 0.0
    return out


def export(model, path: Path, meta: dict):
    sd = {k: v.detach().numpy() for k, v in model.state_dict().items() if not k.startswith("word.")}
    np.savez_compressed(path / "weights.npz", **{k: v.astype(np.float16) for k, v in sd.items()})
    (path / "meta.json").write_text(json.dumps(meta, indent=1, ensure_ascii=False) + "\n", encoding="utf-8")


def main(argv=None) -> int:
    ap = argparse.ArgumentParser()
    ap.add_argument("--data", default=str(ROOT / "build/nerel"))
    ap.add_argument("--out", default=str(ROOT / "pipeline/models/nerel"))
    ap.add_argument("--epochs", type=int, default=14)
    ap.add_argument("--hidden", type=int, default=192)
    ap.add_argument("--layers", type=int, default=2)
    ap.add_argument("--lr", type=float, default=2e-3)
    ap.add_argument("--batch", type=int, default=32)
    ap.add_argument("--word-drop", type=float, default=0.05)
    ap.add_argument("--seed", type=int, default=13)
    ap.add_argument("--chars", type=int, default=0, help="character CNN filters (0: none)")
    ap.add_argument("--arch", choices=("bilstm", "cnn"), default="bilstm")
    ap.add_argument("--channels", type=int, default=256, help="cnn: channels of every layer")
    ap.add_argument("--dilations", default="1,2,4,1", help="cnn: one width-3 layer per dilation")
    ap.add_argument("--no-ner", action="store_true", help="cnn: without Natasha's NER tag as a feature")
    ap.add_argument("--no-export", action="store_true")
    args = ap.parse_args(argv)
    torch.set_num_threads(int(os.environ.get("TRAIN_THREADS", "2")))
    torch.manual_seed(args.seed)
    np.random.seed(args.seed)
    rng = random.Random(args.seed)
    nrng = np.random.default_rng(args.seed)
    data = Path(args.data)
    train = pickle.load(open(data / "train.pkl", "rb"))
    dev = pickle.load(open(data / "dev.pkl", "rb"))
    ids = np.load(data / "vector_ids.npy")
    vectors = np.load(data / "vectors.npy")
    # navec id -> row; ids never seen map to the row of navec's <unk>
    unk_navec = 250000
    remap = np.zeros(int(max(ids.max(), unk_navec)) + 1, dtype=np.int64)
    rows = {int(i): r for r, i in enumerate(ids)}
    if unk_navec not in rows:
        raise SystemExit("navec <unk> missing from vectors")
    remap[:] = rows[unk_navec]
    remap[ids] = np.arange(len(ids))
    unk_row = rows[unk_navec]
    dilations = tuple(int(d) for d in args.dilations.split(","))
    if args.arch == "cnn":
        model = CnnTagger(vectors, channels=args.channels, dilations=dilations, ner=not args.no_ner)
    else:
        model = Tagger(vectors, hidden=args.hidden, layers=args.layers, chars=args.chars)
    opt = torch.optim.Adam([p for p in model.parameters() if p.requires_grad], lr=args.lr)
    sched = torch.optim.lr_scheduler.LambdaLR(opt, lambda ep: 1.0 if ep < args.epochs // 2 else 0.5 ** (ep - args.epochs // 2 + 1))
    loss_fn = nn.CrossEntropyLoss(reduction="none")
    best, best_state, best_scores = -1.0, None, None
    t_start = time.perf_counter()
    for ep in range(args.epochs):
        t0 = time.perf_counter()
        total = 0.0
        for idx in batches(train["sents"], args.batch, True, rng):
            x, lens, y, mask = tensors(train["sents"], idx, remap, unk_row, args.word_drop, nrng)
            logits = model(x, lens)
            loss = loss_fn(logits.reshape(-1, 3), y.reshape(-1)).view(y.shape)
            loss = (loss.sum(dim=(2, 3)) * mask).sum() / mask.sum()
            opt.zero_grad()
            loss.backward()
            nn.utils.clip_grad_norm_(model.parameters(), 5.0)
            opt.step()
            total += float(loss.detach()) * len(idx)
        sched.step()
        scores = evaluate(model, dev, remap, unk_row)
        head = {k: round(scores[k], 3) for k in ("PER", "ORG", "LOC", "PROFESSION", "EVENT", "DATE", "ALL")}
        print(f"epoch {ep + 1}: loss {total / len(train['sents']):.3f} dev {head} {time.perf_counter() - t0:.0f} s", flush=True)
        if scores["ALL"] > best:
            best, best_scores = scores["ALL"], scores
            best_state = {k: v.clone() for k, v in model.state_dict().items()}
    model.load_state_dict(best_state)
    print("best dev (token spans):", {k: round(v, 3) for k, v in best_scores.items()}, flush=True)
    if not args.no_export:
        meta = {"name": f"rupress-nerel-{args.arch}", "version": 1, "arch": args.arch, "types": list(T.TYPES),
                "levels": T.LEVELS, "hidden": args.hidden, "layers": args.layers, "chars": args.chars,
                "channels": args.channels, "dilations": list(dilations), "ner": not args.no_ner,
                "epochs": args.epochs, "seed": args.seed,
                "lr": args.lr, "batch": args.batch, "word_drop": args.word_drop,
                "dev_token_span_f1": {k: round(v, 4) for k, v in best_scores.items()},
                "train_seconds": round(time.perf_counter() - t_start)}
        export(model, Path(args.out), meta)
        # a few dev sentences with the torch tags, so the numpy model can be checked against them
        model.eval()
        idx = list(range(16))
        x, lens, _, _ = tensors(dev["sents"], idx, remap, unk_row)
        with torch.no_grad():
            tags = model(x, lens).argmax(-1).numpy()
        np.savez_compressed(data / "parity.npz", tags=tags, lens=lens.numpy(),
                            **{f"f{k}": dev["sents"][i]["feats"] for k, i in enumerate(idx)})
        print("wrote", Path(args.out) / "weights.npz", flush=True)
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
