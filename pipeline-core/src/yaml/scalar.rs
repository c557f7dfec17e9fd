//! Scalar styles for the YAML writer: how a string is written so that every YAML 1.1 and 1.2 reader (and
//! GitHub) reads back exactly that string, chosen from properties measured in one pass over its bytes
//! (a table lookup per byte; only characters past ASCII are decoded).
//!
//! The ranked fallback, simplest first:
//!
//! 1. **plain** when the text cannot be read as anything else: not a null, bool (`yes`, `on`, `y`, … in
//!    any case), number (every YAML 1.1 and 1.2 form, `1_000`, `0o14`, `014`, `0x1F`, `1:30`, `.inf`, …),
//!    timestamp (`2001-12-14`), `=` or `<<`; no indicator at its start, no `: ` or ` #` inside, no `:` at
//!    its end, no leading or trailing space, nothing a plain scalar cannot hold (tabs, line breaks,
//!    control characters, BOM, Unicode spaces);
//! 2. **literal block** (`|`, `|-`, `|+`, with an indentation indicator when the first line starts with a
//!    blank) for text with line feeds that a literal block holds exactly: no other line breaks (`\r`,
//!    NEL, LS, PS), no control characters or BOM, some text that is not blank, and no line of blanks
//!    before that text;
//! 3. **single-quoted** for any other text on one line of printable characters (`'` doubled); a text
//!    holding `'` and nothing double quotes must escape goes **double-quoted** instead (`"'a' b"`);
//! 4. **double-quoted** with escapes for everything else: that style holds any string.
//!
//! In flow context (`[a, b]`) plain also excludes `,[]{}` and `:`, and blocks are not available; keys
//! never use blocks either.

/// How a string scalar is written.
///
/// ```
/// use pipeline_core::yaml::scalar::{style, Context, Style};
/// assert_eq!(style("ubuntu-latest", Context::Block), Style::Plain);
/// assert_eq!(style("3.10", Context::Block), Style::SingleQuoted);
/// assert_eq!(style("tab\there", Context::Block), Style::SingleQuoted);
/// assert_eq!(style("bell\u{7}", Context::Block), Style::DoubleQuoted);
/// assert_eq!(style("echo a\necho b\n", Context::Block), Style::Literal);
/// ```
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash)]
pub enum Style {
    /// As is.
    Plain,
    /// `'...'`, with `'` doubled.
    SingleQuoted,
    /// `"..."`, with backslash escapes.
    DoubleQuoted,
    /// `|` block on the following lines, with chomping and indentation indicators as needed.
    Literal,
}

/// Where a scalar is written: the indicators that matter differ.
///
/// ```
/// use pipeline_core::yaml::scalar::{style, Context, Style};
/// assert_eq!(style("a,b", Context::Block), Style::Plain);
/// assert_eq!(style("a,b", Context::Flow), Style::SingleQuoted);
/// ```
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash)]
pub enum Context {
    /// A block mapping value or block sequence item.
    Block,
    /// An item of a flow collection (`[a, b]`).
    Flow,
    /// A block mapping key: like [`Context::Block`], but never a block scalar.
    Key,
}

/// Keys written plain although YAML 1.1 would read them as something else: `on` is a bool in YAML 1.1,
/// but GitHub, `serde_yaml` and every YAML 1.2 reader read the workflow key `on` as the string, and it is
/// always written bare in workflows. Only that top-level key: [`crate::yaml::writer::Writer`] applies
/// the list to the keys of the root mapping alone, so a nested `on` (an env variable, an input) is quoted.
///
/// ```
/// use pipeline_core::yaml::scalar::{key_style, Style, GITHUB_PLAIN_KEYS};
/// assert_eq!(key_style("on", GITHUB_PLAIN_KEYS), Style::Plain);
/// assert_eq!(key_style("on", &[]), Style::SingleQuoted);
/// ```
pub const GITHUB_PLAIN_KEYS: &[&str] = &["on"];

/// The style for `text` in `context`.
///
/// ```
/// use pipeline_core::yaml::scalar::{style, Context, Style};
/// assert_eq!(style("on", Context::Block), Style::SingleQuoted);
/// assert_eq!(style("it's", Context::Block), Style::Plain);
/// assert_eq!(style("'quoted'", Context::Block), Style::DoubleQuoted);
/// assert_eq!(style("a\nb", Context::Key), Style::DoubleQuoted);
/// ```
#[must_use]
pub fn style(text: &str, context: Context) -> Style {
    let facts = Facts::of(text);
    let plain = match context {
        Context::Block | Context::Key => facts.plain_block,
        Context::Flow => facts.plain_flow,
    };
    if plain && !reads_as_non_string(text) {
        return Style::Plain;
    }
    if context == Context::Block && facts.literal {
        return Style::Literal;
    }
    if facts.single {
        return if facts.single_quotes && facts.clean_double {
            Style::DoubleQuoted
        } else {
            Style::SingleQuoted
        };
    }
    Style::DoubleQuoted
}

