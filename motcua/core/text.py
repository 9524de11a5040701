"""Vietnamese text folding: one rule so that search ignores diacritics the same way everywhere."""

import unicodedata

_D_MAP = str.maketrans({"đ": "d", "Đ": "d"})


def fold(text: str | None) -> str:
    """Lower-case, strip diacritics (NFD, drop combining marks) and map đ→d; collapse whitespace.

    >>> fold("Đăng ký  khai sinh")
    'dang ky khai sinh'
    """
    if not text:
        return ""
    decomposed = unicodedata.normalize("NFD", text.translate(_D_MAP))
    stripped = "".join(ch for ch in decomposed if not unicodedata.combining(ch))
    return " ".join(stripped.lower().split())
