"""The trained half of the pipeline: span labels learned from the corpus, and
the vote that combines them with the rules.

A spaCy ``ner`` component (tok2vec + transition-based tagger, trained by
``quotes train``) labels non-overlapping spans CUE, SPEAKER, CONTENT and
ADDRESSEE; quote parts never overlap inside one article (nested reports are
not annotated), so a segmenter fits them better than a span classifier would,
and it handles contents of fifty tokens with no length limit. The rules then
*propose* and the model *decides* (:class:`QuoteArbiter`):

* **speakers**: the *chooser* weighs the rules' speaker span against the
  tagger's SPEAKER spans around the cue and keeps the likelier one;
* **acceptance**: the *scorer* gives every quote the probability that its
  speaker and content are both right; it becomes the quote's ``confidence``
  and quotes below the threshold are dropped.

Both are logistic regressions over rule and tagger features
(scorer.py), trained by ``quotes train`` on the annotated corpus. Two more
votes exist and are off: **boundaries** (a tagger CONTENT overlapping the
rule's replaces it) and **additions** (a tagger CONTENT after a tagger CUE
that no rule found is added).

Each step can be switched off in the component's config, which is how the
ablation in ``docs/model.md`` was measured.
"""
from __future__ import annotations

from bisect import bisect_right
from pathlib import Path
from typing import Iterable, Optional

import srsly
from spacy.language import Language
from spacy.tokens import Doc, DocBin
from spacy.util import filter_spans, registry

from .scorer import Scorer, best_overlap, features, rechoose
from .types import Quote, Span

LABELS = ("CUE", "SPEAKER", "CONTENT", "ADDRESSEE")
GOLD_FIELDS = {"cue": "CUE", "speaker": "SPEAKER", "content": "CONTENT", "addressee": "ADDRESSEE"}


@registry.tokenizers("quotes.tokenizer.v1")
def make_tokenizer():
    """The rules' tokenizer (marks split off), for configs: the model must see
    exactly the tokens the rules see, or its spans would not line up."""
    from .text import customize_tokenizer

    default = registry.tokenizers.get("spacy.Tokenizer.v1")()

    def create(nlp: Language):
        nlp.tokenizer = default(nlp)
        customize_tokenizer(nlp)
        return nlp.tokenizer

    return create


def gold_doc(nlp: Language, gold: dict) -> Doc:
    """A Doc of one gold article with its quote parts as entities.

    Character spans are widened to token boundaries (a content that starts
    inside a clitic token still gets its token); of two overlapping spans the
    longer wins, which only happens where annotations disagree."""
    doc = nlp.make_doc(gold["text"])
    spans = []
    for q in gold["quotes"]:
        for field, label in GOLD_FIELDS.items():
            s = q.get(field)
            if s:
                span = doc.char_span(s[0], s[1], label=label, alignment_mode="expand")
                if span is not None and len(span):
                    spans.append(span)
    doc.ents = filter_spans(spans)
    return doc


def to_docbin(nlp: Language, golds: Iterable[dict]) -> DocBin:
    db = DocBin(store_user_data=False)
    for g in golds:
        db.add(gold_doc(nlp, g))
    return db


@Language.factory("quote_arbiter", default_config={
    "threshold": 0.35, "choose": True, "boundaries": False, "add": False, "max_gap": 6})
