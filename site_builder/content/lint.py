"""Province lint: a name in an article body that is probably a misspelt province.

Closeness alone would flag half a news archive, because Vietnamese personal names share
syllables with provinces ("Minh Phúc" is one letter from Vĩnh Phúc). A capitalised run of
words is reported only when
  - it follows a place context ("tỉnh", "Tỉnh ủy", "TP.", "Liên hiệp Hội", "tại", …) or stands in
    a list next to a real province, and is at most two slips from a province name; or
  - it is a whole proper noun of its own (not part of a longer name, not after "ông", "bà",
    "anh", "TS." …) and exactly one slip from a province name *with its diacritics* ("Bìn Thuận"
    drops one letter of "Bình Thuận"; "Minh Phúc" differs from "Vĩnh Phúc" in a letter and a tone).
Names after "xã", "huyện", "phường" … are communes and districts, never provinces.

People. A place word is followed by a person as often as by a place: officials are named with
their titles, and a title ends in the unit it governs ("Chủ tịch UBND tỉnh Hồ Thị Bình", "Bí thư
Tỉnh ủy Hồ Minh Mai", "Trưởng ban Thi đua - Khen thưởng tỉnh Trần Minh Thắng"). So within a run,
a *person's name* is: a common family name (Nguyễn, Trần, Lê, … about 140 of them) followed by one
to four name syllables, each a middle or given name this module knows (Văn, Thị, Minh, Bình, …;
the second may also be a family name: "Phạm Nguyễn Bích Oanh", "Tôn Nữ"). Its syllables are read
as a person and never as a province, except as one whole: a window of words that starts or ends
inside a name ("Trần Minh" of "Trần Minh Thắng", "Hồ Minh" of "Hồ Minh Mai") is not compared at
all. The name as a whole is compared only with the provinces of as many syllables, and is taken
for a misspelt province only when it is one slip from one counting tone marks as letters ("Cao
Hằng" for Cao Bằng, "Lâm Đông" for Lâm Đồng, "Hồ Chí Linh" for Hồ Chí Minh; two slips make a name
of its own: "Hồ Thị Bình" is four from Hồ Chí Minh, "Lê Nam" two from Hà Nam) and
  - it follows a place word that does not end a title ("tại tỉnh Cao Hằng": the province;
    "Chủ tịch UBND tỉnh Cao Hằng", "Giám đốc Sở Y tế tỉnh Cao Hằng": a person). The title
    counts when it begins the office that the place word ends: not after "tại", "đến", "và" …,
    not when someone is named between them ("Giám đốc Sở Tài chính tỉnh Trần Văn Lâm cho biết
    tỉnh La Châu"), nor when the holder was named just before ("ông Lưu Mạnh Lâm, Giám đốc Sở Y
    tế tỉnh Hà Na"); or
  - it stands in a list of provinces.
A name followed at once in its run by another name is in the place's slot, and compared as any
run ("Chủ tịch UBND tỉnh Cao Hằng Nguyễn Văn An").
A run that does not read as a name — no family name first ("Qaunrg Ngãi", "Bình Đinh": Bình is
a given name, not a family name), or a syllable no name has ("Hồ Chí Mnh", "Lâm Đồg") — is a
place as before. So a slip that makes a real person's name of a province ("Trần Vinh" for Trà Vinh,
"La Châu" after a title) is missed, and a name the lists do not know ("Hồ Thị Bính") is a place.
Tone marks: a run that is a province's name but for its marks ("Quảng Ngải", "Quãng Trị", "Bình
Đinh", "Khánh Hoa") is a slip as any other, one slip a wrong or missing mark; either place of a
mark ("Hoà"/"Hòa") is right (provinces.toned). Such a name of a person ("Lâm Đông", "Hà Tịnh") is
read as above: after "tỉnh" without a title, the province; after a title, the person. A run
without any mark ("Quang Ngai Sugar", English text) is compared without marks, as before. ("thành
phố" ends with "phố", a street: nothing after it is flagged, which spares provincial cities one or
two slips from a province, "thành phố Đà Lạt", "thành phố Đông Hà", until they are known.)

A run is compared only with the names that have, in the same place, one of its syllables or a
syllable one slip from it: two slips leave at least one syllable of a name right or one slip
from right ("Qaunrg Ngãi", "Bìn Thuậ").
"""

from __future__ import annotations

import re
import unicodedata
from dataclasses import dataclass
from functools import lru_cache

