"""Province lint: finds the seed page's two misspellings, stays quiet on correctly spelt prose."""
from __future__ import annotations

import random
from pathlib import Path

import pytest

from site_builder.cli import main
from site_builder.content.lint import ProvinceLint
from site_builder.provinces import ProvinceRegistry

REPO = Path(__file__).resolve().parent.parent
LINT = ProvinceLint(ProvinceRegistry.load())

# People whose names share syllables with provinces: closeness alone would flag them.
PEOPLE = ["Nguyễn Văn Long", "Trần Hoàng Nam", "Lê Minh Phúc", "Phạm Thanh Bình", "Võ Quang Ninh",
          "Đặng Hải Dương", "Bùi Thị Hà", "Hoàng Văn Thái", "Ngô Minh Tuấn", "Đỗ Thanh Hóa"]
GIVEN = ["Văn Long", "Hoàng Nam", "Minh Phúc", "Thanh Bình", "Quang Ninh", "Bình Minh", "Hà Giang Anh"]
PLACES = [p.name for p in ProvinceRegistry.load().all()]
TEMPLATES = [
    "Ông {person}, Chủ tịch Liên hiệp Hội tỉnh {place}, phát biểu tại hội nghị.",
    "Theo anh {given}, phong trào sáng tạo kỹ thuật tại {place} phát triển mạnh.",
    "Liên hiệp Hội {place} phối hợp với UBND tỉnh tổ chức hội thảo tư vấn phản biện.",
    "Đoàn công tác do bà {person} dẫn đầu đã làm việc với Sở Khoa học và Công nghệ {place}.",
    "Cụm thi đua gồm các tỉnh: {place}, {place2} và {place3}.",
    "{given} cho biết năm nay có 30 đề tài được nghiệm thu.",
    "Thầy giáo {person} ở xã Bình Đông, huyện Sông Hinh đã hướng dẫn học sinh đạt giải.",
    "Tại thành phố {place}, hội nghị tổng kết thi đua năm 2024 được tổ chức trọng thể.",
    "Thay mặt Ban Chấp hành, TS. {given} trao Bằng khen cho các tập thể.",
    "Hội thi Sáng tạo Kỹ thuật tỉnh {place} lần thứ X thu hút nhiều giải pháp.",
]


def ordinary_prose(paragraphs: int, seed: int = 7) -> str:
    rng = random.Random(seed)
    out = []
    for _ in range(paragraphs):
        out.append(" ".join(rng.choice(TEMPLATES).format(
            person=rng.choice(PEOPLE), given=rng.choice(GIVEN), place=rng.choice(PLACES),
            place2=rng.choice(PLACES), place3=rng.choice(PLACES)) for _ in range(4)))
    return "\n\n".join(out)


def test_finds_the_seed_pages_two_misspellings():
    body = (REPO / "content/articles/2022/cum-thi-dua-so-6-tong-ket-2022.md").read_text(encoding="utf-8")
    assert [(s.written, s.meant) for s in LINT.check(body)] == [
        ("Bìn Thuận", "Bình Thuận"), ("Qaunrg Ngãi", "Quảng Ngãi")]


def test_sample_site_check_prints_them_as_path_line_warnings(capsys):
    assert main(["check", "--source", str(REPO), "--quiet"]) == 0
    err = capsys.readouterr().err.splitlines()
    assert err == [
        'content/articles/2022/cum-thi-dua-so-6-tong-ket-2022.md:42: "Bìn Thuận" — did you mean "Bình Thuận"?',
        'content/articles/2022/cum-thi-dua-so-6-tong-ket-2022.md:50: "Qaunrg Ngãi" — did you mean "Quảng Ngãi"?',
    ]
    assert main(["check", "--source", str(REPO), "--quiet", "--strict"]) == 1


def test_quiet_on_a_generated_archive_of_correct_prose():
    prose = ordinary_prose(2000)
    assert LINT.check(prose) == []


@pytest.mark.parametrize("text,meant", [
    ("Hội nghị tại tỉnh Vĩnh Phúcc đã thành công.", "Vĩnh Phúc"),
    ("gồm các tỉnh: Quảng Ngãi; Bình Địnhh, Phú Yên", "Bình Định"),
    ("Liên hiệp Hội Khánh Hoa tổ chức diễn đàn", None),  # tone missing only: matches Khánh Hòa, fine
    ("Đoàn đến thành phố Cần Thở làm việc", None),          # tone slip only: matches Cần Thơ folded
    ("Liên hiệp Hội Lâm Đòng báo cáo", None),
    ("Đại biểu Liên hiệp Hội Sóc Trăg tham dự", "Sóc Trăng"),
    # every syllable one slip off: still found (each is a letter away from the name's)
    ("Hội nghị tại tỉnh Bìn Thuậ năm nay.", "Bình Thuận"),
    ("Đoàn công tác của tỉnh La Châ đến thăm.", "Lai Châu"),
])
def test_context_catches_slips(text, meant):
    found = LINT.check(text)
    assert [s.meant for s in found] == ([meant] if meant else [])


@pytest.mark.parametrize("text", [
    "Anh Minh Phúc phát biểu.", "Minh Phúc phát biểu.", "Ông Nguyễn Văn Long cho biết.", "Hoàng Nam nói.",
    "ở xã Đức Bình Đông", "Liên hiệp Hội Việt Nam", "Trung Nam Group", "Văn Long nói",
])
def test_personal_and_local_names_are_not_flagged(text):
    assert LINT.check(text) == []


def test_forgetting_the_runs_far_from_provinces_changes_no_finding(monkeypatch):
    """The set of runs known to be far from every province is bounded (FAR_MAX) and emptied when
    full; a lint that empties it every few runs finds what a fresh one finds."""
    import site_builder.content.lint as lint_module
    seed_page = (REPO / "content/articles/2022/cum-thi-dua-so-6-tong-ket-2022.md").read_text(encoding="utf-8")
    texts = [ordinary_prose(40, seed) + "\n\nHội nghị tại tỉnh Vĩnh Phúcc đã thành công." for seed in range(3)]
    texts.append(seed_page)
    expected = [[(s.line, s.written, s.meant) for s in LINT.check(t)] for t in texts]
    monkeypatch.setattr(lint_module, "FAR_MAX", 3)
    small = ProvinceLint(ProvinceRegistry.load())
    for _ in range(2):  # (the second time with what the first remembered)
        assert [[(s.line, s.written, s.meant) for s in small.check(t)] for t in texts] == expected
        assert len(small._far) <= 3
    assert any(expected[:3]) and expected[3]
