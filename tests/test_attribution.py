"""quotes.attribution: one test per rule, through ``quotes.extract``.

Every result goes through ``run``, which checks that each span is exactly
``text[start:end]`` before any test looks at it."""
from __future__ import annotations

from typing import Optional

import pytest

import quotes
from quotes.types import QUOTE_TYPES, Quote, Span


def check_span(text: str, s: Optional[Span]) -> None:
    if s is None:
        return
    assert 0 <= s.start <= s.end <= len(text), s
    assert text[s.start:s.end] == s.text, s


def run(text: str) -> list[Quote]:
    qs = quotes.extract(text)
    for q in qs:
        assert q.type in QUOTE_TYPES
        for s in (q.cue, q.content, q.speaker, q.speaker_resolved, q.addressee):
            check_span(text, s)
        assert q.content.end > q.content.start
        if q.speaker is not None:
            assert q.speaker_resolved == q.speaker
    starts = [q.cue.start for q in qs]
    assert starts == sorted(starts), "quotes are in text order"
    return qs


def one(text: str) -> Quote:
    qs = run(text)
    assert len(qs) == 1, [(q.cue.text, q.content.text) for q in qs]
    return qs[0]


def txt(s: Optional[Span]) -> Optional[str]:
    return None if s is None else s.text


def assert_resolves_to(q: Quote, mention: Span, head: str) -> None:
    """An implicit speaker resolves to (part of) an earlier mention that holds
    the head: the whole mention or the name inside it both satisfy GUIDELINES."""
    assert q.speaker is None
    r = q.speaker_resolved
    assert r is not None, "implicit speaker left unresolved"
    assert mention.start <= r.start and r.end <= mention.end, (r, mention)
    assert head in r.text, (head, r.text)


# --------------------------------------------------------------- VSO

def test_vso_indirect_with_title_and_name():
    q = one("وقال وزير المالية سمير الحداد إن الحكومة ستخفض الضرائب على المشاريع الصغيرة.")
    assert q.type == "indirect"
    assert q.cue.text == "وقال"
    assert q.cue_lemma == "قال"
    assert q.speaker.text == "وزير المالية سمير الحداد"
    assert q.content.text == "إن الحكومة ستخفض الضرائب على المشاريع الصغيرة"
    assert not q.content.text.endswith(".")
    assert q.addressee is None


def test_vso_with_addressee():
    q = one("وقال المتحدث باسم الجيش لوكالة الأنباء الألمانية إن القوات انسحبت من البلدة.")
    assert q.type == "indirect"
    assert q.speaker.text == "المتحدث باسم الجيش"
    assert q.addressee.text.startswith("لوكالة")
    assert q.addressee.text == "لوكالة الأنباء الألمانية"
    assert "لوكالة" not in q.speaker.text
    assert q.content.text == "إن القوات انسحبت من البلدة"


def test_medium_is_addressee_not_speaker():
    q = one("وقالت الوزارة في بيان إن حملة التطعيم ستبدأ الأسبوع المقبل.")
    assert q.speaker.text == "الوزارة"
    assert txt(q.addressee) == "في بيان"
    assert q.content.text == "إن حملة التطعيم ستبدأ الأسبوع المقبل"


def test_time_adverb_not_in_speaker():
    q = one("وأكد رئيس البلدية اليوم الاثنين أن أعمال الصيانة ستنتهي قريبا.")
    assert q.speaker.text == "رئيس البلدية"
    assert q.content.text == "أن أعمال الصيانة ستنتهي قريبا"


def test_preposition_content():
    q = one("وأشار المدير إلى أن الأسعار بقيت مستقرة خلال الشهر الماضي.")
    assert q.speaker.text == "المدير"
    assert q.content.text == "إلى أن الأسعار بقيت مستقرة خلال الشهر الماضي"


# --------------------------------------------------------------- SVO

def test_svo_subject_before_cue():
    q = one("لكن مسؤولا كبيرا في الوزارة قال إن المفاوضات لم تحقق أي تقدم.")
    assert q.type == "indirect"
    assert q.cue.text == "قال"
    assert q.speaker.text == "مسؤولا كبيرا في الوزارة"
    assert q.content.text == "إن المفاوضات لم تحقق أي تقدم"


# ------------------------------------------------------------- direct

@pytest.mark.parametrize("o, c", [("«", "»"), ('"', '"'), ("“", "”"), ("”", "“")])
def test_direct_quote_after_colon(o, c):
    text = f"وقال الوزير: {o}لن نتراجع عن الإصلاحات مهما كانت الضغوط{c}."
    q = one(text)
    assert q.type == "direct"
    assert q.speaker.text == "الوزير"
    assert q.content.text == "لن نتراجع عن الإصلاحات مهما كانت الضغوط"
    # strictly inside the marks
    assert text[q.content.start - 1] == o and text[q.content.end] == c


@pytest.mark.parametrize("intro, speaker", [
    ("وقال سمير الحداد", "سمير الحداد"),
    ("وأضاف", None),
])
def test_direct_quote_without_colon(intro, speaker):
    q = one(f"{intro} «نحن مستعدون لكل الاحتمالات في المرحلة المقبلة».")
    assert q.type == "direct"
    assert txt(q.speaker) == speaker
    assert q.content.text == "نحن مستعدون لكل الاحتمالات في المرحلة المقبلة"


@pytest.mark.parametrize("intro, speaker", [
    ("وأضاف المدير", "المدير"),
    ("وقالت الحكومة", "الحكومة"),
])
def test_direct_quote_without_colon_after_title_speaker(intro, speaker):
    q = one(f"{intro} «نحن مستعدون لكل الاحتمالات في المرحلة المقبلة».")
    assert q.type == "direct"
    assert txt(q.speaker) == speaker
    assert q.content.text == "نحن مستعدون لكل الاحتمالات في المرحلة المقبلة"


def test_short_direct_quote_after_colon():
    q = one("وقال الوزير: «لن نتراجع».")
    assert q.type == "direct"
    assert q.content.text == "لن نتراجع"


@pytest.mark.parametrize("o, c, cue, speaker", [
    ('"', '"', "قال", "الوزير"),
    ("«", "»", "قال", "الوزير"),
    ("”", "“", "قالت", "الوزيرة"),
])
def test_postposed_cue(o, c, cue, speaker):
    text = f"{o}لن نسمح بانهيار العملة الوطنية{c}، {cue} {speaker}."
    q = one(text)
    assert q.type == "direct"
    assert q.cue.text == cue
    assert q.speaker.text == speaker
    assert q.content.text == "لن نسمح بانهيار العملة الوطنية"


def test_colon_speaker():
    q = one('الناطق باسم الشرطة: "تم توقيف ثلاثة مشتبه بهم في الحادث".')
    assert q.type == "direct"
    assert q.cue.text == ":"
    assert q.speaker.text == "الناطق باسم الشرطة"
    assert q.content.text == "تم توقيف ثلاثة مشتبه بهم في الحادث"


def test_mixed_quote_keeps_inner_marks():
    q = one('وقال إن المحادثات "ليست مفاوضات بل مشاورات أولية" بين الطرفين.')
    assert q.type == "mixed"
    assert q.content.text == 'إن المحادثات "ليست مفاوضات بل مشاورات أولية" بين الطرفين'
    assert q.speaker is None


