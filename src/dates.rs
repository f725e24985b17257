//! Calendar dates as `i32` day numbers (days since 1970-01-01, proleptic Gregorian), and the
//! date formats found in Japanese and international EC exports. Dates are local: a time or a
//! UTC offset after the date is read but never shifts the day (design.md, "no tz shifting").

/// Days since 1970-01-01 for a valid civil date (Howard Hinnant's `days_from_civil`).
pub fn days_from_civil(year: i32, month: u32, day: u32) -> i32 {
    let y = if month <= 2 { year - 1 } else { year };
    let era = if y >= 0 { y } else { y - 399 } / 400;
    let yoe = y - era * 400;
    let m = month as i32;
    let doy = (153 * (if m > 2 { m - 3 } else { m + 9 }) + 2) / 5 + day as i32 - 1;
    let doe = yoe * 365 + yoe / 4 - yoe / 100 + doy;
    era * 146_097 + doe - 719_468
}

/// Inverse of [`days_from_civil`]: (year, month, day).
pub fn civil_from_days(days: i32) -> (i32, u32, u32) {
    let z = days + 719_468;
    let era = if z >= 0 { z } else { z - 146_096 } / 146_097;
    let doe = z - era * 146_097;
    let yoe = (doe - doe / 1460 + doe / 36_524 - doe / 146_096) / 365;
    let y = yoe + era * 400;
    let doy = doe - (365 * yoe + yoe / 4 - yoe / 100);
    let mp = (5 * doy + 2) / 153;
    let d = (doy - (153 * mp + 2) / 5 + 1) as u32;
    let m = if mp < 10 { mp + 3 } else { mp - 9 } as u32;
    (if m <= 2 { y + 1 } else { y }, m, d)
}

pub fn days_in_month(year: i32, month: u32) -> u32 {
    match month {
        1 | 3 | 5 | 7 | 8 | 10 | 12 => 31,
        4 | 6 | 9 | 11 => 30,
        _ if (year % 4 == 0 && year % 100 != 0) || year % 400 == 0 => 29,
        _ => 28,
    }
}

/// `YYYY-MM-DD`.
pub fn format_date(days: i32) -> String {
    let (y, m, d) = civil_from_days(days);
    format!("{y:04}-{m:02}-{d:02}")
}

/// Month index (year * 12 + month - 1) of a day number; handy for calendar-month grouping.
pub fn month_index(days: i32) -> i32 {
    let (y, m, _) = civil_from_days(days);
    y * 12 + m as i32 - 1
}

/// `YYYY-MM` label of a month index.
pub fn format_month(month_index: i32) -> String {
    format!("{:04}-{:02}", month_index.div_euclid(12), month_index.rem_euclid(12) + 1)
}

/// A parsed timestamp: the local calendar day and, if the field had one, seconds after midnight.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct DateTime {
    pub day: i32,
    pub seconds: Option<u32>,
}

/// Earliest and latest years accepted; outside this a "date" is almost surely a mis-mapped column.
const MIN_YEAR: i32 = 1900;
const MAX_YEAR: i32 = 2200;

/// Parse the date formats of design.md: `YYYY-MM-DD`, `YYYY/MM/DD`, `YYYY.MM.DD` (month and day
/// may be one digit, as Excel writes them), `YYYYMMDD`, `YYYY年M月D日`, each optionally followed
/// by a time (`HH:MM[:SS[.fff]]`, separated by a space or `T`) and an ignored zone (`Z`, `+09:00`).
/// Returns `None` for anything else, including impossible dates like 2024-02-30.
pub fn parse_date(field: &str) -> Option<DateTime> {
    parse_date_bytes(field.as_bytes())
}

/// [`parse_date`] on UTF-8 bytes (the ingest hot path works on bytes).
pub fn parse_date_bytes(field: &[u8]) -> Option<DateTime> {
    let b = crate::text::trim_bytes(field);
    match parse_fixed(b) {
        Some(fixed) => fixed,
        None => parse_general(b),
    }
}

