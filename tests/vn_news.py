"""Seeded generators of Vietnamese news sentences about provinces and their officials, for the
province lint's tests (tests/test_lint.py).

`correct_sentences` writes what the lint must leave alone: officials named with their titles right
after a place word ("Chủ tịch UBND tỉnh Hồ Thị Bình", "Bí thư Tỉnh ủy Quảng Ngãi Trần Minh Thắng"),
honorifics, lists of provinces, the units before and after the 2025 reorganisation, names that
share syllables with provinces (Bình, Minh, Hà, Giang, Long, An, …). `slipped_sentences` writes the
same prose with one province name after a place word misspelt, and says which one it is.

The names are real Vietnamese names, written here for these tests (not taken from the lint's lists,
so that the lint is tested on names it was not shown one by one). Same seed, same sentences.
"""

from __future__ import annotations

import random
import unicodedata
from dataclasses import dataclass

from site_builder.provinces import ProvinceRegistry
from site_builder.slugs import fold

REGISTRY = ProvinceRegistry.load()

# Family names with rough weights (per cent of the population, the commonest first), then the
# rarer ones, several of them also the first syllable of a province (Hà, Lâm, Cao, Thái, Hồ, Đồng).
FAMILY = {
    "Nguyễn": 31,
    "Trần": 11,
    "Lê": 9.5,
    "Phạm": 7,
    "Hoàng": 5,
    "Huỳnh": 4,
    "Phan": 4,
    "Vũ": 3.5,
    "Võ": 3.5,
    "Đặng": 2,
    "Bùi": 2,
    "Đỗ": 1.5,
    "Hồ": 1.5,
    "Ngô": 1.3,
    "Dương": 1,
    "Lý": 1,
}
FAMILY |= dict.fromkeys(
    "Đoàn Đinh Trịnh Trương Cao Đào Mai Lương Lưu Lâm Hà Thái Phùng Tạ Tô Vương Châu Chu Từ Quách Lã "
    "Tôn Tống Đồng Hứa Tăng Đậu Diệp Đàm Kiều Triệu La Lại Thạch Nông Bạch Giang Âu Thân Mạc Khổng "
    "Nghiêm Lò Hầu Vi Lục Doãn Khúc Phí Ninh Kha Quan Ông Văn Lữ Cù Tiêu Thiều Nhữ Mẫn Kim".split(),
    0.25,
)