def test_mixed_quote_ending_with_mark():
    q = one('وأكد الوزير أن الحكومة "لن تسمح بأي تلاعب بالأسعار".')
    assert q.type == "mixed"
    assert q.speaker.text == "الوزير"
    assert q.content.text == 'أن الحكومة "لن تسمح بأي تلاعب بالأسعار"'


def test_multi_sentence_direct_quote_is_one():
    q = one('وقال الوزير: "سنبدأ العمل فورا. لن ننتظر موافقة أحد على هذه الخطة".')
    assert q.type == "direct"
    assert q.content.text == "سنبدأ العمل فورا. لن ننتظر موافقة أحد على هذه الخطة"


@pytest.mark.parametrize("second", ["«ونحتاج", "ونحتاج"])
def test_direct_quote_over_two_paragraphs_is_one(second):
    text = ("وقالت المديرة العامة للمستشفى سلوى النجار: «استقبلنا أكثر من مئة جريح خلال الليل.\n"
            f"{second} إلى المزيد من المتبرعين بالدم في أسرع وقت».")
    if second == "ونحتاج":
        text = text.replace("«", '"').replace("»", '"')
    q = one(text)
    assert q.type == "direct"
    assert q.speaker.text == "المديرة العامة للمستشفى سلوى النجار"
    assert q.content.text.startswith("استقبلنا أكثر")
    assert q.content.text.endswith("في أسرع وقت")
    assert "\n" in q.content.text


@pytest.mark.parametrize("text, speaker", [
    # a rank between the title and the name of an apposition
    ("وقال نائب رئيس شرطة المدينة، العقيد سامر حداد، إن الطرق آمنة.",
     "نائب رئيس شرطة المدينة، العقيد سامر حداد"),
    # علي the name, not على the preposition
    ("وقال مدير المستشفى، علي عبد الرحيم، إن الأسرّة تكفي.", "مدير المستشفى، علي عبد الرحيم"),
    # a rank and a surname with the article; باسم is "on behalf of" here, not a name
    ("وأعلن المتحدث باسم الشرطة، العميد سامر منصور الحداد، عن توقيف ثلاثة أشخاص.",
     "المتحدث باسم الشرطة، العميد سامر منصور الحداد"),
    # a name in the genitive of a title names someone else: the lawyer is named after the comma
    ("وقال محامي ترامب، مايكل كوهين، الذي يتولى القضية، إن الاتهامات باطلة.", "محامي ترامب، مايكل كوهين"),
    # a ta-initial surname is not a verbal noun (تعيين، تبادل are)
    ("وأعلن وزير الخارجية سامي تيلرسون انسحاب بلاده من الاتفاق.", "وزير الخارجية سامي تيلرسون"),
    # a hyphen written inside a name
    ("وقال الباحث في جامعة سيول كيم سو-مين إن المحادثات مهمة.", "الباحث في جامعة سيول كيم سو-مين"),
    # an alef-initial surname after a first name is not a verbal noun
    ("وأعلن اللاعب الدولي كريم أوزيلان اعتزاله اللعب.", "اللاعب الدولي كريم أوزيلان"),
])
def test_speaker_extent_keeps_the_whole_name(text: str, speaker: str) -> None:
    q = one(text)
    assert q.speaker.text == speaker


def test_svo_subject_with_its_name_between_commas():
    q = one("لكن مساعد وزير الدفاع الأسبق، مارك كيميت، قال إن التصريحات متسرعة.")
    assert q.speaker.text == "مساعد وزير الدفاع الأسبق، مارك كيميت"


def test_aside_with_a_number_is_not_a_name():
    q = run("وقال اللاعب إن الفريق جاهز. وأضاف ميسي، الذي احتفل، الأحد، بعيد ميلاده الـ31، أن الفوز مهم.")[-1]
    assert q.speaker.text == "ميسي"


def test_pro_drop_refers_to_a_name_with_a_hashtag():
    q1, q2 = run("وقال الرئيس الأميركي دونالد #ترمب إن المحادثات مفيدة. وأضاف أن الوقت مناسب.")
    assert q2.speaker_resolved.text == "الرئيس الأميركي دونالد #ترمب"     # the hashtag stays inside the name


@pytest.mark.parametrize("text, noun", [
    ("وأعلن الوزير كريم انطلاق المشروع الجديد.", "انطلاق"),
    ("وأعلن الوزير كريم تعيين مدير جديد للمشروع.", "تعيين"),
])
def test_verbal_noun_after_a_name_is_still_the_object(text: str, noun: str) -> None:
    q = one(text)
    assert q.speaker.text == "الوزير كريم"
    assert q.content.text.startswith(noun)


@pytest.mark.parametrize("text", [
    # a source frame set off by commas between the verb and its content
    "وقال الوزير، بحسب وكالة الأنباء الرسمية، إن الأعمال بلغت مراحلها الأخيرة.",
    "وأوضح الوزير، وفقا لما نقلته وكالة الأنباء الرسمية، أن الأعمال بلغت مراحلها الأخيرة.",
    # the verb of a relative clause on the medium
    "وقال الوزير في تصريح نقلته وكالة الأنباء الرسمية إن الأعمال بلغت مراحلها الأخيرة.",
])
def test_aside_cue_in_the_zone_leaves_the_report_to_its_verb(text: str) -> None:
    q = one(text)
    assert q.cue.text in ("وقال", "وأوضح")
    assert q.speaker.text == "الوزير"
    assert q.content.text.endswith("الأعمال بلغت مراحلها الأخيرة")


@pytest.mark.parametrize("tail", [
    "، في إشارة إلى أزمة الأجور المتأخرة منذ أشهر.",                 # the journalist's gloss
    "، وفق ما نقلته عنه وكالة الأنباء الرسمية، خلال لقائه وفدا من النقابات.",   # who relayed it
])
def test_indirect_content_ends_before_what_the_journalist_adds(tail: str) -> None:
    q = one("وقال الوزير إن الحكومة ستدفع الرواتب قريبا" + tail)
    assert q.content.text == "إن الحكومة ستدفع الرواتب قريبا"


def test_second_complement_of_the_same_report_stays_in_the_content():
    # نقلوا is a cue, but after وإن it belongs to the reported clause
    q = one("وقال المتحدث إن خمسة أشخاص قتلوا، وإن عشرة نقلوا إلى المستشفى.")
    assert q.content.text == "إن خمسة أشخاص قتلوا، وإن عشرة نقلوا إلى المستشفى"


# ----------------------------------------------------- implicit speakers

def test_pro_drop_resolves_to_earlier_named_speaker():
    text = ("وقال الرئيس التنفيذي للشركة خالد العمري إن الأرباح ارتفعت بنسبة عشرين في المئة. "
            "وأضاف أن الشركة تخطط لافتتاح فروع جديدة.")
    q1, q2 = run(text)
    assert q1.speaker.text == "الرئيس التنفيذي للشركة خالد العمري"
    assert q2.cue.text == "وأضاف"
    assert_resolves_to(q2, q1.speaker, "خالد العمري")
    assert q2.content.text == "أن الشركة تخطط لافتتاح فروع جديدة"
    assert q2.speaker_id == q1.speaker_id


