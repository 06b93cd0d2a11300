from countersight.model import RawReport
from countersight.pipeline.factories import build_pipeline


def sentences(text):
    doc = build_pipeline(("segment", "topic", "sentences"))(RawReport("r", text, "r.txt", "txt"))
    return [doc.sentence_text(s) for s in doc.sentences]


def test_abbreviations_and_lower_case_pieces_do_not_end_a_sentence():
    text = ("North Korea keeps Camp No. 25 open in North Korea. Its prisoners number approx. 5,000 people. "
            "Lt. Gen. Kim Jong Un came. A broker paid 5000 yuan (approx. $160). Next, the guards left.")
    assert sentences(text) == [
        "North Korea keeps Camp No. 25 open in North Korea.",
        "Its prisoners number approx. 5,000 people.",
        "Lt. Gen. Kim Jong Un came.",
        "A broker paid 5000 yuan (approx. $160).",
        "Next, the guards left.",
    ]
