"""Timezone-aware dates: parsing front matter values and formatting them for readers and feeds."""

from __future__ import annotations

import datetime as dt
from zoneinfo import ZoneInfo

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
            raise ValueError(
                f'"{value}" is not an ISO 8601 date; write it as 2022-11-29 or 2022-11-29T09:26:00+07:00'
            ) from None
    else:
        raise ValueError(f"expected a date such as 2022-11-29T09:26:00+07:00, got {type(value).__name__}")
    if parsed.tzinfo is None:
        parsed = parsed.replace(tzinfo=tz)
    # Shown in the site's zone and in UTC (feeds, sitemaps): a moment that cannot be, such as
    # 9999-12-31T23:59:59-12:00 (the year 10000 in UTC), is refused here, not by a page later.
    try:
        parsed.astimezone(tz)
        parsed.astimezone(dt.UTC)
    except (OverflowError, ValueError):
        raise ValueError(
            f'"{value}" is out of the range of dates a site can show; '
            "write a date between the years 1 and 9999 in every time zone"
        ) from None
    return parsed


def gmt_label(moment: dt.datetime) -> str:
    """'GMT+7', 'GMT+5:30', 'GMT' for the moment's offset."""
    offset = moment.utcoffset() or dt.timedelta(0)
    minutes = int(offset.total_seconds() // 60)
    if minutes == 0:
        return "GMT"
    sign = "+" if minutes > 0 else "-"
    hours, mins = divmod(abs(minutes), 60)
    return f"GMT{sign}{hours}" + (f":{mins:02d}" if mins else "")


def dateline(moment: dt.datetime, tz: dt.tzinfo, language: str = "vi") -> str:
    """'Thứ ba, 29/11/2022 09:26 (GMT+7)': the moment shown in the site timezone."""
    local = moment.astimezone(tz)
    names = VI_WEEKDAYS if language.startswith("vi") else EN_WEEKDAYS
    return f"{names[local.weekday()]}, {local:%d/%m/%Y %H:%M} ({gmt_label(local)})"


def short_date(moment: dt.datetime, tz: dt.tzinfo) -> str:
    """'29/11/2022', the date readers see in lists."""
    return f"{moment.astimezone(tz):%d/%m/%Y}"


def rfc822(moment: dt.datetime, tz: dt.tzinfo) -> str:
    """'Tue, 29 Nov 2022 09:26:00 +0700' (English names, as RSS requires)."""
    from email.utils import format_datetime  # (here: email is slow to import, and builds need none of it)

    return format_datetime(moment.astimezone(tz))


def zone(name: str) -> dt.tzinfo:
    """The named IANA zone; raises ValueError naming it when unknown."""
    try:
        return ZoneInfo(name)
    except Exception:
        raise ValueError(f'unknown timezone "{name}" (use an IANA name such as Asia/Ho_Chi_Minh)') from None
