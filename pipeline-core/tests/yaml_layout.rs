//! The layout scanner: exact positions on small cases, the same shape as `serde_yaml` on every corpus
//! file, and no panic on any input.

use pipeline_core::yaml::layout::{Node, NodeKind, Position, duplicate_keys, scan};
use proptest::prelude::*;
use serde_yaml::Value;
use std::path::{Path, PathBuf};

/// The shape of a node: `S` scalar, `*` alias, `{k:..,k:..}`, `[..,..]`.
fn shape(node: &Node) -> String {
    match &node.kind {
        NodeKind::Scalar => "S".to_owned(),
        NodeKind::Alias => "*".to_owned(),
        NodeKind::Mapping(entries) => {
            let inner: Vec<String> = entries
                .iter()
                .map(|e| format!("{}:{}", e.key, shape(&e.value)))
                .collect();
            format!("{{{}}}", inner.join(","))
        }
        NodeKind::Sequence(items) => format!(
            "[{}]",
            items.iter().map(shape).collect::<Vec<_>>().join(",")
        ),
    }
}

/// Follows `a/0/b` (a trailing `#` asks for the key's position instead of the value's) and renders
/// `line:col`, with ` #comment` when the node has a trailing comment.
fn locate(root: &Node, path: &str) -> String {
    let (path, want_key) = match path.strip_suffix('#') {
        Some(p) => (p, true),
        None => (path, false),
    };
    let mut node = root;
    let mut key_position = None;
    if !path.is_empty() {
        for segment in path.split('/') {
            if let (Ok(i), NodeKind::Sequence(_)) = (segment.parse::<usize>(), &node.kind) {
                node = node
                    .item(i)
                    .unwrap_or_else(|| panic!("no item {i} in {path}"));
            } else {
                let entry = node
                    .get(segment)
                    .unwrap_or_else(|| panic!("no key {segment} in {path}"));
                key_position = Some(entry.key_position);
                node = &entry.value;
            }
        }
    }
    if want_key {
        return key_position.map(|p| p.to_string()).unwrap_or_default();
    }
    match &node.comment {
        Some(c) => format!("{} #{c}", node.position),
        None => node.position.to_string(),
    }
}

fn check(text: &str, expected_shape: &str, positions: &[(&str, &str)]) {
    let root = scan(text);
    assert_eq!(shape(&root), expected_shape, "shape of {text:?}");
    for (path, expected) in positions {
        assert_eq!(
            locate(&root, path),
            *expected,
            "position of `{path}` in {text:?}"
        );
    }
}

#[test]
fn block_mappings_and_sequences() {
    check(
        "a: 1\nb: two\n",
        "{a:S,b:S}",
        &[
            ("a", "1:4"),
            ("a#", "1:1"),
            ("b", "2:4"),
            ("b#", "2:1"),
            ("", "1:1"),
        ],
    );
    check(
        "jobs:\n  build:\n    steps:\n      - uses: x\n        with:\n          k: v\n      - run: y\n",
        "{jobs:{build:{steps:[{uses:S,with:{k:S}},{run:S}]}}}",
        &[
            ("jobs", "2:3"),
            ("jobs/build", "3:5"),
            ("jobs/build/steps", "4:7"),
            ("jobs/build/steps/0", "4:9"),
            ("jobs/build/steps/0/uses", "4:15"),
            ("jobs/build/steps/0/with#", "5:9"),
            ("jobs/build/steps/0/with/k", "6:14"),
            ("jobs/build/steps/1/run#", "7:9"),
            ("jobs/build/steps/1/run", "7:14"),
        ],
    );
    // A sequence at its parent key's indentation, then the mapping goes on.
    check(
        "steps:\n- a\n- b: 1\n  c: 2\nnext: 1\n",
        "{steps:[S,{b:S,c:S}],next:S}",
        &[
            ("steps", "2:1"),
            ("steps/0", "2:3"),
            ("steps/1/c", "4:6"),
            ("next", "5:7"),
        ],
    );
    check(
        "- - a\n  - b\n- c: 1\n  d:\n  - e\n-\n- \n",
        "[[S,S],{c:S,d:[S]},S,S]",
        &[
            ("0", "1:3"),
            ("0/0", "1:5"),
            ("0/1", "2:5"),
            ("1", "3:3"),
            ("1/d", "5:3"),
            ("2", "6:2"),
            ("3", "7:2"),
        ],
    );
    check("  a: 1\n  b: 2\n", "{a:S,b:S}", &[("b#", "2:3")]);
    check(
        "a:\n    b: 1\n    c: 2\nd: 3\n",
        "{a:{b:S,c:S},d:S}",
        &[("a", "2:5"), ("d", "4:4")],
    );
}

