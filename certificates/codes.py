"""Verification codes: ten characters of Crockford's base32 (50 bits), printed as
two groups of five ("7KQ2M-X9D4R"). The alphabet leaves out I, L, O and U, and what a
person types is normalised the way Crockford specifies (O→0, I and L→1, no dashes or
spaces, any case), so a code read off paper or a phone still matches."""

import re
import secrets

ALPHABET = "0123456789ABCDEFGHJKMNPQRSTVWXYZ"
LENGTH = 10  # 10 × 5 bits = 50 bits
_TRANSLATE = str.maketrans({"O": "0", "I": "1", "L": "1"})
_VALID = re.compile(f"^[{ALPHABET}]{{{LENGTH}}}$")


def code_generate() -> str:
    return "".join(secrets.choice(ALPHABET) for _ in range(LENGTH))


def code_normalise(typed: str) -> str | None:
    """The stored form of what someone typed, or None if it cannot be a code."""
    cleaned = re.sub(r"[\s\-–—_.]", "", typed or "").upper().translate(_TRANSLATE)
    return cleaned if _VALID.match(cleaned) else None


def code_display(code: str) -> str:
    half = LENGTH // 2
    return f"{code[:half]}-{code[half:]}"