/// Every accepted shape (the reference [`parse_fixed`] is tested against).
fn parse_general(b: &[u8]) -> Option<DateTime> {
    let (year, after_year) = take_digits(b, 4, 4)?;
    let (month, day, rest): (u32, u32, &[u8]);
    if after_year.len() >= 4
        && after_year[..4].iter().all(u8::is_ascii_digit)
        && (after_year.len() == 4 || !after_year[4].is_ascii_digit())
    {
        // YYYYMMDD (optionally followed by a time)
        month = (after_year[0] - b'0') as u32 * 10 + (after_year[1] - b'0') as u32;
        day = (after_year[2] - b'0') as u32 * 10 + (after_year[3] - b'0') as u32;
        rest = &after_year[4..];
    } else if let Some(r) = strip_prefix_str(after_year, "年") {
        let (m, r) = take_digits(r, 1, 2)?;
        let r = strip_prefix_str(r, "月")?;
        let (d, r) = take_digits(r, 1, 2)?;
        month = m;
        day = d;
        rest = strip_prefix_str(r, "日").unwrap_or(r);
    } else {
        let sep = *after_year.first()?;
        if sep != b'-' && sep != b'/' && sep != b'.' {
            return None;
        }
        let (m, r) = take_digits(&after_year[1..], 1, 2)?;
        if r.first() != Some(&sep) {
            return None;
        }
        let (d, r) = take_digits(&r[1..], 1, 2)?;
        month = m;
        day = d;
        rest = r;
    }
    let year = year as i32;
    if !(MIN_YEAR..=MAX_YEAR).contains(&year) || !(1..=12).contains(&month) || day == 0 || day > days_in_month(year, month) {
        return None;
    }
    let seconds = parse_time_suffix(rest)?;
    Some(DateTime { day: days_from_civil(year, month, day), seconds })
}

/// The two shapes most exports write, read directly: `YYYY-MM-DD` and `YYYY-MM-DD HH:MM:SS`
/// (`/` for `-`, `T` for the space), all digits two-wide. `None` = another shape (the general
/// parser decides); `Some(None)` = this shape but not a valid date or time.
#[inline]
fn parse_fixed(b: &[u8]) -> Option<Option<DateTime>> {
    let (date, time): (&[u8; 10], Option<&[u8; 9]>) = match b.len() {
        10 => (b.try_into().ok()?, None),
        19 => (b[..10].try_into().ok()?, Some(b[10..].try_into().ok()?)),
        _ => return None,
    };
    let d = |c: u8| c.wrapping_sub(b'0') as u32;
    let sep = date[4];
    let digits_ok = d(date[0]).max(d(date[1])).max(d(date[2])).max(d(date[3])).max(d(date[5])).max(d(date[6])).max(d(date[8])).max(d(date[9]));
    if (sep != b'-' && sep != b'/') || date[7] != sep || digits_ok > 9 {
        return None;
    }
    let seconds = match time {
        None => None,
        Some(t) => {
            let digits_ok = d(t[1]).max(d(t[2])).max(d(t[4])).max(d(t[5])).max(d(t[7])).max(d(t[8]));
            if (t[0] != b' ' && t[0] != b'T') || t[3] != b':' || t[6] != b':' || digits_ok > 9 {
                return None;
            }
            let (h, m, s) = (d(t[1]) * 10 + d(t[2]), d(t[4]) * 10 + d(t[5]), d(t[7]) * 10 + d(t[8]));
            if h > 24 || m > 59 || s > 60 {
                return Some(None);
            }
            Some((h * 3600 + m * 60 + s).min(86_399))
        }
    };
    let year = (d(date[0]) * 1000 + d(date[1]) * 100 + d(date[2]) * 10 + d(date[3])) as i32;
    let month = d(date[5]) * 10 + d(date[6]);
    let day = d(date[8]) * 10 + d(date[9]);
    if !(MIN_YEAR..=MAX_YEAR).contains(&year) || !(1..=12).contains(&month) || day == 0 || day > days_in_month(year, month) {
        return Some(None);
    }
    Some(Some(DateTime { day: days_from_civil(year, month, day), seconds }))
}

fn strip_prefix_str<'a>(b: &'a [u8], prefix: &str) -> Option<&'a [u8]> {
    b.strip_prefix(prefix.as_bytes())
}