/// The style for a mapping key: plain when that is safe, or when the key is in `plain_keys` (see
/// [`GITHUB_PLAIN_KEYS`]) and its text needs no quotes; otherwise quoted as [`style`] chooses.
///
/// ```
/// use pipeline_core::yaml::scalar::{key_style, Style, GITHUB_PLAIN_KEYS};
/// assert_eq!(key_style("runs-on", GITHUB_PLAIN_KEYS), Style::Plain);
/// assert_eq!(key_style("yes", GITHUB_PLAIN_KEYS), Style::SingleQuoted);
/// assert_eq!(key_style("<<", GITHUB_PLAIN_KEYS), Style::SingleQuoted);
/// ```
#[must_use]
pub fn key_style(key: &str, plain_keys: &[&str]) -> Style {
    if plain_keys.contains(&key) && plain_syntax(key, Context::Key) {
        return Style::Plain;
    }
    style(key, Context::Key)
}

/// Whether `text` written plain keeps its characters: no indicator at the start, nothing inside that
/// ends or breaks a plain scalar, no characters a plain scalar cannot hold. It may still read as a number,
/// bool or null (see [`reads_as_non_string`]); that is what [`crate::yaml::writer::Writer::raw_plain`]
/// writes on purpose.
///
/// ```
/// use pipeline_core::yaml::scalar::{plain_syntax, Context};
/// assert!(plain_syntax("-1.5", Context::Block));
/// assert!(plain_syntax("true", Context::Flow));
/// assert!(!plain_syntax("- x", Context::Block));
/// assert!(!plain_syntax("a: b", Context::Block));
/// assert!(!plain_syntax("[x]", Context::Block));
/// ```
#[must_use]
pub fn plain_syntax(text: &str, context: Context) -> bool {
    let facts = Facts::of(text);
    match context {
        Context::Block | Context::Key => facts.plain_block,
        Context::Flow => facts.plain_flow,
    }
}

/// Whether some YAML reader would take the plain scalar `text` for something other than a string: null
/// (`~`, `null`, empty), a bool in YAML 1.1 or 1.2 (`true`, `yes`, `on`, `y`, … in any case), a number in
/// any YAML 1.1 or 1.2 form or as Rust parses floats (`1e3`, `+1`, `.5`, `1.`, `1_000`, `014`, `0o14`,
/// `0x1F`, `0b1`, `1:30`, `.inf`, `nan`, even the YAML 1.1 spec's `1.2.3`), a YAML 1.1 timestamp
/// (`2001-12-14…`), the YAML 1.1 value key `=` or the merge key `<<`. It errs on the side of quoting.
///
/// ```
/// use pipeline_core::yaml::scalar::reads_as_non_string;
/// for s in ["", "~", "Null", "YES", "n", "Off", "0x1F", "0o14", "014", "1_000", "1:30", "-.Inf", "2001-12-14"] {
///     assert!(reads_as_non_string(s), "{s}");
/// }
/// for s in ["main", "v1.2.3", "18.x", "0 0 * * *", "ubuntu-22.04", "nope", "x1"] {
///     assert!(!reads_as_non_string(s), "{s}");
/// }
/// ```
#[must_use]
pub fn reads_as_non_string(text: &str) -> bool {
    let bytes = text.as_bytes();
    let Some(&first) = bytes.first() else {
        return true;
    };
    // The null, bool and YAML 1.1 value and merge words are at most 5 bytes long.
    if bytes.len() <= 5 && yaml11_word(text) {
        return true;
    }
    // Every other non-string starts with a sign, a dot or a digit, or is an unsigned `inf`,
    // `infinity` or `nan`.
    match first {
        b'+' | b'-' | b'.' | b'0'..=b'9' => number_or_date(text),
        b'i' | b'I' | b'n' | b'N' => infinity_or_nan(text),
        _ => false,
    }
}

/// `~`, `null`, a YAML 1.1 bool in any case, `=` or `<<`.
fn yaml11_word(text: &str) -> bool {
    let is = |word: &str| text.eq_ignore_ascii_case(word);
    match text.len() {
        1 => matches!(text, "~" | "=" | "y" | "Y" | "n" | "N"),
        2 => is("no") || is("on") || text == "<<",
        3 => is("yes") || is("off"),
        4 => is("null") || is("true"),
        5 => is("false"),
        _ => false,
    }
}

