"""Generate a synthetic news site of N articles in site-builder's content format.

    python bench/generate.py N OUT_DIR [--variant realistic|plain] [--seed S] [--picks SHARE]

Two variants (see bench/README.md, "The corpus"):

- realistic (the default): articles shaped like real Vietnamese news — a link in nine articles of
  ten (decisions on vusta.vn and thuvienphapluat.vn, provincial .gov.vn portals, URLs with
  Vietnamese letters raw and percent-encoded, autolinks, bare URLs), 1-3 photos an article (JPEG
  and a few PNG files of real pixel sizes under content/images/<yyyy>/<mm>/, each file's bytes
  its own), figures followed by an italic caption or with the caption in the image's title, a
  lead image on 60 %, a bold lead paragraph, quotes with an attribution line, bullet and numbered
  lists, a table of figures by province in one report of ten, an author line, officials named
  with their titles ("Chủ tịch UBND tỉnh Hồ Thị Bình", "PGS.TS Nguyễn Văn An, Chủ tịch Liên hiệp
  Hội tỉnh Quảng Ngãi") and text pasted from Word in 15 % (no-break and zero-width spaces, CRLF
  line endings). No editor's related: picks unless --picks asks for them. Needs Pillow.
- plain: the corpus of the first benchmarks, byte for byte: about 8 KB of plain prose an article,
  six small SVG images, related: picks in 5 %. Standard library only.

Deterministic (seeded random.Random, no network, no clock): the same variant, N, seed and picks
give the same bytes (the photos: with the same Pillow). The site has content/_site.yaml,
9 clusters (content/clusters/cum-1.md … cum-9.md), one standalone page and N articles under
content/articles/<yyyy>/<slug>.md.

Everything is made up: the people, the numbers, the events, the URLs and the membership of
clusters 1–5, 7 and 8 (only clusters 6 and 9 are documented; see site_builder/data/provinces.yaml).
The province names are the real ones: the 63 pre-2025 names in articles dated before 2025-07-01,
the name of the province that absorbed them afterwards ("Huế" for Thừa Thiên Huế from 2025).

OUT_DIR/bench.json records what the runner needs (variant, N, seed, an article it may edit, the
clock for the build).
"""

from __future__ import annotations

import argparse
import datetime as dt
import functools
import json
import random
import re
import shutil
import sys
import time
import unicodedata
import urllib.parse
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))  # (bench/photos.py)

GENERATOR_VERSION = 2  # (1: the plain corpus alone; its bytes did not change)
VARIANTS = ("realistic", "plain")
DEFAULT_VARIANT = "realistic"
DEFAULT_PICKS = {"realistic": 0.0, "plain": 0.05}  # share of articles with editor's related: picks
DEFAULT_SEED = 2022
FIRST_DAY = dt.date(2022, 1, 3)
LAST_DAY = dt.date(2026, 10, 31)  # every article is dated on or before this day
NOW = "2026-11-15T00:00:00+07:00"  # the clock the runner passes to `site-builder build --now`
MERGER = dt.date(2025, 7, 1)  # new provinces from this day (Resolution 202/2025/QH15)
HUE_CITY = dt.date(2025, 1, 1)  # Thừa Thiên Huế became the city of Huế

# --- provinces: pre-2025 name -> the unit it belongs to from 2025-07-01 (reference facts) ---------
MERGED_INTO = {
    "Hà Nội": "Hà Nội",
    "Hà Giang": "Tuyên Quang",
    "Cao Bằng": "Cao Bằng",
    "Bắc Kạn": "Thái Nguyên",
    "Tuyên Quang": "Tuyên Quang",
    "Lào Cai": "Lào Cai",
    "Điện Biên": "Điện Biên",
    "Lai Châu": "Lai Châu",
    "Sơn La": "Sơn La",
    "Yên Bái": "Lào Cai",
    "Hòa Bình": "Phú Thọ",
    "Thái Nguyên": "Thái Nguyên",
    "Lạng Sơn": "Lạng Sơn",
    "Quảng Ninh": "Quảng Ninh",
    "Bắc Giang": "Bắc Ninh",
    "Phú Thọ": "Phú Thọ",
    "Vĩnh Phúc": "Phú Thọ",
    "Bắc Ninh": "Bắc Ninh",
    "Hải Dương": "Hải Phòng",
    "Hải Phòng": "Hải Phòng",
    "Hưng Yên": "Hưng Yên",
    "Thái Bình": "Hưng Yên",
    "Hà Nam": "Ninh Bình",
    "Nam Định": "Ninh Bình",
    "Ninh Bình": "Ninh Bình",
    "Thanh Hóa": "Thanh Hóa",
    "Nghệ An": "Nghệ An",
    "Hà Tĩnh": "Hà Tĩnh",
    "Quảng Bình": "Quảng Trị",
    "Quảng Trị": "Quảng Trị",
    "Thừa Thiên Huế": "Huế",
    "Đà Nẵng": "Đà Nẵng",
    "Quảng Nam": "Đà Nẵng",
    "Quảng Ngãi": "Quảng Ngãi",
    "Bình Định": "Gia Lai",
    "Phú Yên": "Đắk Lắk",
    "Khánh Hòa": "Khánh Hòa",
    "Ninh Thuận": "Khánh Hòa",
    "Bình Thuận": "Lâm Đồng",
    "Kon Tum": "Quảng Ngãi",
    "Gia Lai": "Gia Lai",
    "Đắk Lắk": "Đắk Lắk",
    "Đắk Nông": "Lâm Đồng",
    "Lâm Đồng": "Lâm Đồng",
    "Bình Phước": "Đồng Nai",
    "Tây Ninh": "Tây Ninh",
    "Bình Dương": "Hồ Chí Minh",
    "Đồng Nai": "Đồng Nai",
    "Bà Rịa - Vũng Tàu": "Hồ Chí Minh",
    "Hồ Chí Minh": "Hồ Chí Minh",
    "Long An": "Tây Ninh",
    "Tiền Giang": "Đồng Tháp",
    "Bến Tre": "Vĩnh Long",
    "Trà Vinh": "Vĩnh Long",
    "Vĩnh Long": "Vĩnh Long",
    "Đồng Tháp": "Đồng Tháp",
    "An Giang": "An Giang",
    "Kiên Giang": "An Giang",
    "Cần Thơ": "Cần Thơ",
    "Hậu Giang": "Cần Thơ",
    "Sóc Trăng": "Cần Thơ",
    "Bạc Liêu": "Cà Mau",
    "Cà Mau": "Cà Mau",
}

# Clusters 6 and 9 are as documented; the others group neighbouring provinces and are INVENTED
# for this synthetic corpus (their real membership is not known).
CLUSTERS = {
    "cum-1": ["Hà Giang", "Cao Bằng", "Bắc Kạn", "Tuyên Quang", "Lạng Sơn", "Thái Nguyên", "Quảng Ninh", "Bắc Giang"],
    "cum-2": ["Lào Cai", "Điện Biên", "Lai Châu", "Sơn La", "Yên Bái", "Hòa Bình", "Phú Thọ"],
    "cum-3": ["Hà Nội", "Vĩnh Phúc", "Bắc Ninh", "Hải Dương", "Hải Phòng", "Hưng Yên", "Thái Bình", "Hà Nam"],
    "cum-4": ["Nam Định", "Ninh Bình", "Thanh Hóa", "Nghệ An", "Hà Tĩnh", "Quảng Bình", "Quảng Trị"],
    "cum-5": ["Thừa Thiên Huế", "Đà Nẵng", "Quảng Nam", "Kon Tum", "Gia Lai"],
    "cum-6": ["Quảng Ngãi", "Bình Định", "Phú Yên", "Khánh Hòa", "Ninh Thuận", "Bình Thuận"],
    "cum-7": [
        "Đắk Lắk",
        "Đắk Nông",
        "Lâm Đồng",
        "Bình Phước",
        "Tây Ninh",
        "Bình Dương",
        "Đồng Nai",
        "Bà Rịa - Vũng Tàu",
    ],
    "cum-8": ["Hồ Chí Minh", "Long An", "Tiền Giang", "Bến Tre", "Trà Vinh", "Vĩnh Long", "Đồng Tháp", "An Giang"],
    "cum-9": ["Cần Thơ", "Sóc Trăng", "Bạc Liêu", "Cà Mau", "Hậu Giang", "Kiên Giang"],
}
CLUSTER_NOTES = {
    "cum-6": "Cụm thi đua số 6 gồm các Liên hiệp Hội duyên hải Nam Trung Bộ.",
    "cum-9": "Cụm thi đua số 9 (khu vực Nam Sông Hậu) gồm các Liên hiệp Hội vùng đồng bằng sông Cửu Long.",
}

