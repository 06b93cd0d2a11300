"""Penalties (EVENTS.md "Penalties") as patterns, most specific first.

The first kind whose pattern matches a ``sentencing`` sentence is its penalty.
A term ("three months", "two years", "a year") near the penalty gives
``months``; years count as twelve months, "life" leaves it null.
"""

from __future__ import annotations

PENALTY_PATTERNS: tuple[tuple[str, str], ...] = (
    ("execution", r"execut(?:ed|ion|ions)|firing squad|death (?:sentence|penalty)|sentenced to death|shot (?:dead|to death)|hanged|처형|총살"),
    ("political_prison", r"political prison(?:er)?(?: camps?)?|political prisons?|kwalliso|kwan-li-so|gwalliso|control zones?|관리소|정치범수용소"),
    ("labor_training_brigade", r"(?:labor|labour) (?:training|disciplinary) (?:brigade|camp|center|centre|unit|facility)s?|(?:forced |short-term )?(?:labor|labour) brigades?|danryeondae|dallyeondae|rodong ?danryeondae|노동단련대"),
    ("labor_camp", r"(?:re-?education|reform(?:-through-labou?r)?|correctional|forced labou?r|labou?r) (?:camp|center|centre|facility|institution)s?|kyohwaso|gyohwaso|prison camps?|교화소"),
    ("fine", r"\bfined\b|\bfines? of\b|\bfine\b (?:of )?[\d,.]+|(?:pay|paid) (?:a )?(?:penalty|fine)"),
    ("other", r"banish(?:ed|ment)|expell?(?:ed)? from the (?:party|city)|sent to (?:a )?(?:remote|rural|mountain)|imprison(?:ed|ment)|jailed|prison (?:term|sentence)|sentenced to (?:\w+ ){0,3}(?:in prison|behind bars)"),
)

TERM_PATTERN = (
    r"(?P<num>\d+|a|an|one|two|three|four|five|six|seven|eight|nine|ten|eleven|twelve|fifteen|twenty|eighteen)"
    r"[- ](?P<unit>months?|years?)"
)
LIFE_TERM = r"\blife (?:sentence|imprisonment|in prison)|for life\b"
