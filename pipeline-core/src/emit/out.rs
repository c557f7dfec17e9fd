//! The output: block-style lines written straight into one `String`, with the indentation, keys, scalars and
//! flow lists of the canonical layout.
//!
//! Every value starts right after its key's `:` or its item's `-` and ends with the line break, so a value
//! writer never needs to know which of the two it follows: `col` is the column of the key or the dash, and
//! nested content goes at `col + 2`.

use super::scalar::{self, Style};
use crate::model::{Number, Value};
use std::fmt::Write as _;

/// The widest line a flow list may make, counting its indentation.
pub(super) const WIDTH: usize = 100;

/// YAML requires an implicit key to fit in 1024 characters; longer keys are written as `? key`.
const MAX_IMPLICIT_KEY: usize = 1024;

const SPACES: &str = "                                                                ";

/// Where a block value begins, to turn it into `{}` when nothing was written under it.
#[derive(Clone, Copy)]
pub(super) struct Open {
    before: usize,
    after: usize,
    inline: bool,
}

/// The text written so far.
pub(super) struct Out {
    buf: String,
    /// The next key continues the current line after `-`: the first entry of a mapping in a sequence.
    inline: bool,
    /// Where the current line starts in `buf`.
    line: usize,
}

impl Out {
    pub(super) fn with_capacity(capacity: usize) -> Self {
        Self {
            buf: String::with_capacity(capacity),
            inline: false,
            line: 0,
        }
    }

    pub(super) fn finish(self) -> String {
        self.buf
    }

    pub(super) fn len(&self) -> usize {
        self.buf.len()
    }

    /// A document without keys.
    pub(super) fn empty_document(&mut self) {
        self.buf.push_str("{}\n");
        self.line = self.buf.len();
    }

    /// `# text` for each line of `text`; an empty line is a bare `#`. Characters YAML does not allow in a
    /// comment become U+FFFD, and every kind of line break starts a new comment line, so no header can
    /// turn into data.
    pub(super) fn comment(&mut self, text: &str) {
        for line in text.split(['\n', '\r', '\u{85}', '\u{2028}', '\u{2029}']) {
            self.buf.push('#');
            if !line.is_empty() {
                self.buf.push(' ');
                for c in line.chars() {
                    let allowed = c == '\t'
                        || !(c.is_control() || matches!(c, '\u{feff}' | '\u{fffe}' | '\u{ffff}'));
                    self.buf.push(if allowed { c } else { '\u{fffd}' });
                }
            }
            self.buf.push('\n');
        }
        self.line = self.buf.len();
    }

    /// An empty line, unless the text is empty or already ends with one (after a `|+` block, an extra empty
    /// line would become part of the string).
    pub(super) fn blank_line(&mut self) {
        if !self.buf.is_empty() && !self.buf.ends_with("\n\n") {
            self.buf.push('\n');
            self.line = self.buf.len();
        }
    }

    fn indent(&mut self, col: usize) {
        if self.inline {
            self.inline = false;
            self.buf.push(' ');
            return;
        }
        self.line = self.buf.len();
        let mut left = col;
        while left > SPACES.len() {
            self.buf.push_str(SPACES);
            left -= SPACES.len();
        }
        self.buf.push_str(&SPACES[..left]);
    }

    /// `name:` at `col`, for a key of GitHub's syntax (always plain).
    pub(super) fn name(&mut self, col: usize, name: &str) {
        self.indent(col);
        self.buf.push_str(name);
        self.buf.push(':');
    }

    /// `key:` at `col`, for a key the user chose: quoted when needed, `? key` when too long.
    pub(super) fn key(&mut self, col: usize, key: &str) {
        self.indent(col);
        let style = scalar::scan(key).key_style();
        if key.len() > MAX_IMPLICIT_KEY && key.chars().count() > MAX_IMPLICIT_KEY {
            self.buf.push_str("? ");
            self.quoted(style, key);
            self.buf.push('\n');
            self.indent(col);
        } else {
            self.quoted(style, key);
        }
        self.buf.push(':');
    }

    /// `- ` at `col`: the item's value follows on the same line.
    pub(super) fn dash(&mut self, col: usize) {
        self.indent(col);
        self.buf.push('-');
        self.inline = true;
    }

    fn lead(&mut self) {
        self.inline = false;
        self.buf.push(' ');
    }

    /// A value that is plain by construction: a keyword, a boolean.
    pub(super) fn raw(&mut self, text: &str) {
        self.lead();
        self.buf.push_str(text);
        self.buf.push('\n');
    }

    /// `true` or `false`.
    pub(super) fn bool(&mut self, value: bool) {
        self.raw(if value { "true" } else { "false" });
    }

    /// A number, in the form YAML 1.1 and 1.2 read back as the same type.
    pub(super) fn number(&mut self, number: Number) {
        self.lead();
        self.write_number(number);
        self.buf.push('\n');
    }

    fn write_number(&mut self, number: Number) {
        match number {
            Number::Int(i) => write!(self.buf, "{i}"),
            Number::UInt(u) => write!(self.buf, "{u}"),
            Number::Float(_) => write!(self.buf, "{number}"),
        }
        .unwrap_or(());
    }

    /// Nothing after the key: null. After a dash, `null`, because a bare `-` is easy to misread.
    pub(super) fn null(&mut self) {
        if self.inline {
            self.raw("null");
        } else {
            self.buf.push('\n');
        }
    }