# --- vocabulary --------------------------------------------------------------------------------
SURNAMES = [
    "Nguyễn",
    "Trần",
    "Lê",
    "Phạm",
    "Hoàng",
    "Huỳnh",
    "Phan",
    "Vũ",
    "Võ",
    "Đặng",
    "Bùi",
    "Đỗ",
    "Hồ",
    "Ngô",
    "Dương",
    "Lý",
    "Trương",
    "Đinh",
    "Cao",
    "Mai",
]
MIDDLE_M = ["Văn", "Hữu", "Quang", "Minh", "Đức", "Xuân", "Công", "Thành", "Quốc", "Tiến"]
MIDDLE_F = ["Thị", "Ngọc", "Thu", "Kim", "Thanh", "Minh", "Hồng", "Bích"]
GIVEN_M = [
    "Chiến",
    "Dũng",
    "Hải",
    "Hùng",
    "Phong",
    "Quân",
    "Thắng",
    "Trí",
    "Tuấn",
    "Việt",
    "Thích",
    "Khoa",
    "Lộc",
    "Tâm",
    "Toàn",
    "Hiếu",
    "Đạt",
    "Kiên",
    "Trung",
    "Vinh",
]
GIVEN_F = ["Lan", "Mai", "Hương", "Hạnh", "Yến", "Nga", "Thảo", "Trang", "Hoa", "Liên", "Oanh", "Ngân"]
ROLES = [
    "Chủ tịch Liên hiệp Hội {p}",
    "Phó Chủ tịch Liên hiệp Hội {p}",
    "Tổng Thư ký Liên hiệp Hội {p}",
    "Chánh Văn phòng Liên hiệp Hội {p}",
    "Trưởng Ban Tư vấn phản biện Liên hiệp Hội {p}",
    "Giám đốc Sở Khoa học và Công nghệ tỉnh {p}",
    "Phó Chủ tịch UBND tỉnh {p}",
    "Ủy viên Đoàn Chủ tịch Liên hiệp Hội Việt Nam",
    "Trưởng Ban Thi đua - Khen thưởng Liên hiệp Hội {p}",
]
TOPICS = [
    "chuyển đổi số trong cơ quan nhà nước",
    "chuyển dịch năng lượng bền vững",
    "nông nghiệp công nghệ cao",
    "ứng phó với biến đổi khí hậu",
    "quy hoạch tỉnh thời kỳ 2021-2030",
    "bảo vệ môi trường lưu vực sông",
    "phát triển kinh tế biển",
    "du lịch cộng đồng",
    "an toàn thực phẩm",
    "giảm nghèo bền vững",
    "đô thị thông minh",
    "bảo tồn di sản văn hóa",
    "giáo dục STEM trong trường phổ thông",
    "y tế cơ sở",
    "phát triển nguồn nhân lực chất lượng cao",
    "kinh tế tuần hoàn",
    "quản lý tài nguyên nước",
    "phòng chống thiên tai",
    "khởi nghiệp đổi mới sáng tạo",
    "sở hữu trí tuệ cho sản phẩm đặc sản địa phương",
    "điện gió và điện mặt trời",
    "cải cách thủ tục hành chính",
    "phát triển hợp tác xã kiểu mới",
    "trồng rừng gỗ lớn",
]
ACTIVITIES = [
    "hội thảo khoa học",
    "tọa đàm tư vấn phản biện",
    "lớp tập huấn",
    "diễn đàn trí thức",
    "hội nghị chuyên đề",
    "cuộc khảo sát thực tế",
    "buổi sinh hoạt chuyên đề",
    "hội thảo tham vấn",
]
VENUES = [
    "Hội trường Liên hiệp Hội tỉnh",
    "Trung tâm Hội nghị tỉnh",
    "Nhà văn hóa Lao động tỉnh",
    "Trường Đại học Sư phạm Kỹ thuật",
    "Khách sạn Mường Thanh",
    "Trụ sở UBND tỉnh",
]
PROJECTS = [
    "mô hình sản xuất nông nghiệp hữu cơ",
    "hệ thống tưới tiết kiệm nước",
    "lò đốt rác thải sinh hoạt quy mô nhỏ",
    "ứng dụng quản lý hội viên trên điện thoại",
    "giống lúa chịu mặn",
    "mô hình nuôi tôm tuần hoàn",
    "bản đồ số du lịch cộng đồng",
    "thiết bị cảnh báo sạt lở đất",
    "máy bóc vỏ hạt điều bán tự động",
]
EVENT_NAMES = [
    "Ký kết giao ước thi đua",
    "Hội nghị tổng kết",
    "Hội nghị sơ kết 6 tháng",
    "Hội thi Sáng tạo kỹ thuật",
    "Cuộc thi Sáng tạo thanh thiếu niên, nhi đồng",
    "Lễ tôn vinh trí thức tiêu biểu",
    "Diễn đàn trí thức",
    "Đại hội đại biểu Liên hiệp Hội",
    "Hội nghị tập huấn công tác thi đua, khen thưởng",
    "Giải thưởng Sáng tạo khoa học công nghệ Việt Nam",
]
TAGS = [
    "Thi đua",
    "Khen thưởng",
    "Tổng kết",
    "Sơ kết",
    "Giao ước thi đua",
    "Tư vấn phản biện",
    "Giám định xã hội",
    "Sáng tạo kỹ thuật",
    "Sáng tạo thanh thiếu niên",
    "Trí thức",
    "Tôn vinh trí thức",
    "Chuyển đổi số",
    "Năng lượng",
    "Môi trường",
    "Biến đổi khí hậu",
    "Nông nghiệp",
    "Nông nghiệp công nghệ cao",
    "Kinh tế biển",
    "Du lịch",
    "Y tế",
    "Giáo dục",
    "STEM",
    "Khởi nghiệp",
    "Đổi mới sáng tạo",
    "Sở hữu trí tuệ",
    "Hợp tác quốc tế",
    "Đối ngoại",
    "Công tác xã hội",
    "Xóa đói giảm nghèo",
    "Phổ biến kiến thức",
    "Thông tin tuyên truyền",
    "Tập huấn",
    "Hội thảo",
    "Tọa đàm",
    "Diễn đàn",
    "Đại hội",
    "Nhân sự",
    "Phát triển tổ chức",
    "Hội viên",
    "Hội thành viên",
    "Quy hoạch",
    "Chính sách",
    "Luật",
    "Thi đua - Khen thưởng",
    "Cụm thi đua",
    "Khối thi đua",
    "Sáp nhập tỉnh",
    "Chính quyền hai cấp",
    "Văn hóa",
    "Di sản",
    "Báo chí",
    "Truyền thông",
    "Phụ nữ",
    "Thanh niên",
    "Người cao tuổi",
    "Cán bộ hưu trí",
    "Tết",
    "Kỷ niệm",
    "Ngày Khoa học và Công nghệ",
    "Giải thưởng",
]
SECTIONS = [
    "Thi đua - Khen thưởng",
    "Hoạt động Liên hiệp Hội địa phương",
    "Tư vấn - Phản biện - Giám định xã hội",
    "Khoa học - Công nghệ",
    "Phổ biến kiến thức",
    "Hợp tác quốc tế",
    "Xây dựng tổ chức",
    "Trí thức",
]
AUTHORS = ["Phóng viên", "Ban Thi đua - Khen thưởng", "Văn phòng Liên hiệp Hội", "Cộng tác viên"]

ROMAN = ["I", "II", "III", "IV", "V", "VI", "VII", "VIII", "IX", "X"]