@pytest.mark.parametrize("text", [
    "ورد الوزير على سؤال حول الموازنة الجديدة.",
    "وردت القوات بغارات على مواقع المسلحين.",
    "وعلق المدرب على أداء اللاعبين في المباراة.",
    "وأيدت المحكمة حكما بسجن المتهم.",
    "وتطرق الوزير إلى ملف الطاقة في كلمته.",
    # a relative's own pronoun after the cue: what is called for or condemned is the noun before
    "ويعد ذلك انتهاكا للحقوق التي ينادي بها المجتمع الدولي بدوله ومؤسساته.",
    # an arrest (ألقى القبض على), and تلقى "received" spelled with ى (not تلقي باللوم)
    "ألقت الشرطة المحلية القبض على ثلاثة مشتبه بهم.",
    "وتلقى الصندوق وعودا بتمويل إضافي من المانحين.",
])
def test_answering_or_commenting_on_something_reports_nothing(text):
    assert run(text) == []


def test_a_report_at_a_time_given_by_a_relative_still_reports():
    q, = run("وتصاعدت الاحتجاجات في الوقت الذي قال فيه الوزير إن الحكومة ستستقيل.")
    assert q.speaker.text == "الوزير" and q.content.text == "إن الحكومة ستستقيل"


def test_a_comment_without_content_still_names_who_speaks_next():
    q, = run("وعلق المدرب على الخسارة قائلا: \"لم نكن في يومنا\".")
    assert q.cue.text == "قائلا" and q.speaker_resolved.text == "المدرب"
    q1, q2 = run("ورد الوزير على سؤال حول الموازنة بأن العجز سينخفض. وأضاف أن الديون ستتراجع.")
    assert q1.content.text == "بأن العجز سينخفض"
    assert q2.speaker_resolved.text == "الوزير"


def test_pro_drop_cue_resolves_to_the_subject_of_its_own_sentence():
    # no speaker before it: the defined subject of the sentence's opening verb said it
    q, = run("اهتمت الصحف المحلية بقرار المدرب الجديد حيث قالت إن الاتفاق مع النادي قريب.")
    assert q.speaker is None and q.speaker_resolved.text == "الصحف المحلية"


def test_pro_drop_cue_resolves_to_investigators_narrated_before():
    # المحققون is a source title: a narrative sentence about them makes them the antecedent
    _, q = run("وقالت الشرطة إن الحادث وقع ليلا. وتمكن المحققون من تحديد موقع السيارة. "
               "وقالوا إن السائق فر إلى الجنوب.")
    assert q.speaker is None and q.speaker_resolved.text == "المحققون"


def test_short_name_resolves_to_the_full_name_it_stands_for():
    # the guidelines' head is the fullest name: ترامب alone stands for دونالد ترامب
    text = ("وقال الرئيس الأمريكي دونالد ترامب إن المحادثات بناءة. "
            "وأكد ترامب أن الاتفاق قريب. وأضاف أن الوفدين سيلتقيان الأسبوع المقبل.")
    q1, q2, q3 = run(text)
    assert q2.speaker.text == "ترامب"
    assert q3.speaker is None and q3.speaker_resolved.text == "دونالد ترامب"
    assert q3.speaker_id == q1.speaker_id == q2.speaker_id


def test_feminine_cue_skips_nearer_masculine_speaker():
    text = ("وقالت الوزيرة هدى الشامي إن الميزانية الجديدة تدعم التعليم. "
            "وقال المحلل الاقتصادي كريم يوسف إن الخطة طموحة. "
            "وقالت إن الحكومة ستراجع الرسوم الجامعية.")
    q1, q2, q3 = run(text)
    assert q2.speaker.text == "المحلل الاقتصادي كريم يوسف"
    assert_resolves_to(q3, q1.speaker, "هدى الشامي")
    assert q3.content.text == "إن الحكومة ستراجع الرسوم الجامعية"


def test_participle_resolves_to_same_sentence_speaker():
    text = "وقال الوزير إن الحكومة ستدعم المزارعين، مشيرا إلى أن الموسم كان صعبا."
    q1, q2 = run(text)
    assert q1.content.text == "إن الحكومة ستدعم المزارعين"
    assert q2.cue.text == "مشيرا"
    assert_resolves_to(q2, q1.speaker, "الوزير")
    assert q2.content.text == "إلى أن الموسم كان صعبا"


def test_feminine_participle():
    text = "وقالت الوزيرة إن الأسعار ستستقر قريبا، مضيفة أن الحكومة ستراقب الأسواق."
    q1, q2 = run(text)
    assert q2.cue.text == "مضيفة"
    assert_resolves_to(q2, q1.speaker, "الوزيرة")
    assert q2.content.text == "أن الحكومة ستراقب الأسواق"


def test_plural_cue_resolves_to_plural_speaker():
    text = ("وقال وزراء الخارجية العرب إن الحل السياسي هو الطريق الوحيد. "
            "وقال المبعوث الأممي إن الوضع خطير. "
            "وأشاروا إلى أن الأزمة الإنسانية تتفاقم.")
    q1, q2, q3 = run(text)
    assert q1.speaker.text == "وزراء الخارجية العرب"
    assert q3.cue.text == "وأشاروا"
    assert_resolves_to(q3, q1.speaker, "وزراء الخارجية")
    assert q3.content.text == "إلى أن الأزمة الإنسانية تتفاقم"


def test_honorific_is_implicit_and_resolved():
    text = ("وقال الأمير فيصل بن سلمان إن المنطقة تشهد نهضة اقتصادية غير مسبوقة. "
            "وأكد سموه أن الدولة تدعم الاستثمار الأجنبي.")
    q1, q2 = run(text)
    assert q1.speaker.text == "الأمير فيصل بن سلمان"
    assert q2.cue.text == "وأكد"
    assert_resolves_to(q2, q1.speaker, "فيصل بن سلمان")
    assert q2.content.text == "أن الدولة تدعم الاستثمار الأجنبي"


def test_pro_drop_after_a_narrated_subject_goes_on_about_it():
    # the nearest mention of the source is the subject of a narrative sentence,
    # not the earlier speaker
    text = ("وقال المتحدث باسم الشرطة إن التحقيق مستمر. "
            "ويتابع المحامي نادر قصيباتي القضية منذ عامين. "
            "وأضاف أن موكله سيطعن في الحكم.")
    q1, q2 = run(text)
    assert q2.cue.text == "وأضاف" and q2.speaker is None
    assert q2.speaker_resolved.text.endswith("نادر قصيباتي")
    assert q2.speaker_id != q1.speaker_id


def test_negated_narrative_verb_has_a_subject_too():
    text = ("قال المتحدث باسم الشرطة إن التحقيق مستمر. "
            "ولم يكشف المحامي كريم قصيباتي تفاصيل القضية. "
            "وأضاف أن موكله بريء.")
    q1, q2 = run(text)
    assert q2.speaker_resolved.text.endswith("كريم قصيباتي")


def test_a_short_verb_after_waqad_has_its_subject_too():
    text = ("وقالت الصحف إن المعارضين اعتقلوا. "
            "وقد شنت الحكومة التركية حملة على المعارضين منذ عامين. "
            "وطالبت الدول المجاورة بتسليمهم.")
    q1, q2 = run(text)
    assert q2.speaker is None and q2.speaker_resolved.text == "الحكومة التركية"


def test_narrated_subject_must_agree_with_the_cue():
    text = ("وقال المتحدث باسم الشرطة إن التحقيق مستمر. "
            "وتتابع الصحف المحلية القضية منذ عامين. "
            "وأضاف أن المتهمين سيمثلون أمام القاضي الأسبوع المقبل.")
    q1, q2 = run(text)
    assert_resolves_to(q2, q1.speaker, "المتحدث باسم الشرطة")


