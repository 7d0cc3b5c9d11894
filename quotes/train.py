"""``quotes train``: from the stand-off corpus to a shipped model folder.

    corpus (corpora/annotations + news texts) ─ DocBin train/valid
      ─ spacy train (quotes/configs/*.cfg): the span tagger on all training articles,
        and two more on either half of them (cross-fitting)
      ─ the chooser and the scorer (scorer.py) fitted on rule quotes of each half,
        described with the tagger trained on the other half
      ─ tagger + rule stages + quote_arbiter ─ one pipeline folder (quotes/model/ when shipped)

The validation split is a fixed tenth of *our* corpus, chosen by a hash of the
article id, so it never changes as batches are added and the shared dev set
stays untouched for the ablation.
"""
from __future__ import annotations

import hashlib
import shutil
from pathlib import Path
from typing import Optional

import spacy

from .model import to_docbin

CONFIGS = Path(__file__).resolve().parent / "configs"
SHIPPED = Path(__file__).resolve().parent / "model"
TOLERANCE = 0.005     # attribution F1: about one quote in 300


def is_valid(doc_id: str, fraction: float = 0.1) -> bool:
    h = int(hashlib.sha1(doc_id.encode("utf-8")).hexdigest()[:8], 16)
    return (h % 1000) < fraction * 1000


def blank_nlp() -> spacy.Language:
    from .pipeline import build

    return build(rules_only=True)


def write_data(golds: list[dict], out: Path, fraction: float = 0.1,
               nlp: Optional[spacy.Language] = None) -> tuple[Path, Path, int, int]:
    nlp = nlp or blank_nlp()
    out.mkdir(parents=True, exist_ok=True)
    train = [g for g in golds if not is_valid(g["id"], fraction)]
    valid = [g for g in golds if is_valid(g["id"], fraction)]
    to_docbin(nlp, train).to_disk(out / "train.spacy")
    to_docbin(nlp, valid).to_disk(out / "valid.spacy")
    return out / "train.spacy", out / "valid.spacy", len(train), len(valid)


def config_path(name: str) -> Path:
    p = Path(name)
    if p.exists():
        return p
    p = CONFIGS / f"{name}.cfg"
    if not p.exists():
        names = ", ".join(sorted(c.stem for c in CONFIGS.glob("*.cfg")))
        raise FileNotFoundError(f"no config {name!r} (known: {names})")
    return p


def run_training(config: Path, train: Path, valid: Path, output: Path,
                 overrides: Optional[dict] = None, use_gpu: int = -1) -> Path:
    """``spacy train`` itself, with the paths filled in; returns model-best."""
    from spacy.cli.train import train as spacy_train

    import quotes.model  # noqa: F401  (registers the tokenizer the config names)

    ov = {"paths.train": str(train), "paths.dev": str(valid)}
    ov.update(overrides or {})
    if ov.get("paths.init_tok2vec"):
        config = with_pretraining(config, output)
    spacy_train(config, output, overrides=ov, use_gpu=use_gpu)
    return output / "model-best"


def with_pretraining(config: Path, output: Path) -> Path:
    """spaCy loads ``init_tok2vec`` weights only when the config has a full
    ``[pretraining]`` block (it says which layer they belong to); an empty one
    silently trains from random weights. So the block of ``quotes pretrain``
    is merged in, into a config file beside the training output."""
    from .pretrain import with_pretraining_block

    output.mkdir(parents=True, exist_ok=True)
    path = output / "config.pretrained.cfg"
    with_pretraining_block(config).to_disk(path)
    return path


def assemble(model_best: Path, dest: Path, arbiter: Optional[dict] = None, scorer=None,
             chooser=None) -> Path:
    """The trained tagger plus the rule stages and the arbiter, saved as one
    pipeline folder that ``spacy.load`` (and ``quotes.load``) reads offline."""
    from . import attribution, cues, marks  # noqa: F401
    import quotes.model  # noqa: F401

    from .text import customize_tokenizer

    nlp = spacy.load(model_best)
    customize_tokenizer(nlp)
    for name in ("quote_cues", "quote_marks", "quote_attribution"):
        nlp.add_pipe(name)
    arb = nlp.add_pipe("quote_arbiter", config=arbiter or {})
    if scorer is not None:
        arb.scorer = scorer
    if chooser is not None:
        arb.chooser = chooser
    from . import __version__

    nlp.meta.update({"name": "quotes_ar", "version": __version__,
                     "description": "Arabic quote attribution: rules + span tagger, chooser and scorer "
                                    "(see docs/model.md in the quotes project)",
                     "license": "MIT; trained on the ANT corpus (Apache-2.0)"})
    if dest.exists():
        shutil.rmtree(dest)
    nlp.to_disk(dest)
    return dest


def fold_of(doc_id: str) -> int:
    return int(hashlib.sha1(("fold:" + doc_id).encode("utf-8")).hexdigest()[:8], 16) % 2


def tagged(model: Path, golds: list[dict], rules: spacy.Language) -> list:
    """Docs of ``golds`` with the tagger's entities and the quotes of the ``rules`` pipeline."""
    import quotes.model  # noqa: F401

    from .text import customize_tokenizer

    tagger = spacy.load(model)
    customize_tokenizer(tagger)     # as quotes.load does: the rules' tokens of today
    docs = []
    for doc in tagger.pipe((g["text"] for g in golds), batch_size=16):
        for _, proc in rules.pipeline:
            doc = proc(doc)
        docs.append(doc)
    return docs


