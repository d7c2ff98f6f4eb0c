"""Generate a synthetic news site of N articles in site-builder's content format.

    python bench/generate.py N OUT_DIR [--seed S]

Deterministic (one seeded random.Random, no network, no clock): the same N and seed give the same
bytes. The site has content/_site.yaml, 9 clusters (content/clusters/cum-1.md … cum-9.md), a few
small SVG images, one standalone page and N articles of about 8 KB of Vietnamese prose in the
style of the seed page (a cluster's year-end summary), under content/articles/<yyyy>/<slug>.md.

Everything is made up: the people, the numbers, the events and the membership of clusters 1–5, 7
and 8 (only clusters 6 and 9 are documented; see shared/reference/provinces-2025.yaml). The
province names are the real ones: the 63 pre-2025 names in articles dated before 2025-07-01, the
name of the province that absorbed them afterwards.

OUT_DIR/bench.json records what the runner needs (N, seed, an article it may edit, a date for an
added article). Standard library only.
"""
from __future__ import annotations

import argparse
import datetime as dt
import json
import random
import re
import shutil
import sys
import time
import unicodedata
from pathlib import Path

GENERATOR_VERSION = 1
DEFAULT_SEED = 2022
FIRST_DAY = dt.date(2022, 1, 3)
LAST_DAY = dt.date(2026, 10, 31)   # every article is dated on or before this day
NOW = "2026-11-15T00:00:00+07:00"  # the clock the runner passes to `site-builder build --now`
MERGER = dt.date(2025, 7, 1)       # new provinces from this day (Resolution 202/2025/QH15)
HUE_CITY = dt.date(2025, 1, 1)     # Thừa Thiên Huế became the city of Huế

# --- provinces: pre-2025 name -> the unit it belongs to from 2025-07-01 (reference facts) ---------
MERGED_INTO = {
    "Hà Nội": "Hà Nội", "Hà Giang": "Tuyên Quang", "Cao Bằng": "Cao Bằng", "Bắc Kạn": "Thái Nguyên",
    "Tuyên Quang": "Tuyên Quang", "Lào Cai": "Lào Cai", "Điện Biên": "Điện Biên", "Lai Châu": "Lai Châu",
    "Sơn La": "Sơn La", "Yên Bái": "Lào Cai", "Hòa Bình": "Phú Thọ", "Thái Nguyên": "Thái Nguyên",
    "Lạng Sơn": "Lạng Sơn", "Quảng Ninh": "Quảng Ninh", "Bắc Giang": "Bắc Ninh", "Phú Thọ": "Phú Thọ",
    "Vĩnh Phúc": "Phú Thọ", "Bắc Ninh": "Bắc Ninh", "Hải Dương": "Hải Phòng", "Hải Phòng": "Hải Phòng",
    "Hưng Yên": "Hưng Yên", "Thái Bình": "Hưng Yên", "Hà Nam": "Ninh Bình", "Nam Định": "Ninh Bình",
    "Ninh Bình": "Ninh Bình", "Thanh Hóa": "Thanh Hóa", "Nghệ An": "Nghệ An", "Hà Tĩnh": "Hà Tĩnh",
    "Quảng Bình": "Quảng Trị", "Quảng Trị": "Quảng Trị", "Thừa Thiên Huế": "Huế", "Đà Nẵng": "Đà Nẵng",
    "Quảng Nam": "Đà Nẵng", "Quảng Ngãi": "Quảng Ngãi", "Bình Định": "Gia Lai", "Phú Yên": "Đắk Lắk",
    "Khánh Hòa": "Khánh Hòa", "Ninh Thuận": "Khánh Hòa", "Bình Thuận": "Lâm Đồng", "Kon Tum": "Quảng Ngãi",
    "Gia Lai": "Gia Lai", "Đắk Lắk": "Đắk Lắk", "Đắk Nông": "Lâm Đồng", "Lâm Đồng": "Lâm Đồng",
    "Bình Phước": "Đồng Nai", "Tây Ninh": "Tây Ninh", "Bình Dương": "Hồ Chí Minh", "Đồng Nai": "Đồng Nai",
    "Bà Rịa - Vũng Tàu": "Hồ Chí Minh", "Hồ Chí Minh": "Hồ Chí Minh", "Long An": "Tây Ninh",
    "Tiền Giang": "Đồng Tháp", "Bến Tre": "Vĩnh Long", "Trà Vinh": "Vĩnh Long", "Vĩnh Long": "Vĩnh Long",
    "Đồng Tháp": "Đồng Tháp", "An Giang": "An Giang", "Kiên Giang": "An Giang", "Cần Thơ": "Cần Thơ",
    "Hậu Giang": "Cần Thơ", "Sóc Trăng": "Cần Thơ", "Bạc Liêu": "Cà Mau", "Cà Mau": "Cà Mau",
}