/// Up to `max` (at least `min`) ASCII digits as a number, and the rest.
fn take_digits(b: &[u8], min: usize, max: usize) -> Option<(u32, &[u8])> {
    let n = b.iter().take(max).take_while(|c| c.is_ascii_digit()).count();
    if n < min {
        return None;
    }
    let value = b[..n].iter().fold(0u32, |acc, c| acc * 10 + (c - b'0') as u32);
    Some((value, &b[n..]))
}

/// `""` → no time; ` HH:MM[:SS[.fff]]` or `THH:MM…`, with an optional zone → seconds.
/// Also accepts Japanese `H時M分[S秒]`.
fn parse_time_suffix(rest: &[u8]) -> Option<Option<u32>> {
    let mut r = rest;
    while let Some((&c, tail)) = r.split_first() {
        if c == b' ' || c == b'T' || c == b'\t' {
            r = tail;
        } else if let Some(tail) = strip_prefix_str(r, "\u{3000}") {
            r = tail;
        } else {
            break;
        }
    }
    if r.is_empty() {
        return Some(None);
    }
    if r.len() == rest.len() {
        return None; // time glued to the date with no separator
    }
    parse_clock(r).map(Some)
}

/// `H:MM[:SS[.fff]]` or `H時M分[S秒]`, with an optional (ignored) zone → seconds after midnight.
fn parse_clock(r: &[u8]) -> Option<u32> {
    let (h, r2) = take_digits(r, 1, 2)?;
    let (m, r3, japanese) = if let Some(t) = strip_prefix_str(r2, "時") {
        let (m, t) = take_digits(t, 1, 2)?;
        (m, strip_prefix_str(t, "分")?, true)
    } else {
        let t = r2.strip_prefix(b":")?;
        let (m, t) = take_digits(t, 2, 2)?;
        (m, t, false)
    };
    let (s, mut r4) = if japanese {
        match take_digits(r3, 1, 2) {
            Some((s, t)) => (s, strip_prefix_str(t, "秒")?),
            None => (0, r3),
        }
    } else if let Some(t) = r3.strip_prefix(b":") {
        let (s, mut t) = take_digits(t, 2, 2)?;
        if let Some(frac) = t.strip_prefix(b".") {
            let n = frac.iter().take_while(|c| c.is_ascii_digit()).count();
            if n == 0 {
                return None;
            }
            t = &frac[n..];
        }
        (s, t)
    } else {
        (0, r3)
    };
    if h > 24 || m > 59 || s > 60 {
        return None;
    }
    // Zone: ignored by design (local dates), but it must look like one.
    r4 = trim_ascii_spaces(r4);
    if !(r4.is_empty() || r4 == b"Z" || is_offset(r4) || r4 == b"JST" || r4 == b"UTC") {
        return None;
    }
    Some((h * 3600 + m * 60 + s).min(86_399))
}

/// A time-of-day cell of its own (MakeShop's `注文時間`): `10:33:09`, `10:33`, `103309`, `1033`,
/// `10時33分` → seconds after midnight.
pub fn parse_time_of_day(field: &[u8]) -> Option<u32> {
    let b = crate::text::trim_bytes(field);
    if b.iter().all(u8::is_ascii_digit) && (b.len() == 4 || b.len() == 6) {
        let two = |i: usize| (b[i] - b'0') as u32 * 10 + (b[i + 1] - b'0') as u32;
        let (h, m, s) = (two(0), two(2), if b.len() == 6 { two(4) } else { 0 });
        return (h <= 24 && m <= 59 && s <= 60).then(|| (h * 3600 + m * 60 + s).min(86_399));
    }
    parse_clock(b)
}

/// How the parts of a `a/b/YYYY` date are ordered in a file (year-first dates are always read).
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq)]
pub enum DateOrder {
    /// Only year-first formats (`2024-03-05`, `2024/3/5`, …): the default.
    #[default]
    YearFirst,
    /// `M/D/YYYY` (US exports, UCI Online Retail).
    MonthFirst,
    /// `D/M/YYYY`.
    DayFirst,
}

