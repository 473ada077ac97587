"""Japanese verbs listed once, matched in every form: `<v5:叩く>` (godan) and `<v1:消える>` (ichidan).

A catalogue pattern may name a verb by its dictionary form; it is expanded into its stem followed by
every stem ending the verb's forms begin with: plain and polite (叩く, 叩きます), て- and た-forms
(叩いて, 叩いた), negative (叩かない), volitional (叩こう), potential and conditional (叩ける, 叩けば),
casual ちゃう/じゃう (叩いちゃう) and the Kansai and western endings that follow those (叩くねん,
叩かへん, 叩いとる, 叩きよる). Matching finds a pattern anywhere in a message, so the ending of the
stem is enough: whatever follows it is every form.
"""

from __future__ import annotations

import re

# The first kana of each godan form, by the verb's last kana (the -て form's sound change last).
_GODAN = {
    "く": "かきくけこい", "ぐ": "がぎぐげごい", "す": "さしすせそ", "つ": "たちつてとっ", "ぬ": "なにぬねのん",
    "ぶ": "ばびぶべぼん", "む": "まみむめもん", "る": "らりるれろっ", "う": "わいうえおっ",
}
# What follows an ichidan stem: る, れ(ば), ろ, よう, ない, ます, た, て, ちゃう, とる, られる, させる, ん, へん, ひん.
_ICHIDAN = "る|れ|ろ|よ|な|ま|た|て|ち|と|ら|さ|ず|ん|へ|ひ"
_MACRO = re.compile(r"<v([15]):([^<>:|()]+)>")


def conjugate(verb: str, kind: str) -> str:
    """The regular expression of every form of `verb` (kind "5": godan, "1": ichidan)."""
    if kind == "1":
        if not verb.endswith("る") or len(verb) < 2:
            raise ValueError(f"an ichidan verb ends in る: {verb}")
        return f"{verb[:-1]}({_ICHIDAN})"
    last = verb[-1:]
    if last not in _GODAN or len(verb) < 2:
        raise ValueError(f"a godan verb ends in one of {''.join(_GODAN)}: {verb}")
    return f"{verb[:-1]}({'|'.join(_GODAN[last])})"


def expand(pattern: str) -> str:
    """The pattern with every `<v5:…>` and `<v1:…>` replaced by the verb's forms."""
    return _MACRO.sub(lambda m: conjugate(m.group(2), m.group(1)), pattern) if "<v" in pattern else pattern
