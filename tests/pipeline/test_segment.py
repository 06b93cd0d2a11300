from countersight.pipeline.segment import classify_blocks

PAGE = """Agents raid homes in Hyesan
FILE PHOTO: A street in Hyesan. (Daily NK)

North Korean state security agents searched homes in Hyesan last week, a source told Daily NK.

Cars on a road
A road near the border in Ryanggang Province. / Image: Daily NK

The source said the searches went on for three days.

Translated by Jane Doe.
Please direct any comments or questions about this article to someone@example.org.
Read in Korean
Check Also
Another story about North Korea
"""


def kinds(text):
    return [(text[b.start:b.end][:20], b.kind) for b in classify_blocks(text)]


def test_furniture_is_recognised_and_body_kept():
    assert kinds(PAGE) == [
        ("Agents raid homes in", "headline"),
        ("FILE PHOTO: A street", "caption"),
        ("North Korean state s", "content"),
        ("Cars on a road", "caption"),
        ("A road near the bord", "caption"),
        ("The source said the ", "content"),
        ("Translated by Jane D", "tail"),
        ("Please direct any co", "tail"),
        ("Read in Korean", "tail"),
        ("Check Also", "tail"),
        ("Another story about ", "tail"),
    ]


def test_tag_line_and_bio():
    text = "remittance ryanggang border equipment\nThe source said agents in Hyesan arrested a broker.\nKim Min is one of Daily NK's freelance journalists.\n"
    assert [k for _, k in kinds(text)] == ["tagline", "content", "boilerplate"]


def test_tail_marker_early_in_page_is_not_a_tail():
    text = "Edited by hand notes are not a tail marker here.\n" + "The source said agents arrested a broker. " * 20
    assert [k for _, k in kinds(text)] == ["content", "content"]


def test_subheadings_and_set_in_captions_are_furniture():
    # Summary bullets and subheadings restate the copy (EVENTS.md: headlines are not
    # annotated); "(pictured)" marks a caption set into the body; hard-wrapped copy
    # (a line going on in lower case) is one paragraph, not a subheading.
    text = (
        "The source said agents in Hyesan arrested a broker last week.\n"
        "Nine people were executed by firing squad in August\n"
        "◆ Families of defectors sent to prison camps.\n"
        "Kim Jong Un (pictured) ordered tighter border checks in 2020.\n"
        "Border guards rotated\n"
        "- The agents searched the broker's home and seized two phones.\n"
        "The broker was held at the provincial detention centre\n"
        "and questioned for a week, the source said.\n"
    )
    assert kinds(text) == [
        ("The source said agen", "content"),
        ("Nine people were exe", "subhead"),
        ("◆ Families of defect", "subhead"),
        ("Kim Jong Un (picture", "caption"),
        ("Border guards rotate", "subhead"),
        ("- The agents searche", "content"),
        ("The broker was held ", "content"),
    ]


def test_a_wire_credit_closes_a_caption_of_one_sentence_but_not_a_paragraph_of_copy():
    text = (
        "Border guards patrol the Yalu River near Sinuiju. (Yonhap)\n"
        "A warning was handed down to the commanders. Those who fail will be expelled "
        "from the party, the broadcaster added. (Yonhap)\n"
    )
    assert kinds(text) == [
        ("Border guards patrol", "caption"),
        ("A warning was handed", "content"),
    ]


def test_a_wire_dateline_is_furniture_outside_the_first_paragraph():
    text = ("Defectors arrested in China\n\n"
            "SEOUL, May 20 (Yonhap) -- Chinese police arrested five North Koreans in Shenyang.\n\n"
            "SEOUL -- A second paragraph keeps its words.\n")
    blocks = classify_blocks(text)
    assert [(text[b.start:b.end], b.kind) for b in blocks] == [
        ("Defectors arrested in China", "headline"),
        ("SEOUL, May 20 (Yonhap) --", "dateline"),
        ("Chinese police arrested five North Koreans in Shenyang.", "content"),
        ("SEOUL -- A second paragraph keeps its words.", "content"),
    ]


def test_a_dateline_on_a_line_of_its_own_is_furniture_and_the_copy_below_is_whole():
    text = "BEIJING (Reuters) --\nChinese police arrested five North Koreans in Shenyang.\n"
    assert kinds(text) == [("BEIJING (Reuters) --", "headline"), ("Chinese police arres", "content")]


def test_a_caption_opening_with_its_pictures_file_name_is_not_joined_to_the_headline():
    text = ("Stung by Defections, the Regime Steps up Checks on Workers\n\n"
            "nk-border-patrol-april-2013.jpg An armed soldier patrols the banks of the Yalu River.\n\n"
            "Agents of the Ministry of State Security now question workers every week.\n")
    assert kinds(text) == [("Stung by Defections,", "headline"), ("nk-border-patrol-apr", "caption"),
                           ("Agents of the Minist", "content")]


def test_a_one_sentence_caption_dated_as_a_file_photo_is_furniture_and_a_paragraph_is_not():
    text = ("Agents of the Ministry of State Security now question workers every week.\n\n"
            "A man uses his smartphone in Pyongyang, North Korea, in a file photo.\n\n"
            "Agents seized the phones. They kept the pictures they found in a file photo.\n")
    assert [b.kind for b in classify_blocks(text)] == ["content", "caption", "content"]