#[test]
fn empty_values_sit_after_their_indicator() {
    check(
        "a:\nb:   # note\nc: 1\n",
        "{a:S,b:S,c:S}",
        &[("a", "1:3"), ("b", "2:3 #note"), ("c", "3:4")],
    );
    check("-\n- a\n", "[S,S]", &[("0", "1:2"), ("1", "2:3")]);
    check("", "S", &[("", "1:1")]);
    check("# only a comment\n", "S", &[]);
    check("---\n", "S", &[("", "1:4")]);
}

#[test]
fn flow_collections() {
    check(
        "on: [push, pull_request]\nx: {a: 1, b: [c, d], e}\n",
        "{on:[S,S],x:{a:S,b:[S,S],e:S}}",
        &[
            ("on", "1:5"),
            ("on/1", "1:12"),
            ("x", "2:4"),
            ("x/b", "2:14"),
            ("x/b/1", "2:18"),
            ("x/e#", "2:22"),
        ],
    );
    check(
        "k: [\n  a,  # first\n  'b c',\n  {d: [e,\n   f]}, ]\nz: 1\n",
        "{k:[S,S,{d:[S,S]}],z:S}",
        &[
            ("k/0", "2:3"),
            ("k/1", "3:3"),
            ("k/2/d", "4:7"),
            ("k/2/d/1", "5:4"),
            ("z", "6:4"),
        ],
    );
    check(
        "[a: b, c, \"d\":e]",
        "[{a:S},S,{d:S}]",
        &[("0/a", "1:5"), ("0/a#", "1:2"), ("2/d", "1:15")],
    );
    check(
        "{a:b, 'q': , r: {}}",
        "{a:b:S,q:S,r:{}}",
        &[("q", "1:11"), ("r", "1:17")],
    );
    check(
        "a: []\nb: {}\n",
        "{a:[],b:{}}",
        &[("a", "1:4"), ("b", "2:4")],
    );
}

#[test]
fn scalars_over_several_lines() {
    check(
        "a: one\n  two\n\n  three\nb: 2\n",
        "{a:S,b:S}",
        &[("a", "1:4"), ("b", "5:4")],
    );
    check(
        "a: 'x\n  y'\nb: \"p\\\"q\n  r\"\nc: 3\n",
        "{a:S,b:S,c:S}",
        &[("b", "3:4"), ("c", "5:4")],
    );
    check(
        "a: |\n  text\n\n  # not a comment\nb: >-\n  folded\n   more\nc: |2+\n    x\n\nd: 1\n",
        "{a:S,b:S,c:S,d:S}",
        &[("a", "1:4"), ("b", "5:4"), ("c", "8:4"), ("d", "11:4")],
    );
    check(
        "- |\n  a\n- >\n b\n- c\n",
        "[S,S,S]",
        &[("1", "3:3"), ("2", "5:3")],
    );
    check("--- |\n  text\n", "S", &[("", "1:5")]);
    check("plain\n  top\n", "S", &[("", "1:1")]);
    check("a: x # c\n", "{a:S}", &[("a", "1:4 #c")]);
    check("a: x#y\n", "{a:S}", &[("a", "1:4")]);
}

#[test]
fn comments_trail_scalars() {
    check(
        "steps:\n  - uses: actions/checkout@abc123 # v4.2.2\n  - run: | # script\n      make\n",
        "{steps:[{uses:S},{run:S}]}",
        &[
            ("steps/0/uses", "2:11 #v4.2.2"),
            ("steps/1/run", "3:10 #script"),
        ],
    );
    check(
        "a: 'q' #  spaced out  \nb: *x # alias\n",
        "{a:S,b:*}",
        &[("a", "1:4 #spaced out"), ("b", "2:4 #alias")],
    );
    check("a: # about a\n  b: 1\n", "{a:{b:S}}", &[("a", "2:3")]);
}

