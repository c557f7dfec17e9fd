//! POSIX cron expressions as GitHub's scheduler reads them: five fields, and runs no more often than every
//! five minutes.

/// A field's name and range.
const FIELDS: [(&str, u32, u32); 5] = [
    ("minute", 0, 59),
    ("hour", 0, 23),
    ("day of month", 1, 31),
    ("month", 1, 12),
    ("day of week", 0, 6),
];

const MONTHS: [&str; 12] = [
    "JAN", "FEB", "MAR", "APR", "MAY", "JUN", "JUL", "AUG", "SEP", "OCT", "NOV", "DEC",
];
const DAYS: [&str; 7] = ["SUN", "MON", "TUE", "WED", "THU", "FRI", "SAT"];

/// A parsed schedule: the values each field allows.
pub(crate) struct Schedule {
    fields: [Vec<bool>; 5],
    /// Whether day of month, month and day of week are all `*`.
    every_day: bool,
}

fn value(text: &str, field: usize) -> Result<u32, String> {
    let (name, min, max) = FIELDS[field];
    let names: &[&str] = match field {
        3 => &MONTHS,
        4 => &DAYS,
        _ => &[],
    };
    if let Some(i) = names.iter().position(|n| n.eq_ignore_ascii_case(text)) {
        let i = u32::try_from(i).unwrap_or(0);
        return Ok(if field == 3 { i + 1 } else { i });
    }
    let n: u32 = text
        .parse()
        .map_err(|_| format!("`{text}` is not a number in the {name} field"))?;
    if n < min || n > max {
        return Err(format!(
            "{n} is out of range for the {name} field ({min}-{max})"
        ));
    }
    Ok(n)
}

/// Parses a cron expression, or says what is wrong with it.
pub(crate) fn parse(cron: &str) -> Result<Schedule, String> {
    let parts: Vec<&str> = cron.split_whitespace().collect();
    if parts.len() != 5 {
        return Err(format!(
            "a cron expression has 5 fields (minute, hour, day of month, month, day of week), found {}",
            parts.len()
        ));
    }
    let mut fields: [Vec<bool>; 5] = Default::default();
    for (f, part) in parts.iter().enumerate() {
        let (name, min, max) = FIELDS[f];
        let mut allowed = vec![false; max as usize + 1];
        for item in part.split(',') {
            if item.is_empty() {
                return Err(format!("empty item in the {name} field"));
            }
            let (range, step) = match item.split_once('/') {
                Some((r, s)) => {
                    let step: u32 = s
                        .parse()
                        .map_err(|_| format!("step `{s}` in the {name} field is not a number"))?;
                    if step == 0 {
                        return Err(format!("step 0 in the {name} field"));
                    }
                    (r, step)
                }
                None => (item, 1),
            };
            let (lo, hi) = if range == "*" {
                (min, max)
            } else if let Some((a, b)) = range.split_once('-') {
                let (a, b) = (value(a, f)?, value(b, f)?);
                if a > b {
                    return Err(format!("range {range} in the {name} field runs backwards"));
                }
                (a, b)
            } else {
                let a = value(range, f)?;
                (a, if item.contains('/') { max } else { a })
            };
            let mut v = lo;
            while v <= hi {
                allowed[v as usize] = true;
                v += step;
            }
        }
        fields[f] = allowed;
    }
    let every_day = parts[2] == "*" && parts[3] == "*" && parts[4] == "*";
    Ok(Schedule { fields, every_day })
}

impl Schedule {
    /// The shortest time between two runs, in minutes, within a day (and across midnight when the
    /// schedule runs every day).
    pub(crate) fn shortest_interval(&self) -> Option<u32> {
        let mut times = Vec::new();
        for (h, hour) in self.fields[1].iter().enumerate() {
            if !hour {
                continue;
            }
            for (m, minute) in self.fields[0].iter().enumerate() {
                if *minute {
                    times.push(u32::try_from(h * 60 + m).unwrap_or(u32::MAX));
                }
            }
        }
        let mut shortest: Option<u32> = None;
        for pair in times.windows(2) {
            let gap = pair[1] - pair[0];
            shortest = Some(shortest.map_or(gap, |s| s.min(gap)));
        }
        if self.every_day
            && let (Some(first), Some(last)) = (times.first(), times.last())
        {
            let gap = first + 24 * 60 - last;
            shortest = Some(shortest.map_or(gap, |s| s.min(gap)));
        }
        shortest
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn intervals() {
        let every = |c: &str| parse(c).unwrap().shortest_interval();
        assert_eq!(every("*/5 * * * *"), Some(5));
        assert_eq!(every("*/4 * * * *"), Some(4));
        assert_eq!(every("* */3 * * *"), Some(1));
        assert_eq!(every("0 2 * * *"), Some(1440));
        assert_eq!(every("0 2 * * 1-5"), None);
        assert_eq!(every("0,3 2 * * MON"), Some(3));
        assert!(parse("0 */3 * *").is_err());
        assert!(parse("60 * * * *").is_err());
        assert!(parse("0 0 * JAN-DEC SUN-SAT").is_ok());
    }

    #[test]
    fn time_zones_are_sorted() {
        assert!(super::super::tz::NAMES.windows(2).all(|w| w[0] < w[1]));
    }
}