from ..provinces import ProvinceRegistry, _distance, toned
from ..slugs import fold

_WORD = re.compile(r"[^\W\d_]+", re.UNICODE)
_UPPER = "A-ZÀÁẢÃẠĂẰẮẲẴẶÂẦẤẨẪẬĐÈÉẺẼẸÊỀẾỂỄỆÌÍỈĨỊÒÓỎÕỌÔỒỐỔỖỘƠỜỚỞỠỢÙÚỦŨỤƯỪỨỬỮỰỲÝỶỸỴ"
# Two or more capitalised words in a row ("Bìn Thuận", "Bà Rịa - Vũng Tàu") on one line: the only
# candidates. (Spaces other than a line break between them: a body is searched whole, in C.
# Possessive: letters never give back to a space or hyphen, so trying that is skipped. Not from a
# capital after a capital: a run from there would have started at the first, so the letters of
# "AAAA…" are not each read again to the end of the word: 40,000 capitals took 10 s.)
_RUN = re.compile(
    rf"[{_UPPER}](?<![{_UPPER}][{_UPPER}])[^\W\d_]*+(?:(?:[^\S\n]++|[^\S\n]*+-[^\S\n]*+)[{_UPPER}][^\W\d_]*+)+"
)
# _RUN tried only where a word starts, and at a capital glued to the lower-case letters before it
# ("tạiBìn Thuận"), once a word: from any later capital of that word the first word of a run ends
# at the same place, so the attempt fails or succeeds alike. (finditer tried each capital, and
# read each to the end of its word: a 20,000-letter "aAaA…" took 1.3 s, 80,000 letters 20 s.)
# (The capital first, then what stands before it: a pattern that opens with a look-behind is
# tried at every character, one that opens with a class only at capitals: 0.28 -> 0.10 ms and
# 0.31 -> 0.05 ms an article of the realistic corpus.)
_RUN_AT_WORD = re.compile(
    rf"[{_UPPER}](?<![^\W\d_][{_UPPER}])" + _RUN.pattern[len(f"[{_UPPER}](?<![{_UPPER}][{_UPPER}])") :]
)
_GLUED = re.compile(rf"[{_UPPER}](?<=[^\W\d_][{_UPPER}])(?<![{_UPPER}][{_UPPER}])")
_LETTERS = re.compile(r"[^\W\d_]*+")


def find_runs(text: str) -> list[re.Match]:
    """The matches `_RUN.finditer(text)` gives, in order, in time linear in the text's length."""
    runs = list(_RUN_AT_WORD.finditer(text))
    glued = []
    skip_to = 0
    for capital in _GLUED.finditer(text):
        at = capital.start()
        if at < skip_to:
            continue
        word = _LETTERS.match(text, at)  # (the rest of this word: no second try in it)
        skip_to = word.end() if word else at + 1
        run = _RUN.match(text, at)
        if run is not None:
            glued.append(run)
            skip_to = run.end()
    if not glued:
        return runs
    merged, end = [], 0
    for run in sorted(runs + glued, key=lambda m: m.start()):
        if run.start() >= end:  # (finditer's matches never overlap)
            merged.append(run)
            end = run.end()
    return merged


# What precedes a place name in this kind of news (lower-case, diacritics kept).
_PLACE_CONTEXT = (
    "tỉnh",
    "thành phố",
    "tp.",
    "tp",
    "liên hiệp hội",
    "liên hiệp các hội",
    "lhh",
    "tại",
    "ở",
    "tỉnh ủy",
    "tỉnh uỷ",
    "ubnd tỉnh",
)
_LOCAL_CONTEXT = (
    "xã",
    "huyện",
    "phường",
    "thị trấn",
    "thị xã",
    "quận",
    "thôn",
    "bản",
    "ấp",
    "làng",
    "sông",
    "núi",
    "đường",
    "phố",
    "trường",
    "chùa",
    "đình",
    "cầu",
    "chợ",
)
_PERSON_CONTEXT = (
    "ông",
    "bà",
    "anh",
    "chị",
    "em",
    "cô",
    "thầy",
    "cháu",
    "đồng chí",
    "đ/c",
    "ts.",
    "ts",
    "ths.",
    "ths",
    "pgs.",
    "gs.",
    "tskh",
    "ks.",
    "bs.",
    "nhà báo",
    "nghệ nhân",
    "giáo viên",
    "học sinh",
    "sinh viên",
    "chủ tịch",
    "phó chủ tịch",
    "bí thư",
    "giám đốc",
)
_PERSON_LONGEST = max(map(len, _PERSON_CONTEXT))
# Characters of its line before and after a candidate in which a place word or a list neighbour is
# looked for ("tỉnh Bìn Thuận", "Quảng Ngãi, Bìn Thuận"): the longest place word has 17 letters, a
# neighbour up to four words.
_NEAR = 40

