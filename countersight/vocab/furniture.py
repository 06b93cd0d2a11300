"""Page furniture: the lines of a scraped page that are not the report's own copy.

A line matching ``CAPTION`` is a photo caption, and so is a one-sentence line
closed by an ``END_CREDIT``; ``TAIL_MARKERS`` open the
page's tail (translator credits, contact lines, "Read in Korean", "Check Also",
comment forms, author bios): every line after such a marker in the second half
of the page is furniture too. ``BOILERPLATE`` lines are outlet boilerplate
wherever they stand. The stored body keeps all of it: these rules only say
which spans extraction skips.
"""

from __future__ import annotations

CAPTION: tuple[str, ...] = (
    r"^\s*(?:FILE PHOTO|PHOTO|IMAGE|PICTURE|Photo|Image|Picture)\s*[:：]",
    r"/\s*(?:Image|Photo|Picture|Graphic)\s*[:：]",
    r"^\s*\[?(?:Photo|Image|Picture) (?:courtesy|credit|by|from)\b",
    r"(?:Photo|Image|Picture) (?:courtesy of|credit|by) [A-Z][\w ./]+\.?\s*$",  # "File Photo by Jane Doe/UPI"
    r"\|\s*License Photo\s*$",  # UPI: "... UPI/Jane Doe | License Photo"
    r"^\s*\((?:Photo|Image|Picture)\)",
    r"^\s*(?:Caption|Credit)\s*[:：]",
    r"\((?:Photo|Image)\s*=\s*[^)]+\)\s*$",
    # Picture captions set into the copy ("Kim Jong Un (pictured) ...", "Park (left) and ...").
    r"\((?:pictured|inset|(?:far |top |bottom )?(?:left|right|centre|center|above|below))\b[^)]{0,40}\)",
    # A caption that a scraped page opens with its picture's file name
    # ("korea-china-07012016.jpg North Koreans ride a boat ...").
    r"^\s*[\w.-]+\.(?:jpe?g|JPE?G|png|PNG|gif|GIF|webp)\b",
)

# A credit in parentheses closing a line: "Kim inspects a farm. (Yonhap)". A caption
# is one sentence; a paragraph of copy with the wire service's credit after its last
# sentence ("..., the broadcaster added. (Yonhap)") is the report's own text.
END_CREDIT: tuple[str, ...] = (
    r"\((?:Photo|Image|Picture)?\s*[:：]?\s*(?:Daily NK|Yonhap|AFP|Reuters|AP|KCNA|Rodong Sinmun|NK News|RFA|Asia ?Press|Google Earth|Getty Images|EPA|Xinhua|[A-Z][\w ]{1,30}/[A-Z][\w ]{1,30})\)\s*$",
    r"\((?:File )?(?:Photo|Image|Picture)\s*[-–—:]\s*[^()]{1,40}\)\s*$",  # "(File Photo - AP)"
    # A picture described, then dated as a file or undated picture: "... in Pyongyang in a file photo."
    r"\bin (?:a |an undated )?file (?:photo|picture|image)\.?\s*$|\bin an undated (?:photo|picture|image)\.?\s*$",
)
END_CREDIT_CAPTION_SENTENCES = 1

TAIL_MARKERS: tuple[str, ...] = (
    r"^\s*Translated by\b",
    r"^\s*Edited by\b",
    r"^\s*Please direct (?:any )?(?:comments|questions)",
    r"^\s*Read (?:this article )?in Korean\b",
    r"^\s*Read in (?:Korean|Japanese|Chinese)\s*$",
    r"^\s*Check Also\s*$",
    r"^\s*Related (?:Articles|Stories|Posts|News)\s*:?\s*$",
    r"^\s*(?:More|Read more|See also|You may also like|Recommended)\s*:?\s*$",
    r"^\s*Leave a (?:Reply|Comment)\s*$",
    r"^\s*About [A-Z][\w'’.-]+(?: [A-Z][\w'’.-]+){0,3}\s*$",
    r"^\s*(?:Share this|Share on|Tags?)\s*:",
    r"^\s*Copyright\b|^\s*©",
    r"^\s*(?:Subscribe|Sign up) (?:to|for) ",
)