/// `inf`, `infinity` or `nan` in any case.
fn infinity_or_nan(text: &str) -> bool {
    text.len() <= 8
        && ["inf", "infinity", "nan"]
            .iter()
            .any(|w| text.eq_ignore_ascii_case(w))
}

/// A number in any YAML 1.1 or 1.2 form (signed, `.inf`, hexadecimal, sexagesimal, ...) or a YAML 1.1
/// timestamp: texts that start with a sign, a dot or a digit.
fn number_or_date(text: &str) -> bool {
    let unsigned = text.strip_prefix(['+', '-']).unwrap_or(text);
    let bare = unsigned.strip_prefix('.').unwrap_or(unsigned);
    if infinity_or_nan(bare) {
        return true;
    }
    let bytes = unsigned.as_bytes();
    if let [b'0', b'x' | b'X' | b'o' | b'O' | b'b' | b'B', rest @ ..] = bytes
        && rest.iter().all(|b| b.is_ascii_hexdigit() || *b == b'_')
    {
        return true;
    }
    // Every decimal, float and sexagesimal form: digits with `_ . : e E + -`.
    if bytes
        .first()
        .is_some_and(|b| b.is_ascii_digit() || *b == b'.')
        && bytes.iter().all(|b| {
            b.is_ascii_digit() || matches!(b, b'_' | b'.' | b':' | b'e' | b'E' | b'+' | b'-')
        })
    {
        return true;
    }
    // A YAML 1.1 timestamp starts with a date: YYYY-M-D.
    let digits = |s: &[u8]| s.iter().take_while(|b| b.is_ascii_digit()).count();
    let b = text.as_bytes();
    if digits(b) == 4 && b.get(4) == Some(&b'-') {
        let month = digits(&b[5..]);
        if (1..=2).contains(&month) && b.get(5 + month) == Some(&b'-') {
            return (1..=2).contains(&digits(&b[6 + month..]));
        }
    }
    false
}

/// Characters YAML allows in a stream (`c-printable`), less the BOM, which only double quotes carry
/// safely.
fn printable(c: char) -> bool {
    matches!(c, '\t' | '\n' | '\r' | ' '..='~' | '\u{85}' | '\u{a0}'..='\u{d7ff}' | '\u{e000}'..='\u{fffd}' | '\u{10000}'..)
        && c != '\u{feff}'
}

/// Line breaks other than `\n`: YAML 1.1 readers (and the parser behind `serde_yaml`) break lines at
/// them, so they only survive escaped.
fn other_break(c: char) -> bool {
    matches!(c, '\r' | '\u{85}' | '\u{2028}' | '\u{2029}')
}

/// What one pass over a string found (with a second look at the rare texts that need one).
#[derive(Clone, Copy, Debug)]
struct Facts {
    /// Plain keeps the characters in block context (the implicit types are checked apart).
    plain_block: bool,
    /// Plain keeps the characters in flow context.
    plain_flow: bool,
    /// Single quotes hold it: one line of printable characters.
    single: bool,
    /// Holds `'`.
    single_quotes: bool,
    /// Double quotes hold it without a single escape.
    clean_double: bool,
    /// A literal block holds it exactly.
    literal: bool,
}

/// What a byte means to [`Facts::of`], as bits: the scan ors together the bits of every byte, from a table
/// rather than by decoding characters. Printable ASCII that matters only as text (letters, digits, most
/// punctuation) has none.
mod class {
    pub(super) const LINE_FEED: u16 = 1;
    pub(super) const TAB: u16 = 1 << 1;
    pub(super) const SPACE: u16 = 1 << 2;
    /// `:`, which is also [`FLOW`]: ends a plain scalar before a space.
    pub(super) const COLON: u16 = 1 << 3;
    /// `#`: starts a comment after a space.
    pub(super) const HASH: u16 = 1 << 4;
    pub(super) const SINGLE_QUOTE: u16 = 1 << 5;
    /// `"` or `\`: escaped in double quotes.
    pub(super) const DOUBLE_ESCAPE: u16 = 1 << 6;
    /// `,[]{}?:`: end a plain scalar in flow context (YAML 1.1 readers such as PyYAML end one at `?` too).
    pub(super) const FLOW: u16 = 1 << 7;
    /// ASCII that only double quotes carry (escaped): control characters, `\r`, DEL.
    pub(super) const ESCAPE: u16 = 1 << 8;
    /// A byte of a character past ASCII: the scan decodes those characters to look at them.
    pub(super) const NON_ASCII: u16 = 1 << 9;