# --- People's names (see the module's docstring) ------------------------------------------------
# Family names: the commonest hundred or so (nine Vietnamese in ten bear one of the first sixteen),
# and those of the ethnic minorities common in the news (Lò, Sùng, Giàng, Thạch, Danh, …).
_FAMILY_NAMES = """
nguyễn trần lê phạm hoàng huỳnh phan vũ võ đặng bùi đỗ hồ ngô dương lý đoàn đinh trịnh trương cao
đào mai lương lưu lâm hà thái phùng tạ tô vương châu chu từ quách lã lữ tôn tống đồng hứa tăng đậu
diệp đàm kiều triệu la lại thạch chung nông dư bạch hồng trang âu giang nhan thân bành cáp danh vy
vi phó mã hàn nghiêm nhữ cù khương ông ung mạc sầm tưởng ôn liêu tiết lục ninh uông trình lăng trầm
doãn phù lư kỷ khổng chế quản xa khưu thiều mông biện viên tào hạ phí kim lò lường hoa văn giáp
khúc công cấn chử đới bế hầu lỗ mẫn ngọ tiêu thi quan khuất lạc ma sùng giàng vàng thào mùa lầu bàn
kha tòng đèo cầm quàng sơn ngụy mạch lộc
"""
# Middle and given names: the syllables Vietnamese names are made of (with both places of a tone
# mark: "Hòa"/"Hoà"). A syllable outside this list ends a name ("Hồ Chí Mnh" is no person).
_GIVEN_NAMES = """
a an ái ân ẩn anh ánh ất âu ba bá bách bạch bắc bằng bảo bảy bé bích biên biển bình bính bổn bông bửu
ca cai cẩm cầm cần cảnh cao cát châu chí chi chiến chiêu chinh chính chỉnh chu chúc chuẩn chung chương
chuyên công cơ cúc cung cư cường cương da danh dân dần diễm diên diệp diệu dinh doãn du dũng dung duy
duyên duyệt dư dự dương đại đạm đan đang đảm đăng đắc đằng đẳng đạo đạt đàm đào đẩu điền điềm điệp
định đình đoan đoàn đôn đông đồng độ đô đức được đường gấm giang giao giáp gia giàu hà hạ hải hàm hân
hằng hạnh hào hảo hạo hậu hiền hiển hiến hiệp hiếu hiểu hinh hòa hóa hoài hoan hoàn hoán hoàng hoạt
học hội hợi hồng hợp huân huấn huệ huế hùng hưng hứng hương hường hưởng hướng hữu huy huyền huynh
huỳnh hy hỷ khá kha khả khang khanh khánh khải khâm khiêm khiết khoa khoái khôi khởi khuê khương
khuyên khuyến kiên kiện kiệt kiều kim kính kỳ kỷ ký ky lạc lai lài lam lâm lan lãm lành lãnh lập
lễ lệ liêm liên liễu linh lịch loan lộc lợi long luân luận luật lục lực lụa lưu lượng lương ly lý
mai mạnh mẫn minh mỹ my mơ mừng mến miên mậu mười na nam năm nga ngà ngạn ngân nghĩa nghị nghiêm
nghiệp ngọc ngôn ngoan nguyên nguyện nguyệt nhã nhàn nhân nhẫn nhất nhật nhi nhiên nhơn nhu như
nhung nhuận nhựt ninh nở nông nữ nương oanh pha phát phấn phi phong phú phúc phụng phùng phương
phượng phước phục pháp quân quang quảng quế quốc quý quyên quyền quyết quỳnh sa sang sáng sâm san
sanh sen siêu sinh sơn song sương sử sửu sỹ sĩ sự tá tài tâm tân tấn tạo tây tề thạc thạch thái
thắm thăng thắng thanh thành thạnh thảo thân thật thế thể thi thị thiên thiện thiết thiệu thìn thịnh
thọ thoa thoại thông thơ thơm thời thu thư thuận thục thuần thuật thùy thúy thủy thụy thương thường
thưởng thức thực thy tiên tiến tiền tiệp tiết tín tình tính tịnh toại toàn toản tòng tốt trà trị
trác trai trang tráng trâm trân trầm tri trí triều triết triệu trinh trình trọng trúc trung truyền
trực trường trương tú tuân tuấn tuệ tùng tuyên tuyền tuyển tuyết tư tứ tươi tường tưởng tý uy uyên
văn vân viên viễn việt viết vinh vĩnh vịnh võ vũ vui vy vi vượng vương vỹ vĩ xoan xuân xuyến xuyên
y yên yến ý em út hiệu lân lanh lăng nhạn phán phẩm quy quí thuyên tiêu tĩnh tụ tự vọng hoa khắc tất
"""