# Clusters 6 and 9 are as documented; the others group neighbouring provinces and are INVENTED
# for this synthetic corpus (their real membership is not known).
CLUSTERS = {
    "cum-1": ["Hà Giang", "Cao Bằng", "Bắc Kạn", "Tuyên Quang", "Lạng Sơn", "Thái Nguyên", "Quảng Ninh",
              "Bắc Giang"],
    "cum-2": ["Lào Cai", "Điện Biên", "Lai Châu", "Sơn La", "Yên Bái", "Hòa Bình", "Phú Thọ"],
    "cum-3": ["Hà Nội", "Vĩnh Phúc", "Bắc Ninh", "Hải Dương", "Hải Phòng", "Hưng Yên", "Thái Bình", "Hà Nam"],
    "cum-4": ["Nam Định", "Ninh Bình", "Thanh Hóa", "Nghệ An", "Hà Tĩnh", "Quảng Bình", "Quảng Trị"],
    "cum-5": ["Thừa Thiên Huế", "Đà Nẵng", "Quảng Nam", "Kon Tum", "Gia Lai"],
    "cum-6": ["Quảng Ngãi", "Bình Định", "Phú Yên", "Khánh Hòa", "Ninh Thuận", "Bình Thuận"],
    "cum-7": ["Đắk Lắk", "Đắk Nông", "Lâm Đồng", "Bình Phước", "Tây Ninh", "Bình Dương", "Đồng Nai",
              "Bà Rịa - Vũng Tàu"],
    "cum-8": ["Hồ Chí Minh", "Long An", "Tiền Giang", "Bến Tre", "Trà Vinh", "Vĩnh Long", "Đồng Tháp",
              "An Giang"],
    "cum-9": ["Cần Thơ", "Sóc Trăng", "Bạc Liêu", "Cà Mau", "Hậu Giang", "Kiên Giang"],
}
CLUSTER_NOTES = {
    "cum-6": "Cụm thi đua số 6 gồm các Liên hiệp Hội duyên hải Nam Trung Bộ.",
    "cum-9": "Cụm thi đua số 9 (khu vực Nam Sông Hậu) gồm các Liên hiệp Hội vùng đồng bằng sông Cửu Long.",
}

# --- vocabulary --------------------------------------------------------------------------------
SURNAMES = ["Nguyễn", "Trần", "Lê", "Phạm", "Hoàng", "Huỳnh", "Phan", "Vũ", "Võ", "Đặng", "Bùi", "Đỗ",
            "Hồ", "Ngô", "Dương", "Lý", "Trương", "Đinh", "Cao", "Mai"]
MIDDLE_M = ["Văn", "Hữu", "Quang", "Minh", "Đức", "Xuân", "Công", "Thành", "Quốc", "Tiến"]
MIDDLE_F = ["Thị", "Ngọc", "Thu", "Kim", "Thanh", "Minh", "Hồng", "Bích"]
GIVEN_M = ["Chiến", "Dũng", "Hải", "Hùng", "Phong", "Quân", "Thắng", "Trí", "Tuấn", "Việt", "Thích",
           "Khoa", "Lộc", "Tâm", "Toàn", "Hiếu", "Đạt", "Kiên", "Trung", "Vinh"]
GIVEN_F = ["Lan", "Mai", "Hương", "Hạnh", "Yến", "Nga", "Thảo", "Trang", "Hoa", "Liên", "Oanh", "Ngân"]
ROLES = ["Chủ tịch Liên hiệp Hội {p}", "Phó Chủ tịch Liên hiệp Hội {p}", "Tổng Thư ký Liên hiệp Hội {p}",
         "Chánh Văn phòng Liên hiệp Hội {p}", "Trưởng Ban Tư vấn phản biện Liên hiệp Hội {p}",
         "Giám đốc Sở Khoa học và Công nghệ tỉnh {p}", "Phó Chủ tịch UBND tỉnh {p}",
         "Ủy viên Đoàn Chủ tịch Liên hiệp Hội Việt Nam", "Trưởng Ban Thi đua - Khen thưởng Liên hiệp Hội {p}"]
