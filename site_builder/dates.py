"""Timezone-aware dates: parsing front matter values and formatting them for readers and feeds."""

from __future__ import annotations

import datetime as dt
import functools
import re
from zoneinfo import ZoneInfo

from .messages import date_why, t

# Python's weekday(): Monday is 0. Vietnamese counts Monday as "thứ hai" (the second day).
VI_WEEKDAYS = ("Thứ hai", "Thứ ba", "Thứ tư", "Thứ năm", "Thứ sáu", "Thứ bảy", "Chủ nhật")
EN_WEEKDAYS = ("Monday", "Tuesday", "Wednesday", "Thursday", "Friday", "Saturday", "Sunday")


def to_aware(value: object, tz: dt.tzinfo) -> dt.datetime:
    """A YAML date, datetime or ISO 8601 string as an aware datetime; naive values are in `tz`.

    Raises ValueError with a message an editor can act on.
    """
    if isinstance(value, dt.datetime):
        parsed = value
    elif isinstance(value, dt.date):
        parsed = dt.datetime(value.year, value.month, value.day)
    elif isinstance(value, str):
        text = value.strip()
        try:
            parsed = dt.datetime.fromisoformat(text.replace("Z", "+00:00") if text.endswith("Z") else text)
        except ValueError:
            raise ValueError(_not_iso(text)) from None
    else:
        raise ValueError(t("date.wrong_type", kind=type(value).__name__))
    if parsed.tzinfo is None:
        parsed = parsed.replace(tzinfo=tz)
    # Shown in the site's zone and in UTC (feeds, sitemaps): a moment that cannot be, such as
    # 9999-12-31T23:59:59-12:00 (the year 10000 in UTC), is refused here, not by a page later.
    try:
        parsed.astimezone(tz)
        parsed.astimezone(dt.UTC)
    except (OverflowError, ValueError):
        raise ValueError(t("date.out_of_range", value=_shown(value))) from None
    return parsed


# A date as Vietnamese write it, day first: 31/12/2024, 31-12-2024, 31.12.2024, with a time or not
# (31/12/2024 08:30, 31/12/2024 8h30). Not read as that day (an English writer's 12/11/2024 is
# another one): answered with the form to write, the same day (`_not_iso`).
_DAY_FIRST = re.compile(
    r"([0-9]{1,2})[/.-]([0-9]{1,2})[/.-]([0-9]{4})(?:[ T,]+([0-9]{1,2})(?:[:hg]([0-9]{2})?)(?::([0-9]{2}))?)?"
)


def _not_iso(text: str) -> str:
    """Why `text` is not a date we read, with the ISO form of the same day when it is written day first."""
    found = _DAY_FIRST.fullmatch(text)
    if found is None:
        return t("date.not_iso", value=_shown(text))
    day, month, year = (int(g) for g in found.groups()[:3])
    hour, minute, second = (int(g) if g else None for g in found.groups()[3:])
    try:
        moment = dt.datetime(year, month, day, hour or 0, minute or 0, second or 0)
    except ValueError as exc:
        return t("date.day_first_impossible", value=_shown(text), why=date_why(str(exc)))
    if hour is None:
        iso = moment.date().isoformat()
    else:
        iso = f"{moment:%Y-%m-%d %H:%M}" + (f":{second:02d}" if second else "")
    return t("date.day_first", value=_shown(text), iso=iso)


def _shown(value: object, size: int = 80) -> str:
    text = "".join(ch if ch.isprintable() else f"\\u{ord(ch):04x}" for ch in str(value))
    return text if len(text) <= size else text[: size - 1] + "…"


def gmt_label(moment: dt.datetime) -> str:
    """'GMT+7', 'GMT+5:30', 'GMT' for the moment's offset."""
    return _gmt_label(moment.utcoffset() or dt.timedelta(0))


@functools.lru_cache(maxsize=64)  # (a site has one or two offsets; every article's dateline asks)
def _gmt_label(offset: dt.timedelta) -> str:
    minutes = int(offset.total_seconds() // 60)
    if minutes == 0:
        return "GMT"
    sign = "+" if minutes > 0 else "-"
    hours, mins = divmod(abs(minutes), 60)
    return f"GMT{sign}{hours}" + (f":{mins:02d}" if mins else "")


EN_MONTHS = (
    "January", "February", "March", "April", "May", "June",
    "July", "August", "September", "October", "November", "December",
)  # fmt: skip


def dateline(moment: dt.datetime, tz: dt.tzinfo, language: str = "vi") -> str:
    """The moment shown in the site timezone as the article's dateline: 'Thứ ba, 29/11/2022 09:26
    (GMT+7)' in Vietnamese, 'Tuesday, 29 November 2022, 09:26 (GMT+7)' in English (day first, as
    British and international news write it: 11/29 would be misread by half the readers)."""
    local = moment.astimezone(tz)
    if language.startswith("vi"):  # (fields, not strftime: every article's dateline is made by every build)
        return (
            f"{VI_WEEKDAYS[local.weekday()]}, {local.day:02d}/{local.month:02d}/{local.year:04d} "
            f"{local.hour:02d}:{local.minute:02d} ({gmt_label(local)})"
        )
    return f"{EN_WEEKDAYS[local.weekday()]}, {day_text(local, language)}, {local:%H:%M} ({gmt_label(local)})"


def day_text(day: dt.date, language: str = "vi") -> str:
    """A day as readers of the language write it: '29/11/2022'; '29 November 2022'."""
    if language.startswith("vi"):
        return f"{day.day:02d}/{day.month:02d}/{day.year:04d}"
    return f"{day.day} {EN_MONTHS[day.month - 1]} {day.year}"


def month_text(month: int, language: str = "vi") -> str:
    """A month as an archive's title names it: '02' (Tháng 02/2026); 'February' (February 2026)."""
    if language.startswith("vi"):
        return f"{month:02d}"
    return EN_MONTHS[month - 1]


def short_date(moment: dt.datetime, tz: dt.tzinfo, language: str = "vi") -> str:
    """'29/11/2022' ('29 November 2022' in English), the date readers see in lists."""
    return day_text(moment.astimezone(tz), language)


def rfc822(moment: dt.datetime, tz: dt.tzinfo) -> str:
    """'Tue, 29 Nov 2022 09:26:00 +0700' (English names, as RSS requires)."""
    from email.utils import format_datetime  # (here: email is slow to import, and builds need none of it)

    return format_datetime(moment.astimezone(tz))


def zone(name: str) -> dt.tzinfo:
    """The named IANA zone; raises ValueError naming it when unknown."""
    try:
        return ZoneInfo(name)
    except Exception:
        raise ValueError(t("date.unknown_timezone", name=_shown(name))) from None