TITLE_TEMPLATES = [  # each mixes several slots, so that 100,000 titles rarely collide
    "{p}: Hội nghị tổng kết năm {y}, triển khai {k} nhóm nhiệm vụ về {topic}",
    "{p}: Tổ chức {act} về {topic} với {n} đại biểu",
    "Liên hiệp Hội {p} gửi {n} ý kiến tư vấn phản biện đề án {topic}",
    "Cụm thi đua số {c} ký kết giao ước thi đua năm {y1} với {n} chỉ tiêu về {topic}",
    "Cụm thi đua số {c} sơ kết 6 tháng đầu năm {y}: {p} dẫn đầu với {n} hoạt động",
    "{p}: Trao {n} giải Hội thi Sáng tạo kỹ thuật lần thứ {r}",
    "{p} tôn vinh {n} trí thức tiêu biểu năm {y}",
    "{p}: Tập huấn công tác quản lý Hội cho {n} cán bộ năm {y}",
    "{p}: {n} mô hình dự Cuộc thi Sáng tạo thanh thiếu niên, nhi đồng lần thứ {r}",
    "Liên hiệp Hội {p} phổ biến kiến thức về {topic} cho {n} hội viên",
    "{p}: {n} đại biểu dự Đại hội Liên hiệp Hội lần thứ {r}, nhiệm kỳ {y}-{y5}",
    "Liên hiệp Hội {p} triển khai dự án {project} tại {n} hộ dân",
    "{p}: Diễn đàn trí thức lần thứ {r} nhận {n} tham luận về {topic}",
    "Nâng cao chất lượng công tác thi đua, khen thưởng tại {p}: {n} ý kiến góp ý năm {y}",
    "{p}: Khảo sát thực tế {topic} tại {n} xã",
    "{p}: {act} về {project} thu hút {n} người tham dự",
]
PARA_SENTENCES = [
    "Ngày {d}, tại {venue}, Liên hiệp Hội {p} tổ chức {act} về {topic}.",
    "Tham dự có {person}, {role}, cùng đại diện lãnh đạo các sở, ban, ngành và {n} đại biểu là hội viên các hội thành viên.",
    "Năm {y}, Liên hiệp Hội {p} đã tổ chức {n} cuộc tọa đàm tư vấn phản biện đối với các đề án, dự án quan trọng trên địa bàn tỉnh.",
    "Công tác tư vấn phản biện và giám định xã hội tiếp tục được quan tâm, với {n} hội thảo và {m} báo cáo kiến nghị gửi Tỉnh ủy, UBND tỉnh.",
    "Hội thi Sáng tạo kỹ thuật lần thứ {r} thu hút {n} giải pháp dự thi, trong đó {m} giải pháp đạt giải.",
    "Cuộc thi Sáng tạo thanh thiếu niên, nhi đồng năm {y} có {n} mô hình, sản phẩm của học sinh các trường trung học cơ sở và trung học phổ thông.",
    "Các Liên hiệp Hội trong Cụm thi đua số {c} đã ký kết giao ước thi đua với phương châm “Đoàn kết – Trách nhiệm – Sáng tạo – Phát triển”.",
    "Theo báo cáo, tổng kinh phí vận động tài trợ trong năm đạt hơn {m},{k} tỷ đồng, góp phần hỗ trợ cộng đồng và giảm nghèo bền vững.",
    "Liên hiệp Hội {p} phối hợp với Sở Khoa học và Công nghệ triển khai dự án {project} trong {k} năm, từ năm {y}.",
    "Diễn đàn đề xuất {k} nhóm giải pháp về {topic} và được lãnh đạo tỉnh ghi nhận.",
    "Phát biểu tại hội nghị, {person}, {role}, đánh giá cao những kết quả mà các hội thành viên đạt được trong năm.",
    "Bên cạnh những kết quả đạt được, hoạt động của Liên hiệp Hội vẫn còn một số khó khăn về kinh phí, trụ sở và nguồn nhân lực.",
    "Công tác thông tin tuyên truyền, phổ biến kiến thức được đẩy mạnh với {n} tin, bài đăng trên trang thông tin điện tử và bản tin.",
    "Đến nay, Liên hiệp Hội {p} có {k}{m} hội thành viên với hơn {n} nghìn hội viên là trí thức khoa học và công nghệ.",
    "Nhân dịp này, Liên hiệp Hội Việt Nam tặng Bằng khen cho {k} tập thể và {m} cá nhân có thành tích xuất sắc trong phong trào thi đua.",
    "Hội nghị đã bầu chọn Liên hiệp Hội {p} làm Trưởng Cụm và Liên hiệp Hội {p2} làm Phó Cụm thi đua số {c} năm {y1}.",
    "Các đại biểu thống nhất tiếp tục đổi mới và nâng cao chất lượng công tác khen thưởng, đảm bảo dân chủ, công khai, minh bạch.",
    "Hội thảo về {topic} đã nhận được {n} tham luận của các nhà khoa học, chuyên gia và nhà quản lý.",
    "Kết quả khảo sát tại {k} huyện cho thấy nhu cầu ứng dụng tiến bộ khoa học kỹ thuật của người dân còn rất lớn.",
    "Trong giai đoạn {y}-{y1}, Liên hiệp Hội {p} đặt mục tiêu phát triển thêm {k} hội thành viên và nâng cao chất lượng hoạt động tư vấn phản biện.",
    "Liên hiệp Hội {p2} chia sẻ kinh nghiệm tổ chức {act} gắn với nhu cầu thực tế của địa phương.",
    "Đặc biệt, hoạt động đối ngoại và hợp tác quốc tế được mở rộng với {k} dự án tài trợ từ các tổ chức phi chính phủ.",
    "Ban tổ chức đã trao {m} giải Nhất, {k} giải Nhì và {k}{m} giải Ba cho các tác giả có giải pháp xuất sắc.",
    "Việc sắp xếp, kiện toàn tổ chức bộ máy được thực hiện nghiêm túc, đúng quy định.",
]
LIST_ITEMS = [
    "Công tác xây dựng, phát triển tổ chức Hội",
    "Công tác thông tin, tuyên truyền, phổ biến kiến thức",
    "Công tác tư vấn, phản biện và giám định xã hội",
    "Hội thi Sáng tạo kỹ thuật và Cuộc thi Sáng tạo thanh thiếu niên, nhi đồng",
    "Công tác tôn vinh trí thức tiêu biểu",
    "Hoạt động đối ngoại và hợp tác quốc tế",
    "Công tác xã hội, hỗ trợ cộng đồng",
    "Ứng dụng tiến bộ khoa học và công nghệ vào sản xuất",
    "Công tác thi đua, khen thưởng",
]
SUBHEADS = [
    "Sắc màu hoạt động",
    "Vì sự phát triển Liên hiệp Hội",
    "Những kết quả nổi bật",
    "Nhiệm vụ năm tới",
    "Phát huy vai trò đội ngũ trí thức",
    "Khó khăn và giải pháp",
    "Lan tỏa phong trào thi đua",
    "Kiến nghị, đề xuất",
    "Dấu ấn tư vấn phản biện",
    "Đổi mới phương thức hoạt động",
]
QUOTES = [
    "Trong khó khăn, các Liên hiệp Hội địa phương đã có những sáng tạo, tổ chức nhiều hoạt động hay và thiết thực.",
    "Đây là kết quả chung của Cụm thi đua, thể hiện tinh thần đoàn kết, trách nhiệm của đội ngũ trí thức.",
    "Tư vấn phản biện phải đi trước một bước, góp ý từ khi đề án còn trên giấy.",
    "Mỗi giải pháp dự thi là một sáng kiến nhỏ nhưng mang lại hiệu quả thiết thực cho sản xuất và đời sống.",
    "Chúng tôi mong muốn tỉnh tiếp tục quan tâm, tạo điều kiện để Liên hiệp Hội phát huy vai trò của đội ngũ trí thức.",
]
IMAGES = [  # (file, picture title, alt, caption)
    ("hoi-nghi.svg", "Hội nghị", "Toàn cảnh hội nghị tổng kết thi đua tại hội trường", "Quang cảnh hội nghị tổng kết"),
    (
        "ky-ket.svg",
        "Ký kết giao ước",
        "Đại diện các Liên hiệp Hội ký kết giao ước thi đua",
        "Các Liên hiệp Hội ký kết giao ước thi đua",
    ),
    (
        "hoi-thao.svg",
        "Hội thảo",
        "Các đại biểu trình bày tham luận tại hội thảo khoa học",
        "Đại biểu phát biểu tại hội thảo",
    ),
    (
        "trao-giai.svg",
        "Trao giải",
        "Ban tổ chức trao giải cho các tác giả đạt giải Hội thi Sáng tạo kỹ thuật",
        "Trao giải Hội thi Sáng tạo kỹ thuật",
    ),
    ("tap-huan.svg", "Tập huấn", "Học viên tham dự lớp tập huấn công tác quản lý Hội", "Lớp tập huấn công tác Hội"),
    (
        "khao-sat.svg",
        "Khảo sát",
        "Đoàn chuyên gia khảo sát mô hình sản xuất tại địa phương",
        "Đoàn khảo sát làm việc tại cơ sở",
    ),
]


def slugify(text: str) -> str:
    """The same rule as site_builder.slugs.slugify: diacritics stripped, đ -> d, hyphens."""
    decomposed = unicodedata.normalize("NFD", text.replace("đ", "d").replace("Đ", "D"))
    folded = "".join(ch for ch in decomposed if not unicodedata.combining(ch))
    return re.sub(r"[^a-z0-9]+", "-", folded.lower()).strip("-")


def q(value) -> str:
    """A YAML scalar or flow list: JSON strings are valid YAML double-quoted strings."""
    return json.dumps(value, ensure_ascii=False)


def province_name(old: str, day: dt.date) -> str:
    """The name an editor writing on `day` would use for a pre-2025 province."""
    if day >= MERGER:
        return MERGED_INTO[old]
    if old == "Thừa Thiên Huế" and day >= HUE_CITY:
        return "Huế"
    return old