#[test]
fn documents_directives_and_properties() {
    check(
        "%YAML 1.2\n%TAG ! tag:x,2000:\n---\na: 1\n...\n",
        "{a:S}",
        &[("a", "4:4")],
    );
    check("---\na: 1\n---\nb: 2\n", "{a:S}", &[]);
    check(
        "base: &b\n  x: 1\nuse:\n  <<: *b\n  y: 2\nlist: &l [1]\nagain: *l\n",
        "{base:{x:S},use:{<<:*,y:S},list:[S],again:*}",
        &[
            ("base", "2:3"),
            ("use/<<", "4:7"),
            ("use/<<#", "4:3"),
            ("list", "6:10"),
            ("again", "7:8"),
        ],
    );
    check(
        "a: !!str 1\nb: !custom\n  c: d\n&k e: f\n- x\n",
        "{a:S,b:{c:S},e:S}",
        &[("a", "1:10"), ("b", "3:3"), ("e#", "4:4")],
    );
    check(
        "- &a k: v\n  l: w\n- !t\n  - x\n",
        "[{k:S,l:S},[S]]",
        &[("0/k#", "1:6"), ("1/0", "4:5")],
    );
}

#[test]
fn keys_are_unquoted() {
    check(
        "'on': push\n\"a b\": 1\n'it''s': 2\n\"\\u00e9\\t\": 3\nx y : 4\n",
        "{on:S,a b:S,it's:S,é\t:S,x y:S}",
        &[
            ("on#", "1:1"),
            ("on", "1:7"),
            ("a b", "2:8"),
            ("x y", "5:7"),
        ],
    );
}

#[test]
fn characters_and_line_endings() {
    check("a:\tb\n", "{a:S}", &[("a", "1:4")]);
    check(
        "a: 1\r\nb:\r\n  - x\r\n",
        "{a:S,b:[S]}",
        &[("b", "3:3"), ("b/0", "3:5")],
    );
    check("a: 1\rb: 2\r", "{a:S,b:S}", &[("b", "2:4")]);
    check("\u{feff}a: 1\n", "{a:S}", &[("a#", "1:1"), ("a", "1:4")]);
    check(
        "ключ: значение\n名前: 値 # コメント\n",
        "{ключ:S,名前:S}",
        &[("ключ", "1:7"), ("名前", "2:5 #コメント")],
    );
}

#[test]
fn stops_where_it_does_not_understand() {
    // Explicit keys: what comes before is placed, nothing after.
    check("a: 1\n? b\n: c\nd: 2\n", "{a:S}", &[("a", "1:4")]);
    // Not YAML: a value and a key on one line.
    check("a: b: c\nd: 1\n", "{a:S}", &[]);
    check("a:\n  b: 1\n c: 2\n", "{a:{b:S}}", &[]);
    check("a: [1, 2\n", "{a:[S,S]}", &[]);
    check("a: 'open\n", "{a:S}", &[]);
    check("a:\n\t- x\n", "{a:S}", &[]);
    check("[a, b]: c\n", "[S,S]", &[]);
    // Nesting far deeper than serde_yaml reads (128 levels) is cut off, without exhausting the stack.
    fn depth(node: &Node) -> usize {
        match &node.kind {
            NodeKind::Mapping(entries) => {
                1 + entries.iter().map(|e| depth(&e.value)).max().unwrap_or(0)
            }
            NodeKind::Sequence(items) => 1 + items.iter().map(depth).max().unwrap_or(0),
            NodeKind::Scalar | NodeKind::Alias => 0,
        }
    }
    let indented: String = (0..5_000)
        .map(|i| format!("{}a:\n", " ".repeat(i)))
        .collect();
    for deep in [
        "[".repeat(100_000),
        "- ".repeat(100_000),
        "{a: ".repeat(50_000),
        indented,
    ] {
        assert!(depth(&scan(&deep)) <= 160);
    }
}

#[test]
fn duplicates_are_placed_at_the_second_key() {
    let root = scan("a: 1\nb:\n  x: 1\n  'x': 2\n  y: [{z: 1, z: 2}]\na: 3\n");
    let found: Vec<(String, String, String)> = duplicate_keys(&root)
        .into_iter()
        .map(|(k, a, b)| (k, a.to_string(), b.to_string()))
        .collect();
    let expected = [
        ("x", "3:3", "4:3"),
        ("z", "5:8", "5:14"),
        ("a", "1:1", "6:1"),
    ];
    let expected: Vec<(String, String, String)> = expected
        .iter()
        .map(|(k, a, b)| ((*k).to_owned(), (*a).to_owned(), (*b).to_owned()))
        .collect();
    assert_eq!(found, expected);
    assert!(duplicate_keys(&scan("a: 1\nb: {a: 2}\n")).is_empty());
}