impl DateOrder {
    /// The names of the `dateOrder` option.
    pub const NAMES: [(&'static str, DateOrder); 3] = [("ymd", DateOrder::YearFirst), ("mdy", DateOrder::MonthFirst), ("dmy", DateOrder::DayFirst)];

    /// This order's `dateOrder` name (`ymd`, `mdy`, `dmy`).
    pub fn name(self) -> &'static str {
        DateOrder::NAMES.iter().find(|(_, o)| *o == self).map_or("ymd", |(n, _)| n)
    }
}

/// The two leading parts of an `a/b/YYYY` (or `a-b-YYYY`, `a.b.YYYY`) date, or `None` for any
/// other shape.
pub fn day_month_parts(field: &[u8]) -> Option<(u32, u32)> {
    let b = crate::text::trim_bytes(field);
    let (a, r) = take_digits(b, 1, 2)?;
    let sep = *r.first()?;
    if sep != b'/' && sep != b'-' && sep != b'.' {
        return None;
    }
    let (c, r) = take_digits(&r[1..], 1, 2)?;
    if r.first() != Some(&sep) {
        return None;
    }
    let (_, r) = take_digits(&r[1..], 4, 4)?;
    if r.first().is_some_and(u8::is_ascii_digit) {
        return None;
    }
    Some((a, c))
}

/// [`parse_date_bytes`], plus `a/b/YYYY` dates read in `order`.
pub fn parse_date_in(field: &[u8], order: DateOrder) -> Option<DateTime> {
    if let Some(d) = parse_date_bytes(field) {
        return Some(d);
    }
    if order == DateOrder::YearFirst {
        return None;
    }
    let b = crate::text::trim_bytes(field);
    let (a, r) = take_digits(b, 1, 2)?;
    let sep = *r.first()?;
    let (c, r) = take_digits(r.get(1..)?, 1, 2)?;
    if r.first() != Some(&sep) || (sep != b'/' && sep != b'-' && sep != b'.') {
        return None;
    }
    let (year, rest) = take_digits(&r[1..], 4, 4)?;
    let (month, day) = if order == DateOrder::MonthFirst { (a, c) } else { (c, a) };
    let year = year as i32;
    if !(MIN_YEAR..=MAX_YEAR).contains(&year) || !(1..=12).contains(&month) || day == 0 || day > days_in_month(year, month) {
        return None;
    }
    let seconds = parse_time_suffix(rest)?;
    Some(DateTime { day: days_from_civil(year, month, day), seconds })
}

fn trim_ascii_spaces(b: &[u8]) -> &[u8] {
    let start = b.iter().take_while(|c| **c == b' ').count();
    &b[start..]
}

fn is_offset(b: &[u8]) -> bool {
    if b.len() < 3 || (b[0] != b'+' && b[0] != b'-') {
        return false;
    }
    let digits: Vec<u8> = b[1..].iter().copied().filter(|c| *c != b':').collect();
    (digits.len() == 2 || digits.len() == 4) && digits.iter().all(u8::is_ascii_digit)
}

#[cfg(test)]
mod tests {
    use super::*;

    /// The fixed-shape fast path answers exactly as the general parser, valid or not.
    #[test]
    fn fixed_shapes_equal_the_general_parser() {
        let mut x: u64 = 0x2545_F491_4F6C_DD1D;
        let mut next = |n: u64| {
            x ^= x << 13;
            x ^= x >> 7;
            x ^= x << 17;
            x % n
        };
        for _ in 0..300_000 {
            let year = [1899, 1900, 2000, 2023, 2024, 2100, 2200, 2201][next(8) as usize];
            let (month, day) = (next(14), next(33));
            let sep = ["-", "/", "."][next(3) as usize];
            let mut s = format!("{year:04}{sep}{month:02}{sep}{day:02}");
            if next(2) == 0 {
                let t = [" ", "T", "_"][next(3) as usize];
                s += &format!("{t}{:02}:{:02}:{:02}", next(26), next(62), next(62));
            }
            if next(20) == 0 {
                s = s.replacen(|c: char| c.is_ascii_digit(), "x", 1);
            }
            let b = s.as_bytes();
            if let Some(fast) = parse_fixed(b) {
                assert_eq!(fast, parse_general(b), "{s}");
            }
        }
        assert_eq!(parse_fixed(b"2024-02-29 24:00:00"), Some(parse_general(b"2024-02-29 24:00:00")));
        assert_eq!(parse_fixed(b"2024-1-05"), None);
        // The common shapes take the fast path.
        assert_eq!(parse_fixed(b"2023-05-29 19:59:58"), Some(Some(DateTime { day: days_from_civil(2023, 5, 29), seconds: Some(19 * 3600 + 59 * 60 + 58) })));
        assert_eq!(parse_fixed(b"2023/09/29"), Some(Some(DateTime { day: days_from_civil(2023, 9, 29), seconds: None })));
    }

