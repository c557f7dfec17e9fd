//! How each string is written: plain, single-quoted, double-quoted or as a literal block, chosen in one pass
//! over its bytes.

/// The style a string is written in.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub(super) enum Style {
    /// As is: YAML 1.1 and 1.2 both read it back as this string.
    Plain,
    /// `'...'` with `'` doubled.
    Single,
    /// `"..."` with escapes: for line breaks YAML 1.1 knows and for characters that cannot appear raw.
    Double,
    /// `|`, `|-` or `|+`, for multi-line text.
    Literal,
}

/// What one pass over a string found.
#[derive(Clone, Copy, Debug)]
pub(super) struct Scan {
    /// Plain is safe in block context.
    pub(super) plain: bool,
    /// Plain is safe inside `[...]`.
    pub(super) flow: bool,
    /// The string holds a `\n`.
    pub(super) multiline: bool,
    /// Only double quotes can carry it (control characters, `\r`, YAML 1.1 line breaks, BOM).
    pub(super) escape: bool,
    /// Something other than spaces and line breaks: a literal block of nothing but those would not read back.
    pub(super) has_text: bool,
}

impl Scan {
    /// The style of a value (a literal block is allowed).
    pub(super) fn value_style(self) -> Style {
        if self.escape {
            Style::Double
        } else if self.multiline {
            if self.has_text {
                Style::Literal
            } else {
                Style::Double
            }
        } else if self.plain {
            Style::Plain
        } else {
            Style::Single
        }
    }

    /// The style of a mapping key (on one line).
    pub(super) fn key_style(self) -> Style {
        if self.escape || self.multiline {
            Style::Double
        } else if self.plain {
            Style::Plain
        } else {
            Style::Single
        }
    }
}

const ORDINARY: u8 = 0;
/// Must be escaped: C0 controls but tab and `\n`, `\r`, DEL.
const ESCAPE: u8 = 1;
/// `\n`
const BREAK: u8 = 2;
/// A tab: PyYAML stops a plain scalar at it.
const TAB: u8 = 3;
/// `,[]{}`: ends a plain scalar inside `[...]`.
const FLOW: u8 = 4;
/// `:`
const COLON: u8 = 5;
/// `#`
const HASH: u8 = 6;
/// ` `
const SPACE: u8 = 7;
/// The first byte of a multi-byte UTF-8 sequence that may be a character YAML cannot carry raw.
const WIDE: u8 = 8;

const CLASS: [u8; 256] = {
    let mut table = [ORDINARY; 256];
    let mut b = 0;
    while b < 0x20 {
        table[b] = ESCAPE;
        b += 1;
    }
    table[0x7f] = ESCAPE;
    table[b'\n' as usize] = BREAK;
    table[b'\t' as usize] = TAB;
    table[b',' as usize] = FLOW;
    table[b'[' as usize] = FLOW;
    table[b']' as usize] = FLOW;
    table[b'{' as usize] = FLOW;
    table[b'}' as usize] = FLOW;
    table[b':' as usize] = COLON;
    table[b'#' as usize] = HASH;
    table[b' ' as usize] = SPACE;
    table[0xc2] = WIDE;
    table[0xe2] = WIDE;
    table[0xef] = WIDE;
    table
};