    /// A string value, in the style it needs; a literal block's lines go at `col + 2`.
    /// A string scalar followed by ` # comment` on the same line (a version after a pinned SHA). A
    /// string that needs a block scalar cannot carry a comment on its line, so the comment is dropped.
    pub(super) fn str_with_comment(&mut self, col: usize, s: &str, comment: Option<&str>) {
        let Some(comment) = comment else {
            return self.str(col, s);
        };
        self.lead();
        match scalar::scan(s).value_style() {
            Style::Literal => self.literal(col + 2, s),
            style => {
                self.quoted(style, s);
                self.buf.push_str(" #");
                for line in comment.lines().filter(|l| !l.trim().is_empty()) {
                    self.buf.push(' ');
                    self.buf.push_str(line.trim());
                }
                self.buf.push('\n');
            }
        }
    }

    pub(super) fn str(&mut self, col: usize, s: &str) {
        self.lead();
        match scalar::scan(s).value_style() {
            Style::Literal => self.literal(col + 2, s),
            style => {
                self.quoted(style, s);
                self.buf.push('\n');
            }
        }
    }

    fn quoted(&mut self, style: Style, s: &str) {
        match style {
            Style::Plain => self.buf.push_str(s),
            Style::Single => scalar::write_single(&mut self.buf, s),
            Style::Double | Style::Literal => scalar::write_double(&mut self.buf, s),
        }
    }

    /// `|`, `|-` or `|+` by the trailing line breaks; `|2` when the first line is empty or starts with a
    /// space or a tab, since the reader would take the indentation from it (libyaml rejects the tab).
    fn literal(&mut self, col: usize, s: &str) {
        self.buf.push('|');
        if s.starts_with([' ', '\t', '\n']) {
            self.buf.push('2');
        }
        let body = match s.strip_suffix('\n') {
            None => {
                self.buf.push('-');
                s
            }
            Some(body) => {
                if body.ends_with('\n') {
                    self.buf.push('+');
                }
                body
            }
        };
        self.buf.push('\n');
        for line in body.split('\n') {
            if !line.is_empty() {
                self.indent(col);
                self.buf.push_str(line);
            }
            self.buf.push('\n');
        }
        self.line = self.buf.len();
    }

    /// Starts a block mapping or sequence after a key or a dash.
    pub(super) fn open(&mut self) -> Open {
        let before = self.buf.len();
        let inline = self.inline;
        if !inline {
            self.buf.push('\n');
        }
        Open {
            before,
            after: self.buf.len(),
            inline,
        }
    }

    /// Ends a block mapping; when nothing was written under it, it becomes `{}`.
    pub(super) fn close_mapping(&mut self, open: Open) {
        if self.buf.len() == open.after {
            self.buf.truncate(open.before);
            self.inline = open.inline;
            self.raw("{}");
        }
    }

    /// The column the next character would go in.
    fn column(&self) -> usize {
        let line = &self.buf[self.line..];
        if line.is_ascii() {
            line.len()
        } else {
            line.chars().count()
        }
    }

    /// `[a, b]` when every item is plain inside brackets and the line stays within [`WIDTH`]; returns false
    /// and writes nothing otherwise.
    pub(super) fn flow<'a, I>(&mut self, items: I) -> bool
    where
        I: IntoIterator<Item = Flow<'a>> + Clone,
    {
        // ` [` and `]`
        let mut width = self.column() + 3;
        let mut first = true;
        for item in items.clone() {
            width += if first { 0 } else { 2 };
            first = false;
            width += match item {
                Flow::Str(s) => {
                    if !scalar::scan(s).flow {
                        return false;
                    }
                    if s.is_ascii() {
                        s.len()
                    } else {
                        s.chars().count()
                    }
                }
                Flow::Value(Value::Null) => 4,
                Flow::Value(Value::Bool(b)) => 4 + usize::from(!*b),
                Flow::Value(Value::Number(n)) => number_width(*n),
                Flow::Value(_) => return false,
            };
            if width > WIDTH {
                return false;
            }
        }
        self.lead();
        self.buf.push('[');
        let mut first = true;
        for item in items {
            if !first {
                self.buf.push_str(", ");
            }
            first = false;
            match item {
                Flow::Str(s) => self.buf.push_str(s),
                Flow::Value(Value::Null) => self.buf.push_str("null"),
                Flow::Value(Value::Bool(b)) => self.buf.push_str(if *b { "true" } else { "false" }),
                Flow::Value(Value::Number(n)) => self.write_number(*n),
                Flow::Value(_) => {}
            }
        }
        self.buf.push_str("]\n");
        true
    }
}

/// An item of a list that may be written in flow style.
#[derive(Clone, Copy)]
pub(super) enum Flow<'a> {
    /// A string.
    Str(&'a str),
    /// A free-form value other than a string; only scalars fit in a flow list.
    Value(&'a Value),
}

fn number_width(number: Number) -> usize {
    fn digits(mut n: u64) -> usize {
        let mut count = 1;
        while n >= 10 {
            n /= 10;
            count += 1;
        }
        count
    }
    match number {
        Number::Int(i) => digits(i.unsigned_abs()) + usize::from(i < 0),
        Number::UInt(u) => digits(u),
        // Floats are rare in lists; their text is short and measured exactly.
        Number::Float(_) => number.to_string().len(),
    }
}
