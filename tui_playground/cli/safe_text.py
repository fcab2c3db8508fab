"""User-supplied text made safe to show: one line, no terminal control codes,
a readable length. Seeds, file names and bad values are echoed back in errors
and summaries; an escape sequence in them must not reach the terminal raw, and
a 100,000-character value must not fill the screen."""

from __future__ import annotations

import re

_QUOTED = re.compile(r"""'[^'\n]{60,}'|"[^"\n]{60,}\"""")
MAX_RUN = 60  # a quoted value in a message
MAX_LINE = 400  # a whole message


def printable(text: str, limit: int | None = None) -> str:
    """`text` with every non-printable character (control codes, newlines, lone
    surrogates, bidi overrides) written as its escape, cut to `limit`."""
    out = "".join(ch if ch.isprintable() else ascii(ch)[1:-1] for ch in text)
    if limit is not None and len(out) > limit:
        out = out[: max(0, limit - 3)] + "..."
    return out


def one_line(message: str) -> str:
    """An error message for stderr: printable, long quoted values cut, at most
    MAX_LINE characters (the start and the end kept: both name things)."""
    text = _QUOTED.sub(lambda m: m.group()[: MAX_RUN - 4] + "..." + m.group()[-1], printable(message))
    if len(text) > MAX_LINE:
        half = MAX_LINE // 2
        text = text[: half - 3] + " ... " + text[-(half - 2):]
    return text


def shell_join(words: list[str]) -> str:
    """A command line to copy into a shell: shlex quoting, and bash's $'...'
    for a word with characters that are not printable (an escape in a seed
    would otherwise act on the terminal)."""
    import shlex

    return " ".join(shlex.quote(w) if w.isprintable() else _dollar_quote(w) for w in words)


def _dollar_quote(word: str) -> str:
    def escape(ch: str) -> str:
        if ch in "\\'":
            return "\\" + ch
        if ch.isprintable():
            return ch
        code = ord(ch)
        return f"\\x{code:02x}" if code < 0x80 else (f"\\u{code:04x}" if code < 0x10000 else f"\\U{code:08x}")

    return "$'" + "".join(escape(ch) for ch in word) + "'"