/// Looks at every byte of `s` once.
pub(super) fn scan(s: &str) -> Scan {
    let bytes = s.as_bytes();
    let mut plain = true;
    let mut flow = true;
    let mut multiline = false;
    let mut escape = false;
    let mut has_text = false;
    let mut i = 0;
    while i < bytes.len() {
        let b = bytes[i];
        match CLASS[usize::from(b)] {
            ORDINARY => has_text = true,
            ESCAPE => escape = true,
            BREAK => multiline = true,
            TAB => {
                plain = false;
                has_text = true;
            }
            FLOW => {
                flow = false;
                has_text = true;
            }
            COLON => {
                // `a: b` and `a:` end a key; inside `[...]` older PyYAML rejects any `:`.
                flow = false;
                has_text = true;
                if matches!(bytes.get(i + 1), None | Some(b' ' | b'\n' | b'\t')) {
                    plain = false;
                }
            }
            HASH => {
                has_text = true;
                if i > 0 && matches!(bytes[i - 1], b' ' | b'\t') {
                    plain = false;
                }
            }
            SPACE => {}
            _ => {
                has_text = true;
                // U+0080..U+009F (C1 controls, NEL), U+2028, U+2029, U+FEFF, U+FFFE, U+FFFF.
                let next = bytes.get(i + 1).copied().unwrap_or(0);
                let third = bytes.get(i + 2).copied().unwrap_or(0);
                escape |= match b {
                    0xc2 => (0x80..=0x9f).contains(&next),
                    0xe2 => next == 0x80 && matches!(third, 0xa8 | 0xa9),
                    _ => (next == 0xbb && third == 0xbf) || (next == 0xbf && third >= 0xbe),
                };
            }
        }
        i += 1;
    }
    if multiline || escape || !plain_edges(bytes) || resolves_to_non_string(s) {
        plain = false;
    }
    Scan {
        plain,
        flow: flow && plain,
        multiline,
        escape,
        has_text,
    }
}

/// The first and last bytes allow a plain scalar.
fn plain_edges(bytes: &[u8]) -> bool {
    let (Some(&first), Some(&last)) = (bytes.first(), bytes.last()) else {
        return false;
    };
    if last == b' ' {
        return false;
    }
    match first {
        b' ' | b'?' | b':' | b',' | b'[' | b']' | b'{' | b'}' | b'#' | b'&' | b'*' | b'!'
        | b'|' | b'>' | b'\'' | b'"' | b'%' | b'@' | b'`' => false,
        // `-x` is plain, `-` and `- x` are not; `---` would end the document in column 0.
        b'-' => !matches!(bytes.get(1), None | Some(b' ')) && !bytes.starts_with(b"---"),
        _ => true,
    }
}

/// Whether YAML 1.1 or 1.2 reads this plain text as something other than a string: null, a boolean
/// (1.1 knows `yes`, `no`, `on`, `off`, `y`, `n`), a number (1.1 knows `1_000`, `0b1`, `017`, `1:30`), a
/// timestamp, or the merge key. Errs on the side of quoting.
fn resolves_to_non_string(s: &str) -> bool {
    let bytes = s.as_bytes();
    if bytes.len() <= 5
        && matches!(
            s,
            "~" | "null"
                | "Null"
                | "NULL"
                | "true"
                | "True"
                | "TRUE"
                | "false"
                | "False"
                | "FALSE"
                | "y"
                | "Y"
                | "yes"
                | "Yes"
                | "YES"
                | "n"
                | "N"
                | "no"
                | "No"
                | "NO"
                | "on"
                | "On"
                | "ON"
                | "off"
                | "Off"
                | "OFF"
                | "<<"
                | "="
        )
    {
        return true;
    }
    // A timestamp: `2001-12-14`, `2001-1-2t...`.
    if bytes.len() >= 6
        && bytes[..4].iter().all(u8::is_ascii_digit)
        && bytes[4] == b'-'
        && bytes[5].is_ascii_digit()
    {
        return true;
    }
    let unsigned = match bytes.first() {
        Some(b'+' | b'-') => &bytes[1..],
        _ => bytes,
    };
    match unsigned {
        [b'.', b'i', b'n', b'f'] | [b'.', b'I', b'n', b'f'] | [b'.', b'I', b'N', b'F'] => true,
        [b'.', b'n', b'a', b'n'] | [b'.', b'N', b'a', b'N'] | [b'.', b'N', b'A', b'N'] => true,
        [b'0', b'x', rest @ ..] if !rest.is_empty() => {
            rest.iter().all(|&b| b.is_ascii_hexdigit() || b == b'_')
        }
        [b'0', b'o', rest @ ..] if !rest.is_empty() => {
            rest.iter().all(|&b| matches!(b, b'0'..=b'7' | b'_'))
        }
        [b'0', b'b', rest @ ..] if !rest.is_empty() => {
            rest.iter().all(|&b| matches!(b, b'0' | b'1' | b'_'))
        }
        [b'0'..=b'9' | b'.', ..] => is_decimal(unsigned) || is_sexagesimal(unsigned),
        _ => false,
    }
}

