"""Which language to answer a person in: her LINE language, else the language of what she wrote.

LINE's profile gives a BCP 47 tag (`GET /v2/bot/profile/{userId}`); it is used in memory for the
reply and never stored. When it is absent, not one of ours, or too slow to ask (an emergency never
waits for it), the message itself decides: its script first (Hangul, Devanagari, Myanmar, kana; Han
without kana with Chinese-only characters), then, for Latin letters, the language whose emergency
pattern matched, the letters only Vietnamese or Portuguese use, and the commonest words of each
language, Nepali typed in Latin letters among them. What cannot be told is answered in the ward's first
language.
"""

from __future__ import annotations

import re
import unicodedata
from collections.abc import Iterable, Sequence

# A profile's language subtag -> our catalogue language (Filipino is written "fil" by some systems).
# Traditional Chinese readers get the simplified catalogue: closer to them than Japanese.
_PROFILE_ALIASES = {"fil": "tl", "zh": "zh", "pt": "pt"}

# Letters written only in Vietnamese (ă â ê ô take tone marks there; alone they are Portuguese too).
_VIETNAMESE_ONLY = frozenset("ăđơư")
_PORTUGUESE_ONLY = frozenset("ãõç")
_VIETNAMESE_LETTERS = re.compile(f"[{''.join(sorted(_VIETNAMESE_ONLY))}\u1ea0-\u1ef9]")
_PORTUGUESE_LETTERS = re.compile(f"[{''.join(sorted(_PORTUGUESE_ONLY))}]")
_WORD = re.compile(r"[^\W_]+")  # a run of letters or digits
# Han without kana: characters common in Chinese and rare in Japanese (simplified forms, function words)
# against Japanese forms that simplified Chinese writes otherwise; the more numerous decide. 的, 了 and
# 他 are neither (目的, 終了, 他人); 我 and 想 count for Chinese (我想死), at the cost of a kana-less 我慢.
_CHINESE_ONLY = frozenset("我想你她们这吗呢吧么没说怎帮很谁给让还过对时见吃饭钱妈爸儿杀为里样觉")
_JAPANESE_FORMS = frozenset("気対図駅歳様楽読話語続売験鉄変転広悪薬働込辺払戻覚済談約絡関係電話員書")


def _common(words: str) -> frozenset[str]:
    """A set of words written as one string, space-separated."""
    return frozenset(words.split())


# The commonest words of each Latin-script language, diacritics folded away (muốn → muon).
_WORDS: dict[str, frozenset[str]] = {
    "vi": _common("toi khong muon chet em anh chi minh duoc nguoi giup voi cua la nay roi gi lam qua ban nha "
                  "oi ve di nhung cung dang bi chong con me bo ai sao the nao hay nua lai rat thi va cho"),
    "pt": _common("nao voce eu estou que meu minha com para muito quero ajuda ele ela uma um isso mais tenho "
                  "sou esta casa socorro morrer obrigada tudo bem marido filho ninguem vou agora me por favor "
                  "ta nada minhas meus queria gostaria preciso conversar alguem ola obrigado"),
    "tl": _common("ako ang ng hindi ko na sa mga po ba gusto tulong ka siya naman wala kasi ikaw niya akin "
                  "ayoko mamatay tulungan asawa bahay salamat kami talaga lang yung kung ito dito nya ano "
                  "pa din rin nang ayaw natin"),
    "en": _common("i the and to you my me is not want help am it im dont of in this that please can have he "
                  "she what with for be just so are was will at do your"),
    # Nepali typed in Latin letters, as most Nepalis type it on a phone, with its common spellings (cha, chha,
    # xa). Not the words other languages here write as well: ma (vi mà), ko, bata, tara and kina (tl), dai
    # (vi dài), ho (vi họ), ke, ta, ni.
    "ne": _common("cha chha xa chu chhu xu chaina chhaina xaina huncha hunchha hunxa bhayo vayo bhako vako thiyo "
                  "thiye garna garne gareko garchu garxu garera garnu garyo garcha garxa sakdina sakina sakiyo mero "
                  "meri malai mlai maile timi timro hajur tapai usle uslai hami hamro aaja aja aile ahile rati raati "
                  "hijo bholi kaha kasari kati dherai sabai pani ani lagyo lagcha lagchha lagxa jasto dekhi sanga "
                  "samma ghar khana paisa didi bahini bhai aama sathi chora chori kehi kei kura bhanyo bhancha "
                  "ramro thik aba feri ekdam le lai haina hoina"),
}


