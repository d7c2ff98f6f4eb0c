"""What the build tells editors, in the site's language: message ids -> Vietnamese and English texts.

Editors of a Vietnamese site are journalists, not programmers: every content error and warning,
the build's summary and `--help` are in plain Vietnamese for a site whose `language` is `vi` (and
for a site without `_site.yaml`), in English for any other language; `SITE_BUILDER_LANG=en` (or
`vi`) chooses for whoever wants the other. Messages keep the front-matter keys as editors write
them (`title`, `date`, `provinces`) and end with what to do.

The language is decided once per build, before any worker is forked (workers inherit it): by
`choose(None)` as a build starts (the variable, else Vietnamese), then by `choose(language)` once
`content/_site.yaml` says it (its `language:` line is read first without YAML, `language_in`, so a
file YAML cannot read is told in its language; --help reads it the same way). What is cached with messages in it (a file's parsed entry when it is
an error, an article's record with its warnings) is cached under the language, so a message is
never shown in the language of an earlier build (build.py, content/records.py).

A text is formatted only when there is a problem to report: `t(id, **fields)` fills `{field}`
with the value given (a text already made safe to show: see errors.shown); braces that
name no field given stay as they are ("{src, alt, caption}"). tests/test_editors.py checks that
every message has both languages, with the same fields (the Vietnamese may leave out a technical
detail, such as PyYAML's own words), and is used.
"""

from __future__ import annotations

import os
import re

ENV = "SITE_BUILDER_LANG"
LANGUAGES = ("vi", "en")
_current = ["vi"]
_FIELD = re.compile(r"\{([a-z_][a-z0-9_]*)\}")


def forced() -> str | None:
    """The language SITE_BUILDER_LANG asks for ("vi" or "en"), or None."""
    value = os.environ.get(ENV, "").strip().lower()
    for language in LANGUAGES:
        if value.startswith(language):
            return language
    return None


def language_for(site_language: object = None) -> str:
    """The messages' language for a site whose `language` setting is `site_language` (None: not
    known yet, or not set): the variable's, else Vietnamese for `vi…` and for none, else English."""
    if (language := forced()) is not None:
        return language
    if site_language is None or not isinstance(site_language, str) or site_language.lower().startswith("vi"):
        return "vi"
    return "en"


_LANGUAGE_LINE = re.compile(r"^language:[ \t]*[\"']?([A-Za-z-]+)", re.MULTILINE)


def language_in(settings_text: str) -> str | None:
    """The `language:` a settings text says, read without YAML: for --help before anything is
    loaded, and for the messages about a settings file YAML cannot read."""
    found = _LANGUAGE_LINE.search(settings_text)
    return found.group(1) if found else None


def choose(site_language: object = None) -> str:
    """Make `language_for(site_language)` the language of the messages from now on; return it."""
    _current[0] = language_for(site_language)
    return _current[0]


def current() -> str:
    return _current[0]


def use(language: object) -> None:
    """Make `language` ("vi" or "en": what `current()` said elsewhere) the messages' language."""
    if language in LANGUAGES:
        _current[0] = language


def t(key: str, /, **fields: object) -> str:
    """The message `key` in the current language, its `{field}`s filled."""
    template = CATALOGUE[key][0 if _current[0] == "vi" else 1]
    if not fields:
        return template
    return _FIELD.sub(lambda m: str(fields[m.group(1)]) if m.group(1) in fields else m.group(0), template)


def did_you_mean(choice: str | None) -> str:
    """' (có phải "x"?)' for a choice, '' for None."""
    return t("did_you_mean", choice=choice) if choice else ""


def number(value: int) -> str:
    """'4.980' in Vietnamese, '4,980' in English."""
    text = f"{value:,}"
    return text.replace(",", ".") if _current[0] == "vi" else text


def decimal(value: float) -> str:
    """'1,23' in Vietnamese, '1.23' in English: seconds in a summary."""
    text = f"{value:.2f}"
    return text.replace(".", ",") if _current[0] == "vi" else text


def more(shown: list[str], total: int) -> str:
    """'a, b, c và 4 tệp khác': the first few of a list of files, and how many more."""
    text = ", ".join(shown)
    return text + (t("and_more", count=total - len(shown)) if total > len(shown) else "")


_DATE_WHY = (
    ("month must be", "date.why.month"),
    ("day is out of range", "date.why.day"),
    ("hour must be", "date.why.hour"),
    ("minute must be", "date.why.minute"),
    ("second must be", "date.why.second"),
    ("year", "date.why.year"),
)


def date_why(problem: str) -> str:
    """Python's reason a date does not exist ("month must be in 1..12") in the current language."""
    for english, key in _DATE_WHY:
        if english in problem:
            return t(key)
    return problem


