"""quotes.cues: reporting verbs and source frames found in a Doc (``doc._.cues``)."""
from __future__ import annotations

import pytest

import quotes
from quotes.cues import Cue


@pytest.fixture(scope="module")
def nlp():
    return quotes.load()


def cues(nlp, text: str) -> list[tuple[str, Cue]]:
    doc = nlp(text)
    out = []
    for c in doc._.cues:
        assert isinstance(c, Cue)
        assert 0 <= c.start < c.end <= len(doc)
        out.append((doc[c.start:c.end].text, c))
    return out


def verb(nlp, text: str, word: str) -> Cue:
    found = [c for t, c in cues(nlp, text) if t == word]
    assert len(found) == 1, f"{word!r} not found once among {[t for t, _ in cues(nlp, text)]}"
    c = found[0]
    assert c.is_verb and c.frame is None
    return c


# ------------------------------------------------------------ proclitics

@pytest.mark.parametrize("text, word, lemma, cls", [
    ("وقال الوزير إن الخطة ستنجح.", "وقال", "قال", "state"),
    ("فأكد المدير أن العمل مستمر.", "فأكد", "أكد", "assert"),
    ("وأضافت الناطقة أن التحقيق جار.", "وأضافت", "أضاف", "add"),
])
def test_proclitic_forms(nlp, text, word, lemma, cls):
    c = verb(nlp, text, word)
    assert c.proclitic is True
    assert (c.form.lemma, c.form.cls, c.form.aspect) == (lemma, cls, "perfect")


def test_bare_form_is_not_proclitic(nlp):
    c = verb(nlp, "قال الوزير إن الخطة ستنجح.", "قال")
    assert c.proclitic is False and c.form.lemma == "قال"


def test_cue_under_diacritics_and_tatweel(nlp):
    c = verb(nlp, "وقـــالَ الوزيرُ إنّ الخطةَ ستنجح.", "وقـــالَ")
    assert c.form.lemma == "قال"


# ------------------------------------------------------------ participles

@pytest.mark.parametrize("text, word, lemma, gender, number", [
    ("وقال الوزير إن الخطة ستنجح، مشيرا إلى أن التمويل متوفر.", "مشيرا", "أشار", "m", "s"),
    ("وقالت الوزيرة إن الخطة ستنجح، مضيفة أن التمويل متوفر.", "مضيفة", "أضاف", "f", "s"),
    ("وقال النواب إن الخطة ستفشل، مؤكدين أن التمويل غير متوفر.", "مؤكدين", "أكد", "m", "p"),
])
def test_participles(nlp, text, word, lemma, gender, number):
    c = verb(nlp, text, word)
    assert c.form.aspect == "participle"
    assert (c.form.lemma, c.form.gender, c.form.number) == (lemma, gender, number)
    assert c.proclitic is False


# --------------------------------------------------------- agreement

@pytest.mark.parametrize("text, word, gender, number", [
    ("قالت المديرة إن المدرسة ستفتح قريبا.", "قالت", "f", "s"),
    ("أشاروا إلى أن الطريق مغلق منذ أمس.", "أشاروا", "m", "p"),
    ("وقال الوزير إن الطريق مغلق منذ أمس.", "وقال", "m", "s"),
])
def test_gender_and_number(nlp, text, word, gender, number):
    c = verb(nlp, text, word)
    assert (c.form.gender, c.form.number) == (gender, number)


def test_preposition_of_lemma(nlp):
    c = verb(nlp, "وأشار المدير إلى أن الأسعار مستقرة.", "وأشار")
    assert c.form.lemma == "أشار"
    assert "الي" in c.form.preps


# ------------------------------------------------ reports that did not happen

@pytest.mark.parametrize("text", [
    "لم يقل الوزير إن الحكومة ستستقيل.",
    "ولم تقل الوزارة إن المستشفى سيغلق.",
    "لن يقول المدير إن المشروع فشل.",
    "سيعلن الوزير أن الحكومة ستستقيل غدا.",
    "وسيعلن الوزير أن الحكومة ستستقيل غدا.",
    "سوف يعلن الوزير أن الحكومة ستستقيل غدا.",
    "ومن المتوقع أن يعلن الوزير أن الحكومة ستستقيل.",
    "وينتظر الجميع أن تعلن الوزارة نتائج الامتحانات.",
])
def test_negated_future_subjunctive_are_not_cues(nlp, text):
    verbs = [(t, c.form.lemma) for t, c in cues(nlp, text) if c.is_verb]
    assert verbs == []