def from_profile(tag: str | None, offered: Iterable[str]) -> str | None:
    """Our language for a LINE profile's BCP 47 tag (zh-Hans → zh, pt-BR → pt, fil → tl), or None."""
    if not tag:
        return None
    primary = tag.strip().replace("_", "-").lower().split("-")[0]
    ours = _PROFILE_ALIASES.get(primary, primary)
    return ours if ours in set(offered) else None


# Latin, Hangul, Devanagari or Myanmar letters: a message with any of them is counted script by script.
_OTHER_SCRIPT = re.compile("[A-Za-z\u00c0-\u024f\u1e00-\u1eff\uac00-\ud7af\u1100-\u11ff\u3130-\u318f"
                           "\u0900-\u097f\u1000-\u109f]")
_KANA = re.compile("[\u3041-\u30fa\uff66-\uff9d]")


_SCRIPTS = {  # each script's letters, counted in C: a 5,000-letter message costs no Python loop per letter
    "ko": re.compile("[\uac00-\ud7af\u1100-\u11ff\u3130-\u318f]+"),
    "ne": re.compile("[\u0900-\u097f]+"),
    "my": re.compile("[\u1000-\u109f\ua9e0-\ua9ff\uaa60-\uaa7f]+"),
    "kana": re.compile("[\u3041-\u30fa\uff66-\uff9d]+"),
    "latin": re.compile("[A-Za-z\u00c0-\u024f\u1e00-\u1eff]+"),
}
_COMMONEST_FIRST = ("kana", "latin", "ko", "ne", "my")  # the order `script_language` counts them in
_HAN = re.compile("[\u4e00-\u9fff\u3400-\u4dbf]+")
_CHINESE_CHARS = re.compile(f"[{''.join(sorted(_CHINESE_ONLY))}]")
_JAPANESE_CHARS = re.compile(f"[{''.join(sorted(_JAPANESE_FORMS))}]")


def has_script(text: str, script: str) -> bool:
    """Whether the text holds a letter of one of `script_language`'s scripts (ko, ne, my, kana, latin)."""
    return _SCRIPTS[script].search(text) is not None


def _count(pattern: re.Pattern[str], text: str) -> int:
    return sum(map(len, pattern.findall(text)))


def is_japanese(text: str) -> bool:
    """Whether the text is Japanese rather than Chinese, whose Han letters Japanese shares: it holds kana and no
    letter only Chinese writes (这, 没, 么). A Chinese message that quotes a Japanese word (看到日本网上写リスカ)
    holds kana too."""
    return _KANA.search(text) is not None and _CHINESE_CHARS.search(text) is None


def script_language(text: str) -> str | None:
    """The language a message's script names: ko, ne, my, ja (any kana), zh (Chinese-only Han), "latin", or None."""
    if _KANA.search(text) and not _OTHER_SCRIPT.search(text):
        return "ja"  # kana and no Latin, Hangul, Devanagari or Myanmar letter: most messages, decided in C
    counted: dict[str, int] = {}
    for name in _COMMONEST_FIRST:  # a script that holds most of the letters wins whatever the others count
        counted[name] = _count(_SCRIPTS[name], text)
        if 2 * counted[name] > len(text):
            return "ja" if name == "kana" else name
    counts = {name: counted[name] for name in _SCRIPTS}
    han = _count(_HAN, text)
    chinese = len(_CHINESE_CHARS.findall(text)) - len(_JAPANESE_CHARS.findall(text)) if han else 0
    if counts["kana"] or chinese < 0:  # Japanese: kana with its kanji, or kanji in Japanese forms
        counts["kana"] += han
    elif chinese > 0:
        counts["zh"] = han
    best = max(counts, key=lambda k: counts[k])
    if not counts[best]:
        return None
    return "ja" if best == "kana" else best


