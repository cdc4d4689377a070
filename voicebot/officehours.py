"""Working days and hours in Korea: when a transfer can reach a person, and when a
case is due (same working day, or the next one for reports after hours)."""

from __future__ import annotations

from datetime import datetime, timedelta
from zoneinfo import ZoneInfo

import holidays


class OfficeCalendar:
    def __init__(self, tz: str = "Asia/Seoul", hours: tuple[int, int] = (9, 18)) -> None:
        self.tz = ZoneInfo(tz)
        self.open_hour, self.close_hour = hours
        self._holidays = holidays.country_holidays("KR")

    def local(self, when: datetime) -> datetime:
        return when.astimezone(self.tz)

    def is_working_day(self, when: datetime) -> bool:
        day = self.local(when).date()
        return day.weekday() < 5 and day not in self._holidays

    def is_open(self, when: datetime) -> bool:
        local = self.local(when)
        return self.is_working_day(local) and self.open_hour <= local.hour < self.close_hour

    def case_due(self, reported: datetime) -> datetime:
        """End of the same working day if reported in hours, else end of the next one."""
        local = self.local(reported)
        if self.is_open(local):
            return local.replace(hour=self.close_hour, minute=0, second=0, microsecond=0)
        day = local + timedelta(days=1) if local.hour >= self.close_hour or not self.is_working_day(local) else local
        while not self.is_working_day(day):
            day += timedelta(days=1)
        return day.replace(hour=self.close_hour, minute=0, second=0, microsecond=0)

    def in_window(self, when: datetime, start_hour: int, end_hour: int, holidays_too: bool = False) -> bool:
        """Households are called only in the campaign's hours, and not on public holidays."""
        local = self.local(when)
        if local.date() in self._holidays and not holidays_too:
            return False
        return start_hour <= local.hour < end_hour
