"""A check for likely identifiers in the text of a case presentation.

Cases are discussed by a whole ECHO session, so they must not carry a child's or a
family's identity. The check errs on the side of asking: it flags full dates (a
date with a year), phone numbers, e-mail addresses, street addresses, record
numbers and full names. Ordinary capitalised words — sentence starts, months, days,
roles, places and programmes — are allowed, so "Mother reports" or "Early Head
Start" pass while "Maria Lopez" does not."""

import re
from dataclasses import dataclass

from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy as _lazy


@dataclass(frozen=True)
class Finding:
    kind: str
    start: int
    end: int
    excerpt: str
    message: str


MONTHS = (
    r"(?:Jan(?:uary)?|Feb(?:ruary)?|Mar(?:ch)?|Apr(?:il)?|May|June?|July?|"
    r"Aug(?:ust)?|Sep(?:t(?:ember)?)?|Oct(?:ober)?|Nov(?:ember)?|Dec(?:ember)?)\.?"
)
UPPER = "A-ZÀ-ÖØ-Þ"
LOWER = "a-zß-öø-ÿ"
NAME_WORD = rf"[{UPPER}][{LOWER}]+(?:['’-][{UPPER}]?[{LOWER}]+)*"
STREET_TYPES = (
    r"(?:Street|St|Avenue|Ave|Road|Rd|Boulevard|Blvd|Lane|Ln|Drive|Dr|Court|Ct|"
    r"Place|Pl|Way|Circle|Cir|Parkway|Pkwy|Terrace|Ter|Highway|Hwy|Trail|Trl|"
    r"Loop|Row)"
)

DATE_ADVICE = _lazy(
    "Give the child's age (e.g. “14 months”) instead of a date of birth or other "
    "full date."
)

# (kind, pattern, what it looks like, what to write instead). Earlier kinds win
# when two findings overlap, so an e-mail address is not also reported as a name.
PATTERNS = [
    (
        "email",
        re.compile(r"\b[\w.+-]+@[\w-]+(?:\.[\w-]+)+\b"),
        _lazy("an e-mail address"),
        _lazy("Leave contact details out of the case."),
    ),
    (
        "record_number",
        re.compile(
            r"\b(?:MRN|SSN|medical\s+record|record|case|chart|client|patient|"
            r"member|Medicaid|SoonerCare|ID)(?:\s*(?:number|no\.?|num\.?|#))?"
            r"\s*[:#]?\s*[A-Z]{0,3}-?\d[\d-]{2,}\b",
            re.IGNORECASE,
        ),
        _lazy("a record or case number"),
        _lazy("Leave record, case and ID numbers out."),
    ),
    (
        "record_number",
        re.compile(r"\b\d{3}-\d{2}-\d{4}\b"),
        _lazy("a Social Security number"),
        _lazy("Leave record, case and ID numbers out."),
    ),
    (
        "phone",
        re.compile(
            r"(?<![\w-])(?:\+?1[\s.-]?)?(?:\(\d{3}\)\s?|\d{3}[\s.-])\d{3}[\s.-]\d{4}\b"
        ),
        _lazy("a phone number"),
        _lazy("Leave contact details out of the case."),
    ),
    (
        "date",
        re.compile(
            r"\b(?:\d{1,2}[/.-]\d{1,2}[/.-](?:\d{4}|\d{2})|\d{4}-\d{1,2}-\d{1,2})\b"
        ),
        _lazy("a full date"),
        DATE_ADVICE,
    ),
    (
        "date",
        re.compile(
            rf"\b(?:{MONTHS}\s+\d{{1,2}}(?:st|nd|rd|th)?,?\s+\d{{4}}|"
            rf"\d{{1,2}}(?:st|nd|rd|th)?\s+(?:of\s+)?{MONTHS},?\s+\d{{4}})\b",
            re.IGNORECASE,
        ),
        _lazy("a full date"),
        DATE_ADVICE,
    ),
    (
        "address",
        re.compile(
            rf"\b\d{{1,6}}\s+(?:[NSEW]\.?\s+)?(?:{NAME_WORD}\s+){{1,3}}"
            rf"{STREET_TYPES}\b\.?"
        ),
        _lazy("a street address"),
        _lazy("Say only the kind of place (e.g. “a rural town”)."),
    ),
    (
        "address",
        re.compile(r"\bP\.?\s?O\.?\s+Box\s+\d+\b", re.IGNORECASE),
        _lazy("a postal address"),
        _lazy("Say only the kind of place (e.g. “a rural town”)."),
    ),
    (
        "name",
        re.compile(rf"\b(?:Mr|Mrs|Ms|Miss|Mx|Dr)\.?\s+{NAME_WORD}"),
        _lazy("a person's name"),
        _lazy(
            "Use a role (e.g. “the mother”, “the pediatrician”) or an initial instead."
        ),
    ),
    (
        "record_number",
        re.compile(r"\b\d{6,}\b"),
        _lazy("a record or ID number"),
        _lazy("Leave record, case and ID numbers out."),
    ),
]

NAME_RUN = re.compile(rf"\b{NAME_WORD}(?:[ \t]+{NAME_WORD})+\b")
NAME_IN_RUN = re.compile(NAME_WORD)
SENTENCE_START = re.compile(r"(?:^|[.!?:;\n(\"“]\s*)$")
# A capitalised word at the start of a sentence with one of these endings is taken
# for an ordinary word ("Visiting", "Reportedly"), not a first name.
ORDINARY_ENDINGS = ("ing", "ed", "ly")
FULL_NAME = _lazy("a full name")
NAME_ADVICE = _lazy(
    "Use a role (e.g. “the mother”, “the child”) or an initial instead of a name."
)

