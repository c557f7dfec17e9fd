//! The low-level writer of canonical YAML: block style, two spaces per level, sequences of mappings as
//! `- key: value` indented under their key as GitHub's own examples are, short scalar lists in flow style,
//! each scalar in the simplest style that reads back exactly (see [`crate::yaml::scalar`]).
//!
//! The writer appends to one `String` as calls come in; a collection's first line is only written with
//! its first entry, so an empty one still becomes `{}` or `[]`. Whatever the order of calls, the output is
//! well-formed YAML ending in exactly one line feed: a value without a key goes under the key `''`, a key
//! without a value gets an empty (null) value, and [`Writer::finish`] closes what is still open.

use super::scalar::{self, Context, Style, push_spaces};
use crate::model::{Comments, NodeComments, PathSegment};

/// The widest line a flow sequence may make; longer lists are written as block sequences.
pub const MAX_WIDTH: usize = 100;

/// An item of [`Writer::flow_items`]: a string, styled as needed, or raw text such as a number.
///
/// ```
/// use pipeline_core::yaml::writer::{Item, Writer};
/// let mut w = Writer::new();
/// w.key("node").flow_items(&[Item::Raw("18"), Item::Raw("20"), Item::Str("22")]);
/// assert_eq!(w.finish(), "node: [18, 20, '22']\n");
/// ```
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Item<'a> {
    /// A string: quoted when plain would read as something else.
    Str(&'a str),
    /// Written as given when it is a plain token (`18`, `true`, `1.5`); otherwise as a string.
    Raw(&'a str),
}

/// Which items a flow sequence may hold.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
enum Flow {
    /// Any item on one line, quoted as needed.
    Quoted,
    /// Only items written as they are; a list with another goes one item per line.
    PlainOnly,
}

#[derive(Clone, Copy, Debug, PartialEq, Eq)]
enum Kind {
    Mapping,
    Sequence,
}

/// An open collection.
#[derive(Clone, Copy, Debug)]
struct Frame {
    kind: Kind,
    /// Column of its keys or dashes.
    indent: usize,
    /// Entries or items begun so far.
    len: usize,
    /// A mapping whose last key still waits for its value.
    key_pending: bool,
}

/// What the current (last) line of the output holds.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
enum Line {
    /// Nothing: the output ends with a line feed, or is empty.
    Fresh,
    /// `key:`, waiting for its value.
    AfterKey,
    /// `-`, waiting for the item.
    AfterDash,
}

/// A table of comments in force (see [`Writer::comments`]).
#[derive(Clone, Debug)]
struct Scope {
    /// The length of the path of the node that owns the table: its paths are relative to that node.
    base: usize,
    /// Whether its node has been started (a table is given before its key or dash is written).
    bound: bool,
    table: Comments,
}

/// A `|+` block that ends the output so far: its trailing empty lines are content, so if nothing follows
/// it, it is rewritten double-quoted to end the file with a single line feed.
#[derive(Clone, Debug)]
struct KeepBlock {
    /// Where the ` |+` starts.
    at: usize,
    text: String,
    comment: Option<String>,
}

/// Builds a YAML document in a `String`. The root is a block mapping: start with [`Writer::key`].
///
/// ```
/// use pipeline_core::yaml::writer::Writer;
/// let mut w = Writer::new();
/// w.comment("generated, do not edit");
/// w.key("name").scalar("CI");
/// w.key("on").begin_mapping();
/// w.key("push").begin_mapping().key("branches").flow_sequence(&["main"]).end();
/// w.end();
/// w.blank_line();
/// w.key("jobs").begin_mapping().key("test").begin_mapping();
/// w.key("runs-on").scalar("ubuntu-latest");
/// w.key("timeout-minutes").raw_plain("10");
/// w.key("steps").begin_sequence();
/// w.begin_mapping().key("uses").commented_scalar("actions/checkout@11bd71901bbe5b1630ceea73d27597364c9af683", "v4.2.2").end();
/// w.begin_mapping().key("run").scalar("cargo test\ncargo doc\n").end();
/// w.end().end().end();
/// assert_eq!(w.finish(), "\
/// ## generated, do not edit
/// name: CI
/// on:
///   push:
///     branches: [main]
///
/// jobs:
///   test:
///     runs-on: ubuntu-latest
///     timeout-minutes: 10
///     steps:
///       - uses: actions/checkout@11bd71901bbe5b1630ceea73d27597364c9af683 # v4.2.2
///       - run: |
///           cargo test
///           cargo doc
/// ");
/// ```
#[derive(Clone, Debug)]
pub struct Writer {
    out: String,
    root: Frame,
    frames: Vec<Frame>,
    line: Line,
    /// Comment lines and blank lines waiting for the next line of output.
    pending: String,
    plain_keys: &'static [&'static str],
    keep: Option<KeepBlock>,
    /// Comment tables in force, innermost last; while there is one, `path` is kept.
    scopes: Vec<Scope>,
    /// The keys and indexes leading to the entry or item being written.
    path: Vec<PathSegment>,
    /// The comment for the end of the line of the value about to be written.
    trailing: Option<String>,
    /// The comment for the line of the `key:` or `-` that opened a collection, written when that line
    /// ends.
    dangling: Option<String>,
}