    /// The bits of each byte.
    pub(super) static TABLE: [u16; 256] = {
        let mut table = [0; 256];
        let mut byte = 0;
        while byte < 256 {
            table[byte] = match byte as u8 {
                b'\n' => LINE_FEED,
                b'\t' => TAB,
                b' ' => SPACE,
                b':' => COLON | FLOW,
                b'#' => HASH,
                b'\'' => SINGLE_QUOTE,
                b'"' | b'\\' => DOUBLE_ESCAPE,
                b',' | b'[' | b']' | b'{' | b'}' | b'?' => FLOW,
                0..=0x1f | 0x7f => ESCAPE,
                0x80.. => NON_ASCII,
                _ => 0,
            };
            byte += 1;
        }
        table
    };
}

impl Facts {
    fn of(text: &str) -> Self {
        use class::*;
        let bytes = text.as_bytes();
        let classes = bytes
            .iter()
            .fold(0, |classes, &b| classes | TABLE[usize::from(b)]);
        let has = |class: u16| classes & class != 0;
        let line_feed = has(LINE_FEED);
        let (escape, odd_space) = if has(NON_ASCII) {
            non_ascii(text, has(ESCAPE))
        } else {
            (has(ESCAPE), false)
        };
        let plain_block = !line_feed
            && !escape
            && !has(TAB)
            && !odd_space
            && !leading_indicator(bytes)
            && !matches!(bytes.last(), Some(b':' | b' '))
            && !(has(COLON) && has(SPACE) && pair(bytes, b':', b' '))
            && !(has(SPACE) && has(HASH) && pair(bytes, b' ', b'#'));
        Self {
            plain_block,
            plain_flow: plain_block && !has(FLOW),
            single: !line_feed && !escape,
            single_quotes: has(SINGLE_QUOTE),
            clean_double: !line_feed && !escape && !has(TAB) && !has(DOUBLE_ESCAPE),
            literal: line_feed && !escape && literal_start(bytes),
        }
    }
}

/// Whether `text`, which has characters past ASCII, needs escapes (`escape` when its ASCII does), and
/// whether it has Unicode spaces other than ` `. Only the characters past ASCII are decoded. Out of line:
/// few texts need it, and [`Facts::of`] stays small for the others.
#[inline(never)]
fn non_ascii(text: &str, mut escape: bool) -> (bool, bool) {
    let mut odd_space = false;
    let mut rest = text;
    while let Some(at) = rest.bytes().position(|b| !b.is_ascii()) {
        let Some(c) = rest.get(at..).and_then(|tail| tail.chars().next()) else {
            break;
        };
        if other_break(c) || !printable(c) {
            escape = true;
        } else if c.is_whitespace() {
            odd_space = true;
        }
        rest = rest.get(at + c.len_utf8()..).unwrap_or_default();
    }
    (escape, odd_space)
}

/// Whether byte `a` is followed by byte `b` somewhere in `bytes`.
fn pair(bytes: &[u8], a: u8, b: u8) -> bool {
    bytes.windows(2).any(|w| w[0] == a && w[1] == b)
}

/// Whether a literal block can start `bytes` (one with line feeds): some text that is not blank, and no
/// line of blanks before the first line of that text, whose indentation would become the block's.
fn literal_start(bytes: &[u8]) -> bool {
    let Some(text) = bytes
        .iter()
        .position(|b| !matches!(b, b' ' | b'\t' | b'\n'))
    else {
        return false;
    };
    // The lines ended before the first text: they must be empty.
    let before = &bytes[..text];
    let ended = before.iter().rposition(|&b| b == b'\n').unwrap_or(0);
    before[..ended].iter().all(|&b| b == b'\n')
}

/// Whether the start of a text keeps it from being plain: an indicator, or nothing at all.
fn leading_indicator(bytes: &[u8]) -> bool {
    let Some(&first) = bytes.first() else {
        return true;
    };
    match first {
        // `-x` is plain; `- x`, `-` and a document marker `---` are not. `?` and `:` lead only quoted.
        b'-' => matches!(bytes.get(1), None | Some(b' ')) || bytes.starts_with(b"---"),
        b'.' => bytes.starts_with(b"..."),
        _ => matches!(
            first,
            b'?' | b':'
                | b','
                | b'['
                | b']'
                | b'{'
                | b'}'
                | b'#'
                | b'&'
                | b'*'
                | b'!'
                | b'|'
                | b'>'
                | b'\''
                | b'"'
                | b'%'
                | b'@'
                | b'`'
                | b' '
        ),
    }
}