def test_present_tense_is_a_cue(nlp):
    c = verb(nlp, "ويقول السكان إن المياه مقطوعة منذ أسبوع.", "ويقول")
    assert c.form.aspect == "imperfect" and c.form.lemma == "قال"


# ---------------------------------------------------------------- frames

@pytest.mark.parametrize("text, frame_text, kind", [
    ("وبحسب وزارة الصحة، فإن الإصابات تراجعت.", "وبحسب", "according"),
    ("ارتفعت الأسعار بنسبة كبيرة، بحسب الإحصاءات الرسمية.", "بحسب", "according"),
    ("ارتفعت الأسعار، حسب البنك المركزي.", "حسب", "according"),
    ("ارتفعت الأسعار، وفقا لـ البنك المركزي.", "وفقا لـ", "according"),
    ("ارتفعت الأسعار، وفقا للبنك المركزي.", "وفقا", "according"),
    ("ارتفعت الأسعار، وفقاً لتقرير حكومي.", "وفقاً", "according"),
    ("ارتفعت الأسعار، نقلا عن مصادر مطلعة.", "نقلا عن", "citing"),
])
def test_source_frames(nlp, text, frame_text, kind):
    frames = [(t, c) for t, c in cues(nlp, text) if c.frame]
    assert len(frames) == 1, frames
    t, c = frames[0]
    assert t == frame_text
    assert c.frame == kind and not c.is_verb


def test_attached_lam_is_left_to_the_source(nlp):
    doc = nlp("ارتفعت الأسعار، وفقا للوزارة.")
    [c] = [c for c in doc._.cues if c.frame]
    assert doc[c.start:c.end].text == "وفقا"
    assert doc[c.end].text == "للوزارة"      # the source token is not eaten by the frame


def test_cues_in_text_order(nlp):
    text = "وقال الوزير إن الخطة ستنجح، مشيرا إلى التمويل. وأضاف، بحسب البيان، أن العمل بدأ."
    got = [t for t, _ in cues(nlp, text)]
    assert got == ["وقال", "مشيرا", "وأضاف", "بحسب"]


def test_no_cues_in_plain_narration(nlp):
    assert cues(nlp, "انخفضت درجات الحرارة في العاصمة أمس وهطلت أمطار غزيرة.") == []


# ------------------------------------------------ spellings shared with a preposition

@pytest.mark.parametrize("text", [
    # بين "between" opening a clause, and a complementizer of a time clause
    "وبين السلع التي شملتها الرسوم الجديدة أجهزة منزلية وملابس.",
    "وتصاعد الخلاف بين البلدين بعد أن طردت العاصمتان دبلوماسيين.",
    # a quoted name after it: between "X" and "Y"
    'ويجمع النظام بين "الدرع الواقي" لاعتراض الصواريخ و"السهم" للمدى البعيد.',
    # the second half of بينه وبين, and من بين "among", whatever complementizer follows
    "وقال الرئيس إن اللقاء الذي جمع بينه وبين رئيس الوزراء أكد أن العلاقات قوية.",
    "ومن بين هذه الخطط أن تنسحب القوات من المدينة.",
])
def test_between_is_not_explained(nlp, text):
    assert [t for t, _ in cues(nlp, text) if t in ("بين", "وبين")] == []


@pytest.mark.parametrize("text, word", [
    ("وبين الوزير أن المشروع سيكتمل العام المقبل.", "وبين"),
    # عبر "expressed" at a clause start, its own preposition after a long subject
    ("– عبر رئيس الوزراء الأسبق، سالم بن راشد، الإثنين، عن قلقه من تأخر الإصلاحات.", "عبر"),
])
def test_explained_and_expressed_still_are_cues(nlp, text, word):
    verb(nlp, text, word)


@pytest.mark.parametrize("text,cue,content", [
    ("ودانت فرنسا استهداف المدنيين في المدينة.", "ودانت", "استهداف المدنيين في المدينة"),
    ("وخلص التقرير إلى أن الأطراف ارتكبت انتهاكات جسيمة.", "وخلص", "إلى أن الأطراف ارتكبت انتهاكات جسيمة"),
])
def test_dana_and_khalusa_ila_report(text, cue, content):
    (q,) = quotes.extract(text)
    assert (q.cue.text, q.content.text) == (cue, content)