@pytest.mark.parametrize("title", ["مساعد أمين الغرفة", "مساعد أمين غرفة التجارة"])
def test_title_only_mention_defers_to_the_name_it_stands_for(title: str) -> None:
    # the description is the same person as the named first mention; a
    # participle after it resolves to the name, which the gazetteer does not know
    text = ("وقال عمار قصيباتي مساعد الأمين العام للغرفة التجارية إن الصادرات تضاعفت. "
            f"وأشار {title} إلى أن الوفد سيزور ثلاث دول، "
            "لافتا إلى أن الزيارة تستمر أسبوعا.")
    q1, q2, q3 = run(text)
    assert q2.speaker.text == title
    assert q3.cue.text == "لافتا"
    assert "قصيباتي" in q3.speaker_resolved.text
    assert q3.speaker_id == q1.speaker_id


def test_pro_drop_with_no_agreeing_antecedent_takes_the_nearest_speaker():
    # the group was named with a masculine verb, then continued in the feminine
    text = ("وقال مجلس إدارة الجمعية إن الانتخابات ستجرى في موعدها. "
            "وأضافت أن باب الترشح يفتح الأسبوع المقبل.")
    q1, q2 = run(text)
    assert_resolves_to(q2, q1.speaker, "مجلس إدارة الجمعية")


def test_pro_drop_after_a_relaying_source_continues_the_speaker():
    # the agency only relays what the minister said: وتابع goes on with him
    text = ("قال وزير النقل سالم حداد إن الطريق سيفتتح قريبا.\n"
            "جاء ذلك في كلمة ألقاها حداد أمام البرلمان، حيث قال فيها وفقا لما نشرته وكالة الأنباء الرسمية: "
            "\"الأعمال بلغت مراحلها الأخيرة.\"\n"
            "وتابع قائلا: \"الكلفة انخفضت إلى النصف\".")
    qs = run(text)
    assert qs[0].speaker.text == "وزير النقل سالم حداد"
    assert qs[-1].cue.text == "وتابع"
    assert_resolves_to(qs[-1], qs[0].speaker, "سالم حداد")


@pytest.mark.parametrize("second", [
    "وتابع بالقول إن التمويل متوفر.",                 # a say marker, not a subject
    "وأضاف وسط تصفيق الحضور إن التمويل متوفر.",        # an adverbial, not a subject
])
def test_words_after_a_pro_drop_cue_that_cannot_be_its_subject(second: str) -> None:
    q1, q2 = run("قال الوزير إن الخطة جاهزة. " + second)
    assert_resolves_to(q2, q1.speaker, "الوزير")


def test_audience_after_a_call_verb_is_its_object_even_before_an_inner_quotation():
    text = ('قال الرئيس إن البلاد تمر بأزمة. '
            'ودعا الشعب إلى الصبر على الصعاب "من أجل الحفاظ على الوطن"، مؤكدا أن "الفرج قريب".')
    q1, q2, q3 = run(text)
    assert q2.cue.text == "ودعا"
    assert_resolves_to(q2, q1.speaker, "الرئيس")
    assert q2.content.text.startswith("الشعب إلى الصبر")
    assert_resolves_to(q3, q1.speaker, "الرئيس")


def test_country_after_a_feminine_accuse_verb_is_its_subject():
    q = run("وقال الوزير إن التحقيق مستمر. وألقت بريطانيا باللوم على روسيا في الهجوم.")[1]
    assert q.speaker.text == "بريطانيا"


def test_country_after_a_masculine_call_verb_is_its_object():
    q1, q2 = run("وقال الوزير إن التحقيق مستمر. وحث موسكو على التعاون.")
    assert_resolves_to(q2, q1.speaker, "الوزير")


def test_pro_drop_without_antecedent():
    q = one("وأضاف أن الحكومة ستدعم القطاع الخاص بقروض ميسرة.")
    assert q.speaker is None and q.speaker_resolved is None
    assert q.content.text == "أن الحكومة ستدعم القطاع الخاص بقروض ميسرة"


# ------------------------------------------------------------ frames

@pytest.mark.parametrize("text, speaker, first, last", [
    ("وأسفرت الضربة الجوية، وفق المرصد السوري، عن مقتل 14 عنصرا من القوات.",
     "المرصد السوري", "وأسفرت الضربة الجوية", "عن مقتل 14 عنصرا من القوات"),
    # set off by dashes
    ("وقد تتراجع صادرات النفط - بحسب ما قالته وكالة الأنباء - إلى الثلث.",
     "وكالة الأنباء", "وقد تتراجع صادرات النفط", "إلى الثلث"),
])
def test_frame_inside_a_short_clause_takes_the_whole_clause(text: str, speaker: str, first: str, last: str) -> None:
    q = one(text)
    assert q.speaker.text == speaker
    assert q.content.text.startswith(first)
    assert q.content.text.endswith(last)


@pytest.mark.parametrize("frame, speaker", [
    ('حسبما قالت قناة "الأفق" المحلية', 'قناة "الأفق" المحلية'),     # a quoted name after an organisation word
    ('بحسب صحيفة "الأيام"', 'صحيفة "الأيام"'),                        # its marks stay balanced
    ("حسبما نقلت وكالة الأنباء عن مصادر طبية", "مصادر طبية"),        # the cited source, not the relay
])
def test_frame_speaker(frame: str, speaker: str) -> None:
    q = one(f"وقتل متظاهر في المدينة، {frame}.")
    assert q.speaker.text == speaker
    assert q.content.text == "وقتل متظاهر في المدينة"


def test_frame_between_two_clauses_takes_the_first():
    q = one("قتل خمسة أشخاص في الهجوم، بحسب الشرطة، وأصيب عشرة آخرون.")
    assert q.content.text == "قتل خمسة أشخاص في الهجوم"


def test_source_frame_first():
    q = one("وبحسب وزارة الصحة، فإن عدد الإصابات ارتفع إلى مئتي حالة.")
    assert q.cue.text == "وبحسب"
    assert q.cue_class == "source"
    assert q.speaker.text == "وزارة الصحة"
    assert q.content.text == "فإن عدد الإصابات ارتفع إلى مئتي حالة"


def test_source_frame_last():
    q = one("قتل ثلاثة أشخاص في انفجار سيارة مفخخة وسط المدينة، حسب الشرطة.")
    assert q.cue.text == "حسب"
    assert q.speaker.text == "الشرطة"
    assert q.content.text == "قتل ثلاثة أشخاص في انفجار سيارة مفخخة وسط المدينة"
    assert q.type == "indirect"


def test_source_frame_with_attached_lam():
    q = one("تضرر أكثر من ألف منزل جراء الفيضانات، وفقا لوزارة الداخلية.")
    assert q.cue.text == "وفقا"
    assert q.speaker.text == "وزارة الداخلية"       # the attached ل is not part of the source
    assert q.content.text == "تضرر أكثر من ألف منزل جراء الفيضانات"


# ------------------------------------------------------ not quotes

@pytest.mark.parametrize("text", [
    'تعمل منظمة "أطباء بلا حدود" في المخيمات منذ سنوات.',
    'أطلقت الحملة شعار "معا" في العاصمة.',
    "وشارك في المؤتمر ممثلون عن «الهلال الأحمر» والصليب الأحمر.",
    "انخفضت درجات الحرارة في العاصمة أمس.",
])
def test_names_terms_and_narration_are_not_quotes(text):
    assert run(text) == []