TOPICS = ["chuyển đổi số trong cơ quan nhà nước", "chuyển dịch năng lượng bền vững", "nông nghiệp công nghệ cao",
          "ứng phó với biến đổi khí hậu", "quy hoạch tỉnh thời kỳ 2021-2030", "bảo vệ môi trường lưu vực sông",
          "phát triển kinh tế biển", "du lịch cộng đồng", "an toàn thực phẩm", "giảm nghèo bền vững",
          "đô thị thông minh", "bảo tồn di sản văn hóa", "giáo dục STEM trong trường phổ thông",
          "y tế cơ sở", "phát triển nguồn nhân lực chất lượng cao", "kinh tế tuần hoàn",
          "quản lý tài nguyên nước", "phòng chống thiên tai", "khởi nghiệp đổi mới sáng tạo",
          "sở hữu trí tuệ cho sản phẩm đặc sản địa phương", "điện gió và điện mặt trời",
          "cải cách thủ tục hành chính", "phát triển hợp tác xã kiểu mới", "trồng rừng gỗ lớn"]
ACTIVITIES = ["hội thảo khoa học", "tọa đàm tư vấn phản biện", "lớp tập huấn", "diễn đàn trí thức",
              "hội nghị chuyên đề", "cuộc khảo sát thực tế", "buổi sinh hoạt chuyên đề", "hội thảo tham vấn"]
VENUES = ["Hội trường Liên hiệp Hội tỉnh", "Trung tâm Hội nghị tỉnh", "Nhà văn hóa Lao động tỉnh",
          "Trường Đại học Sư phạm Kỹ thuật", "Khách sạn Mường Thanh", "Trụ sở UBND tỉnh"]
PROJECTS = ["mô hình sản xuất nông nghiệp hữu cơ", "hệ thống tưới tiết kiệm nước", "lò đốt rác thải sinh hoạt quy mô nhỏ",
            "ứng dụng quản lý hội viên trên điện thoại", "giống lúa chịu mặn", "mô hình nuôi tôm tuần hoàn",
            "bản đồ số du lịch cộng đồng", "thiết bị cảnh báo sạt lở đất", "máy bóc vỏ hạt điều bán tự động"]
EVENT_NAMES = ["Ký kết giao ước thi đua", "Hội nghị tổng kết", "Hội nghị sơ kết 6 tháng",
               "Hội thi Sáng tạo kỹ thuật", "Cuộc thi Sáng tạo thanh thiếu niên, nhi đồng",
               "Lễ tôn vinh trí thức tiêu biểu", "Diễn đàn trí thức", "Đại hội đại biểu Liên hiệp Hội",
               "Hội nghị tập huấn công tác thi đua, khen thưởng", "Giải thưởng Sáng tạo khoa học công nghệ Việt Nam"]
TAGS = ["Thi đua", "Khen thưởng", "Tổng kết", "Sơ kết", "Giao ước thi đua", "Tư vấn phản biện", "Giám định xã hội",
        "Sáng tạo kỹ thuật", "Sáng tạo thanh thiếu niên", "Trí thức", "Tôn vinh trí thức", "Chuyển đổi số",
        "Năng lượng", "Môi trường", "Biến đổi khí hậu", "Nông nghiệp", "Nông nghiệp công nghệ cao", "Kinh tế biển",
        "Du lịch", "Y tế", "Giáo dục", "STEM", "Khởi nghiệp", "Đổi mới sáng tạo", "Sở hữu trí tuệ", "Hợp tác quốc tế",
        "Đối ngoại", "Công tác xã hội", "Xóa đói giảm nghèo", "Phổ biến kiến thức", "Thông tin tuyên truyền",
        "Tập huấn", "Hội thảo", "Tọa đàm", "Diễn đàn", "Đại hội", "Nhân sự", "Phát triển tổ chức", "Hội viên",
        "Hội thành viên", "Quy hoạch", "Chính sách", "Luật", "Thi đua - Khen thưởng", "Cụm thi đua", "Khối thi đua",
        "Sáp nhập tỉnh", "Chính quyền hai cấp", "Văn hóa", "Di sản", "Báo chí", "Truyền thông", "Phụ nữ",
        "Thanh niên", "Người cao tuổi", "Cán bộ hưu trí", "Tết", "Kỷ niệm", "Ngày Khoa học và Công nghệ",
        "Giải thưởng"]