def _tone_styles(words: str) -> frozenset:
    """The words, lower case, each with the tone mark of "oa", "oe", "uy" on either vowel."""
    out = set()
    for word in words.split():
        word = unicodedata.normalize("NFC", word)
        out.add(word)
        decomposed = unicodedata.normalize("NFD", word)
        for tone in "\u0300\u0301\u0309\u0303\u0323":
            for pair in ("oa", "oe", "uy"):  # (only when the pair ends the syllable: "hoàng" has one place)
                if decomposed.endswith(pair[0] + tone + pair[1]):
                    out.add(unicodedata.normalize("NFC", decomposed[:-3] + pair + tone))
                elif decomposed.endswith(pair + tone):
                    out.add(unicodedata.normalize("NFC", decomposed[:-3] + pair[0] + tone + pair[1]))
    return frozenset(out)


_FAMILY = _tone_styles(_FAMILY_NAMES)
_GIVEN = _tone_styles(_GIVEN_NAMES)
_NAME_LONGEST = 5  # syllables: "Công Tằng Tôn Nữ Thị" is rare, five is the most the lint reads as one name


def person_spans(words, province_syllables=frozenset()) -> tuple[tuple[int, int, bool], ...]:
    """(start, end, loose) of each person's name among a run's words (NFC): a family name, then one
    to four name syllables ending with a given name, as many as there are; the second syllable may
    be another family name ("Phạm Nguyễn Bích Oanh", "Tôn Nữ Thị Ninh"). Such a name is `loose`
    when its first syllable is one of `province_syllables` (lower case, marked) or its second is
    only a family name: the first may as well end the words before it ("tỉnh Tâv Ninh Phạm Văn
    Việt": Ninh ends the misspelt Tây Ninh, Phạm Văn Việt is the person; "Tuyên Quan Nguyễn Sinh")."""
    lowered = [w.lower() for w in words]
    spans = []
    i = 0
    while i < len(lowered):
        if lowered[i] in _FAMILY:
            j = i + 1
            while (
                j < len(lowered)
                and j - i < _NAME_LONGEST
                and (lowered[j] in _GIVEN or (j == i + 1 and lowered[j] in _FAMILY))
            ):
                j += 1
            while j > i + 1 and lowered[j - 1] not in _GIVEN:
                j -= 1  # (a name ends with a given name: "Hà Trịnh" is no one's whole name)
            if j - i >= 2:
                loose = (
                    j - i >= 3
                    and lowered[i + 1] in _FAMILY
                    and (lowered[i] in province_syllables or lowered[i + 1] not in _GIVEN)
                )
                spans.append((i, j, loose))
                i = j
                continue
        i += 1
    return tuple(spans)


def reads_as_person(marked_slips: int, titled: bool) -> bool:
    """Whether a whole person's name that is `marked_slips` from a province of as many syllables
    (tone marks counted as letters) stays a person after a place word: two slips or more always
    ("Hồ Thị Bình", "Lê Nam"); one slip only when a title announces a person ("Chủ tịch UBND tỉnh
    Cao Hằng", but "tại tỉnh Cao Hằng" is Cao Bằng misspelt)."""
    return marked_slips >= 2 or titled