// ----- the corpus: the same shape as serde_yaml -----

fn shared() -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR")).join("../../shared")
}

fn yaml_files(dir: &Path, out: &mut Vec<PathBuf>) {
    let Ok(entries) = std::fs::read_dir(dir) else {
        return;
    };
    let mut entries: Vec<PathBuf> = entries.filter_map(|e| e.ok().map(|e| e.path())).collect();
    entries.sort();
    for path in entries {
        if path.is_dir() {
            yaml_files(&path, out);
        } else if path.extension().is_some_and(|e| e == "yml" || e == "yaml") {
            out.push(path);
        }
    }
}

/// Every difference between the data and the layout, with its path; empty when the shapes agree.
fn compare(
    value: &Value,
    node: &Node,
    lines: &[Vec<char>],
    path: &str,
    problems: &mut Vec<String>,
) {
    let here = if path.is_empty() { "$" } else { path };
    let at = |p: Position| -> Option<char> {
        lines
            .get((p.line as usize).checked_sub(1)?)?
            .get((p.column as usize).checked_sub(1)?)
            .copied()
    };
    match (value, &node.kind) {
        (_, NodeKind::Alias) => {}
        (Value::Tagged(tagged), _) => compare(&tagged.value, node, lines, path, problems),
        (Value::Mapping(mapping), NodeKind::Mapping(entries)) => {
            if mapping.len() != entries.len() {
                problems.push(format!(
                    "{here}: {} keys in the data, {} in the layout",
                    mapping.len(),
                    entries.len()
                ));
            }
            for ((key, value), entry) in mapping.iter().zip(entries) {
                let same = match key {
                    Value::String(s) => *s == entry.key,
                    other => serde_yaml::from_str::<Value>(&entry.key).ok().as_ref() == Some(other),
                };
                if !same {
                    problems.push(format!(
                        "{here}: key {key:?} in the data, {:?} in the layout",
                        entry.key
                    ));
                    continue;
                }
                // The key's position holds its first character or its opening quote.
                let first = at(entry.key_position);
                if !(first == entry.key.chars().next() || matches!(first, Some('\'' | '"' | '*'))) {
                    problems.push(format!(
                        "{here}: key {:?} placed at {} on {first:?}",
                        entry.key, entry.key_position
                    ));
                }
                compare(
                    value,
                    &entry.value,
                    lines,
                    &format!("{path}/{}", entry.key),
                    problems,
                );
            }
        }
        (Value::Sequence(items), NodeKind::Sequence(nodes)) => {
            if items.len() != nodes.len() {
                problems.push(format!(
                    "{here}: {} items in the data, {} in the layout",
                    items.len(),
                    nodes.len()
                ));
            }
            for (i, (item, node)) in items.iter().zip(nodes).enumerate() {
                compare(item, node, lines, &format!("{path}/{i}"), problems);
            }
        }
        (Value::String(s), NodeKind::Scalar) => {
            // A string starts at its first character, or at the quote or block indicator before it.
            let first = at(node.position);
            if !(s.is_empty()
                || first == s.chars().next()
                || matches!(first, Some('\'' | '"' | '|' | '>')))
            {
                problems.push(format!(
                    "{here}: string placed at {} on {first:?}",
                    node.position
                ));
            }
        }
        (Value::Null | Value::Bool(_) | Value::Number(_), NodeKind::Scalar) => {}
        (value, _) => problems.push(format!(
            "{here}: data {value:?} against layout {}",
            shape(node)
        )),
    }
}

/// The differences between what `serde_yaml` reads from `text` and what the scan placed; `None` when
/// `serde_yaml` rejects the text.
fn differences(text: &str) -> Option<Vec<String>> {
    let value: Value = serde_yaml::from_str(text).ok()?;
    let node = scan(text);
    let normalized = text
        .trim_start_matches('\u{feff}')
        .replace("\r\n", "\n")
        .replace('\r', "\n");
    let lines: Vec<Vec<char>> = normalized
        .split(['\n', '\u{85}', '\u{2028}', '\u{2029}'])
        .map(|l| l.chars().collect())
        .collect();
    let mut problems = Vec::new();
    compare(&value, &node, &lines, "", &mut problems);
    Some(problems)
}