@pytest.mark.parametrize("text", [
    "ولم يقل الوزير إن الحكومة ستستقيل.",
    "وسيعلن الوزير أن الحكومة ستستقيل غدا.",
    "ومن المتوقع أن يعلن الوزير أن الحكومة ستستقيل.",
])
def test_reports_that_did_not_happen(text):
    assert run(text) == []


def test_nested_report_inside_direct_quote():
    q = one('وقال الوزير: "أكد لي الرئيس أن الحكومة ستدعم المشروع حتى النهاية".')
    assert q.type == "direct" and q.speaker.text == "الوزير"
    assert q.content.text == "أكد لي الرئيس أن الحكومة ستدعم المشروع حتى النهاية"


def test_nested_report_inside_indirect_content():
    q = one("وقال الوزير إن المدير أكد له أن المشروع سينجز في موعده.")
    assert q.speaker.text == "الوزير"
    assert q.content.text == "إن المدير أكد له أن المشروع سينجز في موعده"


# ----------------------------------------------------- robustness

@pytest.mark.parametrize("text", [
    'قال الوزير "إن الخطة ستنجح وأضاف أن التمويل متوفر.',
    "«وقال الوزير إن »الخطة« ستنجح. \"",
    'وقال الوزير إن الخطة ستنجح.\nوقال المدير "إن العمل مستمر.\nوأضاف المدير أن النتائج إيجابية.',
    '"""وقال""" «« »» ”“ : : ،،',
    "وقال",
    "قال:",
    "وقال الوزير:",
])
def test_unbalanced_marks_do_not_crash(text):
    run(text)


def test_unbalanced_mark_keeps_later_quotes():
    text = ('وقال النائب "إن الحكومة فشلت في إدارة الأزمة.\n'
            'وقال رئيس البرلمان: "سنعقد جلسة طارئة الأسبوع المقبل".')
    qs = run(text)
    last = qs[-1]
    assert last.type == "direct"
    assert last.speaker.text == "رئيس البرلمان"
    assert last.content.text == "سنعقد جلسة طارئة الأسبوع المقبل"


# ------------------------------------------------------------- ids

def test_speaker_id_shared_by_full_name_and_surname():
    text = ("وقال وزير الخارجية أحمد الصباغ إن بلاده ترفض التدخل الخارجي. "
            "وقالت النائبة ريم الخطيب إن البرلمان سيناقش الملف. "
            "وأكد الصباغ أن الحوار هو الحل الوحيد.")
    q1, q2, q3 = run(text)
    assert q1.speaker.text == "وزير الخارجية أحمد الصباغ"
    assert q3.speaker.text == "الصباغ"
    assert q1.speaker_id is not None
    assert q3.speaker_id == q1.speaker_id
    assert q2.speaker_id != q1.speaker_id


def test_title_only_mention_joins_earlier_speaker():
    text = ("أكد المتحدث باسم وزارة الخارجية أن بلاده تدعم الحل السلمي. "
            "وقال المتحدث إن الوزير سيزور المنطقة الأسبوع المقبل.")
    q1, q2 = run(text)
    assert q2.speaker.text == "المتحدث"
    assert q2.speaker_id == q1.speaker_id


def test_offsets_with_invisible_characters():
    text = "\ufeffوقـــالَ وزيرُ المالية\u00a0سمير الحداد إنّ الحكومة ستخفض الضرائب.\r\n"
    q = one(text)
    assert q.content.text == "إنّ الحكومة ستخفض الضرائب"
    assert "الحداد" in q.speaker.text


# ------------------------------------------------- later rules (session 1)

def test_headline_and_link_lists_are_not_annotated():
    text = ("وزير الطاقة يعلن خطة جديدة للكهرباء\n"
            "• الحكومة تؤكد التزامها بالموعد\n"
            "وقال وزير الطاقة إن الخطة ستنفذ على مرحلتين.")
    q = one(text)
    assert q.cue.text == "وقال"


def test_last_paragraph_without_full_stop_still_reports():
    q = one("وقال المتحدث باسم البلدية إن الطرق ستفتح صباح الغد")
    assert q.content.text == "إن الطرق ستفتح صباح الغد"


def test_qaelan_relays_content_to_the_verb_before_it():
    q = one('وتابع الوزير كلامه، قائلا: "لن نتراجع عن هذا القرار مهما كانت الضغوط".')
    assert q.cue.text == "وتابع"
    assert q.type == "direct"
    assert txt(q.speaker) == "الوزير"
    assert q.content.text == "لن نتراجع عن هذا القرار مهما كانت الضغوط"


def test_fronted_subject_of_kana_qad():
    q = one("وكانت الحكومة قد اتهمت الشركة بإخفاء الأرقام الحقيقية للخسائر.")
    assert txt(q.speaker) == "الحكومة"
    assert q.content.text.startswith("الشركة")


def test_relative_pronoun_subject():
    q = one("ونشرت الوزارة بيانا رسميا. وقد رحبت النقابة التي أكدت أن الاتفاق يحمي حقوق العمال.")
    assert txt(q.speaker) == "النقابة"
    assert q.content.text == "أن الاتفاق يحمي حقوق العمال"


def test_relative_pronoun_as_object_leaves_the_speaker_after_the_verb():
    q = one("وتوقفت المفاوضات، التي قالت الوزارة إنها ستستأنف قريبا، منذ أسبوع.")
    assert txt(q.speaker) == "الوزارة"
    assert q.content.text.startswith("إنها ستستأنف")


def test_verb_with_object_pronoun_is_a_cue():
    qs = run("وانتقد النائب الوزير بشدة، ثم اتهمه بتضليل البرلمان في قضية الموازنة.")
    assert any(q.cue.text == "اتهمه" and q.content.text.startswith("بتضليل") for q in qs)


def test_masculine_verb_does_not_take_a_feminine_subject():
    text = "وقال رئيس النقابة إن الإضراب سيستمر. ودعا الحكومة إلى فتح باب الحوار فورا."
    qs = run(text)
    q = qs[-1]
    assert q.speaker is None
    assert "رئيس النقابة" in q.speaker_resolved.text
    assert q.content.text.startswith("الحكومة إلى")


def test_content_stops_before_a_clause_that_reports_someone_else():
    text = "وقالت الوزارة إن الأسعار ستنخفض الشهر المقبل، في حين قال التجار إنها سترتفع."
    qs = run(text)
    assert [q.content.text for q in qs] == ["إن الأسعار ستنخفض الشهر المقبل", "إنها سترتفع"]
    assert txt(qs[1].speaker) == "التجار"


def test_closing_adjunct_is_not_content():
    q = one("وتعهدت الدول المانحة بتقديم ملياري دولار للاجئين، خلال مؤتمر عقد في العاصمة.")
    assert q.content.text == "بتقديم ملياري دولار للاجئين"


def test_cited_source_speaks_through_qawlahu():
    q = one("ونقلت الوكالة الرسمية عن مصدر أمني قوله إن الحدود ستبقى مغلقة.")
    assert q.cue.text == "قوله"
    assert txt(q.speaker) == "مصدر أمني"
    assert txt(q.addressee) == "الوكالة الرسمية"