def test_takhallus_is_not_a_report():
    assert quotes.extract("وتخلصت الشركة من الديون القديمة بعد بيع الأصول.") == []


@pytest.mark.parametrize("text", [
    "وقال المكتب الإعلامي للوزير، عبر حسابه الرسمي على تويتر، إن الطائرات قصفت مواقع التنظيم.",
    "وقال الوزير عبر تغريدة إن الطائرات قصفت مواقع التنظيم.",
])
def test_abra_before_an_account_or_a_tweet_is_via(text):
    (q,) = quotes.extract(text)
    assert q.cue.text == "وقال" and q.content.text == "إن الطائرات قصفت مواقع التنظيم"


def test_abra_the_verb_still_reports():
    (q,) = quotes.extract("وعبر الوزير عن قلقه من التصعيد.")
    assert q.cue.text == "وعبر" and q.content.text == "عن قلقه من التصعيد"


def test_an_ambiguous_verb_after_a_dateline_dash_opens_its_clause(nlp):
    # حذر is also the noun "caution": after "(CNN)--" it opens the article's first clause
    text = "عمان، الأردن (CNN)-- حذر وزير الداخلية الأردني الأسبق سمير الحباشنة المواطنين من الاقتراب من مواقع الفيضانات."
    assert [t for t, c in cues(nlp, text) if c.is_verb] == ["حذر"]


# ------------------------------------------------ a written damma: the passive has no speaker

@pytest.mark.parametrize("text", [
    "واتُّهمت الشركة بإخفاء الخسائر عن المساهمين.",
    "وأُعلن عن تأجيل الانتخابات إلى الشهر المقبل.",
    "ويُعتقد أن المشتبه به غادر البلاد قبل أيام.",
    "واعتُبرت الخطوة تصعيدا خطيرا.",
])
def test_passive_with_a_damma_is_no_report(nlp, text):
    assert [t for t, c in cues(nlp, text) if c.is_verb] == []


@pytest.mark.parametrize("text, word", [
    ("وقالُوا إن الطريق ستفتح غدا.", "وقالُوا"),              # the plural ending's damma
    ("يُعلن الوزير عادة أن الميزانية متوازنة.", "يُعلن"),       # form IV: the active prefix has one
    ("واتَّهمت الشركة المنافسين بإغراق السوق.", "واتَّهمت"),
])
def test_active_verbs_with_vowels_still_report(nlp, text, word):
    verb(nlp, text, word)


@pytest.mark.parametrize("text", [
    "وكانت إسرائيل قد اتهمت بشن هجوم على القاعدة الجوية.",     # اتُّهمت: no object before بـ
    "وأفرجت الشرطة عن ثلاثة رجال اتهموا بتهريب المهاجرين.",
    "ووصف بأنه أكبر إضراب منذ عقود.",
])
def test_accuse_and_describe_without_an_object_are_passive(nlp, text):
    assert [t for t, c in cues(nlp, text) if c.is_verb and c.form.lemma in ("اتهم", "وصف")] == []


@pytest.mark.parametrize("text, word", [
    ("اتهمت بريطانيا والولايات المتحدة روسيا بتنفيذ هجمات إلكترونية.", "اتهمت"),   # a subject in ب
    ("واتهمته الشرطة بالسرقة.", "واتهمته"),                                      # the object a pronoun
    ("واتهم الوزير المعارضة بعرقلة الإصلاحات.", "واتهم"),
])
def test_accuse_with_its_object_still_reports(nlp, text, word):
    verb(nlp, text, word)


def test_fahasb_only_is_no_source_frame(nlp):
    """فحسب is "only", not ف + حسب "according to"."""
    text = "ولم تطح الفضيحة بالمنتج فحسب، بل بشركته كلها."
    assert [t for t, c in cues(nlp, text) if c.frame] == []
    assert cues(nlp, "وارتفعت الأسعار، حسب الوزارة.")[0][1].frame


def test_nadi_the_club_opening_a_results_line_is_no_cue(nlp):
    """نادي "club" and نادى "called for" are one spelling once normalised."""
    assert [t for t, c in cues(nlp, "نادي الترجي الرياضي التونسي 31 - 30 بعد الوقت الإضافي.") if c.is_verb] == []
    verb(nlp, "ونادى المحتجون بإسقاط الحكومة.", "ونادى")