# Middle names: for men, for women, and either.
MIDDLE_MALE = (
    "Văn Hữu Đức Minh Thanh Quốc Quang Xuân Hoàng Công Đình Trọng Thế Tiến Mạnh Duy Anh Hải Nam "
    "Bá Tấn Viết Khắc Hoài Vĩnh Gia Phú Thái Trung Ngọc Chí Hồng Phước Thành Đăng Huy Tuấn Việt "
    "Nhật Trường Đại Long Bình Kim Sỹ Văn Văn Văn Văn Hữu Đức"
).split()
MIDDLE_FEMALE = (
    "Thị Thị Thị Thị Thị Ngọc Thanh Thu Kim Bích Thúy Mỹ Phương Hồng Minh Hà Diệu Thùy Lan Mai "
    "Hoài Quỳnh Tuyết Khánh Như Cẩm Hải Bảo Thiên Hoàng"
).split()
# Given names, many of them also syllables of provinces.
GIVEN_MALE = (
    "Bình Minh Long An Phú Nam Định Ninh Thuận Trị Hòa Lâm Sơn Tây Quảng Thái Vinh Huế Hải Phong "
    "Hưng Thọ Phúc Thanh Nguyên Tuyên Biên Kiên Đồng Hậu Khánh Dương Phước Bằng Tiền Hà Giang "
    "Anh Huy Tuấn Dũng Hùng Tùng Thành Trung Tâm Tiến Thắng Thịnh Khoa Quân Tài Trí Bảo Toàn "
    "Quang Nghĩa Nhân Việt Tú Trường Tân Lộc Tín Thiện Phát Sang Thông Luân Mạnh Vương Danh "
    "Hiệp Công Đại Đăng Quốc Nhật Khang Quý Phi Ân Lợi Kiệt Khải Hiển Chương Khôi Trọng Đông "
    "Chung Cảnh Chiến Triều Quyền Hoàn Khiêm Chinh Quyết Lập Hào Liêm Tường Lực Sinh Cương Vĩ "
    "Huân Sỹ Điệp Tịnh Tình Tĩnh Lai Châu Hội Đức Hiếu Đạt Cường Vũ Tiệp Toản Luận Thưởng"
).split()
GIVEN_FEMALE = (
    "Bình Minh Hà Giang An Yên Hòa Lâm Châu Thanh Nguyên Khánh Dương Hằng Mai Lan Hương Hoa Hồng "
    "Nga Ngân Trang Hạnh Dung Thương Loan Huyền Yến Nhi Vân Quỳnh Thư Thủy Ánh Xuân Hân Mỹ "
    "Trâm Duyên Thúy Thảo My Chi Trúc Trinh Ly Thu Nhung Uyên Quyên Hường Vy Oanh Diệu Thoa "
    "Phượng Huệ Thơ Nguyệt Bích Diễm Liên Lệ Cúc Xuyến Tuyết Mến Tâm Hiền Phương Ninh Hậu "
    "Thuận Phúc Liễu Nhàn Hảo Thắm Sen Đào Tiên Vui Lụa"
).split()
COMPOUND_FAMILY = ["Tôn Nữ", "Nguyễn Trần", "Lê Nguyễn", "Trần Lê", "Phạm Nguyễn", "Âu Dương", "Tôn Thất"]


def person(rng: random.Random) -> str:
    """A full name: mostly family + middle + given; some of two syllables, some of four."""
    female = rng.random() < 0.4
    family = rng.choices(list(FAMILY), weights=list(FAMILY.values()))[0]
    middle = MIDDLE_FEMALE if female else MIDDLE_MALE
    given = rng.choice(GIVEN_FEMALE if female else GIVEN_MALE)
    shape = rng.random()
    if shape < 0.10:
        return f"{family} {given}"
    if shape < 0.80:
        return f"{family} {rng.choice(middle)} {given}"
    if shape < 0.90:
        return f"{rng.choice(COMPOUND_FAMILY)} {rng.choice(middle)} {given}"
    return f"{family} {rng.choice(middle)} {rng.choice(middle)} {given}"


OLD = [p for p in REGISTRY.all() if p.existed_before and p.slug != "thua-thien-hue"]
NOW = [p for p in REGISTRY.all() if p.exists_now]
UNITS = [p for p in REGISTRY.all()]


def place_word(unit) -> str:
    return "thành phố" if unit.is_city else "tỉnh"