def test_spans_never_end_on_a_direction_mark():
    q = one("وقال المتحدث\u200f إن الاجتماع انتهى.")
    assert txt(q.speaker) == "المتحدث"


def test_implicit_reference_points_at_the_name_inside_a_long_mention():
    text = ("وقال مستشار رئيس الوزراء للشؤون الاقتصادية كريم منصور الهاشمي إن النمو سيتحسن. "
            "وأضاف أن البطالة ستتراجع.")
    q = run(text)[1]
    assert q.speaker is None
    assert q.speaker_resolved.text.startswith("كريم منصور")


def test_ma_before_a_verb_is_not_a_report():
    assert run("وارتفعت الأسعار بشكل حاد، ما يشير إلى أزمة قادمة في الأسواق.") == []


def test_svo_subject_drops_the_verb_and_the_object_before_it():
    q = one("وأصدرت الوزارة بيانا قالت فيه إن المشروع سينتهي قبل الصيف.")
    assert txt(q.speaker) == "الوزارة"
    assert q.content.text == "إن المشروع سينتهي قبل الصيف"


def test_dative_after_the_verb_is_the_addressee():
    q = one("وقالت لجمهورها في الحفل إنها ستعود العام المقبل.")
    assert q.speaker is None
    assert txt(q.addressee).startswith("لجمهورها")


def test_yudhkar_anna_is_narration():
    assert run("يذكر أن المهرجان يقام كل عام في فصل الصيف.") == []


def test_call_verb_continuing_a_clause_takes_an_object():
    text = "وقال الوزير إن الوضع خطير، وحث المواطنين على التزام منازلهم."
    qs = run(text)
    assert [q.cue.text for q in qs] == ["وقال", "وحث"]
    assert qs[1].speaker is None
    assert qs[1].content.text.startswith("المواطنين على")


@pytest.mark.parametrize("text,speaker", [
    ("وكان رئيس البرلمان، سامي الحداد، قد أعلن أن الجلسة ستعقد غدا.", "رئيس البرلمان، سامي الحداد"),
    ("وكانت، ليلى منصور، مديرة المدرسة، قد أكدت أن الامتحانات ستؤجل.", "ليلى منصور، مديرة المدرسة"),
    ("وكان وزير المالية قد أعلن أن الضرائب لن ترتفع.", "وزير المالية"),
])
def test_kana_qad_subject_with_an_apposition(text, speaker):
    q = one(text)
    assert txt(q.speaker) == speaker     # not قد, the particle before the verb


def test_lisahifa_after_a_person_is_still_the_addressee():
    q = one("وقال الوزير لصحيفة الأيام إن المصنع سيغلق أبوابه.")
    assert txt(q.speaker) == "الوزير"
    assert txt(q.addressee).startswith("لصحيفة")


@pytest.mark.parametrize("text,cue", [
    ("وقال الوزير إن القرار نهائي. وأكد وجوب الالتزام بالقرارات الجديدة في كل المحال.", "وأكد"),
    ("وقالت الحكومة إن المحادثات مستمرة. وأعلنت التوصل إلى اتفاق مع النقابات.", "وأعلنت"),
])
def test_a_verbal_noun_after_the_cue_is_what_is_said(text, cue):
    q = [q for q in run(text) if q.cue.text == cue][0]
    assert q.speaker is None                    # not وجوب / التوصل
    assert q.speaker_resolved.text in ("الوزير", "الحكومة")
    assert q.content.text.startswith(("وجوب", "التوصل"))


def test_a_verbal_noun_after_ba_is_its_object():
    q = one("أفادت تقارير بمقتل قائد الحركة، أبو سالم، في غارة جوية.")
    assert txt(q.speaker) == "تقارير"
    assert q.content.text.startswith("بمقتل")


def test_a_surname_that_is_also_a_noun_still_speaks():
    q = one('وقال عودة "لا شيء يمنع الحقيقة".')
    assert txt(q.speaker) == "عودة"


def test_implicit_speaker_keeps_a_short_title_with_the_name():
    qs = run('وقال الملك عبد الله الثاني إن الأردن سيحاسب المعتدين. وتابع: "لن يزيدنا هذا إلا قوة".')
    assert qs[1].speaker is None
    assert qs[1].speaker_resolved.text == "الملك عبد الله الثاني"


def test_accusing_participle_keeps_who_is_accused_in_the_content():
    qs = run("وقال الرئيس إن البلاد بخير، متهما وزير الخارجية بالكذب على الناخبين.")
    assert qs[1].cue.text == "متهما"
    assert qs[1].content.text == "وزير الخارجية بالكذب على الناخبين"
    assert qs[1].speaker_resolved.text == "الرئيس"


def test_pro_drop_after_a_sentence_opening_with_a_bare_verb():
    text = ("وقالت الشرطة إن الطريق أغلق. "
            "تقدم رئيس شركة القطارات باعتذار للركاب عن التأخير. "
            "ووعد بتقديم تعويضات لكل المتضررين.")
    q1, q2 = run(text)
    assert q2.speaker is None
    assert q2.speaker_resolved.text.startswith("رئيس شركة القطارات")


def test_a_view_held_by_people_is_reported_without_a_complementizer():
    q = one("ويعتبر المقاتلون المتشددون زيارة الأضرحة من البدع.")
    assert txt(q.speaker) == "المقاتلون المتشددون"
    assert q.content.text == "زيارة الأضرحة من البدع"
    assert run("ويعتبر المشروع من أهم المشاريع في المنطقة.") == []     # passive: is considered


@pytest.mark.parametrize("text,content", [
    ("وقال النائب إن القمة مهمة، وتساءل هل ستغير هذه القمة شيئا في المنطقة.", "هل ستغير هذه القمة شيئا في المنطقة"),
    ("وقال النائب إن القمة مهمة، وتساءل عما إذا كانت القمة ستغير شيئا.", "عما إذا كانت القمة ستغير شيئا"),
])
def test_a_question_opens_the_content_of_an_ask_verb(text, content):
    q = run(text)[1]
    assert q.speaker is None and q.speaker_resolved.text == "النائب"
    assert q.content.text == content


def test_a_day_before_the_object_is_not_an_svo_subject():
    qs = run("وقال البرلمان إن الوضع خطير. ونشر البرلمان، الثلاثاء بيانا يدعو فيه إلى إجراء تحقيق جاد.")
    assert qs[1].speaker is None and qs[1].speaker_resolved.text == "البرلمان"


@pytest.mark.parametrize("noun", ["حديثه", "كلامه", "اقتباسه"])
def test_his_speech_before_qailan_is_not_the_speaker(noun):
    qs = run(f'وقال الرئيس إن الشعب قوي. وتابع {noun} قائلا: "إذا كنا معا فلا شيء مستحيل".')
    assert qs[1].speaker is None and qs[1].speaker_resolved.text == "الرئيس"


def test_after_a_manner_adverb_comes_the_object():
    qs = run("وقال الرئيس إن الحكومة بريئة. ونفى بشدة الاتهامات الموجهة إليه.")
    assert qs[1].speaker is None and qs[1].speaker_resolved.text == "الرئيس"
    assert qs[1].content.text == "بشدة الاتهامات الموجهة إليه"


def test_a_dative_audience_is_not_the_speaker():
    qs = run('وقالت الوزيرة إن المحادثات صعبة. وقالت لجمهور ضم رؤساء البلديات "هذا ليس وقت التأخير".')
    assert qs[1].speaker is None and qs[1].speaker_resolved.text == "الوزيرة"
    assert txt(qs[1].addressee).startswith("لجمهور")