def scorer_rows(docs: list, golds: list[dict]) -> list[tuple[dict, int]]:
    from .scorer import char_ents, features, label

    rows = []
    for doc, g in zip(docs, golds):
        ents = char_ents(doc)
        for q in doc._.quotes or []:
            rows.append((features(g["text"], q, ents), label(g["text"], g["quotes"], q)))
    return rows


def best_threshold(scorer, rows: list[tuple[dict, int]], n_gold: int) -> float:
    """The probability cut that maximises attribution F1 = 2·TP / (kept + gold)."""
    probs = sorted(((scorer.probability(f), y) for f, y in rows), reverse=True)
    best, best_t, tp = -1.0, 0.5, 0
    for k, (p, y) in enumerate(probs, 1):
        tp += y
        f1 = 2 * tp / (k + n_gold)
        if f1 > best:
            best, best_t = f1, p
    return round(max(0.05, min(best_t, 0.95)), 3)


def threshold_on(model: Path, golds: list[dict], grid=tuple(x / 20 for x in range(1, 13))) -> float:
    """The lowest scorer cut (0.05 … 0.6) whose attribution F1 on ``golds`` is
    within ``TOLERANCE`` of the best: a few hundred held-out quotes cannot tell
    cuts that close apart, and the lower one keeps more quotes."""
    from .evaluate import evaluate

    nlp = spacy.load(model)
    found = {g["id"]: list(doc._.quotes) for g, doc in zip(golds, nlp.pipe(g["text"] for g in golds))}
    scores = []
    for t in grid:
        preds = {k: [q.to_dict() for q in qs if q.confidence >= t] for k, qs in found.items()}
        scores.append((t, evaluate(golds, preds).overall["attribution"]["f1"]))
    best = max(f1 for _, f1 in scores)
    return min(t for t, f1 in scores if f1 >= best - TOLERANCE)


def _train_job(args) -> str:
    config, train, valid, output, overrides, use_gpu = args
    return str(run_training(Path(config), Path(train), Path(valid), Path(output), overrides, use_gpu))


def train_pipeline(config: Path, golds: list[dict], out: Path, overrides: Optional[dict] = None,
                   use_gpu: int = -1, jobs: int = 2, echo=print, reuse: bool = False) -> tuple[Path, dict]:
    """Everything ``quotes train`` does; returns the assembled folder and a summary.

    ``reuse``: keep taggers already trained in ``out`` and only refit the scorer
    and the chooser (they depend on the rules, the taggers do not)."""
    from concurrent.futures import ProcessPoolExecutor

    from .scorer import char_ents, fit, rechoose, speaker_rows

    nlp = blank_nlp()
    train_path, valid_path, n_train, n_valid = write_data(golds, out / "data", nlp=nlp)
    training = [g for g in golds if not is_valid(g["id"])]
    valid = [g for g in golds if is_valid(g["id"])]
    halves = [[g for g in training if fold_of(g["id"]) == k] for k in (0, 1)]
    jobs_args = [(str(config), str(train_path), str(valid_path), str(out / "training"), overrides, use_gpu)]
    for k in (0, 1):
        other = out / "data" / f"half-{1 - k}.spacy"
        to_docbin(nlp, halves[1 - k]).to_disk(other)
        jobs_args.append((str(config), str(other), str(valid_path), str(out / f"fold-{k}"), overrides, use_gpu))
    echo(f"{n_train} training and {n_valid} validation articles; 3 tagger trainings, {jobs} at a time")
    outputs = [Path(a[3]) / "model-best" for a in jobs_args]
    if reuse and all((p / "config.cfg").exists() for p in outputs):
        echo("reusing the trained taggers in " + ", ".join(str(p) for p in outputs))
        best, fold0, fold1 = outputs
    else:
        with ProcessPoolExecutor(max_workers=max(1, jobs)) as pool:
            best, fold0, fold1 = (Path(p) for p in pool.map(_train_job, jobs_args))
    docs = tagged(fold0, halves[0], nlp) + tagged(fold1, halves[1], nlp)
    golds_cf = halves[0] + halves[1]
    chooser = fit([row for doc, g in zip(docs, golds_cf)
                   for row in speaker_rows(g["text"], char_ents(doc), doc._.quotes or [], g["quotes"])])
    for doc, g in zip(docs, golds_cf):
        rechoose(g["text"], doc._.quotes or [], chooser, char_ents(doc))
    rows = scorer_rows(docs, golds_cf)
    scorer = fit(rows)
    dest = assemble(best, out / "model", {"threshold": 0.0}, scorer, chooser)
    # the cut is chosen on the held-out articles, with the final tagger: the
    # cross-fitted rows come from weaker half-corpus taggers
    threshold = threshold_on(dest, valid) if valid else \
        best_threshold(scorer, rows, sum(len(g["quotes"]) for g in training))
    dest = assemble(best, out / "model", {"threshold": threshold}, scorer, chooser)
    return dest, {"train": n_train, "valid": n_valid, "scorer_rows": len(rows),
                  "threshold": threshold, "features": len(scorer.weights),
                  "chooser_features": len(chooser.weights)}