# A title or office before a place word announces a person after it: "Chủ tịch UBND tỉnh",
# "Giám đốc Sở Tài chính tỉnh", "Trưởng ban Thi đua - Khen thưởng tỉnh", "Bí thư Tỉnh ủy".
_TITLE = re.compile(
    r"(?<![^\W\d_])(?:chủ tịch|bí thư|(?<!tăng )trưởng|(?<!đối )phó|giám đốc|chánh|chủ nhiệm|"
    r"(?<!đại hội )đại biểu|ủy viên|uỷ viên|tổng biên tập|tổng thư ký|chỉ huy|tư lệnh|chính ủy|chính uỷ|"
    r"trợ lý|thư ký)(?![^\W\d_])"
)
# Place words that end an office ("UBND tỉnh", "Tỉnh ủy"), unlike the prepositions after which
# only a place comes ("tại", "ở"); and the words before one that make it a place again ("làm
# việc tại tỉnh", "đến tỉnh", "và tỉnh").
_OFFICE_PLACE = (
    "tỉnh",
    "thành phố",
    "tp.",
    "tp",
    "tỉnh ủy",
    "tỉnh uỷ",
    "thành ủy",
    "thành uỷ",
    "liên hiệp hội",
    "liên hiệp các hội",
    "lhh",
)
_OFFICE_END = re.compile(r"(?<![^\W\d_])(?:" + "|".join(re.escape(w) for w in _OFFICE_PLACE) + r")$")
_OFFICE_IN = re.compile(r"(?<![^\W\d_])(?:tỉnh|thành phố|tp)(?![^\W\d_])")
_NOT_OFFICE = re.compile(
    r"(?<![^\W\d_])(?:tại|ở|đến|về|của|và|với|thăm|sang|tới|từ|cho|các|giữa|gồm|"
    r"như|hai|ba|nhiều|toàn|trong|ngoài|khắp)$"
)
# The capitalised words just before a comma: is a person named there?
_RUN_END = re.compile(rf"[{_UPPER}][^\W\d_]*(?:[^\S\n]+[{_UPPER}][^\W\d_]*)*[^\S\n]*$")
_CLAUSE_END = re.compile(r"[;:!?()\[\]\"“”,]|\.(?=\s)")
_TITLE_NEAR = 120  # characters before a name in which its title is looked for (a long office:
# "Phó Giám đốc Sở Nông nghiệp và Phát triển nông thôn tỉnh" is 57)

FAR_MAX = 200_000  # runs remembered as far from every province, at most


@dataclass(frozen=True)
class Slip:
    line: int  # 0-based line in the text
    written: str
    meant: str


