"""Amounts in Vietnamese words, as written on receipts: 8000 → "Tám nghìn đồng"."""

DIGITS = ["không", "một", "hai", "ba", "bốn", "năm", "sáu", "bảy", "tám", "chín"]
SCALES = ["", "nghìn", "triệu"]  # groups of three digits below a billion (tỷ)
BILLION = 10**9


def _below_thousand(n: int, full: bool) -> list[str]:
    """Words for 0 < n < 1000. `full`: a group after a higher one, read with its zero hundreds and tens
    (1.005.000 → "một triệu không trăm linh năm nghìn")."""
    hundreds, tens, units = n // 100, n // 10 % 10, n % 10
    words = []
    if hundreds or full:
        words += [DIGITS[hundreds], "trăm"]
    if tens == 0:
        if units and words:
            words.append("linh")
    elif tens == 1:
        words.append("mười")
    else:
        words += [DIGITS[tens], "mươi"]
    if units:
        if units == 1 and tens >= 2:
            words.append("mốt")
        elif units == 5 and tens >= 1:
            words.append("lăm")
        elif units == 4 and tens >= 2:
            words.append("tư")
        else:
            words.append(DIGITS[units])
    return words


def _below_billion(n: int, full: bool) -> list[str]:
    groups = [n // 10**6, n // 1000 % 1000, n % 1000]
    words: list[str] = []
    for group, scale in zip(groups, reversed(SCALES), strict=True):
        if group:
            words += _below_thousand(group, full or bool(words))
            if scale:
                words.append(scale)
    return words


def number_words(n: int) -> list[str]:
    if n == 0:
        return ["không"]
    words: list[str] = []
    if n >= BILLION:
        words += number_words(n // BILLION) + ["tỷ"]
    rest = n % BILLION
    if rest:
        words += _below_billion(rest, full=bool(words))
    return words


def amount_in_words(n: int) -> str:
    """A whole amount of đồng in words, first letter capitalised."""
    if not isinstance(n, int) or n < 0:
        raise ValueError("an amount is a whole number of đồng, not negative")
    text = " ".join(number_words(n)) + " đồng"
    return text[0].upper() + text[1:]