@pytest.mark.parametrize("dash", ["—", "--"])
def test_a_glued_dateline_does_not_hide_the_first_cue(dash):
    q = one(f"دبي (CNN){dash}قال وزير الخارجية سامي نادر إن الاتفاق سيوقع غدا.")
    assert (q.cue.text, txt(q.speaker)) == ("قال", "وزير الخارجية سامي نادر")


# speaker extents of the third round: (rule, sentence, the whole speaker)
SPEAKER_EXTENTS = [
    ("document-author", "وذكر بيان صادر عن وزارة الزراعة أن المحصول تضاعف.", "بيان صادر عن وزارة الزراعة"),
    ("document-author", "وأضاف التقرير الصادر عن مركز الأبحاث أن الأسعار سترتفع.", "التقرير الصادر عن مركز الأبحاث"),
    ("document-author", "وذكر تقرير لصحيفة الأيام أن المصنع سيغلق أبوابه.", "تقرير لصحيفة الأيام"),
    ("plural-org-head", "وأعلنت وسائل إعلام رسمية أن الطريق أعيد فتحه.", "وسائل إعلام رسمية"),
    ("plural-org-head", "ودعت نقابات عمال الموانئ إلى إضراب شامل يوم الاثنين.", "نقابات عمال الموانئ"),
    ("plural-org-head", "وقال نشطاء حقوقيون إن الحملة ستستمر.", "نشطاء حقوقيون"),
    ("place-affiliation", "ونبه المبعوث الخاص إلى سوريا سامي نادر الدول المانحة إلى نقص التمويل.",
     "المبعوث الخاص إلى سوريا سامي نادر"),
    ("place-affiliation", "ودعا السفير لدى الأمم المتحدة فادي سليم إلى وقف فوري لإطلاق النار.",
     "السفير لدى الأمم المتحدة فادي سليم"),
    ("kabir", "وحذر كبير مستشاري الوزير العميد عادل ناصر من تصعيد جديد.", "كبير مستشاري الوزير العميد عادل ناصر"),
]


@pytest.mark.parametrize("text,speaker", [pytest.param(t, sp, id=f"{rule}-{n}")
                                          for n, (rule, t, sp) in enumerate(SPEAKER_EXTENTS)])
def test_speaker_extent(text, speaker):
    q = one(text)
    assert txt(q.speaker) == speaker


def test_a_hashtag_speaker_keeps_its_mark():
    text = "وأعلنت #الحكومة_الألمانية أنها سترسل مساعدات. وأكد #المخلافي أن الحوار مستمر، مضيفا أن الوفد جاهز."
    first, second, third = quotes.extract(text)
    assert txt(first.speaker) == "#الحكومة_الألمانية"
    assert txt(second.speaker) == "#المخلافي"
    assert third.speaker is None and txt(third.speaker_resolved) == "#المخلافي"


@pytest.mark.parametrize("text", [
    "وجاء الحادث بعد يوم واحد من افتتاح الطريق الجديد.",
    "وأضاف الفريق الهدف الثاني في الدقيقة الأخيرة من المباراة.",
    "وقد تحدث العاصفة أضرارا كبيرة بالمحاصيل.",
    "واعترضت الدفاعات الجوية صاروخين فوق المدينة.",
])
def test_narrating_senses_of_report_verbs_with_a_bare_object(text):
    assert quotes.extract(text) == []


@pytest.mark.parametrize("text, content", [
    ("وجاء في البيان أن الاجتماع سيعقد غدا.", "أن الاجتماع سيعقد غدا"),
    ("وأضاف المدرب أن الفريق سيعود أقوى.", "أن الفريق سيعود أقوى"),
    ("واعترضت النقابة على القرار الجديد.", "على القرار الجديد"),
])
def test_the_same_verbs_with_a_complement_report(text, content):
    (q,) = quotes.extract(text)
    assert q.content.text == content


@pytest.mark.parametrize("text, speaker, content", [
    ('ونقلت وكالة الأنباء الرسمية على لسان الوزير قوله: "لن نتراجع عن هذا القرار مهما كانت الضغوط".',
     "الوزير", "لن نتراجع عن هذا القرار مهما كانت الضغوط"),
    ("ونقلت وكالة الأنباء الرسمية على لسان الوزير أن الحكومة لن تتراجع عن القرار.",
     "الوزير", "أن الحكومة لن تتراجع عن القرار"),
    ('ونقلت الوكالة عن مصدر أمني قوله: "الهجوم فشل تماما ولن يتكرر أبدا".',
     "مصدر أمني", "الهجوم فشل تماما ولن يتكرر أبدا"),
])
def test_a_source_relayed_on_its_own_tongue_speaks(text, speaker, content):
    """نقلت الوكالة على لسان X: one quote, X's, not a second one with the agency's clause as content."""
    (q,) = quotes.extract(text)
    assert (txt(q.speaker_resolved), q.content.text) == (speaker, content)


@pytest.mark.parametrize("text, content", [
    ("وقال المتحدث إن رئيس الوزراء الإسرائيلي، بنيامين نتنياهو، تحدث هاتفيا مع نظيره.",
     "إن رئيس الوزراء الإسرائيلي، بنيامين نتنياهو، تحدث هاتفيا مع نظيره"),
    ("وقال المتحدث إن الرئيس، جوزيف كابيلا، أكد أن الانتخابات ستجري في موعدها.",
     "إن الرئيس، جوزيف كابيلا، أكد أن الانتخابات ستجري في موعدها"),
])
def test_a_name_set_off_by_commas_inside_the_content_keeps_its_predicate(text, content):
    (q,) = quotes.extract(text)
    assert q.content.text == content


def test_a_new_report_after_a_comma_still_ends_the_content():
    first, second = quotes.extract("وقال الوزير إن الحكومة ستخفض الضرائب، قال مسؤول آخر إن ذلك مستحيل.")
    assert first.content.text == "إن الحكومة ستخفض الضرائب"
    assert second.content.text == "إن ذلك مستحيل"


@pytest.mark.parametrize("text, speaker, content", [
    ("واتهمت واشنطن طهران بدعم المتمردين، لكن طهران تنفي ذلك.", "طهران", "ذلك"),
    ("واتهمت واشنطن طهران بدعم المتمردين، لكن طهران نفت هذا الأمر.", "طهران", "هذا الأمر"),
    ("وقالت وسائل إعلام إن الاتفاق انهار، لكن الصماد نفى ذلك في منشور على فيسبوك.", "الصماد", "ذلك"),
])
def test_a_denial_with_its_subject_before_it(text, speaker, content):
    q = run(text)[-1]
    assert (q.cue.text[-3:] in ("نفت", "نفي", "نفى"), txt(q.speaker), q.content.text) == (True, speaker, content)


def test_other_verbs_with_a_bare_object_and_a_subject_before_them_stay_unreported():
    assert [q.cue.text for q in run("وقالت الوزارة إن الطريق مفتوحة، لكن الشركة رفضت هذا.")] == ["وقالت"]