class ProvinceLint:
    def __init__(self, registry: ProvinceRegistry):
        self.registry = registry
        # Runs of words without candidates: what `candidates`' cache also knows, but as a set, so
        # that a body's runs are checked against it in one set difference (see `check`).
        self._far: set[str] = set()
        self._near_words: dict[str, bool] = {}  # see `_word_near`
        # Spellings by syllable count: a 2-syllable run is compared with 2-syllable names only.
        self.names: dict[int, list[tuple[str, str, str, frozenset]]] = {}
        # Syllables of province names, folded.
        self.syllables = {w for p in registry.all() for w in fold(p.name).lower().replace("-", " ").split()}
        # Names by (syllable count, position, folded syllable, or the syllable less one letter):
        # a name within two slips of a run keeps a syllable in its place right ("Qaunrg Ngãi"
        # keeps "ngai") or one slip from right ("Bìn Thuậ": "bin" is "binh" less a letter), so a
        # run is compared only with the few names that share such a syllable where they have it.
        self.by_syllable: dict[tuple[int, int, str], list[int]] = {}
        # Those syllables and each less one letter: a run is skipped at once when none of its
        # syllables, nor any of them less one letter, is among these. (Two slips leave a syllable
        # right or one slip from right: "Qaunrg Ngãi", "Bìh Phyước". Only a right one was looked
        # for: "Bìh Phyước", "Đnồg Ndai" were never compared, 17% of such slips were found.)
        self.near = {v for w in self.syllables for v in _near_syllables(w)}
        # The province syllables with their marks: a family name that is one may end a province's
        # name ("tỉnh Tâv Ninh Phạm Văn Việt").
        self.marked_syllables = frozenset(w for p in registry.all() for w in _nfc_lower(p.name).split())
        for p in registry.all():
            folded = " ".join(fold(p.name).lower().replace("-", " ").split())
            marked = _marked(p.name.replace("-", " "))
            words = folded.split()
            entry = len(self.names.setdefault(len(words), []))
            self.names[len(words)].append((folded, marked, p.name, frozenset(folded)))
            for position, word in enumerate(words):
                for variant in _near_syllables(word):
                    self.by_syllable.setdefault((len(words), position, variant), []).append(entry)

    @lru_cache(maxsize=65536)  # noqa: B019  (one lint a build, kept alive by the build anyway)
    def closest(self, words: str) -> tuple[int, int, str]:
        """(slips without marks, slips with marks, province name) nearest to a run of words, among
        the names within two slips of it; (99, 99, "") when there is none."""
        folded = fold(words).lower()
        marked = _marked(words) if folded != words.lower() else folded  # ASCII text: compare folded
        best = (99, 99, "")
        parts = folded.split()
        size = len(parts)
        letters = set(folded)
        entries = {
            e
            for position, word in enumerate(parts)
            for variant in _near_syllables(word)
            for e in self.by_syllable.get((size, position, variant), ())
        }
        for entry in sorted(entries):
            name, name_marked, display, name_letters = self.names[size][entry]
            if abs(len(name) - len(folded)) > 2 or len(letters ^ name_letters) > 4:
                continue  # more than two slips apart whatever they are (a slip adds or takes away
                # at most one letter, or changes one for another: two of the letters used)
            slips = _within(folded, name, 2)
            if slips <= 2:
                best = min(best, (slips, _distance(marked, name_marked if marked is not folded else name), display))
        return best

    def check(self, text: str) -> list[Slip]:
        slips: list[Slip] = []
        text = unicodedata.normalize("NFC", text)
        # The body is searched once. Its runs less those known to be far from every province (one
        # set difference, not a cached call per run) are nearly always none; otherwise only the
        # runs near a province are looked at, each in a few dozen characters around it: the cost
        # of a body grows with its length, however long its lines (a 144 KB one-line paragraph of
        # misspelt names took 20 s when each run counted the lines above it and searched its line).
        runs = [(run.group(), run) for run in find_runs(text)]
        near = {written for written in {written for written, _ in runs} - self._far if self._near(written)}
        if not near:
            return slips
        number, line_start, seen = 0, 0, 0  # the line of `seen` and where it starts (runs come in order)
        for written, run in runs:
            candidates = self.candidates(written) if written in near else ()
            if candidates:
                newlines = text.count("\n", seen, run.start())
                if newlines:
                    number += newlines
                    line_start = text.rfind("\n", seen, run.start()) + 1
                seen = run.start()
                words = list(_WORD.finditer(text, run.start(), run.end()))
                slip = self._in_context(number, text, line_start, words, candidates)
                if slip:
                    slips.append(slip)
        return slips

    def _near(self, run: str) -> bool:
        """Whether a run has candidates; a run that has none is remembered in `_far`."""
        if self.candidates(run):
            return True
        if len(self._far) >= FAR_MAX:
            self._far.clear()  # (bounded: a large archive has many distinct names)
        self._far.add(run)
        return False

    @lru_cache(maxsize=65536)  # noqa: B019  (as `closest`)
    def candidates(self, run: str) -> tuple:
        """Windows of a run close to a province, as (first word, size, marked slips, name, whether
        the window is a whole person's name); () when none. A window that is part of a person's
        name is none, and so is a whole name that is a person wherever it stands.

        Depends on the run's words only, so it is cached: runs repeat a lot in a news archive.
        """
        words = _WORD.findall(run)
        if not any(map(self._word_near, words)):
            return ()
        windows = [
            (start, size, " ".join(words[start : start + size]))
            for size in (4, 3, 2)
            for start in range(len(words) - size + 1)
        ]
        if any(self.registry.is_official(text) for _, _, text in windows):
            return ()  # a real province, spelt as it is officially, in this run: nothing misspelt here
        spans = person_spans(words, self.marked_syllables)
        honored = _after_honorific(words)
        found = []
        for start, size, text in windows:
            if honored and not honored.isdisjoint(range(start, start + size)):
                continue  # "Bà Giang cho biết": a woman called Giang, not Hà Giang
            person = _person_window(spans, start, start + size)
            if person is None:
                continue  # part of a person's name ("Trần Minh" of "Trần Minh Thắng")
            slips, marked_slips, meant = self.closest(text)
            # A slip of letters, or of tone marks alone ("Quảng Ngải", "Bình Đinh": the same letters)
            if (
                (slips > 0 or marked_slips > 0)
                and slips <= 2
                and not (person and reads_as_person(marked_slips, titled=False))
            ):
                found.append((start, size, marked_slips, meant, person))
        return tuple(found)

    def _word_near(self, word: str) -> bool:
        """Whether a word, or it less one letter, is a province's syllable or that less one letter.
        Remembered: a run is made of words that every article has ("Hội", "Nguyễn", "Văn", …), and
        a new run is looked at for each new person, office or place (a third of a cold build's lint,
        when each word was folded and varied again)."""
        near = self._near_words.get(word)
        if near is None:
            if len(self._near_words) >= FAR_MAX:
                self._near_words.clear()  # (bounded, as `_far`)
            near = self._near_words[word] = not self.near.isdisjoint(_near_syllables(_folded_word(word)))
        return near

    def _in_context(self, number, text, line_start, words, candidates) -> Slip | None:
        """The slip of the first candidate in a place context or a list, or standing alone; the
        run's words are in `text`, on the line starting at `line_start`.

        Only the _NEAR characters before and after a candidate on its line are looked at, and the
        last words before the run (however far back the spaces before the run go). (Nothing checks
        for a capitalised word before the run: with only spaces between, it is part of the run.)"""
        person = _text_before(text, line_start, words[0].start()).endswith(_PERSON_CONTEXT)
        for start, size, marked_slips, meant, name in candidates:
            first, last = words[start].start(), words[start + size - 1].end()
            head = text[max(line_start, first - _NEAR) : first]
            prefix = head.lower().rstrip()
            if prefix.endswith(_LOCAL_CONTEXT):
                continue
            place = prefix.endswith(_PLACE_CONTEXT)
            if name:  # a person's name one slip from a province: that province only after a place
                # word that no title makes the end of an office, or in a list of provinces
                if place:
                    if reads_as_person(marked_slips, _titled(text, line_start, first)):
                        continue
                elif not self._in_list(head, text[last : last + _NEAR].partition("\n")[0]):
                    continue
                return Slip(number, text[first:last], meant)
            in_context = place or self._in_list(head, text[last : last + _NEAR].partition("\n")[0])
            whole = start == 0 and size == len(words) and not person
            if in_context or (whole and marked_slips == 1):
                return Slip(number, text[first:last], meant)
        return None

    def _in_list(self, head, tail) -> bool:
        """Next to a real province, separated by ',', ';' or 'và': `head` and `tail` are the _NEAR
        characters before and after a candidate on its line (short: no backtracking blow-up)."""
        left = _list_before(head)
        right = re.match(r"\s*(?:,|;|và\s)\s*([^\W\d_][\w\-]*(?:\s[^\W\d_][\w\-]*){0,3})", tail)
        for m, from_end in ((left, True), (right, False)):
            if not m:
                continue
            names = m.group(1).split()
            for n in (2, 3, 4):
                chunk = names[-n:] if from_end else names[:n]
                if len(chunk) == n and all(w[0].isupper() for w in chunk) and self.registry.match(" ".join(chunk)):
                    return True
        return False