# Titles that end in a place word: a name follows, the unit's or the official's.
TITLES_PROVINCE = [
    "Chủ tịch UBND tỉnh",
    "Phó Chủ tịch UBND tỉnh",
    "Phó Chủ tịch Thường trực UBND tỉnh",
    "Chủ tịch HĐND tỉnh",
    "Phó Chủ tịch HĐND tỉnh",
    "Bí thư Tỉnh ủy",
    "Phó Bí thư Tỉnh ủy",
    "Phó Bí thư Thường trực Tỉnh ủy",
    "Trưởng ban Thi đua - Khen thưởng tỉnh",
    "Trưởng Ban Tuyên giáo Tỉnh ủy",
    "Trưởng Ban Tổ chức Tỉnh ủy",
    "Trưởng Ban Dân vận Tỉnh ủy",
    "Chủ nhiệm Ủy ban Kiểm tra Tỉnh ủy",
    "Giám đốc Sở Khoa học và Công nghệ tỉnh",
    "Giám đốc Sở Nông nghiệp và Phát triển nông thôn tỉnh",
    "Giám đốc Sở Nội vụ tỉnh",
    "Giám đốc Sở Tài chính tỉnh",
    "Phó Giám đốc Sở Y tế tỉnh",
    "Giám đốc Công an tỉnh",
    "Chủ tịch Liên hiệp Hội tỉnh",
    "Chủ tịch Liên hiệp các hội Khoa học và Kỹ thuật tỉnh",
    "Chủ tịch Ủy ban MTTQ Việt Nam tỉnh",
    "Trưởng đoàn ĐBQH tỉnh",
    "Phó Trưởng đoàn ĐBQH tỉnh",
    "Đại biểu Quốc hội tỉnh",
    "Chánh Văn phòng UBND tỉnh",
    "Chỉ huy trưởng Bộ Chỉ huy Quân sự tỉnh",
    "Chánh án Tòa án nhân dân tỉnh",
    "Chủ tịch Hội Nông dân tỉnh",
    "Viện trưởng Viện Kiểm sát nhân dân tỉnh",
    "Chủ tịch Hội Liên hiệp Phụ nữ tỉnh",
    "Phó Trưởng ban Thường trực Ban Thi đua - Khen thưởng tỉnh",
]
TITLES_CITY = [
    "Chủ tịch UBND thành phố",
    "Phó Chủ tịch UBND thành phố",
    "Bí thư Thành ủy",
    "Phó Bí thư Thành ủy",
    "Chủ tịch UBND TP.",
    "Chủ tịch HĐND TP.",
    "Giám đốc Sở Giáo dục và Đào tạo TP.",
    "Chủ tịch Liên hiệp Hội thành phố",
]
HONORIFICS = [
    "ông",
    "bà",
    "đồng chí",
    "PGS.TS",
    "TS.",
    "ThS.",
    "GS.TS",
    "Đại tá",
    "Thiếu tướng",
    "nhà báo",
    "bác sĩ",
    "kỹ sư",
    "Đại biểu Quốc hội",
    "Ông",
    "Bà",
    "Đồng chí",
]


def _upper_first(text: str) -> str:
    return text[:1].upper() + text[1:]


def title_for(rng: random.Random, unit) -> str:
    titles = TITLES_CITY if unit.is_city else TITLES_PROVINCE
    return rng.choice(titles)


def _unit(rng: random.Random, after_2025: bool | None = None):
    if after_2025 is None:
        after_2025 = rng.random() < 0.5
    return rng.choice(NOW if after_2025 else OLD)


def name_of(rng: random.Random, unit) -> str:
    """The unit's name as the press writes it: mostly the full name, sometimes a short form."""
    if unit.slug == "ho-chi-minh" and rng.random() < 0.3:
        return rng.choice(["TP.HCM", "TP. Hồ Chí Minh"])
    return unit.name