SECTIONS = ["Thi đua - Khen thưởng", "Hoạt động Liên hiệp Hội địa phương", "Tư vấn - Phản biện - Giám định xã hội",
            "Khoa học - Công nghệ", "Phổ biến kiến thức", "Hợp tác quốc tế", "Xây dựng tổ chức", "Trí thức"]
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
SUBHEADS = ["Sắc màu hoạt động", "Vì sự phát triển Liên hiệp Hội", "Những kết quả nổi bật", "Nhiệm vụ năm tới",
            "Phát huy vai trò đội ngũ trí thức", "Khó khăn và giải pháp", "Lan tỏa phong trào thi đua",
            "Kiến nghị, đề xuất", "Dấu ấn tư vấn phản biện", "Đổi mới phương thức hoạt động"]
QUOTES = [
    "Trong khó khăn, các Liên hiệp Hội địa phương đã có những sáng tạo, tổ chức nhiều hoạt động hay và thiết thực.",
    "Đây là kết quả chung của Cụm thi đua, thể hiện tinh thần đoàn kết, trách nhiệm của đội ngũ trí thức.",
    "Tư vấn phản biện phải đi trước một bước, góp ý từ khi đề án còn trên giấy.",
    "Mỗi giải pháp dự thi là một sáng kiến nhỏ nhưng mang lại hiệu quả thiết thực cho sản xuất và đời sống.",
    "Chúng tôi mong muốn tỉnh tiếp tục quan tâm, tạo điều kiện để Liên hiệp Hội phát huy vai trò của đội ngũ trí thức.",
]
IMAGES = [  # (file, picture title, alt, caption)
    ("hoi-nghi.svg", "Hội nghị", "Toàn cảnh hội nghị tổng kết thi đua tại hội trường",
     "Quang cảnh hội nghị tổng kết"),
    ("ky-ket.svg", "Ký kết giao ước", "Đại diện các Liên hiệp Hội ký kết giao ước thi đua",
     "Các Liên hiệp Hội ký kết giao ước thi đua"),
    ("hoi-thao.svg", "Hội thảo", "Các đại biểu trình bày tham luận tại hội thảo khoa học",
     "Đại biểu phát biểu tại hội thảo"),
    ("trao-giai.svg", "Trao giải", "Ban tổ chức trao giải cho các tác giả đạt giải Hội thi Sáng tạo kỹ thuật",
     "Trao giải Hội thi Sáng tạo kỹ thuật"),
    ("tap-huan.svg", "Tập huấn", "Học viên tham dự lớp tập huấn công tác quản lý Hội",
     "Lớp tập huấn công tác Hội"),
    ("khao-sat.svg", "Khảo sát", "Đoàn chuyên gia khảo sát mô hình sản xuất tại địa phương",
     "Đoàn khảo sát làm việc tại cơ sở"),
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
    def __init__(self, seed: int = DEFAULT_SEED):
        self.rng = random.Random(seed)
        self.slugs: set[str] = set()
        self.published: list[str] = []  # slugs of non-draft articles, for related: picks
        self.picked: set[str] = set()   # slugs named in some related: list
        self.span = (LAST_DAY - FIRST_DAY).days

    def person(self) -> str:
        r = self.rng
        if r.random() < 0.65:
            return f"ông {r.choice(SURNAMES)} {r.choice(MIDDLE_M)} {r.choice(GIVEN_M)}"
        return f"bà {r.choice(SURNAMES)} {r.choice(MIDDLE_F)} {r.choice(GIVEN_F)}"

    def fill(self, template: str, ctx: dict) -> str:
        r = self.rng
        return template.format(n=r.randint(12, 480), m=r.randint(2, 9), k=r.randint(2, 9), r=r.choice(ROMAN),
                               person=self.person(), role=r.choice(ROLES).format(p=ctx["p"]), **ctx)

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
        ctx = {"p": names[0], "p2": province_name(r.choice(others), day), "c": cid.split("-")[1],
               "y": day.year, "y1": day.year + 1, "y5": day.year + 5, "topic": r.choice(TOPICS), "act": r.choice(ACTIVITIES),
               "venue": r.choice(VENUES), "project": r.choice(PROJECTS),
               "d": f"{max(1, day.day - r.randrange(4)):02d}/{day.month:02d}/{day.year}"}

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
                events.append(f"  - {{name: {q(name)}, date: {day.isoformat()}, place: {q(ctx['venue'] + ' ' + ctx['p'])}}}")
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
            fm += ["image:", f"  src: /images/{file}", f"  alt: {q(alt + ' ' + ctx['p'])}",
                   f"  caption: {q(caption + ', ' + ctx['d'])}"]
        if self.published and r.random() < 0.05:
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
                part = "\n".join(f"- {item}: {r.randint(3, 60)} hoạt động" for item in r.sample(LIST_ITEMS, r.randint(3, 5)))
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


def svg(title: str, hue: int) -> str:
    return (f'<svg xmlns="http://www.w3.org/2000/svg" width="640" height="360" viewBox="0 0 640 360">'
            f"<title>{title} (ảnh minh họa)</title>"
            f'<rect width="640" height="360" fill="hsl({hue},35%,80%)"/>'
            f'<text x="320" y="190" font-size="32" text-anchor="middle" font-family="sans-serif">{title}</text></svg>\n')


def write_site(n: int, out: Path, seed: int = DEFAULT_SEED) -> dict:
    """Write the whole site into `out` (its content/ is replaced); returns bench.json's data."""
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
        "feed_size: 20\n", encoding="utf-8")
    rng = random.Random(seed + 1)
    for cid, members in CLUSTERS.items():
        number = cid.split("-")[1]
        invented = cid not in CLUSTER_NOTES
        terms = []
        for year in range(2022, 2027):
            head, deputy = rng.sample(members, 2)
            terms.append(f"  {year}: {{head: {q(head)}, deputy: {q(deputy)}}}")
        note = ("# SYNTHETIC: this membership and these terms are invented for the benchmark corpus.\n"
                if invented else "# Membership as documented; the terms below are invented for the benchmark corpus.\n")
        body = CLUSTER_NOTES.get(cid, f"Cụm thi đua số {number} gồm các Liên hiệp Hội: {', '.join(members)}.")
        (content / "clusters" / f"{cid}.md").write_text(
            f"---\n{note}name: Cụm thi đua số {number}\nprovinces: {q(members)}\n"
            f'decision: "586/QĐ-LHHVN, 13/7/2022"\nterms:\n' + "\n".join(terms) + f"\n---\n{body}\n",
            encoding="utf-8")
    for k, (file, title, _, _) in enumerate(IMAGES):
        (content / "images" / file).write_text(svg(title, k * 55), encoding="utf-8")
    (content / "pages" / "gioi-thieu.md").write_text(
        "---\ntitle: Giới thiệu\n---\nTrang tin tổng hợp, sinh tự động để đo tốc độ dựng trang.\n", encoding="utf-8")

    gen = Generator(seed)
    years = set()
    for _ in range(n):
        year, slug, text = gen.article()
        folder = content / "articles" / year
        if year not in years:
            folder.mkdir(exist_ok=True)
            years.add(year)
        (folder / f"{slug}.md").write_text(text, encoding="utf-8")
    # An article the runner may retitle: published and named in nobody's related: list.
    middle = gen.published[len(gen.published) // 2:] + gen.published[: len(gen.published) // 2]
    editable = next(s for s in middle if s not in gen.picked)
    path = next((content / "articles").glob(f"*/{editable}.md"))
    info = {"generator": GENERATOR_VERSION, "articles": n, "seed": seed, "now": NOW,
            "edit_article": path.relative_to(out).as_posix()}
    (out / "bench.json").write_text(json.dumps(info, ensure_ascii=False, indent=1) + "\n", encoding="utf-8")
    return info


def new_article(seed: int = DEFAULT_SEED) -> tuple[str, str]:
    """(relative path, text) of one more article, newer than every generated one (the runner adds it)."""
    gen = Generator(seed + 7)
    year, slug, text = gen.article(day=LAST_DAY + dt.timedelta(days=1), draft=False)
    text = text.replace("\ntitle: \"", "\ntitle: \"Tin mới: ", 1)
    return f"content/articles/{year}/tin-moi-{slug}.md", text


def main(argv: list[str] | None = None) -> int:
    ap = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    ap.add_argument("n", type=int, help="number of articles")
    ap.add_argument("out", type=Path, help="site folder to write (its content/ is replaced)")
    ap.add_argument("--seed", type=int, default=DEFAULT_SEED)
    args = ap.parse_args(argv)
    started = time.perf_counter()
    write_site(args.n, args.out, args.seed)
    print(f"{args.n} articles in {args.out} ({time.perf_counter() - started:.1f} s)", file=sys.stderr)
    return 0


if __name__ == "__main__":
    sys.exit(main())
