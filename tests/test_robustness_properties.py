"""Property-based checks of the pipeline (hypothesis): on any string,
extraction never raises, every span lies within the text and equals
``text[start:end]``, and the output is deterministic."""
from __future__ import annotations

import pytest

hypothesis = pytest.importorskip("hypothesis")
from hypothesis import HealthCheck, assume, given, settings  # noqa: E402
from hypothesis import strategies as st  # noqa: E402

import quotes  # noqa: E402
from quotes.corpus_check import bad_spans  # noqa: E402
from quotes.decoding import DecodeProblem, decode  # noqa: E402
from quotes.htmltext import visible_text  # noqa: E402

SETTINGS = settings(max_examples=200, deadline=None,
                    suppress_health_check=[HealthCheck.function_scoped_fixture,
                                           HealthCheck.too_slow])

LETTERS = "ابتثجحخدذرسشصضطظعغفقكلمنهويءآأإؤئىة"
QUOTE_MARKS = '"«»“”„‘’'
PUNCT = "،.:؛؟!()-"
DIACRITICS = "\u064b\u064c\u064d\u064e\u064f\u0650\u0651\u0652\u0670\u0640"  # + tatweel
BIDI = "\u200e\u200f\u061c\u202a\u202b\u202c\u202d\u202e\u2066\u2067\u2068\u2069\u200c\u200d\u00a0\ufeff"
DIGITS = "0123456789٠١٢٣٤٥٦٧٨٩۰۱۲"
LATIN = "abcXYZ"
SPACE = " \n\r\t"

PIECES = st.sampled_from([
    "قال", "وقال", "وأضاف", "وأكدت", "مشيرا", "بحسب", "إن", "أن", "الوزير",
    "رئيس البلدية", "المتحدث باسم الوزارة", ":", "«", "»", '"', "“", "”", "„",
    "\n\n", "، ", ". ", " ",
])

#: Characters of every kind that matters, alone or in words.
CHARS = st.text(alphabet=st.sampled_from(
    list(LETTERS + QUOTE_MARKS + PUNCT + DIACRITICS + BIDI + DIGITS + LATIN + SPACE)),
    max_size=300)
#: Cue words, names and marks in any order (far more likely to make quotes).
TOKENS = st.lists(PIECES, max_size=60).map(" ".join)
#: Anything at all (all of Unicode but surrogates).
ANY = st.text(alphabet=st.characters(exclude_categories=("Cs",)), max_size=200)

SENTENCE = ("وقال رئيس البلدية سامي الحلبي إن الجسر الجديد سيفتح في الربيع، "
            "مضيفا: «لن نرفع الرسوم هذا العام».\nوأكدت الوزارة أن الأعمال بدأت.")


@st.composite
def mutated(draw) -> str:
    """The realistic paragraph above with characters inserted, deleted or replaced."""
    text = list(SENTENCE)
    extra = LETTERS + QUOTE_MARKS + PUNCT + DIACRITICS + BIDI + DIGITS + SPACE + "\x00"
    for _ in range(draw(st.integers(0, 12))):
        op = draw(st.sampled_from(("insert", "delete", "replace")))
        i = draw(st.integers(0, len(text)))
        ch = draw(st.sampled_from(extra))
        if op == "insert":
            text.insert(i, ch)
        elif text:
            i = min(i, len(text) - 1)
            if op == "delete":
                del text[i]
            else:
                text[i] = ch
    return "".join(text)


TEXTS = st.one_of(CHARS, TOKENS, mutated(), ANY)


@pytest.fixture(scope="module")
def nlp():
    return quotes.load()


def check(nlp, text: str) -> list:
    found = quotes.extract(text, nlp=nlp)  # must not raise
    problems = list(bad_spans(text, found))
    assert problems == [], (text, problems)
    return found


@SETTINGS
@given(TEXTS)
def test_spans_always_point_at_their_text(nlp, text):
    check(nlp, text)


@SETTINGS
@given(st.one_of(TOKENS, mutated()))
def test_extraction_is_deterministic(nlp, text):
    first = [q.to_dict() for q in check(nlp, text)]
    again = [q.to_dict() for q in quotes.extract(text, nlp=nlp)]
    assert first == again


@settings(max_examples=50, deadline=None,
          suppress_health_check=[HealthCheck.function_scoped_fixture, HealthCheck.too_slow])
@given(st.lists(st.one_of(TOKENS, mutated(), CHARS), min_size=1, max_size=6))
def test_pipe_equals_extract_one_by_one(nlp, texts):
    batched = [[q.to_dict() for q in qs] for qs in quotes.pipe(texts, nlp=nlp, batch_size=2)]
    single = [[q.to_dict() for q in quotes.extract(t, nlp=nlp)] for t in texts]
    assert batched == single  # one result per text, in order, same as alone


@SETTINGS
@given(TEXTS)
def test_html_extraction_never_raises(text):
    assert isinstance(visible_text(text), str)
    assert isinstance(visible_text("<p>" + text + "</p><br>" + text), str)


@SETTINGS
@given(st.binary(max_size=400))
def test_decoding_any_bytes_gives_text_or_a_clear_error(data):
    try:
        text, enc = decode(data)
    except DecodeProblem as exc:
        assert exc.message
    else:
        assert isinstance(text, str) and enc


WORDS = ("قال", "الوزير", "إن", "المدينة", "ستبني", "مدرسة", "جديدة", "في", "الحي",
         "الشمالي", "وأضاف", "أن", "العمال", "بدأوا", "الحفر", "منذ", "شهرين", "لكن",
         "المطر", "أخر", "الأشغال", "ويتوقع", "السكان", "افتتاحها", "قريبا", "ولم",
         "يحدد", "موعدا", "نهائيا", "للتسليم")
SEPARATORS = (" ", " ", " ", "، ", ". ", ": ", " «", "» ", "\n", "؟ ")


@SETTINGS
@given(st.lists(st.tuples(st.sampled_from(WORDS), st.sampled_from(SEPARATORS)),
                min_size=4, max_size=60))
def test_arabic_round_trips_through_every_encoding(words):
    text = "".join(w + sep for w, sep in words).strip()
    # Real text has the article ال; without it a few words can be valid
    # Arabic in both single-byte encodings ("إن" in one is "إو" in the other).
    assume("ال" in text)
    for enc in ("utf-8", "utf-8-sig", "utf-16", "utf-16-le", "cp1256"):
        assert decode(text.encode(enc))[0] == text, enc
    plain = text.replace("«", '"').replace("»", '"')
    assert decode(plain.encode("iso8859_6"))[0] == plain


def _valid_utf8(data: bytes) -> bool:
    try:
        data.decode("utf-8")
    except UnicodeDecodeError:
        return False
    return True