# A list that a candidate ends: a name, then ",", ";" or "và" right before the candidate.
_LIST_BEFORE = re.compile(r"([^\W\d_][\w\s\-]*?)\s*(?:,|;|\svà)\s*$")


def _list_before(head: str) -> re.Match | None:
    """`_LIST_BEFORE.search(head)`, searched only where it can be found: it is tried from each
    letter of `head` (a tenth of a cold build's lint when every candidate's head was searched)."""
    end = head.rstrip()
    if end.endswith((",", ";")) or (end.endswith("và") and end[-3:-2].isspace()):
        return _LIST_BEFORE.search(head)
    return None


# Honorifics that start a sentence with a person's given name ("Bà Giang cho biết", "Ông Bình
# phát biểu"): capitalised there, so the run they start looks like a two-word place name.
_HONORIFICS = frozenset({"ông", "bà", "anh", "chị", "em", "cô", "chú", "bác", "thầy", "cháu", "cụ"})


def _after_honorific(words) -> set[int]:
    """Positions of the words of each honorific and the name after it (given or family names,
    as many as a name has)."""
    lowered = [w.lower() for w in words]
    found: set[int] = set()
    for i in range(len(lowered) - 1):
        if lowered[i] in _HONORIFICS and (lowered[i + 1] in _GIVEN or lowered[i + 1] in _FAMILY):
            j = i + 1
            while j < len(lowered) and j - i <= _NAME_LONGEST and (lowered[j] in _GIVEN or lowered[j] in _FAMILY):
                j += 1
            found.update(range(i, j))
    return found


def _person_window(spans, start: int, end: int) -> bool | None:
    """None when words [start, end) of a run split a person's name (begin or end inside one);
    True when they are one whole name that is not followed at once by another (which would make
    it the place before a name: "tỉnh Cao Hằng Nguyễn Văn An"); False otherwise."""
    for at, (a, b, loose) in enumerate(spans):
        if loose and start < a and end == a + 1:
            continue  # (the words before end with the name's first syllable: "Tâv Ninh")
        if a < start < b or a < end < b:
            return None
        if (a, b) == (start, end):
            return not (at + 1 < len(spans) and spans[at + 1][0] == b)
    return False