class QuoteArbiter:
    """Combine the rules' ``doc._.quotes`` with the tagger's ``doc.ents``.

    First the chooser re-picks explicit speakers (``choose``), then the scorer
    gives each quote its probability as ``confidence``, dropping those below
    ``threshold`` (0 keeps all). ``boundaries`` (a tagger CONTENT overlapping a rule content
    replaces it) and ``add`` (tagger quotes the rules missed) are off: they did
    not help on held-out text (docs/model.md). ``max_gap``: how many tokens an
    added content may start after its CUE."""

    def __init__(self, nlp: Language, name: str = "quote_arbiter", threshold: float = 0.35,
                 choose: bool = True, boundaries: bool = False, add: bool = False,
                 max_gap: int = 6):
        self.threshold = threshold
        self.choose = choose
        self.boundaries, self.add = boundaries, add
        self.max_gap = max_gap
        self.scorer = Scorer()
        self.chooser = Scorer()

    def __call__(self, doc: Doc) -> Doc:
        ents = {label: [] for label in LABELS}
        for e in doc.ents:
            if e.label_ in ents:
                ents[e.label_].append(e)
        spans = {k: [(e.start_char, e.end_char) for e in v] for k, v in ents.items()}
        contents = spans["CONTENT"]
        text = doc.text     # spaCy joins the tokens anew on every doc.text: once per document
        out: list[Quote] = []
        if self.choose:
            rechoose(text, doc._.quotes or [], self.chooser, spans)
        for q in doc._.quotes or []:
            if self.scorer.weights:
                q.confidence = self.scorer.probability(features(text, q, spans))
                if q.confidence < self.threshold:
                    continue
            c = (q.content.start, q.content.end)
            jac, m = best_overlap(contents, c)
            if self.boundaries and m is not None and jac >= 0.5 and q.type != "direct" \
                    and not _overlaps(m, (q.cue.start, q.cue.end)) \
                    and not (q.speaker and _overlaps(m, (q.speaker.start, q.speaker.end))):
                q.content = Span(m[0], m[1], text[m[0]:m[1]])
            out.append(q)
        if self.add:
            out = self._additions(doc, ents, out)
        doc._.quotes = sorted(out, key=lambda q: (q.cue.start, q.content.start))
        return doc

    def to_disk(self, path, exclude=()) -> None:
        path = Path(path)
        path.mkdir(parents=True, exist_ok=True)
        srsly.write_json(path / "scorer.json", self.scorer.to_json())
        srsly.write_json(path / "chooser.json", self.chooser.to_json())

    def from_disk(self, path, exclude=()) -> "QuoteArbiter":
        for name in ("scorer", "chooser"):
            f = Path(path) / f"{name}.json"
            if f.exists():
                setattr(self, name, Scorer.from_json(srsly.read_json(f)))
        return self

    def _additions(self, doc: Doc, ents: dict, out: list[Quote]) -> list[Quote]:
        text = doc.text
        taken = [(q.content.start, q.content.end) for q in out] + [(q.cue.start, q.cue.end) for q in out]
        cues = sorted(ents["CUE"], key=lambda e: e.start)
        cue_starts = [c.start for c in cues]
        added: list[Quote] = []
        for content in ents["CONTENT"]:
            span = (content.start_char, content.end_char)
            if any(_overlaps(span, t) for t in taken):
                continue
            cue = _cue_before(cues, cue_starts, content, self.max_gap)
            if cue is None:
                continue
            sent = (content.sent.start_char, content.sent.end_char) if doc.has_annotation("SENT_START") \
                else (cue.start_char, content.end_char)
            speaker = None
            for s in ents["SPEAKER"]:
                if sent[0] <= s.start_char and s.end_char <= sent[1] and not _overlaps((s.start_char, s.end_char), span):
                    if speaker is None or abs(s.start - cue.start) < abs(speaker.start - cue.start):
                        speaker = s
            sp = Span(speaker.start_char, speaker.end_char, speaker.text) if speaker is not None else None
            resolved = sp or _previous_speaker(out, cue.start_char)
            if resolved is None:
                continue
            inside_marks = text[max(0, span[0] - 1):span[0]] in "\"«“”" and \
                text[span[1]:span[1] + 1] in "\"»“”"
            qtype = "direct" if inside_marks else ("mixed" if any(ch in content.text for ch in "\"«»“”") else "indirect")
            added.append(Quote(type=qtype, cue=Span(cue.start_char, cue.end_char, cue.text),
                               content=Span(span[0], span[1], text[span[0]:span[1]]), speaker=sp, speaker_resolved=resolved,
                               cue_lemma="", cue_class="model", confidence=0.5,
                               meta={"source": "model"}))
            taken.append(span)
        return out + added


def _overlaps(a: tuple[int, int], b: tuple[int, int]) -> bool:
    return a[0] < b[1] and b[0] < a[1]


def _cue_before(cues: list, starts: list[int], content, max_gap: int):
    """The model CUE that ends at most ``max_gap`` tokens before ``content``, or right after it
    (postposed: "…"، قال الوزير); ``starts``: the cues' start tokens, for bisection."""
    i = bisect_right(starts, content.start) - 1
    if i >= 0 and 0 <= content.start - cues[i].end <= max_gap:
        return cues[i]
    j = i + 1
    if j < len(cues) and 0 <= cues[j].start - content.end <= 2:
        return cues[j]
    return None


def _previous_speaker(quotes: list[Quote], before: int) -> Optional[Span]:
    best = None
    for q in quotes:
        if q.cue.start < before and q.speaker_resolved is not None:
            if best is None or q.cue.start > best[0]:
                best = (q.cue.start, q.speaker_resolved)
    return best[1] if best else None