impl Default for Writer {
    fn default() -> Self {
        Self::new()
    }
}

impl Writer {
    /// An empty document whose root keys in [`scalar::GITHUB_PLAIN_KEYS`] (`on`) are written plain.
    ///
    /// ```
    /// let mut w = pipeline_core::yaml::writer::Writer::new();
    /// w.key("on").scalar("push");
    /// w.key("env").begin_mapping().key("on").scalar("x").end();
    /// assert_eq!(w.finish(), "on: push\nenv:\n  'on': x\n");
    /// ```
    #[must_use]
    pub fn new() -> Self {
        Self::with_capacity(0)
    }

    /// An empty document with room for `bytes` of output.
    ///
    /// ```
    /// let w = pipeline_core::yaml::writer::Writer::with_capacity(4096);
    /// assert_eq!(w.finish(), "{}\n");
    /// ```
    #[must_use]
    pub fn with_capacity(bytes: usize) -> Self {
        Self {
            out: String::with_capacity(bytes),
            root: Frame {
                kind: Kind::Mapping,
                indent: 0,
                len: 0,
                key_pending: false,
            },
            frames: Vec::new(),
            line: Line::Fresh,
            pending: String::new(),
            plain_keys: scalar::GITHUB_PLAIN_KEYS,
            keep: None,
            scopes: Vec::new(),
            path: Vec::new(),
            trailing: None,
            dangling: None,
        }
    }