# Sentences with {p} (a place word and a correct name, or where a slip goes: see PLACE_SLOTS),
# {title} {name} (an official named after a title that ends in a place word), and so on.
def _sentence(rng: random.Random, slot) -> str:
    """One sentence; `slot(unit)` writes the unit's name after its place word (correct or slipped)."""
    unit, other = _unit(rng), _unit(rng)
    who, who2 = person(rng), person(rng)
    t, t2 = title_for(rng, unit), title_for(rng, other)
    hon, hon2 = rng.choice(HONORIFICS), rng.choice(HONORIFICS)
    old = rng.choice([p for p in OLD if p.successor])
    new = REGISTRY.successor_of(old.slug)
    kind = rng.randrange(16)
    if kind == 0:
        return f"{t} {who} phát biểu chỉ đạo tại hội nghị."
    if kind == 1:
        return f"{t} {slot(unit)} {who} cho biết năm 2024 tỉnh đạt nhiều kết quả quan trọng."
    if kind == 2:
        return f"{_upper_first(hon)} {who}, {t} {slot(unit)}, trao Bằng khen cho các tập thể."
    if kind == 3:
        return f"Tham dự hội nghị có {hon} {who}, {t} {slot(unit)}; {hon2} {who2}, {t2} {slot(other)}."
    if kind == 4:
        return f"Theo {t} {who}, năm nay {place_word(unit)} {slot(unit)} có 30 đề tài được nghiệm thu."
    if kind == 5:
        return f"Đồng chí {who} – {t} – trao Bằng khen cho các tập thể tiêu biểu."
    if kind == 6:
        return (
            f"Sau sắp xếp, {place_word(old)} {slot(old)} hợp nhất vào {place_word(new)} {slot(new)}; "
            f"{t} {who} cho biết bộ máy mới đã đi vào hoạt động."
        )
    if kind == 7:
        return f"{t} {who} và {t2} {who2} đã làm việc với Liên hiệp Hội {slot(unit)}."
    if kind == 8:
        degree = rng.choice(["PGS.TS", "TS.", "ThS."])
        return f"{degree} {who}, Giám đốc Sở Khoa học và Công nghệ {slot(unit)}, chủ trì hội thảo."
    if kind == 9:
        a, b = rng.sample(UNITS, 2)
        return f"Cụm thi đua gồm các tỉnh: {slot(unit)}, {slot(a)} và {slot(b)}; {t} {who} làm Trưởng Cụm."
    if kind == 10:
        return f"{t} {who} ({place_word(unit)} {slot(unit)}) đã tiếp {hon} {who2} và đoàn công tác."
    if kind == 11:
        return f"Tại {place_word(unit)} {slot(unit)}, {t} {who} kiểm tra tiến độ các công trình trọng điểm."
    if kind == 12:
        return f"{_upper_first(hon)} {who} ở xã {who.split()[-1]} Đông, huyện {who2.split()[-1]} Sơn được khen thưởng."
    if kind == 13:
        return f"Ngày 15/3, {t} {who} tiếp đoàn công tác của {place_word(other)} {slot(other)} do {hon} {who2} dẫn đầu."
    if kind == 14:
        return f"Năm 2024, {t} {slot(unit)} {who} ký ban hành kế hoạch; {t2} {who2} chủ trì triển khai."
    return f"{t} {who} cho biết {place_word(unit)} {slot(unit)} sẽ tiếp tục phối hợp với Liên hiệp Hội Việt Nam."


def correct_sentences(count: int, seed: int = 1) -> list[str]:
    """`count` sentences of correct prose (no province misspelt), the same for the same seed."""
    rng = random.Random(seed)
    return [_sentence(rng, lambda unit: name_of(rng, unit)) for _ in range(count)]


# --- Slips --------------------------------------------------------------------------------------
_TONES = "\u0300\u0301\u0309\u0303\u0323"  # huyền, sắc, hỏi, ngã, nặng
_LETTERS = "abcdeghiklmnopqrstuvxyăâđêôơư"


def _retone(syllable: str, rng: random.Random) -> str:
    """The syllable with its tone mark changed, added or taken away (on the vowel that bore it, or
    on one of its last two vowels)."""
    decomposed = unicodedata.normalize("NFD", syllable)
    marked = [i for i, ch in enumerate(decomposed) if ch in _TONES]
    bare = "".join(ch for ch in decomposed if ch not in _TONES)
    vowels = [i for i, ch in enumerate(bare) if fold(ch).lower() in "aeiouy"]
    if not vowels:
        return syllable
    if marked:  # the vowel before the mark: count the base letters up to it
        base = sum(1 for ch in decomposed[: marked[0]] if not unicodedata.combining(ch)) - 1
        at = [i for i, ch in enumerate(bare) if not unicodedata.combining(ch)][base]
        tones = [t for t in _TONES if t != decomposed[marked[0]]] + [""]
    else:
        at = rng.choice(vowels[-2:])
        tones = list(_TONES)
    end = at + 1
    while end < len(bare) and unicodedata.combining(bare[end]):
        end += 1  # (after the vowel's own marks: circumflex, breve, horn)
    return unicodedata.normalize("NFC", bare[:end] + rng.choice(tones) + bare[end:])