/// `[0-9_]*(\.[0-9._]*)?([eE][-+]?[0-9]+)?` with at least one digit: YAML 1.2 integers and floats, and
/// YAML 1.1's looser floats (`1.2.3`, `1_000.5`).
fn is_decimal(bytes: &[u8]) -> bool {
    let mut i = 0;
    let mut digits = false;
    while i < bytes.len() && (bytes[i].is_ascii_digit() || bytes[i] == b'_') {
        digits |= bytes[i].is_ascii_digit();
        i += 1;
    }
    if i < bytes.len() && bytes[i] == b'.' {
        i += 1;
        while i < bytes.len() && (bytes[i].is_ascii_digit() || matches!(bytes[i], b'_' | b'.')) {
            digits |= bytes[i].is_ascii_digit();
            i += 1;
        }
    }
    if !digits {
        return false;
    }
    if i < bytes.len() && matches!(bytes[i], b'e' | b'E') {
        i += 1;
        if i < bytes.len() && matches!(bytes[i], b'+' | b'-') {
            i += 1;
        }
        let exponent = i;
        while i < bytes.len() && bytes[i].is_ascii_digit() {
            i += 1;
        }
        if i == exponent {
            return false;
        }
    }
    i == bytes.len()
}

/// YAML 1.1's base 60: `[0-9][0-9_]*(:[0-5]?[0-9])+(\.[0-9_]*)?`, as in `1:30` or `190:20:30.15`.
fn is_sexagesimal(bytes: &[u8]) -> bool {
    let (number, fraction) = match bytes.iter().position(|&b| b == b'.') {
        Some(dot) => (&bytes[..dot], &bytes[dot + 1..]),
        None => (bytes, &[][..]),
    };
    if !fraction.iter().all(|&b| b.is_ascii_digit() || b == b'_') {
        return false;
    }
    let mut parts = number.split(|&b| b == b':');
    let first = parts.next().unwrap_or_default();
    if !first.first().is_some_and(u8::is_ascii_digit)
        || !first.iter().all(|&b| b.is_ascii_digit() || b == b'_')
    {
        return false;
    }
    let mut sixties = 0;
    for part in parts {
        sixties += 1;
        let valid = match part {
            [d] => d.is_ascii_digit(),
            [tens, units] => matches!(tens, b'0'..=b'5') && units.is_ascii_digit(),
            _ => false,
        };
        if !valid {
            return false;
        }
    }
    sixties > 0
}

/// Appends `s` in single quotes.
pub(super) fn write_single(out: &mut String, s: &str) {
    out.push('\'');
    let mut rest = s;
    while let Some(at) = rest.find('\'') {
        out.push_str(&rest[..=at]);
        out.push('\'');
        rest = &rest[at + 1..];
    }
    out.push_str(rest);
    out.push('\'');
}

/// Appends `s` in double quotes, escaping what YAML 1.1 or 1.2 would not read back raw.
pub(super) fn write_double(out: &mut String, s: &str) {
    const HEX: &[u8; 16] = b"0123456789ABCDEF";
    out.push('"');
    let mut start = 0;
    for (at, c) in s.char_indices() {
        let escape: &str = match c {
            '"' => "\\\"",
            '\\' => "\\\\",
            '\n' => "\\n",
            '\t' => "\\t",
            '\r' => "\\r",
            '\0' => "\\0",
            '\u{1}'..='\u{1f}' | '\u{7f}'..='\u{9f}' => "",
            '\u{2028}' | '\u{2029}' | '\u{feff}' | '\u{fffe}' | '\u{ffff}' => "",
            _ => continue,
        };
        out.push_str(&s[start..at]);
        start = at + c.len_utf8();
        if escape.is_empty() {
            let code = u32::from(c);
            if code < 0x100 {
                out.push_str("\\x");
            } else {
                out.push_str("\\u");
                out.push(char::from(HEX[(code >> 12) as usize & 0xf]));
                out.push(char::from(HEX[(code >> 8) as usize & 0xf]));
            }
            out.push(char::from(HEX[(code >> 4) as usize & 0xf]));
            out.push(char::from(HEX[code as usize & 0xf]));
        } else {
            out.push_str(escape);
        }
    }
    out.push_str(&s[start..]);
    out.push('"');
}