    /// Replaces the keys written plain even though YAML 1.1 would read them as something else (see
    /// [`scalar::key_style`]). They are plain only as keys of the root mapping; nested, they are quoted
    /// as any other key.
    ///
    /// ```
    /// use pipeline_core::yaml::writer::Writer;
    /// let mut w = Writer::new().plain_keys(&[]);
    /// w.key("on").scalar("push");
    /// assert_eq!(w.finish(), "'on': push\n");
    /// ```
    #[must_use]
    pub fn plain_keys(mut self, keys: &'static [&'static str]) -> Self {
        self.plain_keys = keys;
        self
    }

    /// Starts an entry of the current mapping. Inside a sequence, it starts a mapping item first, as
    /// [`Writer::begin_mapping`] does (to be closed with [`Writer::end`]). A previous key still without a
    /// value gets an empty one. The key is written in the style [`scalar::key_style`] chooses, with the
    /// [plain keys](Writer::plain_keys) only in the root mapping.
    ///
    /// ```
    /// let mut w = pipeline_core::yaml::writer::Writer::new();
    /// w.key("a");
    /// w.key("b: c").scalar("d");
    /// assert_eq!(w.finish(), "a:\n'b: c': d\n");
    /// ```
    pub fn key(&mut self, key: &str) -> &mut Self {
        let top = self.top();
        if top.kind == Kind::Sequence {
            self.begin_mapping();
        } else if top.key_pending {
            self.null();
        }
        if !self.scopes.is_empty() {
            self.enter(Segment::Key(key));
        }
        let frame = self.top();
        self.line_start(frame);
        let at = self.out.len();
        // The allowlist is for the workflow's own `on`, a key of the root mapping: anywhere else (an env
        // variable, an input, a matrix axis) `on` is the user's, and YAML 1.1 would read it bare as `true`.
        let plain_keys = if self.frames.is_empty() {
            self.plain_keys
        } else {
            &[]
        };
        scalar::write_inline(&mut self.out, key, scalar::key_style(key, plain_keys));
        // An implicit key spans at most 1024 bytes (the parser behind `serde_yaml` counts bytes, others
        // characters); a longer one is written as an explicit `? key`.
        if self.out.len() - at > 1000 {
            self.out.insert_str(at, "? ");
            self.out.push('\n');
            push_spaces(&mut self.out, frame.indent);
        }
        self.out.push(':');
        self.line = Line::AfterKey;
        let top = self.top_mut();
        top.key_pending = true;
        top.len += 1;
        self
    }

    /// Writes a string value, in the style [`scalar::style`] chooses.
    ///
    /// ```
    /// let mut w = pipeline_core::yaml::writer::Writer::new();
    /// w.key("a").scalar("yes").key("b").scalar("1.0").key("c").scalar("x: y");
    /// assert_eq!(w.finish(), "a: 'yes'\nb: '1.0'\nc: 'x: y'\n");
    /// ```
    pub fn scalar(&mut self, value: &str) -> &mut Self {
        self.scalar_inner(value, None)
    }

    /// Writes a string value followed by a comment on its line (for a block, on its header line):
    /// `uses: actions/checkout@<sha> # v4.2.2`. Line breaks in the comment become spaces.
    ///
    /// ```
    /// let mut w = pipeline_core::yaml::writer::Writer::new();
    /// w.key("run").commented_scalar("a\nb\n", "two lines");
    /// assert_eq!(w.finish(), "run: | # two lines\n  a\n  b\n");
    /// ```
    pub fn commented_scalar(&mut self, value: &str, comment: &str) -> &mut Self {
        self.scalar_inner(value, Some(comment))
    }

    fn scalar_inner(&mut self, value: &str, comment: Option<&str>) -> &mut Self {
        self.value_prefix();
        // A comment given with the value (a pin's version) is text; one from a table is kept as written.
        let kept = if self.trailing.is_some() {
            self.trailing.take()
        } else {
            None
        };
        let comment = match (comment, &kept) {
            (Some(text), _) => Some(Comment::Text(text)),
            (None, Some(verbatim)) => Some(Comment::Verbatim(verbatim)),
            (None, None) => None,
        };
        let at = self.out.len();
        self.out.push(' ');
        let style = scalar::style(value, Context::Block);
        if style == Style::Literal {
            let indent = self.top().indent + 2;
            scalar::write_literal_header(&mut self.out, value, 2);
            if let Some(comment) = comment {
                comment.write(&mut self.out);
            }
            self.out.push('\n');
            scalar::write_literal_body(&mut self.out, value, indent);
            if value.ends_with("\n\n") {
                let comment = comment.map(|c| {
                    let mut text = String::new();
                    c.write(&mut text);
                    text
                });
                self.keep = Some(KeepBlock {
                    at,
                    text: value.to_owned(),
                    comment,
                });
            }
        } else {
            scalar::write_inline(&mut self.out, value, style);
            if let Some(comment) = comment {
                comment.write(&mut self.out);
            }
            self.out.push('\n');
        }
        self.line = Line::Fresh;
        self
    }

    /// Writes `text` as it is, for numbers and bools (`10`, `1.5`, `true`). Text that would not read back
    /// as written plain (`a: b`, `[x]`, line breaks, …) is written as a string instead.
    ///
    /// ```
    /// let mut w = pipeline_core::yaml::writer::Writer::new();
    /// w.key("count").raw_plain("10").key("f").raw_plain("false").key("bad").raw_plain("- x");
    /// assert_eq!(w.finish(), "count: 10\nf: false\nbad: '- x'\n");
    /// ```
    pub fn raw_plain(&mut self, text: &str) -> &mut Self {
        if !scalar::plain_syntax(text, Context::Block) {
            return self.scalar(text);
        }
        self.value_prefix();
        self.out.push(' ');
        self.out.push_str(text);
        self.end_line();
        self
    }

    /// An empty (null) value: `key:` with nothing after it, or `-` alone.
    ///
    /// ```
    /// let mut w = pipeline_core::yaml::writer::Writer::new();
    /// w.key("workflow_dispatch").null();
    /// w.key("list").begin_sequence().null().end();
    /// assert_eq!(w.finish(), "workflow_dispatch:\nlist:\n  -\n");
    /// ```
    pub fn null(&mut self) -> &mut Self {
        self.value_prefix();
        self.end_line();
        self
    }

    /// An empty mapping, `{}`.
    ///
    /// ```
    /// let mut w = pipeline_core::yaml::writer::Writer::new();
    /// w.key("with").empty_mapping();
    /// assert_eq!(w.finish(), "with: {}\n");
    /// ```
    pub fn empty_mapping(&mut self) -> &mut Self {
        self.begin_mapping().end()
    }

    /// An empty sequence, `[]`.
    ///
    /// ```
    /// let mut w = pipeline_core::yaml::writer::Writer::new();
    /// w.key("needs").empty_sequence();
    /// assert_eq!(w.finish(), "needs: []\n");
    /// ```
    pub fn empty_sequence(&mut self) -> &mut Self {
        self.begin_sequence().end()
    }

    /// Opens a block mapping as the current value; its entries follow with [`Writer::key`], and
    /// [`Writer::end`] closes it. As a sequence item, its first key shares the dash's line.
    ///
    /// ```
    /// let mut w = pipeline_core::yaml::writer::Writer::new();
    /// w.key("env").begin_mapping().key("A").scalar("1").key("B").scalar("two").end();
    /// w.key("list").begin_sequence().begin_mapping().key("x").scalar("a").key("z").scalar("b").end().end();
    /// assert_eq!(w.finish(), "env:\n  A: '1'\n  B: two\nlist:\n  - x: a\n    z: b\n");
    /// ```
    pub fn begin_mapping(&mut self) -> &mut Self {
        self.open(Kind::Mapping)
    }

    /// Opens a block sequence as the current value; items follow as values, and [`Writer::end`] closes
    /// it. Under a key, the dashes are indented by two; as an item, it starts on the dash's line.
    ///
    /// ```
    /// let mut w = pipeline_core::yaml::writer::Writer::new();
    /// w.key("matrix").begin_sequence();
    /// w.begin_sequence().scalar("a").scalar("b").end();
    /// w.scalar("c");
    /// w.end();
    /// assert_eq!(w.finish(), "matrix:\n  - - a\n    - b\n  - c\n");
    /// ```
    pub fn begin_sequence(&mut self) -> &mut Self {
        self.open(Kind::Sequence)
    }

    fn open(&mut self, kind: Kind) -> &mut Self {
        self.value_prefix();
        if self.trailing.is_some() {
            self.dangling = self.trailing.take();
        }
        let indent = self.top().indent + 2;
        self.frames.push(Frame {
            kind,
            indent,
            len: 0,
            key_pending: false,
        });
        self
    }

    /// Closes the innermost open mapping or sequence (`{}` or `[]` when it stayed empty). The root
    /// mapping stays open until [`Writer::finish`].
    ///
    /// ```
    /// let mut w = pipeline_core::yaml::writer::Writer::new();
    /// w.key("a").begin_mapping().end().end();
    /// w.key("b").begin_sequence().end();
    /// assert_eq!(w.finish(), "a: {}\nb: []\n");
    /// ```
    pub fn end(&mut self) -> &mut Self {
        let Some(&frame) = self.frames.last() else {
            return self;
        };
        let end = if self.scopes.is_empty() {
            None
        } else {
            find(&self.scopes, &self.path, self.frames.len()).map(|node| node.end.clone())
        };
        self.frames.pop();
        if frame.key_pending {
            self.end_line();
        }
        if frame.len == 0 {
            self.out.push_str(if frame.kind == Kind::Mapping {
                " {}"
            } else {
                " []"
            });
            self.trailing = self.dangling.take();
            self.end_line();
            self.keep = None;
        }
        if let Some(end) = end {
            self.push_lines(&end, frame.indent);
        }
        if !self.scopes.is_empty() {
            let level = self.frames.len();
            while self.scopes.last().is_some_and(|s| s.base > level + 1) {
                self.scopes.pop();
            }
        }
        self
    }

    /// A sequence of strings as the current value, in flow style (`[main, develop]`) when no item holds a
    /// line feed and the line stays within [`MAX_WIDTH`] columns; otherwise as a block sequence.
    ///
    /// ```
    /// let mut w = pipeline_core::yaml::writer::Writer::new();
    /// w.key("branches").flow_sequence(&["main", "release/*", "v1.0", "a, b"]);
    /// w.key("long").flow_sequence(&["x".repeat(60), "y".repeat(60)]);
    /// let long = format!("long:\n  - {}\n  - {}\n", "x".repeat(60), "y".repeat(60));
    /// assert_eq!(w.finish(), format!("branches: [main, release/*, v1.0, 'a, b']\n{long}"));
    /// ```
    pub fn flow_sequence<S: AsRef<str>>(&mut self, items: &[S]) -> &mut Self {
        self.flow_inner(
            items.len(),
            &|i| Item::Str(items.get(i).map_or("", AsRef::as_ref)),
            Flow::Quoted,
        )
    }

    /// Like [`Writer::flow_sequence`], but in flow style only when every item is plain there: a list
    /// with an item that needs quotes goes one item per line, as hand-written workflows have it. Each
    /// item is scanned once for both decisions.
    ///
    /// ```
    /// let mut w = pipeline_core::yaml::writer::Writer::new();
    /// w.key("branches").plain_flow_sequence(&["main", "release/*"]);
    /// w.key("python").plain_flow_sequence(&["3.12", "3.10"]);
    /// assert_eq!(w.finish(), "branches: [main, release/*]\npython:\n  - '3.12'\n  - '3.10'\n");
    /// ```
    pub fn plain_flow_sequence<S: AsRef<str>>(&mut self, items: &[S]) -> &mut Self {
        self.flow_inner(
            items.len(),
            &|i| Item::Str(items.get(i).map_or("", AsRef::as_ref)),
            Flow::PlainOnly,
        )
    }

    /// Like [`Writer::flow_sequence`], with raw items (numbers, bools) among the strings.
    ///
    /// ```
    /// use pipeline_core::yaml::writer::{Item, Writer};
    /// let mut w = Writer::new();
    /// w.key("python").flow_items(&[Item::Str("3.10"), Item::Raw("3.12"), Item::Raw("x: y")]);
    /// assert_eq!(w.finish(), "python: ['3.10', 3.12, 'x: y']\n");
    /// ```
    pub fn flow_items(&mut self, items: &[Item<'_>]) -> &mut Self {
        self.flow_inner(
            items.len(),
            &|i| items.get(i).copied().unwrap_or(Item::Str("")),
            Flow::Quoted,
        )
    }

    /// Like [`Writer::flow_items`], but in flow style only when every item is written there as it is:
    /// each string plain, each raw item a plain token; otherwise one item per line.
    ///
    /// ```
    /// use pipeline_core::yaml::writer::{Item, Writer};
    /// let mut w = Writer::new();
    /// w.key("node").plain_flow_items(&[Item::Raw("18"), Item::Str("lts/*")]);
    /// w.key("python").plain_flow_items(&[Item::Str("3.10"), Item::Raw("3.12")]);
    /// assert_eq!(w.finish(), "node: [18, lts/*]\npython:\n  - '3.10'\n  - 3.12\n");
    /// ```
    pub fn plain_flow_items(&mut self, items: &[Item<'_>]) -> &mut Self {
        self.flow_inner(
            items.len(),
            &|i| items.get(i).copied().unwrap_or(Item::Str("")),
            Flow::PlainOnly,
        )
    }

    fn flow_inner<'a>(
        &mut self,
        len: usize,
        item: &dyn Fn(usize) -> Item<'a>,
        flow: Flow,
    ) -> &mut Self {
        self.value_prefix();
        let at = self.out.len();
        // A plain item has no line feed; a quoted one may, and then the list goes one item per line.
        let one_line = flow == Flow::PlainOnly
            || (0..len).all(|i| match item(i) {
                Item::Str(s) | Item::Raw(s) => !s.contains('\n'),
            });
        // Comments on the items, or at the end of the list, need a list one item per line.
        let commented = !self.scopes.is_empty() && self.lookup_within(self.frames.len() + 1);
        if one_line && !commented {
            if self.write_flow(len, item, flow) {
                self.end_line();
                return self;
            }
            self.out.truncate(at);
        }
        self.dangling = self.trailing.take();
        let indent = self.top().indent + 2;
        self.frames.push(Frame {
            kind: Kind::Sequence,
            indent,
            len: 0,
            key_pending: false,
        });
        for i in 0..len {
            match item(i) {
                Item::Str(s) => self.scalar(s),
                Item::Raw(raw) => self.raw_plain(raw),
            };
        }
        self.end()
    }

    /// Writes ` [a, b]` and says whether it fits in [`MAX_WIDTH`] columns, and with [`Flow::PlainOnly`],
    /// whether every item is written as it is (it stops at the first that is not).
    fn write_flow<'a>(&mut self, len: usize, item: &dyn Fn(usize) -> Item<'a>, flow: Flow) -> bool {
        self.out.push_str(" [");
        for i in 0..len {
            if i > 0 {
                self.out.push_str(", ");
            }
            match item(i) {
                Item::Raw(raw) if scalar::plain_syntax(raw, Context::Flow) => {
                    self.out.push_str(raw)
                }
                Item::Str(s) | Item::Raw(s) => {
                    let style = scalar::style(s, Context::Flow);
                    if flow == Flow::PlainOnly && style != Style::Plain {
                        return false;
                    }
                    scalar::write_inline(&mut self.out, s, style);
                }
            }
        }
        self.out.push(']');
        let line_start = self.out.rfind('\n').map_or(0, |i| i + 1);
        self.out[line_start..].chars().count() <= MAX_WIDTH
    }

    /// An empty line before the next entry (several in a row make one; none at the start or the end of
    /// the document, nor after a `|+` block, whose trailing lines are its content).
    ///
    /// ```
    /// let mut w = pipeline_core::yaml::writer::Writer::new();
    /// w.blank_line().key("a").scalar("1").blank_line().blank_line().key("b").scalar("2").blank_line();
    /// assert_eq!(w.finish(), "a: '1'\n\nb: '2'\n");
    /// ```
    pub fn blank_line(&mut self) -> &mut Self {
        let blank_already = self.pending == "\n" || self.pending.ends_with("\n\n");
        if !(blank_already || (self.out.is_empty() && self.pending.is_empty())) {
            self.pending.push('\n');
        }
        self
    }

    /// A comment on lines of its own before the next entry, at the current indentation; each line of
    /// `text` becomes a `# ` line. Characters YAML does not allow in a file become U+FFFD.
    ///
    /// ```
    /// let mut w = pipeline_core::yaml::writer::Writer::new();
    /// w.comment("Generated by pipeline-sdk.\n\nDo not edit.");
    /// w.key("jobs").begin_mapping().comment("the only job").key("a").empty_mapping().end();
    /// assert_eq!(w.finish(), "# Generated by pipeline-sdk.\n#\n# Do not edit.\njobs:\n  # the only job\n  a: {}\n");
    /// ```
    pub fn comment(&mut self, text: &str) -> &mut Self {
        let indent = self.top().indent;
        for line in text.split(['\n', '\r', '\u{85}', '\u{2028}', '\u{2029}']) {
            push_spaces(&mut self.pending, indent);
            self.pending.push('#');
            let line = line.trim_end();
            if !line.is_empty() {
                self.pending.push(' ');
                self.pending.extend(line.chars().map(scalar::comment_char));
            }
            self.pending.push('\n');
        }
        self
    }

    /// Closes what is still open and returns the document, ending in exactly one line feed. An empty
    /// document is `{}`.
    ///
    /// ```
    /// let mut w = pipeline_core::yaml::writer::Writer::new();
    /// w.key("a").begin_mapping().key("b");
    /// assert_eq!(w.finish(), "a:\n  b:\n");
    /// ```
    #[must_use]
    pub fn finish(mut self) -> String {
        while !self.frames.is_empty() {
            self.end();
        }
        if self.root.key_pending {
            self.end_line();
        }
        if self.root.len == 0 {
            self.line_start(self.root);
            self.out.push_str("{}\n");
        }
        if let Some(end) = find(&self.scopes, &self.path, 0).map(|node| node.end.clone()) {
            self.push_lines(&end, 0);
        }
        if !self.pending.is_empty() {
            let comments: String = self
                .pending
                .split_inclusive('\n')
                .filter(|l| *l != "\n")
                .collect();
            if !comments.is_empty() {
                self.out.push_str(&comments);
                self.keep = None;
            }
        }
        if let Some(keep) = self.keep.take() {
            self.out.truncate(keep.at);
            self.out.push(' ');
            scalar::write_inline(&mut self.out, &keep.text, Style::DoubleQuoted);
            if let Some(comment) = &keep.comment {
                self.out.push_str(comment);
            }
            self.out.push('\n');
        }
        self.out
    }

    // ----- internals -----

    fn top(&self) -> Frame {
        self.frames.last().copied().unwrap_or(self.root)
    }

    fn top_mut(&mut self) -> &mut Frame {
        self.frames.last_mut().unwrap_or(&mut self.root)
    }

    /// Begins the line of a key or dash in `frame`: on the line of a dash that opened it when it is the
    /// frame's first entry (`- key:`, `- - item`), else on a new line, after the comments and blank
    /// lines waiting for it.
    fn line_start(&mut self, frame: Frame) {
        if self.dangling.is_some()
            && let Some(comment) = self.dangling.take()
        {
            // `key: # comment` or `- # comment`: the collection's first entry goes on the next line.
            if self.line == Line::Fresh {
                self.push_lines(&[comment], frame.indent);
            } else {
                push_comment(&mut self.out, &comment);
                self.out.push('\n');
                self.line = Line::Fresh;
            }
        }
        if self.line == Line::AfterDash && frame.len == 0 {
            if self.pending.is_empty() || !self.pending.contains('#') {
                self.out.push(' ');
                return;
            }
            // The first key has comments above it: the dash stays alone on its line.
            self.out.push('\n');
            self.line = Line::Fresh;
        }
        if self.line != Line::Fresh {
            self.out.push('\n');
            self.line = Line::Fresh;
        }
        if !self.pending.is_empty() {
            if self.keep.is_some() {
                // No blank line after a `|+` block: it would join the block's content.
                let comments: String = self
                    .pending
                    .split_inclusive('\n')
                    .filter(|l| *l != "\n")
                    .collect();
                self.out.push_str(&comments);
            } else {
                self.out.push_str(&self.pending);
            }
            self.pending.clear();
        }
        self.keep = None;
        push_spaces(&mut self.out, frame.indent);
    }

    /// Makes way for a value: in a mapping, takes the pending key (or writes the key `''`); in a
    /// sequence, writes the item's dash.
    fn value_prefix(&mut self) {
        let top = self.top();
        match top.kind {
            Kind::Mapping => {
                if !top.key_pending {
                    self.key("");
                }
                self.top_mut().key_pending = false;
            }
            Kind::Sequence => {
                if !self.scopes.is_empty() {
                    self.enter(Segment::Index(top.len));
                }
                self.line_start(top);
                self.out.push('-');
                self.line = Line::AfterDash;
                self.top_mut().len += 1;
            }
        }
        self.keep = None;
    }

    /// Ends the line of a value, with the comment waiting for it.
    #[inline]
    fn end_line(&mut self) {
        if self.trailing.is_some()
            && let Some(comment) = self.trailing.take()
        {
            push_comment(&mut self.out, &comment);
        }
        self.out.push('\n');
        self.line = Line::Fresh;
    }

    /// Comment lines (verbatim, from their `#`; an empty one is a blank line) before the next line of
    /// output, at `indent`.
    fn push_lines(&mut self, lines: &[String], indent: usize) {
        let out_empty = self.out.is_empty();
        push_lines(&mut self.pending, out_empty, lines, indent);
    }

    /// Starts the entry or item `segment` of the innermost collection: takes up the table given for it,
    /// leaves those of its earlier siblings, and readies its comments.
    fn enter(&mut self, segment: Segment<'_>) {
        let level = self.frames.len();
        let pending_here = self
            .scopes
            .last()
            .is_some_and(|s| !s.bound && s.base == level + 1);
        if pending_here {
            if let Some(scope) = self.scopes.last_mut() {
                scope.bound = true;
            }
        } else {
            self.leave(level);
        }
        self.path.truncate(level + 1);
        while self.path.len() <= level {
            self.path.push(PathSegment::Index(usize::MAX));
        }
        // The segment's `String` is reused from one key to the next.
        match (&mut self.path[level], segment) {
            (PathSegment::Key(slot), Segment::Key(key)) => {
                slot.clear();
                slot.push_str(key);
            }
            (slot, Segment::Key(key)) => *slot = PathSegment::Key(key.to_owned()),
            (slot, Segment::Index(i)) => *slot = PathSegment::Index(i),
        }
        let indent = self.top().indent;
        let Some(node) = find(&self.scopes, &self.path, level + 1) else {
            return;
        };
        let out_empty = self.out.is_empty();
        push_lines(&mut self.pending, out_empty, &node.before, indent);
        self.trailing.clone_from(&node.after);
    }

    /// Drops the tables of entries at `level` and deeper that are done.
    fn leave(&mut self, level: usize) {
        while self
            .scopes
            .last()
            .is_some_and(|s| s.base > level + 1 || (s.base == level + 1 && s.bound))
        {
            self.scopes.pop();
        }
    }

    /// Whether the node whose path is the first `len` segments of `path` has comments inside or after it.
    fn lookup_within(&self, len: usize) -> bool {
        let Some(scope) = self.scopes.iter().rev().find(|s| s.bound && s.base <= len) else {
            return false;
        };
        self.path
            .get(scope.base..len)
            .is_some_and(|segments| scope.table.within(segments))
    }

    /// Gives the comments of the next entry or item of the innermost collection, and of everything inside
    /// it: `table`'s paths are relative to that entry or item (the empty path for the lines above its key
    /// or dash). A job's or a step's own table, say; it is in force until the next entry or item.
    ///
    /// ```
    /// use pipeline_core::model::{Comments, Path};
    /// use pipeline_core::yaml::writer::Writer;
    /// let mut comments = Comments::default();
    /// comments.before(&Path::root(), "the only job").after(&Path::root().key("runs-on"), "cheapest");
    /// let mut w = Writer::new();
    /// w.key("jobs").begin_mapping().comments(&comments).key("a").begin_mapping();
    /// w.key("runs-on").scalar("ubuntu-latest").end().end();
    /// assert_eq!(w.finish(), "jobs:\n  # the only job\n  a:\n    runs-on: ubuntu-latest # cheapest\n");
    /// ```
    #[inline]
    pub fn comments(&mut self, table: &Comments) -> &mut Self {
        if table.is_empty() {
            return self;
        }
        let level = self.frames.len();
        self.leave(level);
        self.scopes.push(Scope {
            base: level + 1,
            bound: false,
            table: table.clone(),
        });
        self
    }

    /// Gives the comments of the whole document: the lines before the root (the file's header, followed
    /// by a blank line) are written now, the others as their keys and items come. Call it before the
    /// first key.
    ///
    /// ```
    /// use pipeline_core::model::{Comments, Path};
    /// use pipeline_core::yaml::writer::Writer;
    /// let mut comments = Comments::default();
    /// comments.before(&Path::root(), "CI").before(&Path::root().key("on"), "every push");
    /// let mut w = Writer::new();
    /// w.document_comments(&comments).key("on").scalar("push");
    /// assert_eq!(w.finish(), "# CI\n\n# every push\non: push\n");
    /// ```
    pub fn document_comments(&mut self, table: &Comments) -> &mut Self {
        if table.is_empty() {
            return self;
        }
        if let Some(root) = table.at(&[]) {
            let header: Vec<String> = root.before.iter().chain(&root.after).cloned().collect();
            if !header.is_empty() {
                self.push_lines(&header, 0);
                self.blank_line();
            }
        }
        self.scopes.push(Scope {
            base: 0,
            bound: true,
            table: table.clone(),
        });
        self
    }
}

