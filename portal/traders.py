"""Traders' names and identifiers in the one form every comparison uses.

``trader_name_key`` turns "Guangzhou Shiguang Trading Co., Ltd." and "GUANGZHOU SHIGUANG TRADING CO LTD"
into the same key: Unicode NFKC, accents dropped, case folded, punctuation gone, spaces collapsed,
dotted initials joined ("S.A." is "sa") and the company's legal form dropped from the end of the name
(Co., Ltd.; Limited; LLC; Inc; GmbH; S.A.; SARL; 有限公司; 股份有限公司 ...). Only legal forms are dropped,
never words that tell two companies apart ("Trading", "Group", "International" stay). A name that is
nothing but a legal form keeps it.

``trader_core_key`` keeps a name's distinctive words: places and trades that thousands of unrelated
traders share ("Guangzhou", "Trading", "Electronics") are left out, so fuzzy matching compares what
tells one trader from another.
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
# Words that many unrelated traders share (places, trades, generic business words): a name's distinctive
# core, which fuzzy matching compares, leaves them out, so "Yiwu Bako Garments" is not "Yiwu Bale Garments".
WEAK_WORDS = frozenset(
    """
    beijing changsha chengdu chongqing dalian dongguan foshan fujian fuzhou guangdong guangzhou hangzhou
    hefei hong kong macau nanjing ningbo qingdao shanghai shantou shenzhen suzhou taizhou tianjin wenzhou
    wuhan xiamen yiwu zhejiang zhuhai china chinese asia asian global international intl world worldwide
    trading trade traders import export exports imports imp exp industrial industry industries
    manufacturing manufactory factory enterprise enterprises electronics electronic electric technology
    technologies tech logistics shipping supply supplies garments garment apparel textile textiles leather
    goods products product watch watches commerce commercial development holdings holding group new and
    the of
    """.split()
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


def trader_core_key(name_key: str) -> str:
    """Return the distinctive core of a comparable name: its words less the weak ones (all of it if none is left)."""
    words = [word for word in name_key.split() if word not in WEAK_WORDS]
    return " ".join(words) if words else name_key


def trader_identifier_key(identifier: str) -> str:
    """Return the comparable form of a registration number: capitals and digits only."""
    return re.sub(r"[^0-9A-Z]", "", unicodedata.normalize("NFKC", identifier or "").upper())