    fn day(s: &str) -> Option<i32> {
        parse_date(s).map(|d| d.day)
    }

    #[test]
    fn civil_roundtrip_and_known_values() {
        // Known anchors: 1970-01-01 = 0, 2000-03-01 = 11017, 2024-02-29 = 19782 (Unix epoch days).
        assert_eq!(days_from_civil(1970, 1, 1), 0);
        assert_eq!(days_from_civil(2000, 3, 1), 11_017);
        assert_eq!(days_from_civil(2024, 2, 29), 19_782);
        assert_eq!(days_from_civil(1969, 12, 31), -1);
        for d in -800_000..800_000 {
            if d % 997 == 0 {
                let (y, m, dd) = civil_from_days(d);
                assert_eq!(days_from_civil(y, m, dd), d);
            }
        }
    }

    #[test]
    fn formats() {
        let want = Some(days_from_civil(2024, 3, 5));
        for s in [
            "2024-03-05",
            "2024/03/05",
            "2024/3/5",
            "2024-3-5",
            "2024.03.05",
            "20240305",
            "2024年3月5日",
            "2024年03月05日",
            " 2024-03-05 ",
            "2024-03-05 14:30",
            "2024-03-05 14:30:59",
            "2024/3/5 9:05",
            "2024-03-05T14:30:00Z",
            "2024-03-05T14:30:00.123+09:00",
            "2024年3月5日 14時30分",
            "2024年3月5日 14時30分10秒",
            "20240305 143000".split(' ').next().unwrap_or(""),
        ] {
            assert_eq!(day(s), want, "{s}");
        }
        assert_eq!(parse_date("2024-03-05 14:30:15").unwrap().seconds, Some(14 * 3600 + 30 * 60 + 15));
        assert_eq!(parse_date("2024-03-05").unwrap().seconds, None);
    }

    #[test]
    fn rejects() {
        for s in [
            "", "2024", "2024-13-01", "2024-02-30", "2023-02-29", "2024-00-10", "03/05/2024", "5 March 2024",
            "2024-03-05x", "2024-03-05 25:00", "abc", "2024-3-5-1", "1800-01-01", "2024/03-05", "2024-03-05 14",
        ] {
            assert_eq!(day(s), None, "{s:?}");
        }
        assert_eq!(day("2024-02-29"), Some(days_from_civil(2024, 2, 29)));
    }

    #[test]
    fn day_month_dates_and_times_of_day() {
        let want = days_from_civil(2010, 12, 1);
        assert_eq!(parse_date_in(b"12/1/2010 8:26", DateOrder::MonthFirst).map(|d| (d.day, d.seconds)), Some((want, Some(8 * 3600 + 26 * 60))));
        assert_eq!(parse_date_in(b"1/12/2010", DateOrder::DayFirst).map(|d| d.day), Some(want));
        assert_eq!(parse_date_in(b"13/1/2010", DateOrder::MonthFirst), None);
        assert_eq!(parse_date_in(b"1/12/2010", DateOrder::YearFirst), None, "only with a known order");
        assert_eq!(parse_date_in(b"2010-12-01", DateOrder::DayFirst).map(|d| d.day), Some(want), "year-first always reads");
        assert_eq!(day_month_parts(b"12/13/2010 10:00"), Some((12, 13)));
        assert_eq!(day_month_parts(b"2010/12/13"), None);
        assert_eq!(parse_time_of_day(b"103309"), Some(10 * 3600 + 33 * 60 + 9));
        assert_eq!(parse_time_of_day(b"10:33"), Some(10 * 3600 + 33 * 60));
        assert_eq!(parse_time_of_day("10時33分".as_bytes()), Some(10 * 3600 + 33 * 60));
        assert_eq!(parse_time_of_day(b"2561"), None);
    }

    #[test]
    fn month_labels() {
        let d = days_from_civil(2025, 12, 31);
        assert_eq!(format_month(month_index(d)), "2025-12");
        assert_eq!(format_date(d), "2025-12-31");
    }
}