class Generator:
    """The plain variant's articles."""

    def __init__(self, seed: int = DEFAULT_SEED, picks: float = DEFAULT_PICKS["plain"]):
        self.rng = random.Random(seed)
        self.picks = picks
        self.slugs: set[str] = set()
        self.published: list[str] = []  # slugs of non-draft articles, for related: picks
        self.picked: set[str] = set()  # slugs named in some related: list
        self.span = (LAST_DAY - FIRST_DAY).days

    def person(self) -> str:
        r = self.rng
        if r.random() < 0.65:
            return f"ông {r.choice(SURNAMES)} {r.choice(MIDDLE_M)} {r.choice(GIVEN_M)}"
        return f"bà {r.choice(SURNAMES)} {r.choice(MIDDLE_F)} {r.choice(GIVEN_F)}"

    def fill(self, template: str, ctx: dict) -> str:
        r = self.rng
        return template.format(
            n=r.randint(12, 480),
            m=r.randint(2, 9),
            k=r.randint(2, 9),
            r=r.choice(ROMAN),
            person=self.person(),
            role=r.choice(ROLES).format(p=ctx["p"]),
            **ctx,
        )

    def paragraph(self, ctx: dict, sentences: int) -> str:
        return " ".join(self.fill(t, ctx) for t in self.rng.sample(PARA_SENTENCES, sentences))

    def article(self, day: dt.date | None = None, draft: bool | None = None) -> tuple[str, str, str]:
        """(year, slug, file text) of the next article."""
        r = self.rng
        if day is None:
            day = FIRST_DAY + dt.timedelta(days=r.randrange(self.span + 1))
        when = dt.datetime(day.year, day.month, day.day, r.randint(6, 21), r.randrange(60), r.randrange(60))
        national = r.random() < 0.08  # Liên hiệp Hội Việt Nam news: no cluster
        cid = r.choice(list(CLUSTERS))
        members = CLUSTERS["cum-3"] if national else CLUSTERS[cid]
        olds = r.sample(members, r.choice((1, 1, 1, 2, 2, 3)))
        names = list(dict.fromkeys(province_name(o, day) for o in olds))
        others = [m for m in members if m != olds[0]]
        ctx = {
            "p": names[0],
            "p2": province_name(r.choice(others), day),
            "c": cid.split("-")[1],
            "y": day.year,
            "y1": day.year + 1,
            "y5": day.year + 5,
            "topic": r.choice(TOPICS),
            "act": r.choice(ACTIVITIES),
            "venue": r.choice(VENUES),
            "project": r.choice(PROJECTS),
            "d": f"{max(1, day.day - r.randrange(4)):02d}/{day.month:02d}/{day.year}",
        }

        title = self.fill(r.choice(TITLE_TEMPLATES), ctx)
        title = re.sub(r": (\w)", lambda m: ": " + m.group(1).upper(), title)  # "X: Hội thảo …"
        slug = slugify(title)
        if slug in self.slugs:
            k = 2
            while f"{slug}-ky-{k}" in self.slugs:
                k += 1
            title, slug = f"{title} (kỳ {k})", f"{slug}-ky-{k}"
        self.slugs.add(slug)

        fm = ["---", f"title: {q(title)}", f"date: {when.isoformat()}+07:00"]
        lead = self.paragraph(ctx, 2)
        if r.random() < 0.85:
            fm.append(f"summary: {q(self.paragraph(ctx, 1))}")
        if not national:
            fm.append(f"cluster: {cid}")
        fm.append(f"provinces: {q(names)}")
        events = []
        for name in r.sample(EVENT_NAMES, r.choice((0, 1, 1, 1, 2))):
            if r.random() < 0.4:
                events.append(
                    f"  - {{name: {q(name)}, date: {day.isoformat()}, place: {q(ctx['venue'] + ' ' + ctx['p'])}}}"
                )
            else:
                events.append(f"  - {q(name)}")
        if not national and r.random() < 0.3:  # a cluster's own yearly event: a rarer, shared term
            yearly = f"Hội nghị tổng kết Cụm thi đua số {ctx['c']} năm {day.year}"
            events.append(f"  - {q(yearly)}")
        if events:
            fm += ["events:", *events]
        fm.append(f"tags: {q(r.sample(TAGS, r.randint(2, 4)))}")
        fm.append(f"section: {q(r.choice(SECTIONS))}")
        if r.random() < 0.3:
            fm.append(f"author: {q(r.choice(AUTHORS))}")
        if r.random() < 0.3:
            file, _, alt, caption = r.choice(IMAGES)
            fm += [
                "image:",
                f"  src: /images/{file}",
                f"  alt: {q(alt + ' ' + ctx['p'])}",
                f"  caption: {q(caption + ', ' + ctx['d'])}",
            ]
        if self.published and r.random() < self.picks:
            picks = r.sample(self.published[-500:], min(len(self.published), r.randint(1, 3)))
            self.picked.update(picks)
            fm.append(f"related: {q(picks)}")
        if draft is None:
            draft = r.random() < 0.01
        if draft:
            fm.append("draft: true")
        else:
            self.published.append(slug)
        fm.append("---")

        body = [lead]
        size = len(lead.encode())
        target = r.randint(7000, 8600)
        heads = r.sample(SUBHEADS, 3)
        step = 0
        while size < target:
            if step in (1, 5, 9) and heads:
                part = f"## {heads.pop()}"
            elif step == 3:
                part = "\n".join(
                    f"- {item}: {r.randint(3, 60)} hoạt động" for item in r.sample(LIST_ITEMS, r.randint(3, 5))
                )
            elif step == 6:
                part = f"> “{r.choice(QUOTES)}” — {self.person()}, {r.choice(ROLES).format(p=ctx['p'])}."
            elif step == 4 and r.random() < 0.2:
                file, _, alt, caption = r.choice(IMAGES)
                part = f'![{alt} của Liên hiệp Hội {ctx["p"]}](/images/{file} "{caption} ({ctx["d"]})")'
            else:
                part = self.paragraph(ctx, r.randint(3, 6))
            body.append(part)
            size += len(part.encode()) + 2
            step += 1
        text = "\n".join(fm) + "\n\n" + "\n\n".join(body) + "\n"
        return str(day.year), slug, text


# --- the realistic variant -----------------------------------------------------------------------
# What a tester's corpus of real Vietnamese news had and the plain one lacked (bench/README.md):
# links, photos with captions, a bold lead, quotes with attribution, lists, tables, author lines,
# officials named with their titles, text pasted from Word.

