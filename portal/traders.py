"""Traders' names and identifiers in the one form every comparison uses.

``trader_name_key`` turns "Guangzhou Shiguang Trading Co., Ltd." and "GUANGZHOU SHIGUANG TRADING CO LTD"
into the same key: Unicode NFKC, accents dropped, case folded, punctuation gone, spaces collapsed,
dotted initials joined ("S.A." is "sa") and the company's legal form dropped from the end of the name
(Co., Ltd.; Limited; LLC; Inc; GmbH; S.A.; SARL; 有限公司; 股份有限公司 ...). Only legal forms are dropped,
never words that tell two companies apart ("Trading", "Group", "International" stay). A name that is
nothing but a legal form keeps it.
"""

import re
import unicodedata

# Legal forms, as words after punctuation is removed and dotted initials are joined.
LEGAL_FORMS = frozenset(
    {
        "ab",
        "ag",
        "bv",
        "bhd",
        "co",
        "company",
        "corp",
        "corporation",
        "gmbh",
        "inc",
        "incorporated",
        "kg",
        "kk",
        "limited",
        "llc",
        "llp",
        "lp",
        "ltd",
        "ltda",
        "nv",
        "oy",
        "plc",
        "pte",
        "pty",
        "sa",
        "sarl",
        "sas",
        "sdn",
        "spa",
        "srl",
    }
)
# Chinese legal forms, longest first, dropped from the end of the last word.
CJK_LEGAL_FORMS = ("股份有限公司", "有限责任公司", "有限公司", "公司")
_NOT_WORD = re.compile(r"[\W_]+")


def _fold(text: str) -> str:
    decomposed = unicodedata.normalize("NFKD", unicodedata.normalize("NFKC", text).casefold())
    return unicodedata.normalize("NFC", "".join(ch for ch in decomposed if not unicodedata.combining(ch)))


def _join_initials(words: list[str]) -> list[str]:
    """Join runs of single Latin letters: ``s a r l`` is ``sarl``, ``l l c`` is ``llc``."""
    joined: list[str] = []
    run = ""
    for word in words:
        if len(word) == 1 and word.isascii() and word.isalpha():
            run += word
            continue
        if run:
            joined.append(run)
            run = ""
        joined.append(word)
    if run:
        joined.append(run)
    return joined


def _drop_legal_forms(words: list[str]) -> list[str]:
    while len(words) > 1 and (words[-1] in LEGAL_FORMS or words[-1] in CJK_LEGAL_FORMS):
        words = words[:-1]
    if words:
        last = words[-1]
        for form in CJK_LEGAL_FORMS:
            if last.endswith(form) and len(last) > len(form):
                words = [*words[:-1], last[: -len(form)]]
                break
    return words


def trader_name_key(name: str) -> str:
    """Return the comparable form of a trader's name ('' for a blank name)."""
    words = _join_initials(_NOT_WORD.sub(" ", _fold(name or "")).split())
    return " ".join(_drop_legal_forms(words))


def trader_identifier_key(identifier: str) -> str:
    """Return the comparable form of a registration number: capitals and digits only."""
    return re.sub(r"[^0-9A-Z]", "", unicodedata.normalize("NFKC", identifier or "").upper())