/// Writes `text` in `style` on the current line: plain, single- or double-quoted. A [`Style::Literal`]
/// (which needs lines of its own) is written double-quoted here; use [`write_literal_header`] and
/// [`write_literal_body`] for it.
///
/// ```
/// use pipeline_core::yaml::scalar::{write_inline, Style};
/// let mut out = String::new();
/// write_inline(&mut out, "it's", Style::SingleQuoted);
/// out.push(' ');
/// write_inline(&mut out, "tab\t\"q\"\n", Style::DoubleQuoted);
/// assert_eq!(out, r#"'it''s' "tab\t\"q\"\n""#);
/// ```
pub fn write_inline(out: &mut String, text: &str, style: Style) {
    match style {
        Style::Plain => out.push_str(text),
        Style::SingleQuoted => {
            out.push('\'');
            for (i, part) in text.split('\'').enumerate() {
                if i > 0 {
                    out.push_str("''");
                }
                out.push_str(part);
            }
            out.push('\'');
        }
        Style::DoubleQuoted | Style::Literal => write_double_quoted(out, text),
    }
}

fn write_double_quoted(out: &mut String, text: &str) {
    use std::fmt::Write as _;
    out.push('"');
    for c in text.chars() {
        let escaped = match c {
            '"' => "\\\"",
            '\\' => "\\\\",
            '\0' => "\\0",
            '\u{7}' => "\\a",
            '\u{8}' => "\\b",
            '\t' => "\\t",
            '\n' => "\\n",
            '\u{b}' => "\\v",
            '\u{c}' => "\\f",
            '\r' => "\\r",
            '\u{1b}' => "\\e",
            '\u{85}' => "\\N",
            '\u{2028}' => "\\L",
            '\u{2029}' => "\\P",
            c if printable(c) => {
                out.push(c);
                continue;
            }
            c => {
                // Writing to a String cannot fail.
                let code = u32::from(c);
                let _ = match code {
                    0..=0xff => write!(out, "\\x{code:02X}"),
                    0x100..=0xffff => write!(out, "\\u{code:04X}"),
                    _ => write!(out, "\\U{code:08X}"),
                };
                continue;
            }
        };
        out.push_str(escaped);
    }
    out.push('"');
}

/// Writes the header of a literal block for `text`: `|`, then the indentation indicator `step` (the
/// content's indentation past its parent's, 1 to 9) when the first line with text starts with a blank,
/// then the chomping indicator: `-` without a final line feed, none for one, `+` for more.
///
/// ```
/// use pipeline_core::yaml::scalar::write_literal_header;
/// let header = |text: &str| {
///     let mut out = String::new();
///     write_literal_header(&mut out, text, 2);
///     out
/// };
/// assert_eq!(header("a\nb"), "|-");
/// assert_eq!(header("a\nb\n"), "|");
/// assert_eq!(header("a\n\n"), "|+");
/// assert_eq!(header("  indented\nb\n"), "|2");
/// ```
pub fn write_literal_header(out: &mut String, text: &str, step: usize) {
    out.push('|');
    let first_text = text.split('\n').find(|line| !line.is_empty());
    if first_text.is_some_and(|line| line.starts_with([' ', '\t'])) {
        out.push(char::from_digit(step.clamp(1, 9) as u32, 10).unwrap_or('2'));
    }
    if !text.ends_with('\n') {
        out.push('-');
    } else if text.ends_with("\n\n") {
        out.push('+');
    }
}

/// Writes the lines of a literal block for `text`, each indented by `indent` spaces (empty lines stay
/// empty), each ending with a line feed.
///
/// ```
/// use pipeline_core::yaml::scalar::write_literal_body;
/// let mut out = String::new();
/// write_literal_body(&mut out, "echo a\n\necho b\n", 4);
/// assert_eq!(out, "    echo a\n\n    echo b\n");
/// ```
pub fn write_literal_body(out: &mut String, text: &str, indent: usize) {
    let body = text.strip_suffix('\n').unwrap_or(text);
    for line in body.split('\n') {
        if !line.is_empty() {
            push_spaces(out, indent);
            out.push_str(line);
        }
        out.push('\n');
    }
}

/// Appends `n` spaces.
pub(crate) fn push_spaces(out: &mut String, mut n: usize) {
    const SPACES: &str = "                                                                ";
    while n > 0 {
        let k = n.min(SPACES.len());
        out.push_str(&SPACES[..k]);
        n -= k;
    }
}

/// `c` as it may stand in a one-line comment: line breaks become spaces, and characters YAML does not
/// allow in a stream U+FFFD.
pub(crate) fn comment_char(c: char) -> char {
    match c {
        '\n' => ' ',
        c if other_break(c) => ' ',
        c if printable(c) => c,
        _ => '\u{fffd}',
    }
}
