"""Load the lexicons in ``quotes/data`` (verbs, source frames, titles, grammar words).

Lexicons are data, not code, so that a linguist can add a reporting verb or a
title without touching the rules; see ``quotes/data/README.md``."""
from __future__ import annotations

import csv
from collections import defaultdict
from dataclasses import dataclass, field
from functools import lru_cache
from importlib import resources
from pathlib import Path
from typing import Iterator, Optional

from .text import norm


@dataclass(frozen=True)
class CueForm:
    """One surface form of a reporting verb and what it tells about its subject."""

    form: str
    lemma: str
    cls: str
    aspect: str      # perfect | imperfect | participle | masdar
    gender: str      # m | f | -
    number: str      # s | d | p
    preps: tuple[str, ...]  # normalised prepositions that open its content (إلى، على …)


@dataclass
class Lexicon:
    cues: dict[str, list[CueForm]] = field(default_factory=dict)
    frames: dict[tuple[str, ...], str] = field(default_factory=dict)
    words: dict[str, set[str]] = field(default_factory=lambda: defaultdict(set))
    ambiguous: set[str] = field(default_factory=set)

    def kind(self, key: str) -> set[str]:
        """Word classes of a normalised word (title, org, medium, time, complementizer…)."""
        return self.words.get(key, set())

    def has(self, key: str, kind: str) -> bool:
        return kind in self.words.get(key, ())

    def lemma_has(self, lemma: str, kind: str) -> bool:
        """A property grammar.tsv gives a cue lemma (written as in cues.tsv)."""
        return kind in self.words.get(norm(lemma), ())

    max_frame_len: int = 0
    frame_heads: set[str] = field(default_factory=set)     # first words of frames, for a quick test


def _rows(path: Path) -> Iterator[dict[str, str]]:
    with open(path, encoding="utf-8", newline="") as f:
        lines = [ln for ln in f if ln.strip() and not ln.startswith("#")]
    yield from csv.DictReader(lines, delimiter="\t", quoting=csv.QUOTE_NONE)


def data_path(name: str) -> Path:
    return Path(str(resources.files("quotes") / "data" / name))


@lru_cache(maxsize=4)
def load_lexicon(directory: Optional[str] = None) -> Lexicon:
    """Read every lexicon file once; ``directory`` overrides the packaged data."""
    base = Path(directory) if directory else data_path("")
    lex = Lexicon()
    cues: dict[str, list[CueForm]] = defaultdict(list)
    for r in _rows(base / "cues.tsv"):
        preps = tuple(norm(p) for p in (r.get("prep") or "").split("|") if p)
        cf = CueForm(r["form"], r["lemma"], r["class"], r["aspect"], r["gender"] or "-",
                     r["number"] or "s", preps)
        key = norm(r["form"])
        if all(c.lemma != cf.lemma or c.aspect != cf.aspect for c in cues[key]):
            cues[key].append(cf)
    lex.cues = dict(cues)
    for r in _rows(base / "frames.tsv"):
        lex.frames[tuple(norm(t) for t in r["frame"].split())] = r["kind"]
    lex.max_frame_len = max((len(f) for f in lex.frames), default=0)
    lex.frame_heads = {f[0] for f in lex.frames}
    for fname in ("titles.tsv", "grammar.tsv"):
        for r in _rows(base / fname):
            lex.words[norm(r["word"])].add(r["kind"])
    for fname, kind in (("names.txt", "name"), ("places.txt", "place")):
        path = base / fname
        if path.exists():
            for line in path.read_text(encoding="utf-8").splitlines():
                line = line.split("#")[0].strip()
                if line:
                    lex.words[norm(line)].add(kind)
    amb = base / "ambiguous.txt"
    if amb.exists():
        for line in amb.read_text(encoding="utf-8").splitlines():
            line = line.split("#")[0].strip()
            if line:
                lex.ambiguous.add(norm(line))
    return lex


@lru_cache(maxsize=4)
def load_speaker_lexicon(directory: Optional[str] = None) -> Lexicon:
    """The pipeline's lexicon plus ``speakers.tsv`` (speaker types for the
    graph).  A copy: the extra kinds must not change what the rules see."""
    base = Path(directory) if directory else data_path("")
    lex = load_lexicon(directory)
    words: dict[str, set[str]] = defaultdict(set, {k: set(v) for k, v in lex.words.items()})
    path = base / "speakers.tsv"
    if path.exists():  # lexicon copies made before the graph lack it
        for r in _rows(path):
            words[norm(r["word"])].add(r["kind"])
    return Lexicon(cues=lex.cues, frames=lex.frames, words=words, ambiguous=lex.ambiguous,
                   max_frame_len=lex.max_frame_len, frame_heads=lex.frame_heads)