CITIES = {"Hà Nội", "Hải Phòng", "Đà Nẵng", "Hồ Chí Minh", "Cần Thơ", "Huế"}  # centrally-run: "thành phố"
# Family names with roughly their weight among Vietnamese people (Nguyễn ~38 %, Trần 11 %, Lê 9.5 % …)
FAMILY = [
    ("Nguyễn", 38),
    ("Trần", 11),
    ("Lê", 9),
    ("Phạm", 7),
    ("Hoàng", 4),
    ("Huỳnh", 3),
    ("Phan", 4),
    ("Vũ", 3),
    ("Võ", 3),
    ("Đặng", 2),
    ("Bùi", 2),
    ("Đỗ", 2),
    ("Hồ", 2),
    ("Ngô", 2),
    ("Dương", 1),
    ("Lý", 1),
    ("Trương", 1),
    ("Đinh", 1),
    ("Đoàn", 1),
    ("Lương", 1),
    ("Trịnh", 1),
    ("Lâm", 1),
    ("Mai", 1),
]
FAMILY_NAMES = [name for name, weight in FAMILY for _ in range(weight)]
# Middle and given names; many share a syllable with a province (Bình, Minh, Hà, Thái, Giang, Long,
# An, Phú, Yên, Nam, Định, Ninh, Thuận, Trị, Hòa, Sơn, Hải, Dương, Vĩnh, Phúc, Khánh, Lâm …).
MIDDLE_MEN = [
    "Văn",
    "Văn",
    "Văn",
    "Minh",
    "Hữu",
    "Đức",
    "Thanh",
    "Ngọc",
    "Quang",
    "Công",
    "Xuân",
    "Quốc",
    "Tiến",
    "Thành",
    "Hoàng",
    "Anh",
    "Trọng",
    "Duy",
    "Thái",
    "Hải",
    "Bá",
    "Vĩnh",
    "Phú",
    "Đình",
]
MIDDLE_WOMEN = [
    "Thị",
    "Thị",
    "Thị",
    "Ngọc",
    "Thanh",
    "Thu",
    "Minh",
    "Kim",
    "Hồng",
    "Bích",
    "Thúy",
    "Mỹ",
    "Phương",
    "Hoài",
    "Hải",
    "Diệu",
]
GIVEN_MEN = [
    "Bình",
    "Minh",
    "Thái",
    "Giang",
    "Long",
    "An",
    "Phú",
    "Nam",
    "Định",
    "Ninh",
    "Thuận",
    "Trị",
    "Hòa",
    "Sơn",
    "Hải",
    "Dương",
    "Vĩnh",
    "Phúc",
    "Khánh",
    "Lâm",
    "Hưng",
    "Tâm",
    "Dũng",
    "Hùng",
    "Tuấn",
    "Thắng",
    "Trí",
    "Quân",
    "Việt",
    "Cường",
    "Hiếu",
    "Đạt",
    "Trung",
    "Tiến",
    "Lộc",
    "Kiên",
    "Hậu",
    "Đông",
    "Tuyên",
    "Thành",
    "Phong",
    "Khoa",
    "Toàn",
    "Vinh",
    "Quang",
    "Tài",
]
GIVEN_WOMEN = [
    "Hà",
    "Mai",
    "Lan",
    "Hương",
    "Hạnh",
    "Yến",
    "Nga",
    "Thảo",
    "Trang",
    "Hoa",
    "Liên",
    "Oanh",
    "Ngân",
    "Bình",
    "Giang",
    "Ninh",
    "Yên",
    "An",
    "Thu",
    "Phương",
    "Hằng",
    "Nhung",
    "Huyền",
    "Thủy",
    "Linh",
    "Trinh",
    "Quyên",
    "Châu",
    "Hòa",
    "Vân",
    "Tâm",
    "Dung",
]
# Officials as news names them: title first, no comma ("Chủ tịch UBND tỉnh Hồ Thị Bình") …
TITLE_FIRST = [
    "Chủ tịch UBND {U}",
    "Phó Chủ tịch UBND {U}",
    "Bí thư {P}",
    "Phó Bí thư Thường trực {P}",
    "Trưởng ban Thi đua - Khen thưởng {U}",
    "Giám đốc Sở Khoa học và Công nghệ",
    "Chủ tịch Liên hiệp Hội {U}",
    "Phó Chủ tịch Thường trực Liên hiệp Hội {U}",
    "Chủ tịch Ủy ban MTTQ Việt Nam {U}",
    "Trưởng ban Tuyên giáo {P}",
    "Tổng Thư ký Liên hiệp Hội {U}",
    "Phó Chủ tịch Liên hiệp Hội Việt Nam",
    "Giám đốc Sở Nội vụ",
    "Chủ tịch Hội Nông dân {U}",
]
# … or name first, then the title after a comma ("PGS.TS Nguyễn Văn An, Chủ tịch Liên hiệp Hội tỉnh Quảng Ngãi")
ROLE_AFTER = [
    "Chủ tịch Liên hiệp Hội {W}",
    "Phó Chủ tịch UBND {W}",
    "Ủy viên Ban Thường vụ {P}, Trưởng ban Tuyên giáo {P}",
    "Phó Chủ tịch kiêm Tổng Thư ký Liên hiệp Hội Việt Nam",
    "Giám đốc Sở Khoa học và Công nghệ {W}",
    "Trưởng ban Thi đua - Khen thưởng {W}",
    "Phó Chủ tịch Liên hiệp Hội {W}",
    "Chủ tịch Hội Khoa học Kỹ thuật Nông nghiệp {W}",
    "Trưởng Cụm thi đua số {c}",
    "Chánh Văn phòng Liên hiệp Hội {W}",
    "Trưởng ban Tư vấn, phản biện và giám định xã hội Liên hiệp Hội {W}",
    "Phó Giám đốc Sở Nông nghiệp và Môi trường {W}",
    "Hiệu trưởng Trường Cao đẳng Kỹ thuật Công nghệ {W}",
]
HONORIFICS = ["{sex}", "{sex}", "{sex}", "PGS.TS", "TS.", "TS", "ThS.", "GS.TSKH", "KS.", "BS.", "Nhà báo", "đồng chí"]
PEN_NAMES = [
    "Minh Trí",
    "Thu Hà",
    "Ngọc Bình",
    "Hoàng Long",
    "Văn Định",
    "Thanh Giang",
    "Hải Yên",
    "Phú An",
    "Quang Ninh",
    "Bảo Trâm",
    "Khánh Hòa",
    "Mai Phương",
    "Đức Thuận",
    "Thúy Hằng",
    "Nam Sơn",
]
LOCALS = [
    "Bình Minh",
    "Tân Phú",
    "An Hòa",
    "Phước Long",
    "Nghĩa Hành",
    "Tư Nghĩa",
    "Sơn Tịnh",
    "Đức Phổ",
    "Bình Sơn",
    "Hoài Nhơn",
    "An Nhơn",
    "Tuy An",
    "Ninh Hòa",
    "Cam Lâm",
    "Hàm Thuận Bắc",
    "Tân Uyên",
    "Long Thành",
    "Châu Thành",
    "Phú Tân",
    "Vĩnh Thạnh",
    "Thạnh Phú",
    "Mỹ Xuyên",
    "Phong Điền",
    "Hòa Vang",
    "Điện Bàn",
    "Quế Sơn",
    "Krông Pắc",
    "Ea Kar",
    "Đức Trọng",
    "Yên Thành",
    "Hải Hậu",
    "Kim Sơn",
    "Tiên Du",
    "Đông Anh",
    "Gia Lâm",
    "Lục Nam",
    "Thanh Sơn",
    "Mường Tè",
]
SCHOOLS = [
    "Lê Khiết",
    "Lê Quý Đôn",
    "Nguyễn Du",
    "Trần Phú",
    "Lương Văn Chánh",
    "Hùng Vương",
    "Nguyễn Bỉnh Khiêm",
    "Phan Bội Châu",
    "Lý Tự Trọng",
    "Chu Văn An",
]
DOCS = [  # (name, its URL on the site that publishes it ({id}: a number), the day it exists from)
    (
        "Quyết định số 586/QĐ-LHHVN",
        "https://vusta.vn/van-ban/quyet-dinh-so-586-qd-lhhvn-ngay-13-7-2022-{id}.html",
        dt.date(2022, 7, 13),
    ),
    (
        "Quyết định số 14/2014/QĐ-TTg",
        "https://thuvienphapluat.vn/van-ban/Bo-may-hanh-chinh/Quyet-dinh-14-2014-QD-TTg-tu-van-phan-bien-giam-dinh-xa-hoi-{id}.aspx",
        FIRST_DAY,
    ),
    (
        "Luật Thi đua, khen thưởng năm 2022",
        "https://thuvienphapluat.vn/van-ban/Van-hoa-Xa-hoi/Luat-Thi-dua-khen-thuong-2022-{id}.aspx",
        dt.date(2022, 6, 15),
    ),
    (
        "Nghị định số 98/2023/NĐ-CP",
        "https://thuvienphapluat.vn/van-ban/Van-hoa-Xa-hoi/Nghi-dinh-98-2023-ND-CP-huong-dan-Luat-Thi-dua-khen-thuong-{id}.aspx",
        dt.date(2024, 1, 1),
    ),
    (
        "Chỉ thị số 42-CT/TW",
        "https://tulieuvankien.dangcongsan.vn/he-thong-van-ban/van-ban-cua-dang/chi-thi-so-42-cttw-{id}",
        FIRST_DAY,
    ),
    (
        "Nghị quyết số 202/2025/QH15",
        "https://thuvienphapluat.vn/van-ban/Bo-may-hanh-chinh/Nghi-quyet-202-2025-QH15-sap-xep-don-vi-hanh-chinh-cap-tinh-{id}.aspx",
        dt.date(2025, 6, 12),
    ),
    ("Kế hoạch số {n}/KH-LHH", "https://{portal}/van-ban/ke-hoach-so-{n}-kh-lhh-{id}.html", FIRST_DAY),
    ("Công văn số {n}/LHHVN-TĐKT", "https://vusta.vn/van-ban/cong-van-so-{n}-lhhvn-tdkt-{id}.html", FIRST_DAY),
]
PORTALS = {"Hồ Chí Minh": "hochiminhcity.gov.vn", "Bà Rịa - Vũng Tàu": "baria-vungtau.gov.vn"}
PROSE = [  # {off}: an official with the title, or one named before; {new}: someone not named before;
    # {who}: one named before ("ông Bình"); {W}: "tỉnh Quảng Ngãi"; {U}: "tỉnh"; {P}: "Tỉnh ủy"
    "Tham dự có {new}; {new}; cùng lãnh đạo các sở, ban, ngành và {n} đại biểu là hội viên các hội thành viên.",
    "Phát biểu chỉ đạo tại hội nghị, {off} ghi nhận, biểu dương những kết quả mà Liên hiệp Hội {W} đạt được trong năm {y}.",
    "Theo {who}, năm qua Liên hiệp Hội đã tổ chức {n} cuộc tư vấn, phản biện đối với các đề án, dự án quan trọng của {U}.",
    "{Off} cho biết, Hội thi Sáng tạo kỹ thuật {W} lần thứ {r} nhận được {n} giải pháp dự thi, tăng {k}% so với lần trước.",
    "Đến nay, Liên hiệp Hội {W} có {k}{m} hội thành viên với hơn {thousands} hội viên là trí thức khoa học và công nghệ.",
    "Báo cáo tại hội nghị, {off} nêu rõ công tác thi đua, khen thưởng đã bám sát nhiệm vụ chính trị của địa phương.",
    "Dịp này, {tf} đã tặng Bằng khen cho {k} tập thể và {m} cá nhân có thành tích xuất sắc.",
    "Trước đó, đoàn công tác do {off} dẫn đầu đã khảo sát thực tế tại {local}.",
    "Năm {y1}, Liên hiệp Hội {W} sẽ phối hợp với Sở Khoa học và Công nghệ triển khai dự án {project} tại {local}.",
    "Các Liên hiệp Hội {members} đã ký kết giao ước thi đua năm {y1} với phương châm “Đoàn kết – Trách nhiệm – Sáng tạo – Phát triển”.",
    "{Sexname}, hội viên Hội Nông dân {local}, chia sẻ nhờ được chuyển giao kỹ thuật, thu nhập của gia đình tăng gần gấp đôi.",
    "Anh {name}, tác giả giải pháp {project}, cho biết nhóm đã mất gần {k} năm để hoàn thiện thiết bị.",
    "Em {name}, học sinh lớp {grade} Trường THPT chuyên {school}, giới thiệu mô hình đạt giải Nhất của nhóm.",
    "{Sexname}, {role}, đề nghị các hội thành viên tiếp tục đổi mới phương thức hoạt động, hướng về cơ sở.",
    "Theo {who}, tổng kinh phí vận động tài trợ trong năm đạt hơn {m},{k} tỷ đồng, góp phần hỗ trợ cộng đồng.",
    "Hội thảo về {topic} nhận được {n} tham luận của các nhà khoa học, chuyên gia và nhà quản lý trong và ngoài {U}.",
    "Kết quả khảo sát tại {k} xã cho thấy nhu cầu ứng dụng tiến bộ khoa học kỹ thuật của người dân còn rất lớn.",
    "Hội nghị đã bầu Liên hiệp Hội {W} làm Trưởng Cụm và Liên hiệp Hội {W2} làm Phó Cụm thi đua số {c} năm {y1}.",
    "{Off} đề nghị Liên hiệp Hội tiếp tục phát huy vai trò tập hợp, đoàn kết đội ngũ trí thức trên địa bàn.",
    "Công tác thông tin, tuyên truyền được đẩy mạnh với {n} tin, bài đăng trên trang thông tin điện tử và bản tin của Liên hiệp Hội.",
    "Bên cạnh những kết quả đạt được, hoạt động của Liên hiệp Hội vẫn còn khó khăn về kinh phí, trụ sở và nguồn nhân lực.",
    "Chiều cùng ngày, {off} đã đến thăm và làm việc tại {local}.",
    "Nhiều ý kiến tại diễn đàn đề xuất {U} sớm có cơ chế đặt hàng các nhiệm vụ tư vấn, phản biện về {topic}.",
    "Theo {who}, việc sắp xếp, kiện toàn tổ chức bộ máy được thực hiện nghiêm túc, đúng quy định.",
    "Các đại biểu thống nhất tiếp tục đổi mới công tác khen thưởng, bảo đảm dân chủ, công khai, minh bạch.",
    "Cũng tại hội nghị, {tf} trao Kỷ niệm chương “Vì sự nghiệp phát triển Liên hiệp Hội” cho {k} cá nhân.",
    "Trong giai đoạn {y}-{y1}, Liên hiệp Hội {W} đặt mục tiêu phát triển thêm {k} hội thành viên.",
    "Đặc biệt, hoạt động hợp tác quốc tế được mở rộng với {k} dự án tài trợ từ các tổ chức phi chính phủ.",
]
LINK_SENTENCES = {  # (link kind, how a sentence carries it)
    "doc": [
        "Hoạt động được triển khai theo {link}.",
        "Căn cứ {link}, Cụm thi đua đã xây dựng kế hoạch cụ thể.",
        "Việc bình xét được thực hiện theo {link}.",
    ],
    "portal": ["Thông tin chi tiết được đăng trên {link}.", "Theo {link}, kế hoạch đã được UBND {U} phê duyệt."],
    "news": [
        "Theo {link}, đây là năm thứ {k} liên tiếp Cụm thi đua hoàn thành toàn bộ chỉ tiêu.",
        "Như {link} đã đưa tin, hội nghị có sự tham dự của lãnh đạo Liên hiệp Hội Việt Nam.",
    ],
    "autolink": ["Toàn văn báo cáo: {link}", "(Nguồn: {link})", "Kế hoạch chi tiết xem tại {link}."],
    "bare": [
        "Toàn văn báo cáo xem tại {link}",
        "Nguồn: {link}",
        "Thể lệ hội thi được đăng tại {link} và trên bản tin của Liên hiệp Hội.",
    ],
}
SUBHEADS_R = SUBHEADS + ["Lan tỏa tinh thần sáng tạo", "Đồng hành cùng địa phương", "Hướng về cơ sở"]
TASKS = [
    "Đẩy mạnh công tác tư vấn, phản biện và giám định xã hội",
    "Tổ chức tốt Hội thi Sáng tạo kỹ thuật và Cuộc thi Sáng tạo thanh thiếu niên, nhi đồng",
    "Phát triển hội viên, hội thành viên; củng cố tổ chức Hội ở cơ sở",
    "Ứng dụng chuyển đổi số trong hoạt động của Liên hiệp Hội",
    "Tôn vinh, khen thưởng kịp thời các tập thể, cá nhân tiêu biểu",
    "Tăng cường phổ biến kiến thức khoa học và công nghệ cho người dân",
    "Mở rộng hợp tác với các viện, trường và doanh nghiệp",
]
QUOTES_R = QUOTES + [
    "Phong trào thi đua chỉ thực sự có ý nghĩa khi mỗi hội thành viên có sản phẩm cụ thể, phục vụ người dân.",
    "Các ý kiến tư vấn, phản biện của trí thức đã giúp tỉnh điều chỉnh nhiều nội dung quan trọng của đề án.",
    "Sau sắp xếp đơn vị hành chính, Liên hiệp Hội càng phải chủ động hơn, gần cơ sở hơn.",
]
PHOTOS = [  # (file name start, alt): what news photos show
    ("dai-bieu", "Các đại biểu dự {act}"),
    ("quang-canh", "Quang cảnh {act}"),
    ("phat-bieu", "{tf} phát biểu tại hội nghị"),
    ("trao-bang-khen", "Trao Bằng khen cho các tập thể có thành tích xuất sắc"),
    ("ky-ket", "Đại diện các Liên hiệp Hội ký kết giao ước thi đua năm {y1}"),
    ("luu-niem", "Các đại biểu chụp ảnh lưu niệm"),
    ("trao-giai", "Ban tổ chức trao giải Nhất Hội thi Sáng tạo kỹ thuật {W} lần thứ {r}"),
    ("tap-huan", "Học viên tham dự lớp tập huấn"),
    ("khao-sat", "Đoàn công tác khảo sát thực tế tại {local}"),
    ("mo-hinh", "Mô hình {project} tại {local}"),
    ("hoi-thao", "Các chuyên gia trao đổi tại hội thảo về {topic}"),
    ("hoc-sinh", "Học sinh giới thiệu sản phẩm dự Cuộc thi Sáng tạo thanh thiếu niên, nhi đồng"),
]
SCREENSHOTS = [
    ("giao-dien", "Giao diện phần mềm quản lý hội viên của Liên hiệp Hội {W}"),
    ("trang-tin", "Trang thông tin điện tử của Liên hiệp Hội {W}"),
    ("bao-cao", "Biểu đồ kết quả hoạt động năm {y} của Liên hiệp Hội {W}"),
]
_NBSP, _ZWSP = "\u00a0", "\u200b"
_INNER_SPACE = re.compile(r"(?<=\w) (?=\w)")