# Capitalised words that are not names: sentence starts, people by role, time,
# places, services and programmes common in Oklahoma early childhood work.
_ALLOWED_TEXT = """
    a an the this that these those there here then than when while where which who
    whom whose what why how after before during since until because although though
    if unless once so but and or nor yet also both either neither each every all
    any some most many much more less few no not none other another such same
    he she it they we i you his her hers its their theirs our ours my mine your
    him them us me one two three four five six seven eight nine ten first second
    third last next previous recently currently today yesterday tomorrow now later
    earlier sometimes often usually always never again still already just only
    at in on of for from to with without about around over under between into onto
    by near per via within across through throughout toward towards upon
    is are was were be been being has have had do does did can could will would
    shall should may might must
    contact call calls called ask asks asked tell tells told say says said report
    reports reported note notes noted share shares shared describe describes
    described observe observes observed mention mentions mentioned see sees saw
    seen meet meets met visit visits visited live lives lived attend attends
    attended start starts started stop stops stopped try tries tried need needs
    needed want wants wanted show shows showed please thank thanks dear hello hi
    per please consider considering currently lately overall also
    mom mommy mother mum dad daddy father parent parents caregiver caregivers
    grandma grandmother grandpa grandfather grandparent grandparents aunt uncle
    sister brother sibling siblings cousin baby infant toddler child children
    boy girl son daughter family families foster kin kinship guardian stepmother
    stepfather partner husband wife boyfriend girlfriend twin twins newborn
    teacher teachers therapist clinician pediatrician doctor nurse midwife doula
    worker caseworker case manager home visitor visitors provider providers
    specialist consultant counselor psychologist psychiatrist social judge
    court team staff director supervisor coordinator facilitator hub spoke
    january february march april may june july august september october november
    december monday tuesday wednesday thursday friday saturday sunday spring
    summer fall autumn winter christmas thanksgiving easter halloween weekend
    oklahoma tulsa norman lawton edmond city county state tribal nation nations
    cherokee chickasaw choctaw creek muscogee osage seminole native american
    african hispanic latino latina latinx white black asian english spanish
    early head start sooner care soonercare medicaid wic snap tanf dhs ohca
    department human services health mental child welfare protective agency
    hospital clinic center centre school preschool daycare childcare program
    programme office unit nicu picu emergency room er icu pediatric pediatrics
    parent-child interaction therapy psychotherapy child-parent circle security
    attachment biobehavioral catch-up abc pcit cpp dc asq asq-se ages stages
    questionnaire infant-toddler zero three pyramid model endorsement echo
    reflective supervision consultation developmental delay autism adhd
    behavior behaviour feeding sleep trauma concerns question questions summary
    background history referral plan goals strengths context
"""
ALLOWED_WORDS = frozenset(_ALLOWED_TEXT.split())


def _overlaps(start: int, end: int, taken: list[tuple[int, int]]) -> bool:
    return any(
        start < taken_end and taken_start < end for taken_start, taken_end in taken
    )


def _message(excerpt: str, what: str, advice: str) -> str:
    return _("“%(text)s” looks like %(what)s. %(advice)s") % {
        "text": excerpt,
        "what": what,
        "advice": advice,
    }


def _is_ordinary(word: str, *, at_sentence_start: bool) -> bool:
    lowered = word.lower()
    if lowered in ALLOWED_WORDS or lowered.rstrip("’'s") in ALLOWED_WORDS:
        return True
    return at_sentence_start and lowered.endswith(ORDINARY_ENDINGS)


def _name_spans(text: str) -> list[tuple[int, int]]:
    """Two or more capitalised words in a row that are not ordinary words."""
    spans = []
    for run in NAME_RUN.finditer(text):
        words = list(NAME_IN_RUN.finditer(text, run.start(), run.end()))
        current: list = []
        for position, word in enumerate(words):
            at_start = position == 0 and bool(
                SENTENCE_START.search(text, 0, word.start())
            )
            if _is_ordinary(word.group(0), at_sentence_start=at_start):
                if len(current) >= 2:
                    spans.append((current[0].start(), current[-1].end()))
                current = []
            else:
                current.append(word)
        if len(current) >= 2:
            spans.append((current[0].start(), current[-1].end()))
    return spans


def find_identifiers(text: str) -> list[Finding]:
    """The likely identifiers in ``text``, in the order they appear."""
    if not text:
        return []
    findings: list[Finding] = []
    taken: list[tuple[int, int]] = []
    for kind, pattern, what, advice in PATTERNS:
        for match in pattern.finditer(text):
            start, end = match.span()
            if _overlaps(start, end, taken):
                continue
            excerpt = match.group(0).strip()
            taken.append((start, end))
            findings.append(
                Finding(kind, start, end, excerpt, _message(excerpt, what, advice))
            )
    for start, end in _name_spans(text):
        if _overlaps(start, end, taken):
            continue
        taken.append((start, end))
        excerpt = text[start:end]
        findings.append(
            Finding(
                "name",
                start,
                end,
                excerpt,
                _message(excerpt, FULL_NAME, NAME_ADVICE),
            )
        )
    return sorted(findings, key=lambda finding: finding.start)