/// The segment of [`Writer::enter`], borrowed.
#[derive(Clone, Copy)]
enum Segment<'a> {
    Key(&'a str),
    Index(usize),
}

/// The comments of the node whose path is the first `len` segments of `path`, from the innermost table
/// in force.
fn find<'a>(scopes: &'a [Scope], path: &[PathSegment], len: usize) -> Option<&'a NodeComments> {
    let scope = scopes.iter().rev().find(|s| s.bound && s.base <= len)?;
    scope.table.at(path.get(scope.base..len)?)
}

/// Comment lines into `pending` (see [`Writer::blank_line`] for blank ones).
fn push_lines(pending: &mut String, out_empty: bool, lines: &[String], indent: usize) {
    for line in lines {
        if line.is_empty() {
            let blank_already = pending == "\n" || pending.ends_with("\n\n");
            if !(blank_already || (out_empty && pending.is_empty())) {
                pending.push('\n');
            }
        } else {
            push_spaces(pending, indent);
            push_verbatim(pending, line);
            pending.push('\n');
        }
    }
}

/// A comment at the end of a value's line.
#[derive(Clone, Copy)]
enum Comment<'a> {
    /// Given as text (`v4.2.2`), written `# v4.2.2`.
    Text(&'a str),
    /// Kept as written, from its `#`.
    Verbatim(&'a str),
}

impl Comment<'_> {
    /// ` # comment`.
    fn write(self, out: &mut String) {
        match self {
            Comment::Verbatim(comment) => push_comment(out, comment),
            Comment::Text(text) => {
                out.push_str(" #");
                let text = text.trim();
                if !text.is_empty() {
                    out.push(' ');
                    out.extend(text.chars().map(scalar::comment_char));
                }
            }
        }
    }
}

/// ` # comment` at the end of a line.
fn push_comment(out: &mut String, comment: &str) {
    out.push(' ');
    push_verbatim(out, comment);
}

/// A comment kept as written, from its `#`; one that lacks the `#` gets `# `. Line breaks become spaces
/// and characters YAML does not allow in a file U+FFFD.
fn push_verbatim(out: &mut String, comment: &str) {
    let comment = comment.trim_end();
    if !comment.starts_with('#') {
        out.push_str("# ");
    }
    out.extend(comment.chars().map(scalar::comment_char));
}