/// Compares every YAML file under `dirs` (relative to the shared folder); returns (matched, compared,
/// failures), or `None` when the folder is missing.
fn compare_files(dirs: &[&str]) -> Option<(usize, usize, Vec<String>)> {
    let root = shared();
    let mut files = Vec::new();
    for dir in dirs {
        yaml_files(&root.join(dir), &mut files);
    }
    if files.is_empty() {
        assert!(
            std::env::var_os("CI").is_none(),
            "../shared is missing; CI runs with it beside the project"
        );
        println!(
            "layout: skipped, no YAML files under {} (the shared test data is not there)",
            root.display()
        );
        return None;
    }
    let mut failures = Vec::new();
    let mut matched = 0;
    for file in &files {
        let problems = match std::fs::read_to_string(file) {
            Ok(text) => differences(&text).unwrap_or_else(|| {
                vec![format!(
                    "serde_yaml cannot read it: {:?}",
                    serde_yaml::from_str::<Value>(&text).err()
                )]
            }),
            Err(error) => vec![format!("unreadable: {error}")],
        };
        if problems.is_empty() {
            matched += 1;
        } else {
            failures.push(format!("{}:\n  {}", file.display(), problems.join("\n  ")));
        }
    }
    Some((matched, files.len(), failures))
}

#[test]
fn corpus_shapes_match_serde_yaml() {
    let Some((matched, total, failures)) = compare_files(&["corpus", "seed"]) else {
        return;
    };
    println!("layout: {matched} of {total} files match");
    assert!(failures.is_empty(), "{}", failures.join("\n"));
}

/// actionlint's test cases include broken YAML on purpose: the ones `serde_yaml` reads must match too.
#[test]
fn actionlint_cases_match_serde_yaml_where_it_reads_them() {
    let Some((matched, total, failures)) = compare_files(&["actionlint-testdata"]) else {
        return;
    };
    let (unread, differ): (Vec<&String>, Vec<&String>) = failures
        .iter()
        .partition(|f| f.contains("serde_yaml cannot read it"));
    println!(
        "layout: actionlint cases: {matched} of {} readable files match ({} not valid YAML)",
        total - unread.len(),
        unread.len()
    );
    assert!(
        differ.is_empty(),
        "{}",
        differ
            .iter()
            .map(|s| s.as_str())
            .collect::<Vec<_>>()
            .join("\n")
    );
}

// ----- no panic, whatever the input -----

fn check_bounds(node: &Node, lines: u32) {
    assert!(node.position.line >= 1 && node.position.line <= lines && node.position.column >= 1);
    match &node.kind {
        NodeKind::Mapping(entries) => {
            for entry in entries {
                assert!(entry.key_position.line >= 1 && entry.key_position.line <= lines);
                check_bounds(&entry.value, lines);
            }
        }
        NodeKind::Sequence(items) => items.iter().for_each(|item| check_bounds(item, lines)),
        NodeKind::Scalar | NodeKind::Alias => {}
    }
}

fn line_count(text: &str) -> u32 {
    let breaks = text
        .chars()
        .filter(|c| matches!(c, '\n' | '\r' | '\u{85}' | '\u{2028}' | '\u{2029}'))
        .count();
    u32::try_from(breaks + 1).unwrap_or(u32::MAX)
}

/// Pieces of YAML syntax, so random text reaches deep into the scanner.
fn yaml_token() -> impl Strategy<Value = &'static str> {
    const TOKENS: &[&str] = &[
        " ",
        "  ",
        "\t",
        "\n",
        "\r\n",
        "\r",
        ":",
        ": ",
        "- ",
        "-",
        "? ",
        "?",
        ",",
        "[",
        "]",
        "{",
        "}",
        "#",
        " # c",
        "&a ",
        "*a",
        "!t ",
        "!!str ",
        "!<x> ",
        "|",
        "|-",
        ">+",
        "|2",
        "'",
        "''",
        "\"",
        "\\",
        "\\\"",
        "%YAML 1.2",
        "---",
        "...",
        "@",
        "`",
        "a",
        "b",
        "key",
        "k: v",
        "0",
        "1.5",
        "\n  ",
        "\n    ",
        "\n- ",
        "\u{feff}",
        "\u{85}",
        "\u{2028}",
        "é",
        "<<: ",
    ];
    prop::sample::select(TOKENS)
}

