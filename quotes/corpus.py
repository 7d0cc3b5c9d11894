"""The project's annotated corpus: stand-off annotations joined with their text.

Articles of ``../shared/corpora/news`` keep their own licenses, so the
repository never holds their text: ``corpora/annotations/*.jsonl`` has, per
article, its id, the corpus file it comes from, the SHA-1 of its text and the
quotes as character offsets (the gold format of ``../shared/eval/GUIDELINES.md``).
:func:`load_gold` joins them with the text from a corpus folder the user gives
and refuses a text whose hash differs, because offsets into a different text
would be silently wrong.
"""
from __future__ import annotations

import gzip
import hashlib
import json
import os
from pathlib import Path
from typing import Iterable, Iterator, Optional

ROOT = Path(__file__).resolve().parent.parent
ANNOTATIONS = ROOT / "corpora" / "annotations"
DEFAULT_NEWS = ROOT.parent / "shared" / "corpora" / "news"
META_FIELDS = ("outlet", "category", "date")
SPAN_FIELDS = ("cue", "content", "speaker", "speaker_antecedent", "addressee")


class CorpusError(Exception):
    """An annotation that cannot be joined with its text."""


def sha1(text: str) -> str:
    return hashlib.sha1(text.encode("utf-8")).hexdigest()


def news_dir(path: Optional[str] = None) -> Path:
    """The news corpus folder: ``path``, else ``$QUOTES_NEWS``, else ``../shared/corpora/news``."""
    return Path(path or os.environ.get("QUOTES_NEWS") or DEFAULT_NEWS)


def read_jsonl(path: Path) -> Iterator[dict]:
    opener = gzip.open if str(path).endswith(".gz") else open
    with opener(path, "rt", encoding="utf-8") as f:
        for line in f:
            if line.strip():
                yield json.loads(line)


def articles(ids: Iterable[str], news: Optional[str] = None) -> dict[str, dict]:
    """The news records with the given ids, read from every corpus file once."""
    wanted = set(ids)
    found: dict[str, dict] = {}
    for path in sorted(news_dir(news).glob("*.jsonl.gz")):
        for rec in read_jsonl(path):
            if rec.get("id") in wanted and rec["id"] not in found:
                rec["corpus_file"] = path.name
                found[rec["id"]] = rec
        if len(found) == len(wanted):
            break
    return found


def annotation_files(folder: Optional[Path] = None) -> list[Path]:
    return sorted(Path(folder or ANNOTATIONS).glob("*.jsonl"))


def load_standoff(files: Optional[Iterable[Path]] = None) -> list[dict]:
    out: list[dict] = []
    for path in files if files is not None else annotation_files():
        out.extend(read_jsonl(Path(path)))
    return out


def join(record: dict, text: str) -> dict:
    """A gold document (text included) from a stand-off record and its text."""
    if sha1(text) != record["text_sha1"]:
        raise CorpusError(f"{record['id']}: text differs from the annotated one (SHA-1 mismatch)")
    for q in record["quotes"]:
        for f in SPAN_FIELDS:
            span = q.get(f)
            if span is not None and not (0 <= span[0] < span[1] <= len(text)):
                raise CorpusError(f"{record['id']} {q.get('id')}: {f} {span} outside the text")
    gold = dict(record)
    gold["text"] = text
    return gold


def load_gold(news: Optional[str] = None, files: Optional[Iterable[Path]] = None) -> list[dict]:
    """Every annotated article with its text, in annotation-file order."""
    return with_texts(load_standoff(files), news)


def with_texts(records: list[dict], news: Optional[str] = None) -> list[dict]:
    """Stand-off records joined with their articles' texts; records that carry
    their text already (the shared gold files) are kept as they are."""
    ids = [r["id"] for r in records if "text" not in r]
    texts = articles(ids, news) if ids else {}
    missing = [i for i in ids if i not in texts]
    if missing:
        raise CorpusError(f"{len(missing)} annotated articles not found in {news_dir(news)}: "
                          f"{', '.join(missing[:5])}")
    return [r if "text" in r else join(r, texts[r["id"]]["text"]) for r in records]


def standoff(gold: dict, corpus_file: str = "") -> dict:
    """The inverse of :func:`join`: drop the text, keep its hash."""
    rec = {k: v for k, v in gold.items() if k != "text"}
    # titles and URL slugs are article text too: only bibliographic fields stay
    rec["meta"] = {k: v for k, v in (gold.get("meta") or {}).items() if k in META_FIELDS}
    rec["text_sha1"] = sha1(gold["text"])
    if corpus_file:
        rec["corpus_file"] = corpus_file
    return rec


def stats(records: Iterable[dict]) -> dict:
    """Articles and attributions by outlet and by quote type (for corpora/README.md)."""
    by_outlet: dict[str, list[int]] = {}
    by_type: dict[str, int] = {}
    implicit = empty = 0
    for r in records:
        outlet = (r.get("meta") or {}).get("outlet") or r["id"].split("-")[0]
        row = by_outlet.setdefault(outlet, [0, 0])
        row[0] += 1
        row[1] += len(r["quotes"])
        empty += not r["quotes"]
        for q in r["quotes"]:
            by_type[q["type"]] = by_type.get(q["type"], 0) + 1
            implicit += q["speaker"] is None
    return {"by_outlet": by_outlet, "by_type": by_type, "implicit": implicit, "no_quotes": empty}


if __name__ == "__main__":
    s = stats(load_standoff())
    print("| outlet | articles | attributions |\n| --- | ---: | ---: |")
    for k, (a, q) in sorted(s["by_outlet"].items()):
        print(f"| {k} | {a} | {q} |")
    print(f"| **all** | {sum(a for a, _ in s['by_outlet'].values())} | "
          f"{sum(q for _, q in s['by_outlet'].values())} |")
    print("\n| type | attributions |\n| --- | ---: |")
    for k, n in sorted(s["by_type"].items()):
        print(f"| {k} | {n} |")
    print(f"\nimplicit speakers: {s['implicit']}; articles with no quote: {s['no_quotes']}")