def where(province: str) -> str:
    """ "tỉnh Quảng Ngãi", "thành phố Đà Nẵng" (the unit word news puts before a name)."""
    return f"{'thành phố' if province in CITIES else 'tỉnh'} {province}"


def thousands(number: int) -> str:
    """12500 -> "12.500", as Vietnamese writes it."""
    return f"{number:,}".replace(",", ".")


def vi_path(text: str) -> str:
    """A URL path segment of words with their diacritics kept, as some news sites make them."""
    return "-".join(re.findall(r"[^\W_]+", text.lower()))


class RealisticGenerator(Generator):
    """The realistic variant's articles; its photos' files are listed in `self.photos`."""

    def __init__(self, seed: int = DEFAULT_SEED, picks: float = DEFAULT_PICKS["realistic"]):
        super().__init__(seed, picks)
        self.photos: list[tuple[str, int]] = []  # (path under content/images/, pool index)
        self.photo_names: set[str] = set()
        from photos import POOL  # (bench/photos.py: no Pillow needed to know the pool's shape)

        self.pool = POOL

    # --- people --------------------------------------------------------------------------------
    def name(self, woman: bool | None = None) -> tuple[str, str, bool]:
        """(full name of 2-4 syllables, given name, woman?)"""
        r = self.rng
        if woman is None:
            woman = r.random() < 0.35
        given = r.choice(GIVEN_WOMEN if woman else GIVEN_MEN)
        middle = MIDDLE_WOMEN if woman else MIDDLE_MEN
        size = r.choices((2, 3, 4), (8, 70, 22))[0]
        parts = [r.choice(FAMILY_NAMES)] + [r.choice(middle) for _ in range(size - 2)] + [given]
        if size == 4 and parts[1] == parts[2]:
            parts[2] = r.choice(middle[3:])
        return " ".join(parts), given, woman

    def official(self, ctx: dict, title_first: bool | None = None) -> str:
        """An official as news names one the first time ("Chủ tịch UBND tỉnh Hồ Thị Bình", "PGS.TS
        Nguyễn Văn An, Chủ tịch Liên hiệp Hội tỉnh Quảng Ngãi"); an article names a few (its
        `cast`), and then refers to them as "ông An", "bà Bình"."""
        r = self.rng
        if ctx["cast"] <= 0 and ctx["who_list"]:
            return r.choice(ctx["who_list"])
        ctx["cast"] -= 1
        full, given, woman = self.name()
        ctx["who_list"].append(f"{'bà' if woman else 'ông'} {given}")
        if title_first or (title_first is None and r.random() < 0.45):
            return f"{r.choice(TITLE_FIRST).format(**ctx)} {full}"
        honorific = r.choice(HONORIFICS).format(sex="bà" if woman else "ông")
        return f"{honorific} {full}, {r.choice(ROLE_AFTER).format(**ctx)}"

    def title_first(self, ctx: dict) -> str:
        return self.official(ctx, title_first=True)

    def local(self) -> str:
        r = self.rng
        kind = r.choice(("xã", "xã", "huyện") if self.day < MERGER else ("xã", "xã", "phường"))
        return f"{kind} {r.choice(LOCALS)}"

    # --- text ----------------------------------------------------------------------------------
    def fill(self, template: str, ctx: dict) -> str:
        r = self.rng
        text = template
        while "{new}" in text:  # (someone not named before: those present)
            ctx["cast"] = max(ctx["cast"], 1)
            text = text.replace("{new}", self.official(ctx), 1)
        while "{off}" in text:
            text = text.replace("{off}", self.official(ctx), 1)
        if "{Off}" in text:  # (at the start of a sentence)
            off = self.official(ctx)
            text = text.replace("{Off}", off[0].upper() + off[1:], 1)
        while "{tf}" in text:
            text = text.replace("{tf}", self.title_first(ctx), 1)
        if "{who}" in text:
            text = text.replace("{who}", r.choice(ctx["who_list"]) if ctx["who_list"] else self.official(ctx))
        if "{Sexname}" in text:
            full, _, woman = self.name()
            text = text.replace("{Sexname}", f"{'Bà' if woman else 'Ông'} {full}")
        if "{name}" in text:
            text = text.replace("{name}", self.name()[0])
        if "{role}" in text:
            text = text.replace("{role}", r.choice(ROLE_AFTER).format(**ctx))
        if "{local}" in text:
            text = text.replace("{local}", self.local())
        return text.format(
            **{
                **ctx,
                "n": r.randint(12, 480),
                "m": r.randint(2, 9),
                "k": r.randint(2, 9),
                "r": r.choice(ROMAN),
                "grade": r.choice((10, 11, 12)),
                "school": r.choice(SCHOOLS),
                "thousands": thousands(r.randrange(1500, 40000, 100)),
            }
        )

    def paragraph(self, ctx: dict, sentences: int) -> str:
        """Sentences of PROSE; one that brings in a new person ("Em {name}, học sinh …") once an article."""
        chosen = self.rng.sample([t for t in PROSE if t not in ctx["told"]], sentences)
        ctx["told"].update(t for t in chosen if "{name}" in t or "{Sexname}" in t)
        return " ".join(self.fill(t, ctx) for t in chosen)

    def link(self, ctx: dict) -> str:
        """A sentence with a link in one of the forms news carries them."""
        r = self.rng
        kind = r.choices(("doc", "portal", "news", "autolink", "bare"), (40, 20, 20, 10, 10))[0]
        number = r.randrange(100000, 999999)
        portal = PORTALS.get(ctx["p"], slugify(ctx["p"]).replace("-", "") + ".gov.vn")
        if kind == "doc":
            name, url, since = r.choice([d for d in DOCS if d[2] <= self.day])
            n = r.randint(12, 480)
            link = f"[{name.format(n=n)}]({url.format(n=n, id=number, portal=portal)})"
        elif kind == "portal":
            path = slugify(ctx["title"])[:80].rstrip("-")
            link = f"[Cổng Thông tin điện tử {ctx['W']}](https://{portal}/tin-tuc/{path}-{number}.html)"
        else:
            path = vi_path(ctx["title"])[:90].rstrip("-")
            url = f"https://baochinhphu.vn/{path}-10{self.day:%y%m%d}{number % 1000:03d}.htm"
            if r.random() < 0.5:  # percent-encoded, as a browser copies it
                url = "https://baochinhphu.vn/" + urllib.parse.quote(url[len("https://baochinhphu.vn/") :])
            if kind == "news":
                link = f"[Báo Điện tử Chính phủ]({url})"
            elif kind == "autolink":
                link = f"<{url}>"
            else:
                link = url
        return r.choice(LINK_SENTENCES[kind]).format(**{**ctx, "link": link, "k": r.randint(2, 9)})

    def photo(self, ctx: dict) -> tuple[str, str, str]:
        """(URL, alt, caption) of a new photo file of this article."""
        r = self.rng
        base = r.randrange(len(self.pool))
        kind = self.pool[base][0]
        stem, alt = r.choice(SCREENSHOTS if kind == "png" else PHOTOS)
        alt = self.fill(alt, ctx)
        folder = f"{self.day:%Y}/{self.day:%m}"
        name = f"{folder}/{stem}-{r.getrandbits(16):04x}.{kind}"
        while name in self.photo_names:
            name = f"{folder}/{stem}-{r.getrandbits(24):06x}.{kind}"
        self.photo_names.add(name)
        self.photos.append((name, base))
        credit = f"Ảnh: {r.choice(PEN_NAMES)}"
        caption = f"{alt}. {credit}" if r.random() < 0.7 else f"{alt} ({credit})"
        return f"/images/{name}", alt, caption

    def figure(self, ctx: dict) -> str:
        url, alt, caption = self.photo(ctx)
        if self.rng.random() < 0.25:  # the caption in the image's title
            return f'![{alt}]({url} "{caption}")'
        return f"![{alt}]({url})\n\n*{caption}*"

    def table(self, ctx: dict) -> str:
        r = self.rng
        rows = [
            "| Tỉnh, thành phố | Hội thành viên | Hội viên | Ý kiến tư vấn, phản biện | Giải pháp dự thi |",
            "|---|---:|---:|---:|---:|",
        ]
        for province in ctx["member_list"]:
            rows.append(
                f"| {province} | {r.randint(18, 72)} | {thousands(r.randrange(2000, 60000, 50))} "
                f"| {r.randint(4, 90)} | {r.randint(6, 140)} |"
            )
        return (
            f"Kết quả nổi bật năm {ctx['y']} của các Liên hiệp Hội trong Cụm:\n\n"
            + "\n".join(rows)
            + f"\n\n*Nguồn: Ban Thi đua - Khen thưởng Cụm thi đua số {ctx['c']}*"
        )

    def article(self, day: dt.date | None = None, draft: bool | None = None) -> tuple[str, str, str]:
        r = self.rng
        if day is None:
            day = FIRST_DAY + dt.timedelta(days=r.randrange(self.span + 1))
        self.day = day
        when = dt.datetime(day.year, day.month, day.day, r.randint(6, 21), r.randrange(60), r.randrange(60))
        national = r.random() < 0.08
        cid = r.choice(list(CLUSTERS))
        members = CLUSTERS["cum-3"] if national else CLUSTERS[cid]
        olds = r.sample(members, r.choice((1, 1, 1, 2, 2, 3)))
        names = list(dict.fromkeys(province_name(o, day) for o in olds))
        others = [m for m in members if m != olds[0]]
        p = names[0]
        member_list = list(dict.fromkeys(province_name(m, day) for m in members))
        ctx = {
            "p": p,
            "U": where(p)[: -len(p) - 1],
            "P": "Thành ủy" if p in CITIES else "Tỉnh ủy",
            "W": where(p),
            "W2": where(province_name(r.choice(others), day)),
            "c": cid.split("-")[1],
            "y": day.year,
            "y1": day.year + 1,
            "y5": day.year + 5,
            "topic": r.choice(TOPICS),
            "act": r.choice(ACTIVITIES),
            "venue": r.choice(VENUES),
            "project": r.choice(PROJECTS),
            "d": f"{max(1, day.day - r.randrange(4)):02d}/{day.month:02d}/{day.year}",
            "member_list": member_list,
            "members": ", ".join(member_list[:-1]) + " và " + member_list[-1],
            "who_list": [],
            "cast": r.choice((2, 3, 3, 4, 4, 5)),
            "told": {PROSE[0]},
        }

        title = Generator.fill(self, r.choice(TITLE_TEMPLATES), ctx)
        title = re.sub(r": (\w)", lambda m: ": " + m.group(1).upper(), title)
        slug = slugify(title)
        if slug in self.slugs:
            k = 2
            while f"{slug}-ky-{k}" in self.slugs:
                k += 1
            title, slug = f"{title} (kỳ {k})", f"{slug}-ky-{k}"
        self.slugs.add(slug)
        ctx["title"] = title

        photos = r.choices((1, 2, 3), (60, 30, 10))[0]  # 1.5 on average
        lead_image = self.photo(ctx) if r.random() < 0.6 else None
        body_figures = photos - (1 if lead_image else 0)

        fm = ["---", f"title: {q(title)}", f"date: {when.isoformat()}+07:00"]
        if r.random() < 0.85:
            fm.append(f"summary: {q(self.paragraph(ctx, 1))}")
        if not national:
            fm.append(f"cluster: {cid}")
        fm.append(f"provinces: {q(names)}")
        events = []
        for name in r.sample(EVENT_NAMES, r.choice((0, 1, 1, 1, 2))):
            if r.random() < 0.4:
                events.append(f"  - {{name: {q(name)}, date: {day.isoformat()}, place: {q(ctx['venue'] + ' ' + p)}}}")
            else:
                events.append(f"  - {q(name)}")
        if not national and r.random() < 0.3:
            yearly = f"Hội nghị tổng kết Cụm thi đua số {ctx['c']} năm {day.year}"
            events.append(f"  - {q(yearly)}")
        if events:
            fm += ["events:", *events]
        fm.append(f"tags: {q(r.sample(TAGS, r.randint(2, 4)))}")
        fm.append(f"section: {q(r.choice(SECTIONS))}")
        byline = r.choice(PEN_NAMES)
        if r.random() < 0.3:
            fm.append(f"author: {q(byline)}")
        if lead_image:
            fm += ["image:", f"  src: {lead_image[0]}", f"  alt: {q(lead_image[1])}", f"  caption: {q(lead_image[2])}"]
        if self.published and r.random() < self.picks:
            picks = r.sample(self.published[-500:], min(len(self.published), r.randint(1, 3)))
            self.picked.update(picks)
            fm.append(f"related: {q(picks)}")
        if draft is None:
            draft = r.random() < 0.01
        if draft:
            fm.append("draft: true")
        else:
            self.published.append(slug)
        fm.append("---")

        time_of_day = r.choice(("Sáng", "Chiều", "Ngày", "Tối"))
        day_month = "/".join(str(int(x)) for x in ctx["d"].split("/")[:2])  # "8/9", as news writes it
        lead = (
            f"**{time_of_day} {day_month}, tại {ctx['venue']} {p}, Liên hiệp Hội {ctx['W']} tổ chức "
            f"{ctx['act']} về {ctx['topic']}. {self.fill(r.choice(PROSE[1:4]), ctx)}**"
        )
        blocks: list[tuple[str, str]] = [("lead", lead), ("prose", self.fill(PROSE[0], ctx))]
        links = r.choices((0, 1, 2, 3), (8, 45, 35, 12))[0]
        target = r.randint(5500, 8500)
        size = len(lead.encode())
        heads = r.sample(SUBHEADS_R, 3)
        table, numbered, bullets, quoted = r.random() < 0.1, r.random() < 0.5, r.random() < 0.7, r.random() < 0.6
        step = 0
        while size < target or step < 11:
            if step in (1, 7) and body_figures:
                part, kind = self.figure(ctx), "figure"
                body_figures -= 1
            elif step in (3, 8) and heads:
                part, kind = f"## {heads.pop()}", "head"
            elif step == 4 and bullets:
                part = (
                    "Cụ thể, trong năm {y}:".format(**ctx)
                    + "\n\n"
                    + "\n".join(
                        f"- {item}: {r.randint(3, 60)} hoạt động" for item in r.sample(LIST_ITEMS, r.randint(3, 5))
                    )
                )
                kind = "list"
            elif step == 6 and quoted:
                quote = r.choice(QUOTES_R)
                if r.random() < 0.5:
                    full, _, _ = self.name()
                    who = f"{r.choice(TITLE_FIRST).format(**ctx)} *{full}*"
                else:
                    who = f"*{self.name()[0]}*, {r.choice(ROLE_AFTER).format(**ctx)}"
                part, kind = f"> {quote}\n>\n> — {who}", "quote"
            elif step == 9 and numbered:
                part = (
                    f"Năm {ctx['y1']}, Cụm thi đua số {ctx['c']} thống nhất 4 nhóm nhiệm vụ trọng tâm:\n\n"
                    + "\n".join(f"{k}. {task}." for k, task in enumerate(r.sample(TASKS, 4), 1))
                )
                kind = "list"
            elif step == 10 and table:
                part, kind = self.table(ctx), "table"
            else:
                part, kind = self.paragraph(ctx, r.randint(2, 5)), "prose"
            blocks.append((kind, part))
            size += len(part.encode()) + 2
            step += 1
        while body_figures:
            blocks.append(("figure", self.figure(ctx)))
            blocks.append(("prose", self.paragraph(ctx, r.randint(2, 3))))
            body_figures -= 1
        prose = [k for k, (kind, _) in enumerate(blocks) if kind == "prose"]
        for k in r.sample(prose, min(links, len(prose))):
            blocks[k] = ("prose", blocks[k][1] + " " + self.link(ctx))
        author = f"**{byline}**" + (f" ({'Liên hiệp Hội ' + ctx['W']})" if r.random() < 0.6 else "")
        blocks.append(("author", author))

        word = r.random() < 0.15  # pasted from Word
        if word:
            blocks = [(kind, self.word_paste(kind, part)) for kind, part in blocks]
        text = "\n".join(fm) + "\n\n" + "\n\n".join(part for _, part in blocks) + "\n"
        if word:
            text = text.replace("\n", "\r\n")
        return str(day.year), slug, text

    def word_paste(self, kind: str, part: str) -> str:
        """What text copied from Word brings: no-break spaces between words and at a paragraph's
        end, zero-width spaces at line ends (never next to a * that closes emphasis)."""
        r = self.rng
        if kind not in ("prose", "lead", "list"):
            return part
        part = _INNER_SPACE.sub(lambda m: _NBSP if r.random() < 0.04 else " ", part)
        if kind == "prose":
            ending = r.random()
            if ending < 0.3:
                part += _NBSP
            elif ending < 0.55:
                part += _ZWSP
        return part


