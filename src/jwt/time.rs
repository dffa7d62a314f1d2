//! NumericDate handling (RFC 7519 section 2): parsing `--exp`-style inputs and showing
//! times as RFC 3339 plus a relative phrase.

use time::format_description::well_known::Rfc3339;
use time::OffsetDateTime;

use crate::error::{Error, Result};

/// Seconds since the epoch now, or the test override `OAUTHCTL_NOW` (a NumericDate or an
/// RFC 3339 time) so that time-dependent behaviour can be tested exactly.
pub fn now() -> Result<i64> {
    match std::env::var("OAUTHCTL_NOW") {
        Ok(value) => parse_instant(&value, 0).map_err(|e| e.context("OAUTHCTL_NOW")),
        Err(_) => Ok(OffsetDateTime::now_utc().unix_timestamp()),
    }
}

/// The test clock `OAUTHCTL_NOW`, if it is set: `Some(seconds)`, or an error when its value
/// is not a time (a malformed value must not quietly become some other clock).
pub fn fixed_clock() -> Result<Option<i64>> {
    match std::env::var_os("OAUTHCTL_NOW") {
        None => Ok(None),
        Some(value) => {
            let text = value.to_str().unwrap_or_default();
            parse_instant(text, 0).map(Some).map_err(|_| {
                Error::usage(
                    "bad_clock",
                    format!(
                        "OAUTHCTL_NOW is set to `{}`, which is not a NumericDate or an RFC 3339 \
                         time",
                        value.to_string_lossy()
                    ),
                )
                .hint("unset OAUTHCTL_NOW: it is a test override of the clock")
            })
        }
    }
}

/// A duration such as `90s`, `5m`, `1h30m`, `30d`, `2w`, or plain seconds.
pub fn parse_duration(text: &str) -> Result<i64> {
    let bad = || {
        Error::usage(
            "bad_duration",
            format!("`{text}` is not a duration; use e.g. 90s, 5m, 1h30m, 30d"),
        )
    };
    if text.is_empty() {
        return Err(bad());
    }
    if let Ok(seconds) = text.parse::<i64>() {
        return Ok(seconds);
    }
    let mut total: i64 = 0;
    let mut digits = String::new();
    for c in text.chars() {
        if c.is_ascii_digit() {
            digits.push(c);
            continue;
        }
        let unit = match c {
            's' => 1,
            'm' => 60,
            'h' => 3600,
            'd' => 86_400,
            'w' => 604_800,
            _ => return Err(bad()),
        };
        let n: i64 = digits.parse().map_err(|_| bad())?;
        total = n
            .checked_mul(unit)
            .and_then(|v| total.checked_add(v))
            .ok_or_else(bad)?;
        digits.clear();
    }
    if !digits.is_empty() {
        return Err(bad());
    }
    Ok(total)
}

/// An instant: `+5m`/`5m` (from `now`), an RFC 3339 time, or a NumericDate.
pub fn parse_instant(text: &str, now: i64) -> Result<i64> {
    if let Ok(seconds) = text.parse::<i64>() {
        return Ok(seconds);
    }
    if let Ok(when) = OffsetDateTime::parse(text, &Rfc3339) {
        return Ok(when.unix_timestamp());
    }
    let relative = text.strip_prefix('+').unwrap_or(text);
    match parse_duration(relative) {
        Ok(seconds) => now
            .checked_add(seconds)
            .ok_or_else(|| Error::usage("bad_time", format!("`{text}` is out of range"))),
        Err(_) => Err(Error::usage(
            "bad_time",
            format!(
                "`{text}` is not a time: use a duration from now (5m, +1h, 30d), an RFC 3339 \
                 time or a NumericDate"
            ),
        )),
    }
}

pub fn rfc3339(seconds: i64) -> String {
    OffsetDateTime::from_unix_timestamp(seconds)
        .ok()
        .and_then(|t| t.format(&Rfc3339).ok())
        .unwrap_or_else(|| format!("{seconds} (out of range)"))
}

/// "4m 12s", "3h", "2d 5h": the two largest units.
pub fn span(seconds: u64) -> String {
    let units = [(86_400, "d"), (3600, "h"), (60, "m"), (1, "s")];
    let mut parts = Vec::new();
    let mut rest = seconds;
    for (size, name) in units {
        if rest >= size {
            parts.push(format!("{}{name}", rest / size));
            rest %= size;
        }
        if parts.len() == 2 {
            break;
        }
    }
    if parts.is_empty() {
        "0s".to_string()
    } else {
        parts.join(" ")
    }
}

/// "in 4m 12s" or "3h ago".
pub fn relative(when: i64, now: i64) -> String {
    if when == now {
        "now".to_string()
    } else if when > now {
        format!("in {}", span(when.abs_diff(now)))
    } else {
        format!("{} ago", span(when.abs_diff(now)))
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn durations() {
        assert_eq!(parse_duration("5m").unwrap(), 300);
        assert_eq!(parse_duration("1h30m").unwrap(), 5400);
        assert_eq!(parse_duration("30d").unwrap(), 2_592_000);
        assert_eq!(parse_duration("45").unwrap(), 45);
        assert!(parse_duration("5x").is_err());
        assert!(parse_duration("m").is_err());
        assert!(parse_duration("99999999999999999w").is_err());
    }

    #[test]
    fn instants() {
        assert_eq!(parse_instant("+1h", 1000).unwrap(), 4600);
        assert_eq!(parse_instant("1700000000", 0).unwrap(), 1_700_000_000);
        assert_eq!(
            parse_instant("2023-11-14T22:13:20Z", 0).unwrap(),
            1_700_000_000
        );
        assert_eq!(rfc3339(1_700_000_000), "2023-11-14T22:13:20Z");
    }

    #[test]
    fn phrases() {
        assert_eq!(relative(1252, 1000), "in 4m 12s");
        assert_eq!(relative(1000 - 3 * 3600, 1000), "3h ago");
        assert_eq!(span(0), "0s");
    }
}