def letter_slip(name: str, rng: random.Random) -> str:
    """One letter left out, added, changed, or two swapped, inside a word (never its first letter:
    a capital typed wrong is rarer, and the run of capitals would change)."""
    words = name.split(" ")
    w = rng.randrange(len(words))
    word = words[w]
    if len(word) < 2 or word == "-":
        return name
    i = rng.randrange(1, len(word))
    kind = rng.randrange(4)
    if kind == 0 and len(word) > 2:
        word = word[:i] + word[i + 1 :]
    elif kind == 1:
        word = word[:i] + rng.choice(_LETTERS) + word[i:]
    elif kind == 2:
        word = word[:i] + rng.choice(_LETTERS) + word[i + 1 :]
    elif i + 1 < len(word):
        word = word[:i] + word[i + 1] + word[i] + word[i + 2 :]
    else:
        word = word[:i] + rng.choice(_LETTERS) + word[i + 1 :]
    words[w] = word
    return " ".join(words)


def tone_slip(name: str, rng: random.Random) -> str:
    words = name.split(" ")
    w = rng.randrange(len(words))
    if words[w] != "-":
        words[w] = _retone(words[w], rng)
    return " ".join(words)


def _folded(text: str) -> str:
    return " ".join(fold(text).lower().replace("-", " ").split())


@dataclass(frozen=True)
class Slipped:
    sentence: str
    written: str  # the misspelt name as it stands in the sentence
    meant: str  # the unit's name
    kind: str  # "letter" (one or two letters, maybe a tone too) or "tone" (tone marks only)

    @property
    def after(self) -> str:
        """What the name follows: "tỉnh", "Tỉnh ủy", "Liên hiệp Hội", "thành phố", "Thành ủy",
        "TP.", "tại", a list ("," / "và" / ":") or something else ("Công nghệ")."""
        before = self.sentence[: self.sentence.index(self.written)].rstrip()
        for word in ("Tỉnh ủy", "Thành ủy", "Liên hiệp Hội", "thành phố", "tỉnh", "TP.", "Tại"):
            if before.endswith(word):
                return word
        return "list" if before.endswith((",", ":", " và")) else "other"


def slip(name: str, rng: random.Random, kind: str) -> str | None:
    """`name` with one or two slips of `kind`, or None when that made a real name or nothing new."""
    if kind == "tone":
        out = tone_slip(name, rng)
        if rng.random() < 0.3:
            out = tone_slip(out, rng)
        return out if out != name and _folded(out) == _folded(name) else None
    out = letter_slip(name, rng)
    extra = rng.random()
    if extra < 0.35:
        out = letter_slip(out, rng)
    elif extra < 0.55:
        out = tone_slip(out, rng)
    folded = _folded(out)
    if folded == _folded(name) or REGISTRY.match(out) is not None or len(folded.replace(" ", "")) < 3:
        return None
    return out


def slipped_sentences(count: int, seed: int = 1, kind: str = "letter") -> list[Slipped]:
    """`count` sentences of the same prose with one name after a place word misspelt (the first
    slot of the sentence that holds a name; the others are right)."""
    rng = random.Random(seed)
    out: list[Slipped] = []
    while len(out) < count:
        done: list[tuple[str, str]] = []

        def slot(unit, done=done):
            name = name_of(rng, unit)
            if done or name.startswith("TP") or " " not in name:  # (the lint reads runs of two words or more)
                return name
            written = slip(name, rng, kind)
            if written is None:
                return name
            done.append((written, unit.name))
            return written

        sentence = _sentence(rng, slot)
        if done:
            out.append(Slipped(sentence, done[0][0], done[0][1], kind))
    return out