# Words of Nepali in Latin letters a message needs before it is read as Nepali (`latin_language`).
_NEPALI_AT_LEAST = 2
# The languages latin_language tells apart whose own script is Latin: the model reads each of them in the words
# view. Nepali in Latin letters is told apart for her reply, and read by the model as Nepali.
LATIN_LANGUAGES: tuple[str, ...] = tuple(lang for lang in _WORDS if lang != "ne")
_ENGLISH_LONG = frozenset(w for w in _WORDS["en"] if len(w) >= 3)


def latin_language(text: str, detected: str | None = None) -> str | None:
    """vi, pt, tl, en or ne (Nepali typed in Latin letters) for a message in Latin letters, by its letters and
    commonest words; None if unclear.

    `detected` (the language of the emergency pattern that matched) settles a tie.
    """
    lowered = text.casefold()
    scores = dict.fromkeys(_WORDS, 0)
    scores["vi"] += 2 * len(_VIETNAMESE_LETTERS.findall(lowered))
    scores["pt"] += 2 * len(_PORTUGUESE_LETTERS.findall(lowered))
    folded = lowered if lowered.isascii() else "".join(
        c for c in unicodedata.normalize("NFD", lowered.replace("đ", "d")) if not unicodedata.combining(c))
    words = _WORD.findall(folded)
    for lang, common in _WORDS.items():  # every word that is one of its commonest, counted in C
        scores[lang] += sum(map(common.__contains__, words))
    if scores["ne"] < _NEPALI_AT_LEAST:  # one short word alone (chu, xa) is as often unaccented Vietnamese
        scores["ne"] = 0
    top = max(scores.values())
    if not top:
        return None
    leaders = [lang for lang, score in scores.items() if score == top]
    if len(leaders) == 1:
        return leaders[0]
    return detected if detected in leaders else None


def clearly_english(words: str) -> bool:
    """Whether a words view is English beyond doubt: at least three different common English words of three
    letters or more (this, and, can). Typing noise splits romaji into pieces (sh i nitai: "i"), but hardly
    into three such words."""
    return latin_language(words) == "en" and len(_ENGLISH_LONG & set(words.split())) >= 3


def text_language(text: str | None, offered: Iterable[str], detected: str | None = None) -> str | None:
    """The language a message is written in, if one of `offered` (see the module docstring), else None."""
    ours = set(offered)
    if not text:
        return detected if detected in ours else None
    script = script_language(text)
    if script == "latin":
        found = detected if detected in ours and detected not in ("zh", "ko", "ne", "my") else \
            latin_language(text, detected)
        if found is None and detected == "ne":  # a Nepali pattern in Latin letters matched: ma marna chahanchhu
            found = "ne"
    elif script is None and detected in ("zh", "ja"):
        found = detected  # Han alone: the matching pattern's language tells Chinese from Japanese
    else:
        found = script
    return found if found in ours else None


def reply_language(profile_language: str | None, text: str | None, ward_languages: Sequence[str],
                   offered: Iterable[str], detected: str | None = None) -> str:
    """The language to answer in: the LINE profile's if ours, else the message's, else the ward's first.

    `detected` is the language of the emergency pattern that decided (the engine's Assessment.language);
    an emergency reply passes no profile language, since it never waits for LINE's profile.
    """
    offered = tuple(offered)
    return (from_profile(profile_language, offered) or text_language(text, offered, detected)
            or ward_languages[0])