# Capitalised words that open prose after "By" ("By October, the authorities had ..."),
# never the first name of a byline.
NOT_BYLINE_NAMES: tuple[str, ...] = (
    "January", "February", "March", "April", "May", "June", "July", "August", "September", "October",
    "November", "December", "Monday", "Tuesday", "Wednesday", "Thursday", "Friday", "Saturday", "Sunday",
    "Spring", "Summer", "Autumn", "Fall", "Winter", "Then", "Now", "Late", "Early", "Mid", "The", "This",
    "That", "Last", "Next", "Contrast", "Comparison", "Order", "Law", "Decree", "Dawn", "Noon", "Midnight",
    "Nightfall", "Sunset", "Sunrise", "Year",
)

BOILERPLATE: tuple[str, ...] = (
    r"^\s*Daily NK works with a network of sources",
    r"^\s*[A-Z][\w'’.-]+(?: [A-Z][\w'’.-]+){1,3} is (?:one of )?(?:Daily NK|NK News|RFA|Asia Press)'?’?s? (?:freelance |full-time |senior |staff )?(?:journalists?|reporters?|correspondents?|writers?|editors?|analysts?)",
    r"^\s*[A-Z][\w'’.-]+(?: [A-Z][\w'’.-]+){1,3} is an? (?:freelance |full-time |senior |staff )?(?:journalist|reporter|correspondent|writer|editor|analyst) (?:at|for|with) ",
    r"^\s*Your email address will not be published",
    r"^\s*(?:By|Written by|Reported by) (?!(?:" + "|".join(NOT_BYLINE_NAMES) + r")\b)"
    r"[A-Z][\w'’.-]+(?: [A-Z][\w'’.-]+){0,3}\s*(?:[,|–-].*)?$",
    r"^\s*ADVERTISEMENT\s*$",
    r"^\s*Required fields are marked",
    r"^\s*(?:Reported by|Translated by|Written in English by) .*(?:Service|Desk)\.?\s*$",
    r"^\s*(?:Copyright|©) ",
    r"^\s*(?:RFA|Radio Free Asia)'?s? Korean Service\.?\s*$",
    # A wire's credit line: "(Reporting by Jane Doe; Editing by John Roe)".
    r"^\s*\(?(?:Reporting|Additional reporting|Writing|Editing) by [^.;()]+(?:; (?:[Aa]dditional reporting|[Ww]riting|[Ee]diting) by [^.;()]+)*\)?\s*$",
)

# A wire dateline opening the copy: "SEOUL, May 20 (Yonhap) --", "BEIJING (Reuters) -",
# "Feb. 23 (UPI) --", "GENEVA (10 May 2018) –". EVENTS.md leaves datelines unannotated:
# the city is where the reporter filed from and the date the day of filing, neither the
# act's, so the dateline stays outside every sentence. A city, or a date, or both, closed
# by a dash; the agency or date in parentheses is optional.
_DATE = r"(?:Jan|Feb|Mar|Apr|May|Jun|Jul|Aug|Sep|Sept|Oct|Nov|Dec)[a-z]*\.? \d{1,2}(?:, \d{4})?"
_PLACE_NAME = r"[A-Z][\w.'’-]*(?: [A-Z][\w.'’-]*){0,2}"  # "Seoul", "South Korea", "Yeonpyeong Island"
_CITY = r"[A-Z][A-Z.'’-]+(?:[ -][A-Z][A-Z.'’-]+){0,3}(?:, " + _PLACE_NAME + r")?"  # "SEOUL", "SEOUL, South Korea"
_DASH = r"(?: ?(?:--|—|–) ?| - )(?=\S)"  # a lone hyphen only between spaces: "US-led" is a word
DATELINE: tuple[str, ...] = (
    r"^(?:" + _CITY + r"(?:,? " + _DATE + r")?|" + _DATE + r")(?: ?\([^()\n]{1,40}\))?" + _DASH,
    # CNN's: "(CNN) -- ", "Seoul (CNN) -- ", "Yeonpyeong Island, South Korea (CNN) -- ": the city
    # in ordinary case, so the agency in parentheses is required.
    r"^(?:" + _PLACE_NAME + r"(?:, " + _PLACE_NAME + r")? )?\([A-Z][A-Za-z .]{1,24}\)" + _DASH,
)

# A line with fewer words than this and no sentence-final punctuation is a
# headline when it opens the page and a caption title when a caption follows it.
SHORT_LINE_WORDS = 25
CAPTION_TITLE_WORDS = 12
# Anywhere in the body, such a short unpunctuated line is a subheading or a summary
# bullet ("Nine people were executed by firing squad in August"): the copy below
# tells the same facts in sentences, and EVENTS.md does not annotate headlines.
# A line opening with one of these marks is a subheading even when it ends with a stop.
SUBHEAD_MARKS = "◆◇○●■□▶▷►※"