@pytest.mark.parametrize("text, antecedent", [
    ("ونظمت النقابة وقفة احتجاجية أمس. وأكدت خلالها أن الأجور متدنية.", "النقابة"),
    ("وعقد الوزير مؤتمرا صحفيا، وقال خلاله إن الخطة جاهزة.", "الوزير"),
])
def test_during_it_is_no_speaker(text, antecedent):
    """خلاله/خلالها "during it" point back to an event; the pro-drop verb keeps its speaker."""
    q = run(text)[-1]
    assert q.speaker is None and txt(q.speaker_resolved) == antecedent


def test_the_people_after_any_proclitic_verb_are_its_audience():
    qs = run("وقال الرئيس إن الحرب انتهت. وعاهد الشعب بأن يظل خادما له، مشيرا إلى استعداده للتضحية.")
    assert [q.speaker for q in qs[1:]] == [None, None]
    assert [txt(q.speaker_resolved) for q in qs] == ["الرئيس"] * 3


# Where the speaker ends and the content starts, one sentence per rule.
SPEAKER_AND_CONTENT = [
    # who leads a coalition belongs to it
    ("coalition", "وتعتبر قوات التحالف بقيادة السعودية الحوثيين امتدادا لإيران.", "قوات التحالف بقيادة السعودية",
     "الحوثيين امتدادا لإيران"),
    ("coalition", "وقال التحالف العسكري بقيادة الولايات المتحدة إن الغارة أصابت الهدف.",
     "التحالف العسكري بقيادة الولايات المتحدة", "إن الغارة أصابت الهدف"),
    # a manner adverb is not the speaker
    ("manner", "وقالت فرنسا بوضوح إنها لن تشارك في العملية.", "فرنسا", "إنها لن تشارك في العملية"),
    ("manner", "ونفت الحكومة بشدة استخدام الأسلحة المحظورة.", "الحكومة", "بشدة استخدام الأسلحة المحظورة"),
    ("manner", "وندد الوزير بسرعة بالفكرة الجديدة.", "الوزير", "بالفكرة الجديدة"),
    # a word hyphenated onto a name belongs to it
    ("hyphen", "وقال رئيس كوريا الجنوبية مون جاي-إن إن القمة ناجحة.", "رئيس كوريا الجنوبية مون جاي-إن",
     "إن القمة ناجحة"),
    ("hyphen", "ودعا الرئيس الكوري الجنوبي، مون جاي-إن، إلى استئناف المحادثات.",
     "الرئيس الكوري الجنوبي، مون جاي-إن", "إلى استئناف المحادثات"),
    # بيد أن "however" opens the journalist's next clause: the accusation keeps
    # its own content, and its speaker stops at the subject
    ("comma-ends-search", "وتتهم لندن موسكو بالهجوم، بيد أن موسكو تنفي أي ضلوع لها فيه.", "لندن", "موسكو بالهجوم"),
    # an appositive name joins a description that goes on with an affiliation,
    # a rank before it or an affiliation after it, and names of nisba surnames
    ("apposition", "وأفاد المدير الإقليمي عن المشروع، رامي الحداد، أن العمل سيبدأ قريبا.",
     "المدير الإقليمي عن المشروع، رامي الحداد", "أن العمل سيبدأ قريبا"),
    ("apposition", "وقال المتحدث باسم القوات، العقيد الركن نادر القيسي، إن الهجوم صُد.",
     "المتحدث باسم القوات، العقيد الركن نادر القيسي", "إن الهجوم صُد"),
    ("apposition", "واعتبر رئيس الحزب، الهادي العبيدي، أن القرار متسرع.", "رئيس الحزب، الهادي العبيدي",
     "أن القرار متسرع"),
    ("apposition", "ورأى أحد الباحثين، ديرك هايغنز من جامعة أكسفورد، أن النتائج مقلقة.",
     "أحد الباحثين، ديرك هايغنز من جامعة أكسفورد", "أن النتائج مقلقة"),
    ("apposition", "وقال مفتي الديار في الإمارة، الشيخ خالد بن محمد آل ثاني، إن الصفقة تمت.",
     "مفتي الديار في الإمارة، الشيخ خالد بن محمد آل ثاني", "إن الصفقة تمت"),
    # علي and لي inside a name are not prepositions
    ("name-word", "وقالت مديرة المكتب، ميشيل لي، إن التحقيق مستمر.", "مديرة المكتب، ميشيل لي",
     "إن التحقيق مستمر"),
    ("name-word", "وحث رئيس الحكومة بن علي يلدريم على ضبط النفس.", "رئيس الحكومة بن علي يلدريم",
     "على ضبط النفس"),
    # a time chunk between them does not make the next words an apposition
    ("not-apposition", "وأعلنت الحكومة، الخميس، عنن ضم عدد من الوزراء إلى اللجنة.", "الحكومة",
     "عنن ضم عدد من الوزراء إلى اللجنة"),
    # حيث and بينما after a comma go on with what was said (the annotated
    # corpus and dev run through them far more often than they stop there);
    # the journalist's gloss في إشارة إلى ends it, with or without a comma
    ("runs-through", "وقال الوزير إن الوضع الأمني تحسن، حيث تراجعت الهجمات في المدينة.", "الوزير",
     "إن الوضع الأمني تحسن، حيث تراجعت الهجمات في المدينة"),
    ("runs-through", "وقال المحلل إن الصادرات ارتفعت، بينما تراجعت الواردات خلال الربع الأول.", "المحلل",
     "إن الصادرات ارتفعت، بينما تراجعت الواردات خلال الربع الأول"),
    # an imperfect cue right after a comma with its complement at once has no
    # subject of its own: it describes the noun before, inside the same content
    ("runs-through", "وقال المتحدث إن بلاغا ورد صباح اليوم، يفيد بوجود جسم مشبوه في المحطة.", "المتحدث",
     "إن بلاغا ورد صباح اليوم، يفيد بوجود جسم مشبوه في المحطة"),
    ("gloss", "وقالت الوزيرة إن الحكومة ارتكبت خطأ في إشارة إلى قرار رفع الأسعار.", "الوزيرة",
     "إن الحكومة ارتكبت خطأ"),
    # a describe/accuse/call verb's object stands between its subject and a complementizer too
    ("object-before-comp", "ووصف رئيس الوزراء حيدر العبادي حرق المخازن بأنه مخطط خطير.",
     "رئيس الوزراء حيدر العبادي", "حرق المخازن بأنه مخطط خطير"),
    ("object-before-comp", "ووصف الرئيس الأمريكي إعلان الحكومة بأنه خطوة جيدة.", "الرئيس الأمريكي",
     "إعلان الحكومة بأنه خطوة جيدة"),
    # an unknown name-like first word opens a name (its alef-initial surname
    # is no verbal noun), and a call verb's object after the apposition is content
    ("unknown-name", "وأمر يوغو أديتانوف، رئيس البلدية، الموظفين بإخلاء المبنى فورا.", "يوغو أديتانوف",
     "الموظفين بإخلاء المبنى فورا"),
    # a complementizer inside a quoted name opens nothing
    ("quoted-name", 'وقالت شبكة "سي إن إن" الإخبارية إن المفاوضات متعثرة.', 'شبكة "سي إن إن" الإخبارية',
     "إن المفاوضات متعثرة"),
]


@pytest.mark.parametrize("text,speaker,content", [pytest.param(t, sp, ct, id=f"{rule}-{n}")
                                                  for n, (rule, t, sp, ct) in enumerate(SPEAKER_AND_CONTENT)])
def test_speaker_and_content(text, speaker, content):
    q = one(text)
    assert (txt(q.speaker), q.content.text) == (speaker, content)