# id: (Vietnamese, English)
CATALOGUE: dict[str, tuple[str, str]] = {
    # --- shared pieces
    "did_you_mean": (' (có phải "{choice}"?)', ' (did you mean "{choice}"?)'),
    "and_more": (" và {count} tệp khác", " and {count} more"),
    "warning_prefix": ("cảnh báo: ", "warning: "),
    "cannot_read_file": ("không đọc được tệp: {why}", "cannot read file: {why}"),
    "cannot_read_folder": ("không đọc được thư mục: {why}", "cannot read folder: {why}"),
    "not_utf8": (
        "tệp không phải văn bản UTF-8: mở tệp rồi lưu lại với bảng mã UTF-8",
        "file is not UTF-8 text (save it as UTF-8)",
    ),
    # --- YAML (front matter and content/_site.yaml): errors.py
    "where.front_matter": ("phần đầu bài (giữa hai dòng ---)", "front matter"),
    "where.settings": ("tệp cài đặt", "site settings"),
    "yaml.number_too_long": (
        "số quá dài ({count} chữ số, tối đa {limit}): nếu đây là chữ, đặt nó trong dấu ngoặc kép",
        "number too long ({count} characters, at most {limit}): put it in quotes if it is text",
    ),
    "yaml.not_a_number": (
        '"{value}" không phải là số: nếu đây là chữ, đặt nó trong dấu ngoặc kép',
        '"{value}" is not a number: put it in quotes if it is text',
    ),
    "yaml.not_a_real_date": (
        '{key}ngày "{value}" không có thật ({why}): viết một ngày có thật, theo dạng 2022-11-29',
        '{key}"{value}" is not a real date ({why}): write it as 2022-11-29 or 2022-11-29T09:26:00+07:00',
    ),
    "yaml.means_something_else": (
        '"{value}" có nghĩa riêng ở chỗ này: nếu đây là chữ, đặt nó trong dấu ngoặc kép',
        '"{value}" means something else in YAML: put it in quotes if it is text',
    ),
    "yaml.anchor": (
        "không dùng được &tên và *tên trong {where}: viết thẳng giá trị ra",
        "YAML anchors and aliases (&name, *name) are not allowed in {where}: write the value out",
    ),
    "yaml.tag": (
        "không dùng được thẻ YAML (!!kiểu, !tên) trong {where}: bỏ thẻ đi; nếu đây là chữ, đặt nó trong dấu ngoặc kép",
        "YAML tags (!!type, !name) are not allowed in {where}: write the value without one (put it in quotes if it is text)",
    ),
    "yaml.too_deep": (
        "danh sách lồng nhau quá {limit} tầng trong {where}: viết gọn lại",
        "lists and mappings nested more than {limit} levels deep are not allowed in {where}: flatten the value",
    ),
    "yaml.bad_character": (
        "{where} có ký tự #x{code} không dùng được: xóa nó đi",
        "invalid YAML in {where}: unacceptable character #x{code}",
    ),
    "yaml.unclosed_double_quote": (
        'thiếu dấu ngoặc kép (") đóng ở cuối dòng: giá trị mở bằng " phải kết thúc bằng "',
        'a quoted value is not closed: add the closing " at the end of the line',
    ),
    "yaml.unclosed_single_quote": (
        "thiếu dấu nháy đơn (') đóng ở cuối dòng: giá trị mở bằng ' phải kết thúc bằng '",
        "a quoted value is not closed: add the closing ' at the end of the line",
    ),
    "yaml.colon_in_value": (
        "giá trị của {key} có dấu hai chấm (:), nên phải đặt cả giá trị trong dấu ngoặc kép: {fixed}",
        "the value of {key} has a colon (:), so it must be in quotes: {fixed}",
    ),
    "yaml.colon_in_line": (
        "dòng này có dấu hai chấm (:) ở giữa giá trị: đặt cả giá trị trong dấu ngoặc kép",
        "this line has a colon (:) inside a value: put the value in quotes",
    ),
    "yaml.tab": (
        "dòng này có ký tự tab: thay bằng dấu cách (chỉ thụt lề bằng dấu cách)",
        "this line has a tab character: replace it with spaces (YAML indents with spaces only)",
    ),
    "yaml.indentation": (
        "dòng này thụt lề không khớp với các dòng trên: các khóa (title:, date: …) viết sát lề trái, "
        "các mục của cùng một danh sách (- …) hay cùng một nhóm thụt vào bằng nhau",
        "the indentation of this line does not match the lines above: keys (title:, date: …) start "
        "at the left margin, items of one list (- …) or one group are indented alike",
    ),
    "yaml.text_after_quote": (
        "sau dấu ngoặc kép đóng vẫn còn chữ: nếu giá trị có dấu ngoặc kép bên trong, đặt cả giá trị "
        "trong dấu nháy đơn ('…') hoặc dùng ngoặc kép cong “…”",
        "text follows the closing quote: if the value has quotes inside, put it all in single "
        "quotes ('…') or use curly quotes “…”",
    ),
    "yaml.unclosed_list": (
        "thiếu dấu ] đóng danh sách mở bằng [ ở dòng này",
        "the list opened with [ on this line is not closed: add ]",
    ),
    "yaml.unclosed_mapping": (
        "thiếu dấu } đóng nhóm mở bằng { ở dòng này",
        "the mapping opened with { on this line is not closed: add }",
    ),
    "yaml.bad_start": (
        'giá trị không được bắt đầu bằng ký tự "{char}": đặt cả giá trị trong dấu ngoặc kép',
        'a value cannot start with "{char}": put it in quotes',
    ),
    "yaml.other": (
        "{where} viết sai ở dòng này: kiểm tra dấu ngoặc kép, dấu hai chấm và thụt lề",
        "invalid YAML in {where}: {problem}",
    ),
    # --- a content file split into front matter and body: content/source.py
    "source.empty": (
        "tệp trống: viết phần đầu bài (title:, date:) rồi nội dung, hoặc tạo bài bằng site-builder new",
        "file is empty",
    ),
    "source.no_front_matter": (
        "thiếu phần đầu bài: dòng đầu tiên của tệp phải là ---, tiếp theo là title: và date:, rồi một dòng --- nữa",
        "missing front matter: start the file with a '---' line, then title: and date:",
    ),
    "source.not_closed": (
        "phần đầu bài chưa đóng: thêm một dòng --- sau dòng cuối cùng của nó",
        "front matter is not closed: add a '---' line after it",
    ),
    "source.not_a_mapping": (
        "phần đầu bài phải gồm các dòng dạng khóa: giá trị (ví dụ title: Tiêu đề), không phải {kind}",
        "front matter must be a mapping of keys (title: ...), not a {kind}",
    ),
    "source.no_space_after_colon": (
        'sau dấu hai chấm phải có một dấu cách: viết "{fixed}"',
        'a key needs a space after its colon: write "{fixed}"',
    ),
    "kind.list": ("một danh sách", "list"),
    "kind.str": ("một đoạn chữ", "str"),
    "kind.other": ("một giá trị đơn", "{name}"),
    # --- characters pages cannot carry: chars.py
    "chars.line_has": ("dòng này có", "this line has"),
    "chars.key_has": ("{key}: có", "{key}: has"),
    "chars.entity_gives": ("một mã ký tự trong bài (như &#12;) tạo ra", "an entity in the text (such as &#12;) gives"),
    "chars.forbidden": (
        "{where} ký tự U+{code} ({name}) mà trang web và nguồn tin không chứa được: xóa nó đi",
        "{where} U+{code} ({name}), which web pages and feeds cannot carry: delete it",
    ),
    "chars.vertical_tab": ("dấu tab dọc, thường do chép từ Word", "a vertical tab, often left by copying from Word"),
    "chars.page_break": ("dấu ngắt trang", "a page break"),
    "chars.nul": ("ký tự NUL", "a NUL"),
    "chars.escape": ("ký tự escape", "an escape"),
    "chars.control": ("một ký tự điều khiển vô hình", "an invisible control character"),
    # --- dates: dates.py
    "date.not_iso": (
        'ngày "{value}" chưa đúng dạng: viết theo dạng 2022-11-29 hoặc 2022-11-29 09:26',
        '"{value}" is not an ISO 8601 date; write it as 2022-11-29 or 2022-11-29T09:26:00+07:00',
    ),
    "date.day_first": (
        'ngày "{value}" chưa đúng dạng: viết {iso}',
        '"{value}" is not an ISO 8601 date: write {iso}',
    ),
    "date.day_first_impossible": (
        'ngày "{value}" không có thật ({why}): viết một ngày có thật theo dạng năm-tháng-ngày, như 2024-12-31',
        '"{value}" is not a real date ({why}): write a real date as year-month-day, such as 2024-12-31',
    ),
    "date.wrong_type": (
        "cần một ngày như 2022-11-29 hoặc 2022-11-29 09:26, không phải {kind}",
        "expected a date such as 2022-11-29T09:26:00+07:00, got {kind}",
    ),
    "date.out_of_range": (
        '"{value}" nằm ngoài khoảng ngày trang có thể hiển thị: viết một ngày trong khoảng năm 1 đến năm 9999',
        '"{value}" is out of the range of dates a site can show; write a date between the years 1 and 9999 in every time zone',
    ),
    "date.why.month": ("tháng phải từ 1 đến 12", "month must be in 1..12"),
    "date.why.day": ("tháng này không có ngày đó", "day is out of range for month"),
    "date.why.hour": ("giờ phải từ 0 đến 23", "hour must be in 0..23"),
    "date.why.minute": ("phút phải từ 0 đến 59", "minute must be in 0..59"),
    "date.why.second": ("giây phải từ 0 đến 59", "second must be in 0..59"),
    "date.why.year": ("năm phải từ 1 đến 9999", "year is out of range"),
    "date.unknown_timezone": (
        'không có múi giờ "{name}" (viết tên múi giờ IANA, như Asia/Ho_Chi_Minh)',
        'unknown timezone "{name}" (use an IANA name such as Asia/Ho_Chi_Minh)',
    ),
    # --- an article, page or cluster: content/load.py
    "load.list_of_names": (
        "{key} phải là một danh sách tên, như {key}: [Tên 1, Tên 2]",
        "{key} must be a list of names",
    ),
    "load.missing": (
        "thiếu {key}: thêm một dòng {key}: … vào phần đầu bài",
        "missing or empty {key}",
    ),
    "load.not_text": ("{key} phải là chữ", "{key} must be text"),
    "load.missing_date": (
        "thiếu {key}: thêm một dòng như {key}: 2022-11-29 09:26 vào phần đầu bài",
        "missing {key} (write e.g. {key}: 2022-11-29T09:26:00+07:00)",
    ),
    "load.key_problem": ("{key}: {problem}", "{key}: {problem}"),
    "load.title_no_slug": (
        "tiêu đề không có chữ cái nào để làm địa chỉ trang: thêm một dòng slug: viết bằng chữ không dấu, "
        "như slug: hoi-nghi-tong-ket",
        "title gives an empty slug: add slug: with latin letters",
    ),
    "load.title_slug_too_long": (
        "tiêu đề tạo ra địa chỉ trang dài {length} ký tự, quá {limit} ký tự cho phép: thêm một địa chỉ "
        "ngắn hơn, như slug: {shorter}",
        "title gives a slug of {length} characters, more than the {limit} a URL part may have here: "
        "add a shorter one, such as slug: {shorter}",
    ),
    "load.bad_slug": (
        'slug "{value}" chỉ được có chữ thường không dấu, chữ số và dấu gạch ngang, không có "/" hay ".."{hint}',
        'slug "{value}" must be lower-case letters, digits and hyphens, without "/" or ".."{hint}',
    ),
    "load.slug_too_long": (
        "slug dài {length} ký tự, quá {limit} ký tự cho phép (có phải {shorter}?)",
        "slug has {length} characters, more than the {limit} a URL part may have here (did you mean {shorter}?)",
    ),
    "load.term_no_letters": (
        '{key}: "{name}" không có chữ cái hay chữ số nào để làm địa chỉ trang: viết bằng chữ tiếng Việt, '
        "chữ Latinh hoặc chữ số",
        '{key}: "{name}" has no letter or digit that a URL can show, so its page would have no address: '
        "write it with Vietnamese or Latin letters or digits",
    ),
    "load.term_too_long": (
        '{key}: "{name}" dài {length} ký tự, quá dài cho địa chỉ trang: rút xuống dưới {limit} ký tự',
        '{key}: "{name}" is {length} characters long, more than its page\'s URL can hold: shorten it to under {limit}',
    ),
    "load.unknown_province": (
        '{key}: tỉnh "{name}" không có trong danh sách tỉnh, thành phố{hint}',
        '{key}: unknown province "{name}"{hint}',
    ),
    "load.province_hint": (' — có phải "{choice}"?', ' (did you mean "{choice}"?)'),
    "load.province_spelling": (
        '{key}: "{name}" chưa viết đúng tên chính thức — trang đăng là "{official}"; sửa lại trong bài cho đúng',
        '{key}: "{name}" is not the official spelling — published as "{official}"; correct it in the file',
    ),
    "load.unknown_cluster": (
        'cluster: không có cụm thi đua "{name}"{hint} (các cụm là các tệp trong content/clusters/)',
        'unknown cluster "{name}"{hint} (clusters are the files in content/clusters/)',
    ),
    "load.cluster_spelling": (
        'cluster: "{name}" — mã cụm viết là {cluster} (tên tệp content/clusters/{cluster}.md); '
        "đã hiểu là {cluster}, sửa lại trong bài cho đúng",
        'cluster: "{name}" — the cluster id is written {cluster} (the file content/clusters/{cluster}.md); '
        "read as {cluster}, correct it in the file",
    ),
    "load.image_mapping": (
        "image phải có dạng {src: /images/anh.jpg, alt: mô tả ảnh, caption: chú thích}",
        "image must be a mapping {src, alt, caption}",
    ),
    "load.image_problem": ('ảnh "{src}" {why}', 'image "{src}" {why}'),
    "load.image_alt": (
        'ảnh "{src}" cần lời mô tả ảnh (alt) nói ảnh có gì, không để trống hay ghi chung chung (đang là {alt})',
        'image "{src}" needs a real alt text describing it (found {alt})',
    ),
    "load.image_missing": (
        'không thấy ảnh "{src}" trong content/images/ hay static/{hint}: kiểm tra tên tệp, chữ hoa chữ thường và '
        "phần đuôi",
        'image "{src}" not found in content/images/ or static/{hint}',
    ),
    "load.image_relative": (
        'ảnh "{src}" phải viết đường dẫn từ gốc trang, bắt đầu bằng "/": viết {fixed}',
        'image "{src}" must be a path from the site root, starting with "/": write {fixed}',
    ),
    "load.attachment_form": (
        "attachments là danh sách tệp đính kèm, mỗi mục có dạng {file: bao-cao.pdf, title: Toàn văn báo cáo} "
        "hoặc chỉ tên tệp",
        "attachments must be a list of {file, title} or of file names",
    ),
    "load.attachment_missing": (
        'attachments: không thấy tệp "{file}" trong content/files/{hint}: kiểm tra tên tệp, chữ hoa chữ thường '
        "và phần đuôi",
        'attachments: file "{file}" not found in content/files/{hint}',
    ),
    "load.attachment_kind": (
        'attachments: tệp "{file}" không thuộc loại được đính kèm ({kinds})',
        'attachments: "{file}" is not a kind of file that can be attached ({kinds})',
    ),
    "load.author_key": (
        'khóa "{key}" không dùng trong tệp tác giả (chỉ có name, role, photo, alt){hint}',
        'unknown key "{key}" in an author file (name, role, photo, alt){hint}',
    ),
    "load.author_key_hint": (' — có phải "{choice}"?', ' — did you mean "{choice}"?'),
    "load.toc_bool": (
        "toc chỉ nhận true (hiện mục lục) hoặc false (không hiện)",
        "toc must be true or false",
    ),
    "load.alias_problem": ('aliases: "{alias}" {why}', 'alias "{alias}" {why}'),
    "load.misspelt_key": (
        'thiếu {key}: dòng này ghi "{written}" — viết đúng là {key}',
        'missing {key}: this line has "{written}" — write {key}',
    ),
    "load.unknown_key": (
        'khóa "{key}" không có — có phải "{choice}"? Giá trị của nó chưa được dùng ở đâu cả',
        'unknown key "{key}" — did you mean "{choice}"? Its value is used nowhere',
    ),
    "load.draft_bool": (
        "draft chỉ nhận true (bài nháp, chưa đăng) hoặc false",
        "draft must be true or false",
    ),
    "load.slip": ('"{written}" — có phải "{meant}"?', '"{written}" — did you mean "{meant}"?'),
    "load.tone_slip": (
        '"{written}" sai dấu — tên đúng là "{meant}"',
        '"{written}" has the wrong tone marks — the name is "{meant}"',
    ),
    "load.unknown_layout": ('không có mẫu trang (layout) "{name}"{hint}', 'unknown layout "{name}"{hint}'),
    "load.event_date": ("events: {problem}", "event date: {problem}"),
    "load.event_shape": (
        "mỗi sự kiện trong events phải là một tên, hoặc có dạng {name: …, date: …, place: …}",
        "each event must be a name or {name, date, place}",
    ),
    "load.cluster_file_name": (
        'tên tệp cụm "{name}" chỉ được có chữ thường không dấu, chữ số và dấu gạch ngang, như cum-6.md',
        'cluster file name "{name}" must be a slug such as cum-6.md',
    ),
    "load.cluster_provinces": (
        "cụm thi đua cần có provinces: danh sách các tỉnh thành viên",
        "a cluster needs provinces: the list of its members",
    ),
    "load.terms_mapping": (
        "terms phải ghi theo từng năm: {năm: {head: tỉnh, deputy: tỉnh}}",
        "terms must map a year to {head: province, deputy: province}",
    ),
    "load.terms_year": (
        "terms {year} phải có dạng {head: …, deputy: …}",
        "terms {year} must be {head: ..., deputy: ...}",
    ),
    "load.related_missing": (
        'related: không có bài nào có địa chỉ (slug) "{slug_given}"{hint}',
        'related: no article has the slug "{slug_given}"{hint}',
    ),
    "load.article_too_big": (
        "tệp nặng {size}, quá {limit} một bài được phép",
        "is {size}, more than the {limit} an article may have",
    ),
    # --- files the build may read: sitefiles.py
    "files.link_out": (
        "là liên kết tới {target}, nằm ngoài thư mục trang: chép tệp vào trong thư mục trang",
        "is a link to {target}, outside the site folder: copy the file into the site instead",
    ),
    "files.folder_link_out": (
        "là liên kết tới {target}, nằm ngoài thư mục trang: chép các tệp vào trong thư mục trang",
        "is a link to {target}, outside the site folder: copy the files into the site instead",
    ),
    "files.not_regular": (
        "không phải một tệp thường (thiết bị, ống hay socket): chỉ đọc tệp",
        "is not a regular file (a device, a pipe or a socket): only files are read",
    ),
    "files.too_big": (
        "tệp nặng {size}, quá {limit} một tệp như vậy được phép",
        "is {size}, more than the {limit} such a file may have",
    ),
    # --- URLs: urls.py
    "url.not_rooted": (
        'phải là đường dẫn từ gốc trang, bắt đầu bằng "/" (như /2022/11/ten-cu/)',
        'must be a path from the site root, starting with "/" (such as /2022/11/old-name/)',
    ),
    "url.bad_character": (
        "có ký tự không dùng được trong địa chỉ: {char}",
        "has a character a URL path cannot have: {char}",
    ),
    "url.char.line_break": ("dấu xuống dòng", "line feed"),
    "url.char.tab": ("dấu tab", "character tabulation"),
    "url.char.space": ("dấu cách", "space"),
    "url.bad_escape": (
        'có dấu "%" không theo sau bởi hai chữ số thập lục phân',
        'has a "%" that is not followed by two hexadecimal digits',
    ),
    "url.encoded_slash": (
        'có "%2F" (dấu "/" đã mã hóa): viết thẳng dấu "/"',
        'has "%2F", an encoded "/": write the "/" itself',
    ),
    "url.dot_part": (
        'có phần "." hoặc "..": viết đường dẫn đầy đủ, như /2022/11/ten-cu/',
        'has a "." or ".." part: write the path as it is, such as /2022/11/old-name/',
    ),
    "url.hidden_part": (
        'có phần bắt đầu bằng "." (tệp hay thư mục ẩn, như .git, mà trang không bao giờ ghi)',
        'has a part starting with "." (a hidden file or folder, such as .git, which builds never write)',
    ),
    "url.empty_part": ('có phần trống ("//")', 'has an empty part ("//")'),
    "url.long_part": (
        "có một phần dài {length} byte; tên tệp chỉ được tối đa {limit}",
        "has a part of {length} bytes; a file name may have at most {limit}",
    ),
    "url.spaces": (
        "phải là địa chỉ không có dấu cách hay ký tự điều khiển",
        "must be a URL without spaces or control characters",
    ),
    "url.double_slash": (
        'phải bắt đầu bằng "https://" hoặc "/" (không phải "//")',
        'must start with "https://" or "/" (not "//")',
    ),
    "url.scheme_external": (
        'phải là địa chỉ http(s) hoặc đường dẫn từ gốc trang, không phải địa chỉ "{scheme}:"',
        'must be a http(s) URL or a path from the site root, not a "{scheme}:" URL',
    ),
    "url.scheme_local": (
        'phải là đường dẫn từ gốc trang, không phải địa chỉ "{scheme}:"',
        'must be a path from the site root, not a "{scheme}:" URL',
    ),
    "url.no_host": ("phải có tên miền, như https://example.org/", "must name a host, such as https://example.org/"),
    "url.relative_external": (
        'phải là đường dẫn từ gốc trang, bắt đầu bằng "/", hoặc địa chỉ http(s)',
        'must be a path from the site root, starting with "/" or an http(s) URL',
    ),
    "url.relative": (
        'phải là đường dẫn từ gốc trang, bắt đầu bằng "/"',
        'must be a path from the site root, starting with "/"',
    ),
    "url.base_scheme": ("phải bắt đầu bằng http:// hoặc https://", "must start with http:// or https://"),
    "url.base_query": (
        "không được có phần truy vấn (?) hay neo (#)",
        "must not have a query (?) or a fragment (#)",
    ),
    # --- settings: config.py
    "config.not_a_mapping": (
        "tệp cài đặt phải gồm các dòng dạng khóa: giá trị (title: …)",
        "site settings must be a mapping of keys (title: ...)",
    ),
    "config.base_url": ('base_url "{url}" {why}', 'base_url "{url}" {why}'),
    "config.unknown": ('không có cài đặt "{key}"{hint}', 'unknown setting "{key}"{hint}'),
    "config.cms_shape": (
        "cms: ghi true, false hoặc {backend: git-gateway hay github, repo, branch, workflow}",
        "cms must be true, false or {backend: git-gateway or github, repo, branch, workflow}",
    ),
    "config.cms_unknown": ('cms: không có cài đặt "{key}"{hint}', 'unknown cms setting "{key}"{hint}'),
    "config.cms_backend": (
        'cms: backend "{backend}" phải là git-gateway hoặc github{hint}',
        'cms backend "{backend}" must be git-gateway or github{hint}',
    ),
    "config.cms_repo": (
        'cms: repo "{repo}" phải là kho GitHub, viết dạng chủ/tên (owner/name)',
        'cms repo "{repo}" must be the GitHub repository as owner/name',
    ),
    "config.cms_branch": ('cms: branch "{branch}" không phải tên nhánh', 'cms branch "{branch}" is not a branch name'),
    "config.cms_workflow": ("cms: workflow phải là true hoặc false", "cms workflow must be true or false"),
    "config.more_unknown": (
        "còn {count} cài đặt không biết nữa từ đây trở đi",
        "{count} more unknown settings from here on",
    ),
    "config.whole_number": (
        "{key} phải là một số nguyên từ 1 trở lên, không phải {value}",
        "{key} must be a whole number of at least 1, not {value}",
    ),
    "config.bool": ("{key} chỉ nhận true hoặc false", "{key} must be true or false"),
    "config.menu": ("menu phải là danh sách các mục {title, url}", "menu must be a list of {title, url}"),
    "config.menu_url": ('menu: url "{url}" {why}', 'menu url "{url}" {why}'),
    "config.redirects": (
        "redirects phải ghi địa chỉ cũ: địa chỉ mới, như {/dia-chi-cu/: /dia-chi-moi/}",
        "redirects must map old paths to new ones: {/old/path/: /new/path/}",
    ),
    "config.redirect_from": (
        'chuyển hướng từ "{old}": địa chỉ cũ {why}',
        'redirect from "{old}": the old path {why}',
    ),
    "config.redirect_to": ('chuyển hướng tới "{new}": địa chỉ mới {why}', 'redirect to "{new}": the new URL {why}'),
    "config.permalinks": (
        "permalinks phải có dạng {article: /{yyyy}/{mm}/{slug}/}",
        "permalinks must be a mapping such as {article: /{yyyy}/{mm}/{slug}/}",
    ),
    "config.unknown_permalink": ('không có permalink "{kind}"{hint}', 'unknown permalink "{kind}"{hint}'),
    "config.more_permalinks": ("còn {count} permalink không biết nữa", "{count} more unknown permalinks"),
    "config.permalink_form": (
        'permalink {kind} "{pattern}" phải bắt đầu và kết thúc bằng "/" và chỉ dùng {allowed}',
        'permalink {kind} "{pattern}" must start and end with "/" and use only {allowed}',
    ),
    "config.permalink_problem": ('permalink {kind} "{pattern}" {why}', 'permalink {kind} "{pattern}" {why}'),
    "config.languages_shape": (
        "languages phải có dạng {en: {title: …, description: …}}: mỗi ngôn ngữ khác một mục",
        "languages must be {en: {title: ..., description: ...}}: one entry for each other language",
    ),
    "config.language_code": (
        'languages: "{code}" không phải mã ngôn ngữ dùng được{hint} (các mã: {known})',
        'languages: "{code}" is not a language code site-builder knows{hint} (the codes: {known})',
    ),
    "config.language_main": (
        'languages: "{code}" đã là ngôn ngữ chính của trang (language): bỏ mục này',
        'languages: "{code}" is already the main language (language): remove this entry',
    ),
    "config.language_settings": (
        "languages: {code} phải có dạng {title: …, description: …}",
        "languages: {code} must be {title: ..., description: ...}",
    ),
    "config.language_unknown": (
        'languages: {code}: không có cài đặt "{key}"{hint} (một ngôn ngữ có: title, description, author, publisher, menu)',
        'languages: {code}: unknown setting "{key}"{hint} (a language has: title, description, author, publisher, menu)',
    ),
    "load.lang_unknown": (
        'lang: trang không có ngôn ngữ "{lang}"{hint}: thêm nó vào languages trong content/_site.yaml, hoặc bỏ dòng lang',
        'lang: the site has no language "{lang}"{hint}: add it under languages in content/_site.yaml, or remove the line',
    ),
    "load.translation_of_form": (
        "translation_of: ghi địa chỉ (slug) của bài gốc, ví dụ translation_of: cum-thi-dua-so-6-tong-ket-2022",
        "translation_of: write the slug of the original article, e.g. translation_of: cum-thi-dua-so-6-tong-ket-2022",
    ),
    "load.translation_missing": (
        'translation_of: không có bài nào ở ngôn ngữ khác có địa chỉ (slug) "{slug_given}"{hint}',
        'translation_of: no article in another language has the slug "{slug_given}"{hint}',
    ),
    "load.translation_twice": (
        'translation_of: bài "{slug_given}" đã có bản {lang}: {other}; mỗi bài có một bản dịch cho mỗi ngôn ngữ',
        'translation_of: "{slug_given}" already has a translation in {lang}: {other}; one translation per language',
    ),
    "i18n.shape": (
        "tệp chuỗi giao diện phải là các dòng khóa: chữ (ví dụ home: Trang chủ)",
        "an interface strings file must be lines of key: text (e.g. home: Home)",
    ),
    "i18n.unknown_key": (
        'không có chuỗi giao diện "{key}"{hint}: dòng này không được dùng',
        'there is no interface string "{key}"{hint}: this line is not used',
    ),
    "i18n.not_text": (
        '"{key}" phải là một dòng chữ',
        '"{key}" must be a line of text',
    ),
    "i18n.fields": (
        '"{key}" phải giữ {fields} (chỗ điền tên, số…) như bản gốc',
        '"{key}" must keep {fields} (where a name or number goes) as the original does',
    ),
    "i18n.no_edition": (
        'trang không có ngôn ngữ "{lang}" (language, languages trong content/_site.yaml): tệp này không được dùng',
        'the site has no language "{lang}" (language, languages in content/_site.yaml): this file is not used',
    ),
    "config.nothing": ("không gì cả", "nothing"),
    # --- one URL, one file: render/claims.py (what holds a URL, and what to do)
    "claim.home": ("trang chủ", "the home page"),
    "claim.edition_home": ("trang chủ của bản {name}", "the home page of the {name} edition"),
    "claim.clusters": ("trang các cụm thi đua", "the clusters page"),
    "claim.provinces": ("trang các tỉnh", "the provinces page"),
    "claim.search": ("trang tìm kiếm", "the search page"),
    "claim.404": ("trang báo không tìm thấy (404.html)", "the page for a missing URL (404.html)"),
    "claim.file": ("tệp {name}", "the file {name}"),
    "claim.static": ("tệp tĩnh {name}", "the static file {name}"),
    "claim.image": ("ảnh content/images/{name}", "the image content/images/{name}"),
    "claim.variant": ("bản thu nhỏ của ảnh content/images/{name}", "a smaller copy of content/images/{name}"),
    "claim.cluster": ('trang cụm "{name}"', 'the cluster page "{name}"'),
    "claim.province": ('trang tỉnh "{name}"', 'the province page "{name}"'),
    "claim.event": ('trang sự kiện "{name}"', 'the event page "{name}"'),
    "claim.tag": ('trang thẻ "{name}"', 'the tag page "{name}"'),
    "claim.section": ('trang chuyên mục "{name}"', 'the section page "{name}"'),
    "claim.year": ("trang lưu trữ năm {name}", "the archive page of {name}"),
    "claim.month": ("trang lưu trữ tháng {name}", "the archive page of {name}"),
    "claim.author": ('trang tác giả "{name}"', 'the author page "{name}"'),
    "claim.terms": ("trang danh mục {name}", "the index page {name}"),
    "claim.attachment": ('tệp đính kèm "{name}"', 'the attached file "{name}"'),
    "claim.feed.event": ('nguồn tin của sự kiện "{name}"', 'the feed of the event "{name}"'),
    "claim.feed.tag": ('nguồn tin của thẻ "{name}"', 'the feed of the tag "{name}"'),
    "claim.feed.section": ('nguồn tin của chuyên mục "{name}"', 'the feed of the section "{name}"'),
    "claim.feed.author": ('nguồn tin của tác giả "{name}"', 'the feed of the author "{name}"'),
    "claim.feed.cluster": ('nguồn tin của cụm "{name}"', 'the feed of the cluster "{name}"'),
    "claim.feed.province": ('nguồn tin của tỉnh "{name}"', 'the feed of the province "{name}"'),
    "claim.article": ("bài {name}", "the article {name}"),
    "claim.page": ("trang {name}", "the page {name}"),
    "claim.sitemap": ("sơ đồ trang {name}", "the sitemap {name}"),
    "claim.alias": ("một địa chỉ cũ (aliases) của {name}", "an alias of {name}"),
    "claim.redirect": ("một chuyển hướng trong content/_site.yaml", "a redirect in content/_site.yaml"),
    "claim.pagefind": ("chỉ mục tìm kiếm (Pagefind)", "the search index (Pagefind)"),
    "claim.cms": (
        "trang soạn bài (Decap CMS; ghi cms: false trong content/_site.yaml để bỏ nó đi)",
        "the CMS (Decap CMS: cms: false in content/_site.yaml leaves it out)",
    ),
    "claim.cms_page": ("trang soạn bài /admin/", "the CMS page /admin/"),
    "claim.cms_config": ("cấu hình trang soạn bài /admin/config.yml", "the CMS settings /admin/config.yml"),
    "claim.cms_file": ("tệp {name} của trang soạn bài", "the CMS file {name}"),
    "claim.long_part": (
        "{url} có một phần dài hơn {limit} byte, quá dài cho một tên tệp",
        "{url} has a part longer than {limit} bytes, more than a file name may have",
    ),
    "claim.reserved": (
        "{url} nằm trong /{folder}/, nơi trang đăng {what}",
        "{url} is inside /{folder}/, where the build publishes {what}",
    ),
    "claim.url": ("địa chỉ {url}", "URL {url}"),
    "claim.url_of_file": ("địa chỉ {url} (tệp của {other})", "URL {url} (the file of {other})"),
    "claim.on_line": (" (dòng {line})", " (line {line})"),
    "claim.taken": (
        "{same} trùng với {other}{where}: {advice}",
        "{same} is also the URL of {other}{where}: {advice}",
    ),
    "claim.folder": (
        "{url} cần một thư mục ở chỗ đã có tệp {blocker} của {other}: {advice}",
        "{url} would need a folder where the file {blocker} of {other} is: {advice}",
    ),
    "claim.of": ("{what}: {message}", "{what}: {message}"),
    "advice.alias": ("xóa nó đi hoặc viết một địa chỉ khác", "remove it or write another path"),
    "advice.redirects_file": (
        "trang tự viết _redirects từ aliases và redirects: trong content/_site.yaml; hãy viết các quy tắc ở đó",
        "the build writes _redirects from aliases and redirects: in content/_site.yaml; write your rules there",
    ),
    "advice.rename": ("đổi tên hoặc chuyển tệp đi chỗ khác", "rename or move the file"),
    "advice.headers_file": (
        "bản dựng tự ghi tệp _headers (chính sách bảo mật nội dung của trang); đặt các header khác trong netlify.toml",
        "the build writes _headers (the site's Content-Security-Policy, render/headers.py); set other headers in netlify.toml",
    ),
    "advice.two_articles": ("đặt cho một trong hai bài một slug: khác", "give one of them another slug:"),
    "advice.slug": ("đặt một slug: khác (hoặc đổi tiêu đề)", "give it another slug: (or another title)"),
    # --- the build: build.py, render/
    "build.no_content": (
        "không có thư mục content/ ở {folder}: chạy lệnh trong thư mục của trang, hoặc thêm --source <thư mục trang>",
        "no content/ folder in {folder}: run in a site folder or pass --source",
    ),
    "build.template_error": ("lỗi mẫu trang: {problem}", "template error: {problem}"),
    "build.template_render_error": (
        "lỗi mẫu trang khi dựng {url}: {problem}",
        "template error while rendering {url}: {problem}",
    ),
    "build.no_pagefind": (
        "chưa cài Pagefind nên trang được dựng không có trang tìm kiếm; cài bằng pip install 'site-builder[search]'",
        "Pagefind is not installed, so the site is built without a search page; "
        "pip install 'site-builder[search]' to have one",
    ),
    "build.image_unreadable": (
        "ảnh này không đọc trọn được ({why}): chưa làm được các bản thu nhỏ, trang có thể hiện ảnh hỏng; "
        "hãy lưu hoặc xuất ảnh lại",
        "this image cannot be read whole ({why}): its smaller copies were not made, and pages may show it "
        "broken; save or export it again",
    ),
    "build.not_ours": (
        "{target} có những tệp không phải do site-builder ghi ({shown}), và lần dựng này sẽ thay chúng. "
        "site-builder chỉ xóa hay thay những tệp do chính nó ghi, theo danh sách .{name}.files.json bên cạnh "
        "thư mục, mà danh sách đó không có. Hãy dựng vào một thư mục trống hoặc mới (--output), hoặc làm "
        "trống thư mục này trước (có thể để lại thư mục .git); chưa thay đổi gì",
        "{target} holds files that site-builder did not write ({shown}), and this build would replace them. "
        "site-builder deletes or replaces only files it wrote itself, as listed in .{name}.files.json beside "
        "the folder, and that list is missing. Build into an empty or new folder (--output), or empty this one "
        "first (a .git folder may stay); nothing was changed",
    ),
    "build.nothing_changed": ("{problem}; chưa thay đổi gì", "{problem}; nothing was changed"),
    # Why Pagefind made no index (inside build.search_failed); {detail}: Pagefind's own last line,
    # or the system's words.
    "search.not_installed": (
        "chưa cài Pagefind; cài bằng {hint} (gói pagefind[bin]), hoặc dựng với --no-search",
        "Pagefind is not installed; {hint} (the pagefind[bin] package), or build with --no-search",
    ),
    "search.not_started": ("không chạy được Pagefind ({detail})", "Pagefind could not run ({detail})"),
    "search.failed": ("Pagefind báo lỗi ({detail})", "Pagefind failed ({detail})"),
    "search.too_long": ("chạy quá 30 phút", "it ran for 30 minutes"),
    "search.no_output": ("không in ra gì", "no output"),
    "build.search_failed": (
        "không làm được chỉ mục tìm kiếm: {why}; trang cũ giữ nguyên (dựng với --no-search để đăng trang "
        "không có trang tìm kiếm)",
        "the search index could not be made: {why}; the previous output is unchanged (build with --no-search "
        "to publish the site without its search page)",
    ),
    "build.cannot_write": (
        "không ghi được thư mục xuất bản: {why}{where}; trang cũ giữ nguyên",
        "cannot write the output: {why}{where}; the previous output is unchanged",
    ),
    "build.through_link": (
        "{path} đi qua một liên kết trong thư mục xuất bản: site-builder không ghi hay xóa gì qua liên kết. "
        "Hãy bỏ liên kết đó",
        "{path} is reached through a link in the output: site-builder writes and deletes nothing through a "
        "link. Remove the link",
    ),
    "build.link_where_folder": (
        "{path} là liên kết tới {target}, ở chỗ trang có một thư mục: site-builder không ghi hay xóa gì qua "
        "liên kết. Hãy đặt lại thư mục (hoặc bỏ liên kết)",
        "{path} is a link to {target}, where the site has a folder: site-builder writes and deletes nothing "
        "through a link. Put the folder back (or remove the link)",
    ),
    "build.waiting": (
        "site-builder: một lần dựng khác đang ghi thư mục này{who}; đang chờ nó xong…",
        "site-builder: another build is writing this output{who}; waiting for it to finish…",
    ),
    "build.process": (" (tiến trình {pid})", " (process {pid})"),
    # --- the summary: cli.py
    "cli.error": ("site-builder: lỗi: {message}", "site-builder: error: {message}"),
    "cli.note": ("site-builder: lưu ý: {message}", "site-builder: note: {message}"),
    "cli.failed": (
        "site-builder: {errors} lỗi, {warnings} cảnh báo; chưa ghi gì, trang đã đăng giữ nguyên",
        "site-builder: {errors} error(s), {warnings} warning(s); nothing was written",
    ),
    "cli.built": (
        "đã dựng {articles} bài, {pages} trang, {feeds} nguồn tin trong {seconds} giây: ghi {files} tệp, "
        "giữ nguyên {kept}; {warnings} cảnh báo",
        "built {articles} articles, {pages} pages, {feeds} feeds in {seconds} s: {files} files written, "
        "{kept} unchanged; {warnings} warning(s)",
    ),
    "cli.checked": (
        "đã kiểm tra {articles} bài: không có lỗi, {warnings} cảnh báo",
        "checked {articles} articles: no errors, {warnings} warning(s)",
    ),
    "cli.replaced": (
        "đã thay những tệp ai đó chép tay vào thư mục xuất bản, ở chỗ trang nay có tệp của nó: {shown}",
        "replaced files put into the output by hand where the site now has its own: {shown}",
    ),
    "cli.drafts": (
        "{count} bài nháp (draft: true) không được đăng: {shown}; thêm --drafts để xem cả bài nháp",
        "{count} draft(s) (draft: true) left out: {shown}; add --drafts to include them",
    ),
    "cli.future": (
        "{count} bài hẹn giờ (date sau lúc dựng) chưa được đăng: {shown}; bài sớm nhất đến hạn lúc {due}: "
        "dựng lại sau lúc đó để đăng, hoặc thêm --future để đăng ngay",
        "{count} article(s) dated in the future left out: {shown}; the next is due at {due}: build again "
        "after that to publish it, or add --future to include them now",
    ),
    "progress.reading": ("đọc bài", "reading"),
    "progress.rendering": ("dựng trang", "rendering"),
    "progress.writing": ("ghi tệp", "writing"),
    "cli.interrupted": (
        "site-builder: đã dừng giữa chừng; trang đã đăng giữ nguyên",
        "site-builder: interrupted; the previous output is unchanged",
    ),
    "cli.bad_now": (
        '--now "{value}" không phải là thời điểm dạng 2026-11-29T12:00:00+07:00',
        '--now "{value}" is not an ISO 8601 date-time',
    ),
    "cli.bad_base_url": ("--base-url {url} {why}", "--base-url {url} {why}"),
    "cli.no_source": ("--source {folder}: không có thư mục này", "--source {folder}: no such folder"),
    "cli.cache_link": (
        "{folder} là một liên kết: site-builder chỉ giữ bộ nhớ đệm (và bản xem thử của serve) trong một thư "
        "mục thật của trang; hãy bỏ liên kết đó",
        "{folder} is a link: the build keeps its cache (and serve its output) only in a real folder of the "
        "site; remove the link",
    ),
    "cli.public_link": (
        "{given} là liên kết tới {target}: thư mục xuất bản mặc định phải là một thư mục của trang; hãy bỏ "
        "liên kết, hoặc ghi rõ thư mục bằng --output",
        "{given} is a link to {target}: the default output must be a folder of the site; remove the link, or "
        "pass --output with the folder you mean",
    ),
    "cli.output_link": (
        "--output {folder} nằm trong thư mục trang nhưng dẫn ra ngoài qua một liên kết: hãy ghi thẳng thư "
        "mục mà liên kết trỏ tới, nếu đó là ý bạn",
        "--output {folder} is inside the site folder but leads out of it through a link: pass the folder it "
        "leads to, if that is what you mean",
    ),
    "cli.output_mixes": (
        "--output {folder} sẽ trộn trang với chính các tệp nguồn của nó: chọn một thư mục ngoài content/, "
        "layouts/, static/ và các thư mục ẩn",
        "--output {folder} would mix the site with its own files: choose a folder outside content/, layouts/, "
        "static/ and hidden folders",
    ),
    "cli.output_file": (
        "--output {folder} là một tệp, không phải thư mục",
        "--output {folder} is a file, not a folder",
    ),
    "cli.jobs": ("--jobs phải từ 1 trở lên", "--jobs must be at least 1"),
    "cli.port": ("{value} không phải là số cổng (0-65535)", "{value} is not a port number (0-65535)"),
    # --- --help: cli.py
    "help.description": (
        "Dựng trang tin tức từ các bài viết Markdown. Hướng dẫn cho biên tập viên: docs/huong-dan-bien-tap.md",
        "Build a news site from Markdown.",
    ),
    "help.usage": ("cách dùng: ", "usage: "),
    "help.positionals": ("tham số", "positional arguments"),
    "help.options": ("tùy chọn", "options"),
    "help.help": ("in hướng dẫn này rồi thoát", "show this help message and exit"),
    "help.version": ("in phiên bản rồi thoát", "show program's version number and exit"),
    "help.build": (
        "dựng trang vào --output (mặc định <thư mục trang>/public)",
        "build the site into --output (default <source>/public)",
    ),
    "help.check": (
        "kiểm tra mọi thứ một lần dựng sẽ đọc, không ghi gì",
        "validate everything a build would read; write nothing",
    ),
    "help.serve": (
        "dựng, mở trang xem thử ở 127.0.0.1:8000, tự dựng lại và tải lại trình duyệt khi có thay đổi",
        "build, serve on 127.0.0.1:8000, rebuild and reload the browser on change",
    ),
    "help.new": (
        "tạo tệp bài mới với phần đầu bài điền sẵn và in đường dẫn của nó",
        "write a new article file with its front matter and print its path",
    ),
    "help.source": ("thư mục của trang (mặc định: thư mục hiện tại)", "site folder (default: .)"),
    "help.base_url": (
        "địa chỉ gốc đầy đủ của trang, thay cho base_url trong content/_site.yaml",
        "absolute base URL, overrides base_url in content/_site.yaml",
    ),
    "help.drafts": ("đăng cả bài nháp (draft: true), để xem thử", "include articles marked draft: true"),
    "help.future": ("đăng cả bài hẹn giờ (date sau lúc dựng)", "include articles dated in the future"),
    "help.now": (
        "giờ của trang, dạng 2026-11-29T12:00:00+07:00 (để kiểm thử)",
        "the site's clock as ISO 8601 (for reproducible tests)",
    ),
    "help.quiet": ("chỉ in lỗi và cảnh báo", "print only problems"),
    "help.strict": (
        "coi cảnh báo (như tên tỉnh viết sai) là lỗi",
        "treat warnings (e.g. province lint) as errors",
    ),
    "help.output": ("thư mục xuất bản (mặc định: <thư mục trang>/public)", "output folder (default: <source>/public)"),
    "help.jobs": (
        "số tiến trình làm song song (mặc định: số nhân máy)",
        "worker processes (default: the number of cores)",
    ),
    "help.no_cache": (
        "không dùng và không cập nhật .site-builder-cache/",
        "ignore and do not update .site-builder-cache/",
    ),
    "help.no_search": ("không làm chỉ mục tìm kiếm Pagefind", "do not build the Pagefind search index"),
    "help.serve_output": (
        "thư mục xuất bản (mặc định: <thư mục trang>/.site-builder-cache/serve, để public/ giữ địa chỉ thật)",
        "output folder (default: <source>/.site-builder-cache/serve, so public/ keeps deploy links)",
    ),
    "help.host": (
        "địa chỉ lắng nghe (mặc định: 127.0.0.1, chỉ máy này)",
        "address to listen on (default: 127.0.0.1, this machine only)",
    ),
    "help.port": (
        "cổng lắng nghe (mặc định: 8000; 0 chọn một cổng trống)",
        "port to listen on (default: 8000; 0 picks a free one)",
    ),
    "help.title": ('tiêu đề bài, ví dụ "Hội nghị tổng kết năm 2026"', 'the article\'s title, e.g. "Tiêu đề"'),
    "help.cluster": (
        "mã cụm thi đua, ví dụ cum-6 (phải có tệp content/clusters/cum-6.md)",
        "cluster id, e.g. cum-6 (must exist in content/clusters/)",
    ),
    "help.province": ("một tỉnh, thành phố (ghi nhiều lần được)", "a province (repeatable)"),
    "help.section": ('chuyên mục, ví dụ "Thi đua - Khen thưởng"', 'category, e.g. "Thi đua - Khen thưởng"'),
    "help.tag": ("một thẻ (ghi nhiều lần được)", "a tag (repeatable)"),
    "help.command": ("LỆNH", "COMMAND"),
    "help.mv.folder": ("THƯ_MỤC", "DIR"),
    "help.mv.url": ("ĐỊA_CHỈ", "URL"),
    "help.mv.moment": ("THỜI_ĐIỂM", "ISO"),
    "help.mv.number": ("SỐ", "N"),
    "help.mv.address": ("ĐỊA_CHỈ_IP", "HOST"),
    "help.mv.title": ("TIÊU_ĐỀ", "TITLE"),
    "help.mv.cluster": ("MÃ_CỤM", "ID"),
    "help.mv.section": ("CHUYÊN_MỤC", "SECTION"),
    "help.name": ("TÊN", "NAME"),
    "help.tag_metavar": ("THẺ", "TAG"),
    "argparse.required": ("thiếu tham số: {names}", "the following arguments are required: {names}"),
    "argparse.unrecognized": ("không hiểu tham số: {names}", "unrecognized arguments: {names}"),
    "argparse.invalid_choice": (
        "lệnh {value} không có (chọn một trong {choices})",
        "argument {name}: invalid choice: {value} (choose from {choices})",
    ),
    "argparse.expected_one": ("{name} cần một giá trị", "argument {name}: expected one argument"),
    "argparse.invalid_int": (
        "{name} cần một số nguyên, không phải {value}",
        "argument {name}: invalid int value: {value}",
    ),
    # --- new.py
    "new.no_content": (
        "không có thư mục content/ trong {folder}: chạy lệnh trong thư mục của trang, hoặc thêm --source",
        "no content/ folder in {folder}: run in a site folder or pass --source",
    ),
    "new.empty_title": ("tiêu đề trống", "the title is empty"),
    "new.title_no_letters": (
        'tiêu đề "{title}" không có chữ cái hay chữ số nào để đặt tên tệp',
        'the title "{title}" has no letters or digits to make a file name from',
    ),
    "new.unknown_cluster": (
        'không có cụm thi đua "{name}": không có tệp content/clusters/{name}.md{hint}',
        'unknown cluster "{name}": there is no content/clusters/{name}.md{hint}',
    ),
    "new.known_clusters": (" (các cụm hiện có: {names})", " (known: {names})"),
    "new.unknown_province": ('không có tỉnh, thành phố "{name}"{hint}', 'unknown province "{name}"{hint}'),
    "new.exists": (
        "{path} đã có rồi: sửa tệp đó, hoặc chọn một tiêu đề khác",
        "{path} already exists: edit it, or choose another title",
    ),
    # --- serve.py
    "serve.failed": (
        "[{stamp}] {trigger}: {count} lỗi; trình duyệt hiện danh sách lỗi, trang trước vẫn giữ nguyên",
        "[{stamp}] {trigger}: {count} error(s); the browser shows them, the previous output is kept",
    ),
    "serve.built": (
        "[{stamp}] {trigger}: dựng xong trong {seconds} giây, ghi {files} tệp",
        "[{stamp}] {trigger}: built in {seconds} s, {files} files written",
    ),
    "serve.first_build": ("lần dựng đầu", "first build"),
    "serve.changed": ("{name} thay đổi", "{name} changed"),
    "serve.changed_more": ("{name} và {count} tệp khác thay đổi", "{name} and {count} more changed"),
    "serve.a_file": ("một tệp", "a file"),
    "serve.crashed": ("lần dựng bị hỏng: {line}", "build crashed: {line}"),
    "serve.serving": (
        "đang mở {output} ở {url} (theo dõi {folders}; Ctrl+C để dừng)",
        "serving {output} at {url} (watching {folders}; Ctrl+C to stop)",
    ),
    "serve.stopped": ("đã dừng", "stopped"),
    "serve.port_in_use": (
        "cổng {port} trên {host} đang có chương trình khác dùng: tắt chương trình đó hoặc chọn cổng khác bằng --port",
        "port {port} on {host} is already in use: stop the other server or pass another --port",
    ),
    "serve.port_not_allowed": (
        "không được phép dùng cổng {port}: chọn --port lớn hơn 1023",
        "not allowed to listen on port {port}: pass a --port above 1023",
    ),
    "serve.cannot_listen": ("không mở được {host}:{port}: {why}", "cannot listen on {host}:{port}: {why}"),
    "serve.output_watched": (
        "--output {output} nằm trong {name}/, thư mục mà serve đang theo dõi",
        "--output {output} is inside {name}/, which serve watches",
    ),
    "serve.not_watched": (
        "{name}/ dẫn ra ngoài thư mục trang (hoặc vào một thư mục ẩn) nên serve không theo dõi nó: "
        "khởi động lại serve sau khi sửa ở đó",
        "{name}/ leads out of the site folder (or into a hidden one), which serve does not watch: "
        "restart it after a change there",
    ),
    "serve.page_title": ("Dựng trang không thành công – site-builder", "Build failed – site-builder"),
    "serve.page_heading": ("Dựng trang không thành công: {count} lỗi", "Build failed: {count} error(s)"),
    "serve.page_advice": (
        "Sửa bài rồi lưu lại: trang này tự tải lại. Lần dựng tốt gần nhất vẫn ở",
        "Fix the content and save: this page reloads by itself. The last good build is still in",
    ),
}