def _titled(text: str, line_start: int, at: int) -> bool:
    """Whether the place word before `at` ends an office held by the person named at `at`: a title
    since the clause began ("Chủ tịch UBND tỉnh", "Giám đốc Sở Y tế tỉnh", "Bí thư Tỉnh ủy"), no
    preposition before the place word ("làm việc tại tỉnh", "đến tỉnh"), and the clause not after a
    person's name and a comma ("ông Lưu Mạnh Lâm, Giám đốc Sở Y tế tỉnh Hà Na": the holder is named,
    a place follows)."""
    start = max(line_start, at - _TITLE_NEAR)
    before = text[start:at].lower().rstrip()
    office = _OFFICE_END.search(before)
    if office is None:
        return False
    before = before[: office.start()].rstrip()
    if _NOT_OFFICE.search(before):
        return False
    clause = _last(_CLAUSE_END.finditer(before))
    title = _last(_TITLE.finditer(before, clause.end() if clause else 0))
    if title is None:
        return False
    # The office runs from its title to the place word: no other place word, no one named in it
    # ("Giám đốc Sở Tài chính tỉnh Trần Văn Lâm cho biết tỉnh La Châu": the title is Lâm's).
    office_text = text[start + title.end() : start + office.start()]
    if _OFFICE_IN.search(before, title.end()) or any(
        person_spans(run.group().split()) for run in _RUN.finditer(office_text)
    ):
        return False
    if clause is not None and clause.group() in ",(":
        holder = _RUN_END.search(text, max(line_start, start + clause.start() - _NEAR), start + clause.start())
        if holder is not None:
            words = holder.group().split()
            return not any(b == len(words) for _, b, _ in person_spans(words))
    return True


def _text_before(text: str, line_start: int, end: int) -> str:
    """text[line_start:end] lower-cased without its trailing spaces, or as much of its end as
    `endswith(_PERSON_CONTEXT)` needs: a window that doubles while spaces fill it."""
    width = _NEAR
    while True:
        start = max(line_start, end - width)
        before = text[start:end].lower().rstrip()
        if len(before) >= _PERSON_LONGEST or start == line_start:
            return before
        width *= 2


def _within(a: str, b: str, limit: int) -> int:
    """provinces._distance(a, b) when it is at most `limit`, else limit + 1: only the cells
    within `limit` of the diagonal are computed, and a row that exceeds it everywhere stops."""
    far = limit + 1
    if abs(len(a) - len(b)) > limit:
        return far
    width = len(b)
    before: list[int] = []
    prev = [j if j <= limit else far for j in range(width + 1)]
    for i in range(1, len(a) + 1):
        cur = [far] * (width + 1)
        if i <= limit:
            cur[0] = i
        lo, hi = max(1, i - limit), min(width, i + limit)
        char = a[i - 1]
        for j in range(lo, hi + 1):
            value = min(prev[j] + 1, cur[j - 1] + 1, prev[j - 1] + (char != b[j - 1]))
            if i > 1 and j > 1 and char == b[j - 2] and a[i - 2] == b[j - 1]:
                value = min(value, before[j - 2] + 1)
            cur[j] = value if value < far else far
        if min(cur[max(0, lo - 1) : hi + 1]) > limit:
            return far
        before, prev = prev, cur
    return prev[width] if prev[width] <= limit else far


@lru_cache(maxsize=65536)
def _near_syllables(word: str) -> tuple[str, ...]:
    """The syllable and each string made by deleting one of its letters: two syllables one slip
    apart (a letter left out, added, changed or two swapped) share one of these."""
    return tuple({word, *(word[:i] + word[i + 1 :] for i in range(len(word)))})


def _nfc_lower(text: str) -> str:
    return " ".join(unicodedata.normalize("NFC", text).lower().split())


def _marked(text: str) -> str:
    """Lower case, each word's tone mark at its end (provinces.toned): "Hoà" and "Hòa" are one
    spelling, and a wrong tone mark is one slip ("ngải" for "ngãi")."""
    return " ".join(toned(w) for w in _nfc_lower(text).split())


@lru_cache(maxsize=65536)
def _folded_word(word: str) -> str:
    return fold(word).lower()


def _last(matches):
    """The last of some regex matches, or None."""
    found = None
    for found in matches:  # noqa: B007  (the loop only runs to the end)
        pass
    return found