proptest! {
    #![proptest_config(ProptestConfig::with_cases(3000))]

    #[test]
    fn scan_never_panics_on_any_string(text in any::<String>()) {
        let root = scan(&text);
        check_bounds(&root, line_count(&text));
        let _ = duplicate_keys(&root);
    }

    #[test]
    fn scan_never_panics_on_yaml_like_text(tokens in prop::collection::vec(yaml_token(), 0..120)) {
        let text = tokens.concat();
        let root = scan(&text);
        check_bounds(&root, line_count(&text));
        let _ = duplicate_keys(&root);
    }
}

// ----- random documents in every style: the same shape as serde_yaml -----

/// A small deterministic generator of YAML text in varied styles, so the scan is compared with
/// `serde_yaml` far beyond the corpus.
struct Gen {
    state: u64,
    out: String,
    anchors: usize,
}

const WORDS: &[&str] = &[
    "alpha", "b c", "x-y", "1.5", "true", "~", "on", "a:b", "é ü", "${{ x }}", "-v", "q?",
];

impl Gen {
    fn next(&mut self) -> u64 {
        // xorshift64*
        self.state ^= self.state >> 12;
        self.state ^= self.state << 25;
        self.state ^= self.state >> 27;
        self.state.wrapping_mul(0x2545_f491_4f6c_dd1d)
    }

    fn pick(&mut self, n: usize) -> usize {
        (self.next() % n as u64) as usize
    }

    fn chance(&mut self, percent: u64) -> bool {
        self.next() % 100 < percent
    }

