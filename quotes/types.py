"""Result types shared by every stage: plain dataclasses so that results can be
pickled across processes and serialised without spaCy objects attached."""
from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any, Optional

QUOTE_TYPES = ("direct", "indirect", "mixed")


@dataclass(frozen=True)
class Span:
    """A character span: ``text == document[start:end]`` always holds, because
    offsets are taken from the text exactly as the user gave it."""

    start: int
    end: int
    text: str

    def to_dict(self) -> dict[str, Any]:
        return {"start": self.start, "end": self.end, "text": self.text}

    @classmethod
    def from_text(cls, text: str, start: int, end: int) -> "Span":
        return cls(start, end, text[start:end])


@dataclass
class Quote:
    """One attribution: *speaker* said *content*, signalled by *cue*.

    ``speaker`` is the explicit mention in the quote's own sentence (None for
    pro-drop cues such as وأضاف); ``speaker_resolved`` is the mention it refers
    to, so consumers that only want "who" never need to chase antecedents."""

    type: str
    cue: Span
    content: Span
    speaker: Optional[Span] = None
    speaker_resolved: Optional[Span] = None
    addressee: Optional[Span] = None
    cue_lemma: str = ""
    cue_class: str = ""
    confidence: float = 0.0
    speaker_id: Optional[int] = None
    meta: dict[str, Any] = field(default_factory=dict)

    def to_dict(self) -> dict[str, Any]:
        """The output format of ``../shared/eval/GUIDELINES.md`` plus extras."""
        def opt(s: Optional[Span]) -> Optional[dict[str, Any]]:
            return s.to_dict() if s is not None else None

        return {
            "type": self.type,
            "cue": self.cue.to_dict(),
            "content": self.content.to_dict(),
            "speaker": opt(self.speaker),
            "speaker_resolved": opt(self.speaker_resolved),
            "addressee": opt(self.addressee),
            "cue_lemma": self.cue_lemma,
            "cue_class": self.cue_class,
            "confidence": round(self.confidence, 3),
            "speaker_id": self.speaker_id,
        }

    @classmethod
    def from_dict(cls, d: dict[str, Any]) -> "Quote":
        """The inverse of :meth:`to_dict` (reads ``quotes extract`` JSONL)."""
        def opt(s: Any) -> Optional[Span]:
            return Span(int(s["start"]), int(s["end"]), str(s["text"])) if s else None

        content = opt(d.get("content"))
        cue = opt(d.get("cue"))
        if content is None or cue is None:
            raise ValueError("a quote needs its cue and content")
        return cls(type=str(d.get("type") or ""), cue=cue, content=content,
                   speaker=opt(d.get("speaker")), speaker_resolved=opt(d.get("speaker_resolved")),
                   addressee=opt(d.get("addressee")), cue_lemma=str(d.get("cue_lemma") or ""),
                   cue_class=str(d.get("cue_class") or ""),
                   confidence=float(d.get("confidence") or 0.0),
                   speaker_id=d.get("speaker_id"))