def svg(title: str, hue: int) -> str:
    return (
        f'<svg xmlns="http://www.w3.org/2000/svg" width="640" height="360" viewBox="0 0 640 360">'
        f"<title>{title} (ảnh minh họa)</title>"
        f'<rect width="640" height="360" fill="hsl({hue},35%,80%)"/>'
        f'<text x="320" y="190" font-size="32" text-anchor="middle" font-family="sans-serif">{title}</text></svg>\n'
    )


def write_site(
    n: int, out: Path, seed: int = DEFAULT_SEED, variant: str = DEFAULT_VARIANT, picks: float | None = None
) -> dict:
    """Write the whole site into `out` (its content/ is replaced); returns bench.json's data."""
    if variant not in VARIANTS:
        raise ValueError(f"unknown variant {variant!r} (known: {', '.join(VARIANTS)})")
    picks = DEFAULT_PICKS[variant] if picks is None else picks
    content = out / "content"
    if content.exists():
        shutil.rmtree(content)
    for sub in ("clusters", "images", "pages", "articles"):
        (content / sub).mkdir(parents=True)
    (content / "_site.yaml").write_text(
        "# A SYNTHETIC site made by bench/generate.py for benchmarks: people, numbers, events and the\n"
        "# membership of clusters 1-5, 7 and 8 are invented; province names are real.\n"
        "title: Liên hiệp các hội khoa học và kỹ thuật Việt Nam (bản thử tải)\n"
        "description: Trang tin tổng hợp dùng để đo tốc độ dựng trang của site-builder.\n"
        "base_url: https://bench.example.org\n"
        "language: vi\n"
        "timezone: Asia/Ho_Chi_Minh\n"
        "page_size: 20\n"
        "feed_size: 20\n",
        encoding="utf-8",
    )
    rng = random.Random(seed + 1)
    for cid, members in CLUSTERS.items():
        number = cid.split("-")[1]
        invented = cid not in CLUSTER_NOTES
        terms = []
        for year in range(2022, 2027):
            head, deputy = rng.sample(members, 2)
            terms.append(f"  {year}: {{head: {q(head)}, deputy: {q(deputy)}}}")
        note = (
            "# SYNTHETIC: this membership and these terms are invented for the benchmark corpus.\n"
            if invented
            else "# Membership as documented; the terms below are invented for the benchmark corpus.\n"
        )
        body = CLUSTER_NOTES.get(cid, f"Cụm thi đua số {number} gồm các Liên hiệp Hội: {', '.join(members)}.")
        (content / "clusters" / f"{cid}.md").write_text(
            f"---\n{note}name: Cụm thi đua số {number}\nprovinces: {q(members)}\n"
            f'decision: "586/QĐ-LHHVN, 13/7/2022"\nterms:\n' + "\n".join(terms) + f"\n---\n{body}\n",
            encoding="utf-8",
        )
    if variant == "plain":
        for k, (file, title, _, _) in enumerate(IMAGES):
            (content / "images" / file).write_text(svg(title, k * 55), encoding="utf-8")
    (content / "pages" / "gioi-thieu.md").write_text(
        "---\ntitle: Giới thiệu\n---\nTrang tin tổng hợp, sinh tự động để đo tốc độ dựng trang.\n", encoding="utf-8"
    )

    gen = Generator(seed, picks) if variant == "plain" else RealisticGenerator(seed, picks)
    photos = PhotoWriter(content / "images", seed) if variant == "realistic" else None
    folders = set()
    for _ in range(n):
        year, slug, text = gen.article()
        folder = content / "articles" / year
        if year not in folders:
            folder.mkdir(exist_ok=True)
            folders.add(year)
        (folder / f"{slug}.md").write_bytes(text.encode("utf-8"))
        if photos is not None:
            photos.write(gen)
    # An article the runner may retitle: published and named in nobody's related: list.
    middle = gen.published[len(gen.published) // 2 :] + gen.published[: len(gen.published) // 2]
    editable = next(s for s in middle if s not in gen.picked)
    path = next((content / "articles").glob(f"*/{editable}.md"))
    info = {
        "generator": GENERATOR_VERSION,
        "variant": variant,
        "articles": n,
        "seed": seed,
        "picks": picks,
        "now": NOW,
        "edit_article": path.relative_to(out).as_posix(),
    }
    if photos is not None:
        info.update(photos=photos.count, photo_bytes=photos.bytes)
    (out / "bench.json").write_text(json.dumps(info, ensure_ascii=False, indent=1) + "\n", encoding="utf-8")
    return info


class PhotoWriter:
    """Writes the files of the photos a RealisticGenerator has named, each its own bytes."""

    def __init__(self, images: Path, seed: int, tag: str = "photo"):
        import photos  # bench/photos.py (its `unique` needs no Pillow)

        self.images, self.seed, self.tag = images, seed, tag
        self.pool = _pool(seed, images.parent.parent / POOL_DIR)
        self.unique = photos.unique
        self.count = self.bytes = 0
        self.folders: set[str] = set()

    def write(self, gen: RealisticGenerator) -> list[Path]:
        written = []
        for name, base in gen.photos:
            folder = name.rsplit("/", 1)[0]
            if folder not in self.folders:
                (self.images / folder).mkdir(parents=True, exist_ok=True)
                self.folders.add(folder)
            kind, data = self.pool[base]
            data = self.unique(kind, data, f"site-builder bench {self.seed} {self.tag} {self.count}")
            path = self.images / name
            path.write_bytes(data)
            written.append(path)
            self.count += 1
            self.bytes += len(data)
        gen.photos.clear()
        return written


POOL_DIR = "bench-pool"  # beside content/: the pool's files, so that a run without Pillow can add photos


@functools.lru_cache(maxsize=4)
def _pool(seed: int, kept: Path | None = None) -> list[tuple[str, bytes]]:
    """The base pictures (bench/photos.py, encoded with Pillow), or the copy kept beside the corpus
    when there is one: the runner's add-article step must work in a venv without Pillow (to
    measure site-builder without its WebP variants)."""
    import photos  # bench/photos.py

    if kept is not None and (kept / "pool.json").is_file():
        kinds = json.loads((kept / "pool.json").read_text(encoding="utf-8"))
        return [(kind, (kept / f"{i}.{kind}").read_bytes()) for i, kind in enumerate(kinds)]
    pool = photos.make_pool(seed + 2)
    if kept is not None:
        kept.mkdir(parents=True, exist_ok=True)
        for i, (kind, data) in enumerate(pool):
            (kept / f"{i}.{kind}").write_bytes(data)
        (kept / "pool.json").write_text(json.dumps([kind for kind, _ in pool]), encoding="utf-8")
    return pool


def new_article(
    seed: int = DEFAULT_SEED, variant: str = DEFAULT_VARIANT, site: Path | None = None
) -> tuple[str, str, list[str]]:
    """(path, text, paths of its photos) of one more article, newer than every generated one, all
    relative to the site folder (the runner adds it). Its photos are written under `site` when given."""
    day = LAST_DAY + dt.timedelta(days=1)  # (no generated article or photo is this month's)
    if variant == "plain":
        gen = Generator(seed + 7)
        year, slug, text = gen.article(day=day, draft=False)
        files = []
    else:
        gen = RealisticGenerator(seed + 7)
        year, slug, text = gen.article(day=day, draft=False)
        files = [f"content/images/{name}" for name, _ in gen.photos]
        if site is not None:
            PhotoWriter(site / "content" / "images", seed, tag="new photo").write(gen)
    newline = "\r\n" if "\r\n" in text else "\n"
    text = text.replace(f'{newline}title: "', f'{newline}title: "Tin mới: ', 1)
    return f"content/articles/{year}/tin-moi-{slug}.md", text, files


def main(argv: list[str] | None = None) -> int:
    ap = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    ap.add_argument("n", type=int, help="number of articles")
    ap.add_argument("out", type=Path, help="site folder to write (its content/ is replaced)")
    ap.add_argument(
        "--variant",
        choices=VARIANTS,
        default=DEFAULT_VARIANT,
        help="realistic (default: links, photos, tables, Word paste …) or plain (the first benchmarks' corpus)",
    )
    ap.add_argument("--seed", type=int, default=DEFAULT_SEED)
    ap.add_argument(
        "--picks",
        type=float,
        metavar="SHARE",
        help="share of articles with editor's related: picks (default: 0 realistic, 0.05 plain)",
    )
    args = ap.parse_args(argv)
    if args.picks is not None and not 0 <= args.picks <= 1:
        ap.error("--picks is a share between 0 and 1")
    started = time.perf_counter()
    info = write_site(args.n, args.out, args.seed, args.variant, args.picks)
    photos = f", {info['photos']:,} photos, {info['photo_bytes'] / 1e6:,.0f} MB" if "photos" in info else ""
    print(
        f"{args.n} {args.variant} articles in {args.out}{photos} ({time.perf_counter() - started:.1f} s)",
        file=sys.stderr,
    )
    return 0


if __name__ == "__main__":
    sys.exit(main())