    fn word(&mut self) -> &'static str {
        WORDS[self.pick(WORDS.len())]
    }

    fn spaces(&mut self, n: usize) {
        self.out.extend(std::iter::repeat_n(' ', n));
    }

    fn comment(&mut self) {
        if self.chance(15) {
            self.out.push_str(" # note: [x] 'y'");
        }
    }

    /// Blank lines and comment lines between entries, never deeper than `indent`.
    fn between(&mut self, indent: usize) {
        if self.chance(10) {
            self.out.push('\n');
        }
        if self.chance(10) {
            let at = self.pick(indent + 1);
            self.spaces(at);
            self.out.push_str("# between\n");
        }
    }

    /// An anchor (referenced later only when it is on a scalar, so no alias sits inside its own anchor)
    /// and a tag.
    fn properties(&mut self, scalar: bool) {
        if self.chance(8) {
            if scalar {
                self.anchors += 1;
                let n = self.anchors;
                self.out.push_str(&format!("&a{n} "));
            } else {
                self.out.push_str("&c ");
            }
        }
        if self.chance(5) {
            self.out.push_str("!t ");
        }
    }

    /// A scalar after `key:` or `-` on the current line; `parent` is the enclosing block indentation.
    fn scalar(&mut self, parent: usize) {
        match self.pick(9) {
            0 if self.anchors > 0 => {
                let n = 1 + self.pick(self.anchors);
                self.out.push_str(&format!(" *a{n}"));
            }
            1 => {
                let word = self.word();
                self.out
                    .push_str(&format!(" '{}'", word.replace('\'', "''")));
            }
            2 => self.out.push_str(" \"q \\\" \\u00e9\n\n  \\\n  folded\""),
            3 => {
                // Plain over several lines.
                let (a, b) = (self.word(), self.word());
                self.out.push_str(&format!(" {a}\n"));
                let at = parent + 1 + self.pick(3);
                self.spaces(at);
                self.out.push_str(b);
            }
            4 => {
                let header = ["|", "|-", ">", ">+", "|2", "|-2", ">2-"][self.pick(7)];
                self.out.push_str(&format!(" {header}"));
                self.comment();
                self.out.push('\n');
                for line in 0..1 + self.pick(3) {
                    if line > 0 && self.chance(30) {
                        self.out.push('\n');
                    }
                    let more = if header.contains('2') {
                        self.pick(2)
                    } else {
                        0
                    };
                    self.spaces(parent + 2 + more);
                    self.out.push_str("text: [not] # structure\n");
                }
                return;
            }
            5 => {}
            _ => {
                self.out.push(' ');
                self.properties(true);
                let word = self.word();
                self.out.push_str(word);
            }
        }
        self.comment();
        self.out.push('\n');
    }

    fn flow(&mut self, depth: usize, indent: usize) {
        let mapping = self.chance(50);
        self.out.push(if mapping { '{' } else { '[' });
        let n = self.pick(4);
        for i in 0..n {
            if i > 0 {
                self.out.push(',');
            }
            if self.chance(20) {
                self.out.push('\n');
                self.spaces(indent + 2);
            } else {
                self.out.push(' ');
            }
            if mapping {
                self.out.push_str(&format!("k{i}: "));
            } else if self.chance(15) {
                self.out.push_str(&format!("p{i}: "));
            }
            if depth < 3 && self.chance(25) {
                self.flow(depth + 1, indent);
            } else if self.chance(30) {
                self.out.push_str("\"s, t\"");
            } else {
                let word = ["w", "1", "a b", "x:y", "'q'"][self.pick(5)];
                self.out.push_str(word);
            }
        }
        self.out.push(if mapping { '}' } else { ']' });
    }

    /// The value of a key (`after_dash` false) or of a sequence item, in block context; the current line
    /// holds the key or dash. `indent` is the enclosing collection's indentation.
    fn value(&mut self, depth: usize, indent: usize, after_dash: bool) {
        let choice = if depth >= 4 { 9 } else { self.pick(12) };
        match choice {
            0..=2 => {
                // A block mapping below, or compact after a dash.
                let n = 1 + self.pick(3);
                if after_dash && self.chance(60) {
                    self.out.push(' ');
                    self.mapping(depth + 1, indent + 2, n, true);
                } else {
                    self.properties_line();
                    let at = indent + 1 + self.pick(3);
                    self.mapping(depth + 1, at, n, false);
                }
            }
            3..=5 => {
                let n = 1 + self.pick(3);
                if after_dash && self.chance(50) {
                    self.out.push(' ');
                    self.sequence(depth + 1, indent + 2, n, true);
                } else {
                    self.properties_line();
                    let deeper = if !after_dash && self.chance(40) {
                        0
                    } else {
                        1 + self.pick(3)
                    };
                    self.sequence(depth + 1, indent + deeper, n, false);
                }
            }
            6 => {
                self.out.push(' ');
                self.flow(0, indent);
                self.comment();
                self.out.push('\n');
            }
            _ => self.scalar(indent),
        }
    }

    fn properties_line(&mut self) {
        if self.chance(10) {
            self.out.push(' ');
            self.properties(false);
        }
        self.comment();
        self.out.push('\n');
    }

    fn mapping(&mut self, depth: usize, indent: usize, n: usize, inline_first: bool) {
        for i in 0..n {
            if i > 0 || !inline_first {
                self.between(indent);
                self.spaces(indent);
            }
            match self.pick(4) {
                0 => self.out.push_str(&format!("'k{i}':")),
                1 => self.out.push_str(&format!("\"k{i}\" :")),
                _ => self.out.push_str(&format!("k{i}:")),
            }
            self.value(depth, indent, false);
        }
    }

    fn sequence(&mut self, depth: usize, indent: usize, n: usize, inline_first: bool) {
        for i in 0..n {
            if i > 0 || !inline_first {
                self.between(indent);
                self.spaces(indent);
            }
            self.out.push('-');
            self.value(depth, indent, true);
        }
    }

    fn document(seed: u64) -> String {
        let mut g = Gen {
            state: seed | 1,
            out: String::new(),
            anchors: 0,
        };
        if g.chance(20) {
            g.out.push_str("%YAML 1.1\n---\n");
        }
        let n = 1 + g.pick(4);
        if g.chance(80) {
            g.mapping(0, 0, n, false);
        } else {
            g.sequence(0, 0, n, false);
        }
        if g.chance(20) {
            g.out.push_str("...\n");
        }
        if g.chance(15) {
            g.out = g.out.replace('\n', "\r\n");
        }
        g.out
    }
}

proptest! {
    #![proptest_config(ProptestConfig::with_cases(4000))]

    #[test]
    fn random_documents_match_serde_yaml(seed in any::<u64>()) {
        let text = Gen::document(seed);
        match differences(&text) {
            None => prop_assert!(false, "the generator wrote YAML serde_yaml rejects: {:?}\n{text}",
                serde_yaml::from_str::<Value>(&text).err()),
            Some(problems) => prop_assert!(problems.is_empty(), "{}\n{text}", problems.join("\n")),
        }
    }
}
