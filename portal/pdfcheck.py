"""Find active content in a PDF: scripts, automatic actions, launched or embedded files, forms that run.

A reader acts on names such as ``/JS`` or ``/OpenAction`` in an object's dictionary, whether the name
is written plainly, with ``#xx`` escapes (``/J#53`` is ``/JS``), or inside a compressed object stream
(``/Type /ObjStm``). This scanner reads the file as a reader does: it skips comments, string literals
and stream data, collects every name token with its escapes decoded, and inflates object streams to
read the objects packed in them. Other stream data (page content, images, fonts) holds no dictionary a
reader acts on and is skipped, so binary data never passes for a name.
"""

import re
import zlib

ACTIVE_NAMES = frozenset(
    {
        "JS",
        "JavaScript",
        "OpenAction",
        "AA",
        "Launch",
        "EmbeddedFile",
        "EmbeddedFiles",
        "RichMedia",
        "XFA",
        "SubmitForm",
        "ImportData",
        "GoToE",
    }
)
FLATE = frozenset({"FlateDecode", "Fl"})
OTHER_FILTERS = frozenset(
    {"ASCIIHexDecode", "AHx", "ASCII85Decode", "A85", "LZWDecode", "LZW", "RunLengthDecode", "RL", "Crypt"}
)
MAX_INFLATED_BYTES = 64 * 1024 * 1024
# Strings, comments, objects and streams the scanner walks one by one, across the file and its object
# streams; a real document has far fewer outside its stream data, a hostile one is refused, not walked.
MAX_STEPS = 2_000_000

STRUCTURE = re.compile(rb"\(|%|(?<=[\s>])stream(?:\r\n|\n|\r)|\d+\s+\d+\s+obj\b")
NAME = re.compile(rb"/[^\x00\t\n\x0c\r ()<>\[\]{}/%]*")
STRING_CHAR = re.compile(rb"[()\\]")
LINE_END = re.compile(rb"[\r\n]")
ESCAPE = re.compile(rb"#([0-9A-Fa-f]{2})")
DIRECT_LENGTH = re.compile(rb"/Length\s+(\d+)(?!\s+\d+\s+R)")
END_STREAM = re.compile(rb"\s*endstream")


class UncheckablePdf(ValueError):
    """A PDF whose compressed objects cannot be read, so its content cannot be checked."""


class _Budget:
    """What the scan of one file may still spend: steps walked and bytes inflated."""

    def __init__(self):
        self.steps = MAX_STEPS
        self.inflated = MAX_INFLATED_BYTES

    def step(self) -> None:
        self.steps -= 1
        if self.steps < 0:
            raise UncheckablePdf("too many strings, comments or objects to check")


def active_names(data: bytes) -> set[str]:
    """Return the names of active content in a PDF file; raise UncheckablePdf if it cannot be read."""
    budget = _Budget()
    found: set[str] = set()
    for names, stream_dict_names, body in _objects(data, budget):
        found |= names & ACTIVE_NAMES
        if "ObjStm" in stream_dict_names:
            for inner, _dict_names, _body in _objects(_inflate(stream_dict_names, body, budget), budget):
                found |= inner & ACTIVE_NAMES
    return found


def _names(raw: set[bytes]) -> set[str]:
    """Return name tokens as names: the slash dropped, #xx escapes decoded."""
    return {ESCAPE.sub(lambda escape: bytes([int(escape.group(1), 16)]), token[1:]).decode("latin-1") for token in raw}


def _objects(data: bytes, budget: _Budget):
    """Yield, per stretch between streams: its names, the following stream's dictionary names, its data."""
    raw: set[bytes] = set()
    object_start = 0
    position = 0
    while (match := STRUCTURE.search(data, position)) is not None:
        budget.step()
        raw.update(NAME.findall(data, position, match.start()))
        token = match.group()
        position = match.end()
        if token == b"(":
            position = _string_end(data, position, budget)
        elif token == b"%":
            line_end = LINE_END.search(data, position)
            position = line_end.end() if line_end else len(data)
        elif token.endswith(b"obj"):
            object_start = match.start()
        else:
            stream_dict = data[object_start : match.start()]
            end = _stream_end(data, match.end(), stream_dict)
            yield _names(raw), _names(set(NAME.findall(stream_dict))), data[match.end() : end]
            raw = set()
            position = end
    raw.update(NAME.findall(data, position))
    yield _names(raw), set(), b""


def _string_end(data: bytes, position: int, budget: _Budget) -> int:
    """Return the position just past a literal string whose opening parenthesis ends before position."""
    depth = 1
    while depth and (match := STRING_CHAR.search(data, position)) is not None:
        budget.step()
        char = match.group()
        position = match.end() + (1 if char == b"\\" else 0)
        depth += {b"(": 1, b")": -1}.get(char, 0)
    return position if depth == 0 else len(data)


def _stream_end(data: bytes, start: int, stream_dict: bytes) -> int:
    """Return where a stream's data ends: by its direct /Length when that is right, else at endstream."""
    length = DIRECT_LENGTH.search(stream_dict)
    if length is not None:
        end = start + int(length.group(1))
        if END_STREAM.match(data, end):
            return end
    found = data.find(b"endstream", start)
    return len(data) if found == -1 else found


def _inflate(dict_names: set[str], body: bytes, budget: _Budget) -> bytes:
    """Return an object stream's decoded data; only unpredicted FlateDecode (or none) can be checked."""
    if dict_names & OTHER_FILTERS or "DecodeParms" in dict_names or "DP" in dict_names:
        raise UncheckablePdf("an object stream is encoded in a way that cannot be checked")
    if not dict_names & FLATE:
        return body
    try:
        inflated = zlib.decompressobj().decompress(body, budget.inflated + 1)
    except zlib.error as error:
        raise UncheckablePdf("an object stream cannot be inflated") from error
    budget.inflated -= len(inflated)
    if budget.inflated < 0:
        raise UncheckablePdf("the object streams inflate past the size limit")
    return inflated
