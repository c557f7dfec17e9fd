//! The writer and its scalar styles: exact output on small cases, and every string written in every place
//! reads back, through `serde_yaml`, as exactly that string. Plain scalars are also checked against the
//! YAML 1.1 and 1.2 implicit types by resolvers written here from the specs.

use pipeline_core::yaml::layout::{Node, NodeKind, scan};
use pipeline_core::yaml::scalar::{
    Context, GITHUB_PLAIN_KEYS, Style, key_style, reads_as_non_string, style,
};
use pipeline_core::yaml::writer::{Item, Writer};
use proptest::prelude::*;
use serde_yaml::{Mapping, Value};

fn parse(yaml: &str) -> Value {
    serde_yaml::from_str(yaml).unwrap_or_else(|e| panic!("not YAML ({e}):\n{yaml}"))
}

fn map(entries: &[(&str, Value)]) -> Value {
    let mut m = Mapping::new();
    for (k, v) in entries {
        m.insert(Value::String((*k).to_owned()), v.clone());
    }
    Value::Mapping(m)
}

fn s(text: &str) -> Value {
    Value::String(text.to_owned())
}

/// `input` as the value of `v:` is written as `expected`, and reads back.
fn check(input: &str, expected: &str) {
    let mut w = Writer::new();
    w.key("v").scalar(input).key("z").scalar("end");
    let out = w.finish();
    assert_eq!(out, format!("v: {expected}\nz: end\n"), "writing {input:?}");
    assert_eq!(
        parse(&out),
        map(&[("v", s(input)), ("z", s("end"))]),
        "reading {out:?}"
    );
}

/// `key` is written as `expected` before the `:`, and reads back.
fn check_key(key: &str, expected: &str) {
    let mut w = Writer::new();
    w.key(key).scalar("v");
    let out = w.finish();
    assert_eq!(out, format!("{expected}: v\n"), "writing key {key:?}");
    assert_eq!(parse(&out), map(&[(key, s("v"))]), "reading {out:?}");
}

/// A document built by `build` is exactly `expected`.
fn check_doc(build: impl FnOnce(&mut Writer), expected: &str) {
    let mut w = Writer::new();
    build(&mut w);
    let out = w.finish();
    assert_eq!(out, expected);
    parse(&out);
}

#[test]
fn plain_when_nothing_else_is_read() {
    for text in [
        "main",
        "ubuntu-latest",
        "${{ matrix.os }}",
        "${{ github.event_name == 'push' }}",
        "actions/checkout@v4",
        "-x",
        "--verbose",
        "a:b",
        "a#b",
        "it's",
        "say \"hi\"",
        "0 0 * * *",
        "18.x",
        "v1.2.3",
        "x1",
        "a - b",
        "Hello, world",
        "a [b] {c}",
        "key=value",
        "100%",
        "a!&*|>@`",
        "é ü 日本 😀",
        "+",
        "0xZZ",
        "nope",
        "trueish",
        "yes please",
    ] {
        check(text, text);
    }
}

#[test]
fn quoted_when_plain_reads_as_something_else() {
    for text in [
        "",
        "~",
        "null",
        "Null",
        "NULL",
        "nUlL",
        "true",
        "True",
        "TRUE",
        "tRuE",
        "false",
        "yes",
        "Yes",
        "YES",
        "no",
        "NO",
        "on",
        "On",
        "ON",
        "off",
        "Off",
        "y",
        "Y",
        "n",
        "N",
        "1",
        "+1",
        "-1",
        "0",
        "-0",
        ".5",
        "1.",
        "1.0",
        "3.10",
        "1e3",
        "1E-3",
        "+1e+3",
        "1_000",
        "0o14",
        "014",
        "0x1F",
        "0X1f",
        "-0x1",
        "0b1",
        "+0b1_0",
        "1:30",
        "190:20:30.15",
        "-1:30",
        ".inf",
        "-.Inf",
        "+.INF",
        ".nan",
        ".NaN",
        "NaN",
        "inf",
        "-infinity",
        "1.2.3",
        ".",
        "2001-12-14",
        "2001-1-4",
        "2001-12-14t21:59:43.10-05:00",
        "2001-12-14 21:59:43.10 -5",
        "=",
        "<<",
    ] {
        check(text, &format!("'{text}'"));
    }
}

#[test]
fn quoted_for_indicators_and_spaces() {
    for text in [
        "-",
        "- x",
        "-\u{a0}",
        "?",
        "? x",
        "?x",
        ":",
        ":x",
        ",",
        ",x",
        "[x]",
        "]",
        "{x}",
        "}",
        "#x",
        "&a",
        "*a",
        "!t",
        "!!str",
        "|",
        ">",
        "%x",
        "@x",
        "`x`",
        "---",
        "--- x",
        "...",
        "...x",
        "a: b",
        "a:\u{a0}",
        "a #b",
        "a:",
        " a",
        "a ",
        " ",
        "  ",
        "a\tb",
        "\ta",
        "\u{a0}x",
        "x\u{3000}",
        "\u{2003}",
    ] {
        check(text, &format!("'{text}'"));
    }
    check("it's: x", "\"it's: x\"");
    check("'a' b", "\"'a' b\"");
    check("'both' and \"", "'''both'' and \"'");
    check("'\t'", "'''\t'''");
    check("'\\'", "'''\\'''");
}

#[test]
fn double_quoted_for_what_nothing_else_holds() {
    check("bell\u{7}", "\"bell\\a\"");
    check("nul\0", "\"nul\\0\"");
    check("cr\r", "\"cr\\r\"");
    check("crlf\r\nx\r\n", "\"crlf\\r\\nx\\r\\n\"");
    check("nel\u{85}ls\u{2028}ps\u{2029}", "\"nel\\Nls\\Lps\\P\"");
    check("\u{feff}bom", "\"\\uFEFFbom\"");
    check("del\u{7f} c1\u{9f}", "\"del\\x7F c1\\x9F\"");
    check("\u{fffe}\u{ffff}", "\"\\uFFFE\\uFFFF\"");
    check("esc\u{1b}[0m", "\"esc\\e[0m\"");
    check("\n", "\"\\n\"");
    check("\n\n\n", "\"\\n\\n\\n\"");
    check(" \n", "\" \\n\"");
    check("  \nb", "\"  \\nb\"");
    check("\t\nb\n", "\"\\t\\nb\\n\"");
    check("a\nb\u{7}", "\"a\\nb\\a\"");
    check("q\"\\\n", "|\n  q\"\\");
}

#[test]
fn literal_blocks_for_lines() {
    check("a\nb", "|-\n  a\n  b");
    check("a\nb\n", "|\n  a\n  b");
    check("a\nb\n\n", "|+\n  a\n  b\n");
    check("a\n\n\nb\n", "|\n  a\n\n\n  b");
    check("\nx", "|-\n\n  x");
    check("\n\nx\n", "|\n\n\n  x");
    check(" lead\nb", "|2-\n   lead\n  b");
    check("\tlead\nb\n", "|2\n  \tlead\n  b");
    check("\n  lead\n", "|2\n\n    lead");
    check("a  \nb", "|-\n  a  \n  b");
    check("a\n \nb\n", "|\n  a\n   \n  b");
    check("a\n\t\nb", "|-\n  a\n  \t\n  b");
    check("a\n  ", "|-\n  a\n    ");
    check(
        "a\n# not a comment\n---\n...\n- x\nk: v\n",
        "|\n  a\n  # not a comment\n  ---\n  ...\n  - x\n  k: v",
    );
    check("it's\n\"q\"\\\n", "|\n  it's\n  \"q\"\\");
    check("x: 'y'\n\u{a0}é\n", "|\n  x: 'y'\n  \u{a0}é");
}

/// The scan ors the classes of all bytes together, then looks again only at what needs it: the pairs
/// `: ` and ` #`, the characters past ASCII, the blank lines before a literal block's first text.
#[test]
fn the_scan_finds_each_hazard_wherever_it_is() {
    for text in [
        "a :b",
        "a# b",
        "abcdefgh:ijk",
        "abcdefgh#ijk",
        "é:x",
        "日本:語 x#",
        "Infinity-x",
        "nanny",
        "yes.",
        "null1",
        "onion",
    ] {
        check(text, text);
    }
    for text in [
        "abcdefghij: k",
        "é: x",
        "日本 #x",
        "abcdefghijk #",
        "abcdefghijk:",
        "x:\u{a0}y",
        "a\u{2000}b",
        "abcdefghi\tj",
        "Infinity",
        "+.nan",
        "-.INF",
    ] {
        check(text, &format!("'{text}'"));
    }
    check("abcdefgh\u{7}é", "\"abcdefgh\\aé\"");
    check("é\u{85}", "\"é\\N\"");
    check("ab\u{feff}cdefghij", "\"ab\\uFEFFcdefghij\"");
    check("a\r\nb", "\"a\\r\\nb\"");
    check(" \n\nx", "\" \\n\\nx\"");
    check("\n \nx\n", "\"\\n \\nx\\n\"");
    check("\n\t\nx", "\"\\n\\t\\nx\"");
    check("é\nb", "|-\n  é\n  b");
    check("\n\n x\n", "|2\n\n\n   x");
    check("x\n \n", "|\n  x\n   ");
    check("\u{a0}\nx", "|-\n  \u{a0}\n  x");
}

#[test]
fn keys() {
    check_key("on", "on");
    check_key("runs-on", "runs-on");
    check_key("timeout-minutes", "timeout-minutes");
    check_key("CARGO_TERM_COLOR", "CARGO_TERM_COLOR");
    check_key("yes", "'yes'");
    check_key("On", "'On'");
    check_key("off", "'off'");
    check_key("<<", "'<<'");
    check_key("=", "'='");
    check_key("1", "'1'");
    check_key("", "''");
    check_key("a: b", "'a: b'");
    check_key("?", "'?'");
    check_key("- x", "'- x'");
    check_key("a\nb", "\"a\\nb\"");
    check_key("it's", "it's");
    check_key("'q'", "\"'q'\"");
    assert_eq!(key_style("on", &[]), Style::SingleQuoted);
    assert_eq!(key_style("on", GITHUB_PLAIN_KEYS), Style::Plain);
    // Keys past the 1024 characters of an implicit key are written explicitly.
    let long = "k".repeat(2_000);
    let mut w = Writer::new();
    w.key(&long)
        .scalar("v")
        .key("b")
        .begin_mapping()
        .key(&long)
        .begin_sequence()
        .scalar("x")
        .end()
        .end();
    let out = w.finish();
    assert_eq!(
        out,
        format!("? {long}\n: v\nb:\n  ? {long}\n  :\n    - x\n")
    );
    let inner = map(&[(long.as_str(), Value::Sequence(vec![s("x")]))]);
    assert_eq!(parse(&out), map(&[(long.as_str(), s("v")), ("b", inner)]));
}

/// The keys of `yaml` written plain (not quoted, not explicit), with their indentation.
fn plain_keys(yaml: &str) -> Vec<(u32, String)> {
    fn walk(node: &Node, lines: &[&str], out: &mut Vec<(u32, String)>) {
        match &node.kind {
            NodeKind::Mapping(entries) => {
                for entry in entries {
                    let at = entry.key_position;
                    let line = lines.get(at.line as usize - 1).copied().unwrap_or_default();
                    let first = line.chars().nth(at.column as usize - 1);
                    if !matches!(first, Some('\'' | '"' | '?')) {
                        out.push((at.column - 1, entry.key.clone()));
                    }
                    walk(&entry.value, lines, out);
                }
            }
            NodeKind::Sequence(items) => {
                for item in items {
                    walk(item, lines, out);
                }
            }
            NodeKind::Scalar | NodeKind::Alias => {}
        }
    }
    let lines: Vec<&str> = yaml.lines().collect();
    let mut out = Vec::new();
    walk(&scan(yaml), &lines, &mut out);
    out
}

/// The plain keys of `yaml` that a YAML 1.1 reader takes for something other than a string, except the
/// root keys of [`GITHUB_PLAIN_KEYS`] (the workflow's `on`, written bare on purpose).
fn yaml11_non_string_keys(yaml: &str) -> Vec<(u32, String)> {
    plain_keys(yaml)
        .into_iter()
        .filter(|(indent, key)| {
            yaml11::non_string(key) && !(*indent == 0 && GITHUB_PLAIN_KEYS.contains(&key.as_str()))
        })
        .collect()
}

#[test]
fn plain_keys_apply_to_the_root_mapping_only() {
    let words = ["on", "On", "ON", "yes", "off", "y", "No", "TRUE", "null"];
    let mut w = Writer::new();
    w.key("on").begin_mapping().key("push").null().end();
    w.key("env").begin_mapping();
    for word in words {
        w.key(word).scalar(word);
    }
    w.end();
    w.key("jobs").begin_mapping().key("on").begin_mapping();
    w.key("steps")
        .begin_sequence()
        .begin_mapping()
        .key("on")
        .raw_plain("1")
        .end();
    w.begin_sequence()
        .begin_mapping()
        .key("on")
        .scalar("x")
        .end()
        .end();
    w.end()
        .key("matrix")
        .begin_mapping()
        .key("on")
        .flow_sequence(&["a"]);
    let out = w.finish();
    assert_eq!(
        out,
        "\
on:
  push:
env:
  'on': 'on'
  'On': 'On'
  'ON': 'ON'
  'yes': 'yes'
  'off': 'off'
  'y': 'y'
  'No': 'No'
  'TRUE': 'TRUE'
  'null': 'null'
jobs:
  'on':
    steps:
      - 'on': 1
      - - 'on': x
    matrix:
      'on': [a]
"
    );
    assert_eq!(yaml11_non_string_keys(&out), []);
    assert_eq!(plain_keys(&out)[0], (0, "on".to_owned()));
    let env = Value::Mapping(words.iter().map(|&k| (s(k), s(k))).collect());
    assert_eq!(parse(&out)["env"], env);
    // Without the allowlist, the root `on` is quoted too.
    let mut w = Writer::new().plain_keys(&[]);
    w.key("on").scalar("push");
    assert_eq!(w.finish(), "'on': push\n");
}

#[test]
fn github_layout() {
    check_doc(
        |w| {
            w.comment("Generated by pipeline-sdk: edit the Rust source, not this file.");
            w.key("name").scalar("CI");
            w.key("on").begin_mapping();
            w.key("push")
                .begin_mapping()
                .key("branches")
                .flow_sequence(&["main", "release/**"])
                .end();
            w.key("pull_request").null();
            w.key("workflow_dispatch").empty_mapping();
            w.end();
            w.key("permissions")
                .begin_mapping()
                .key("contents")
                .scalar("read")
                .end();
            w.key("env")
                .begin_mapping()
                .key("CARGO_TERM_COLOR")
                .scalar("always")
                .end();
            w.blank_line();
            w.key("jobs").begin_mapping();
            w.key("test").begin_mapping();
            w.key("runs-on").scalar("${{ matrix.os }}");
            w.key("strategy")
                .begin_mapping()
                .key("fail-fast")
                .raw_plain("false");
            w.key("matrix").begin_mapping();
            w.key("os")
                .flow_sequence(&["ubuntu-latest", "windows-latest"]);
            w.key("rust")
                .flow_items(&[Item::Str("1.88"), Item::Str("stable")]);
            w.end().end();
            w.key("steps").begin_sequence();
            w.comment("Check out the code.");
            w.begin_mapping()
                .key("uses")
                .commented_scalar("actions/checkout@11bd719", "v4.2.2")
                .end();
            w.begin_mapping().key("name").scalar("Test");
            w.key("run")
                .scalar("cargo test --workspace\ncargo doc --no-deps\n");
            w.key("env")
                .begin_mapping()
                .key("RUSTFLAGS")
                .scalar("-D warnings")
                .end();
            w.end();
            w.end();
            w.blank_line();
            w.end();
        },
        "\
# Generated by pipeline-sdk: edit the Rust source, not this file.
name: CI
on:
  push:
    branches: [main, release/**]
  pull_request:
  workflow_dispatch: {}
permissions:
  contents: read
env:
  CARGO_TERM_COLOR: always

jobs:
  test:
    runs-on: ${{ matrix.os }}
    strategy:
      fail-fast: false
      matrix:
        os: [ubuntu-latest, windows-latest]
        rust: ['1.88', stable]
    steps:
      # Check out the code.
      - uses: actions/checkout@11bd719 # v4.2.2
      - name: Test
        run: |
          cargo test --workspace
          cargo doc --no-deps
        env:
          RUSTFLAGS: -D warnings
",
    );
}

#[test]
fn collections() {
    check_doc(
        |w| {
            w.key("nested").begin_sequence();
            w.begin_sequence()
                .scalar("a")
                .begin_sequence()
                .scalar("b")
                .end()
                .end();
            w.begin_mapping()
                .key("m")
                .begin_sequence()
                .scalar("x")
                .end()
                .key("o")
                .null()
                .end();
            w.null();
            w.empty_mapping();
            w.empty_sequence();
            w.scalar("line\n");
            w.begin_mapping().key("lit").scalar("p\nq").end();
            w.end();
            w.key("empty").begin_mapping().end();
        },
        "\
nested:
  - - a
    - - b
  - m:
      - x
    o:
  -
  - {}
  - []
  - |
    line
  - lit: |-
      p
      q
empty: {}
",
    );
    check_doc(|_| {}, "{}\n");
    check_doc(
        |w| {
            w.comment("only a comment");
        },
        "# only a comment\n{}\n",
    );
}

#[test]
fn flow_sequences_fall_back_to_block() {
    let wide: Vec<String> = (0..12).map(|i| format!("item-{i:02}")).collect();
    check_doc(
        |w| {
            w.key("fits").flow_sequence(&wide[..8]);
            w.key("too-wide").flow_sequence(&wide);
            w.key("lines").flow_sequence(&["a\nb", "c"]);
            w.key("quoted").flow_sequence(&[
                "a: b", "[x]", "{y}", "c,d", "yes", "", "tab\t", "\u{7}", "a?b",
            ]);
            w.key("empty").flow_sequence::<&str>(&[]);
            w.key("raw").flow_items(&[
                Item::Raw("1"),
                Item::Raw("true"),
                Item::Raw("a,b"),
                Item::Raw("- x"),
            ]);
        },
        &format!(
            "fits: [{}]\ntoo-wide:\n{}lines:\n  - |-\n    a\n    b\n  - c\n\
             quoted: ['a: b', '[x]', '{{y}}', 'c,d', 'yes', '', 'tab\t', \"\\a\", 'a?b']\nempty: []\n\
             raw: [1, true, 'a,b', '- x']\n",
            wide[..8].join(", "),
            wide.iter()
                .map(|i| format!("  - {i}\n"))
                .collect::<String>()
        ),
    );
    // Exactly 100 columns fit, 101 do not.
    let fits = "x".repeat(100 - "k: [, z]".len());
    check_doc(
        |w| {
            w.key("k").flow_sequence(&[fits.as_str(), "z"]);
        },
        &format!("k: [{fits}, z]\n"),
    );
    let over = format!("{fits}x");
    check_doc(
        |w| {
            w.key("k").flow_sequence(&[over.as_str(), "z"]);
        },
        &format!("k:\n  - {over}\n  - z\n"),
    );
}

/// The flow sequence the emitter used to write: flow only when every item is plain in flow context (one
/// scan of each item), then [`Writer::flow_sequence`] (a second scan); one item per line otherwise.
fn two_pass_flow(w: &mut Writer, items: &[&str]) {
    if items
        .iter()
        .all(|item| style(item, Context::Flow) == Style::Plain)
    {
        w.flow_sequence(items);
    } else {
        w.begin_sequence();
        for item in items {
            w.scalar(item);
        }
        w.end();
    }
}

#[test]
fn plain_flow_sequences_hold_only_plain_items() {
    let wide: Vec<String> = (0..12).map(|i| format!("item-{i:02}")).collect();
    check_doc(
        |w| {
            w.key("fits").plain_flow_sequence(&wide[..8]);
            w.key("too-wide").plain_flow_sequence(&wide);
            w.key("versions").plain_flow_sequence(&["3.12", "3.10"]);
            w.key("lines").plain_flow_sequence(&["a\nb", "c"]);
            w.key("comma").plain_flow_sequence(&["a", "c,d"]);
            w.key("empty").plain_flow_sequence::<&str>(&[]);
            w.key("raw").plain_flow_items(&[
                Item::Raw("1"),
                Item::Raw("-.inf"),
                Item::Raw("null"),
                Item::Str("lts/*"),
            ]);
            w.key("raw-quoted")
                .plain_flow_items(&[Item::Raw("1"), Item::Raw("a,b")]);
            w.key("str-quoted")
                .plain_flow_items(&[Item::Raw("1"), Item::Str("1")]);
        },
        &format!(
            "fits: [{}]\ntoo-wide:\n{}versions:\n  - '3.12'\n  - '3.10'\nlines:\n  - |-\n    a\n    b\n  - c\n\
             comma:\n  - a\n  - c,d\nempty: []\nraw: [1, -.inf, null, lts/*]\n\
             raw-quoted:\n  - 1\n  - a,b\nstr-quoted:\n  - 1\n  - '1'\n",
            wide[..8].join(", "),
            wide.iter()
                .map(|i| format!("  - {i}\n"))
                .collect::<String>()
        ),
    );
    // Under a key of a sequence item, the same columns count.
    let fits = "x".repeat(100 - "  - k: [, z]".len());
    let over = format!("{fits}x");
    check_doc(
        |w| {
            w.key("s").begin_sequence();
            w.begin_mapping()
                .key("k")
                .plain_flow_sequence(&[fits.as_str(), "z"])
                .end();
            w.begin_mapping()
                .key("k")
                .plain_flow_sequence(&[over.as_str(), "z"])
                .end();
            w.end();
        },
        &format!("s:\n  - k: [{fits}, z]\n  - k:\n      - {over}\n      - z\n"),
    );
}

proptest! {
    #![proptest_config(ProptestConfig::with_cases(2000))]

    /// One scan per item writes what the check-then-write emitter wrote, byte for byte.
    #[test]
    fn plain_flow_sequences_match_the_two_pass_check(
        items in prop::collection::vec(hostile(), 0..5),
        nested in any::<bool>(),
    ) {
        let items: Vec<&str> = items.iter().map(String::as_str).collect();
        let write = |flow: &dyn Fn(&mut Writer)| {
            let mut w = Writer::new();
            if nested {
                w.key("jobs").begin_mapping().key("a").begin_sequence().begin_mapping();
            }
            w.key("k");
            flow(&mut w);
            w.key("after").scalar("x");
            w.finish()
        };
        let one = write(&|w| {
            w.plain_flow_sequence(&items);
        });
        let two = write(&|w| two_pass_flow(w, &items));
        prop_assert_eq!(&one, &two);
        let read = serde_yaml::from_str::<Value>(&one)
            .map_err(|e| TestCaseError::fail(format!("{e}\n{one}")))?;
        let list = Value::Sequence(items.iter().map(|&i| s(i)).collect());
        let root = if nested {
            &read["jobs"]["a"][0]
        } else {
            &read
        };
        prop_assert_eq!(&root["k"], &list, "{}", one);
    }
}

#[test]
fn comments_and_blank_lines() {
    check_doc(
        |w| {
            w.blank_line();
            w.comment("first\r\nsecond\u{2028}third\u{7}  \n");
            w.blank_line();
            w.key("a")
                .begin_mapping()
                .comment("inside")
                .key("b")
                .commented_scalar("x", " pin\nv1 ")
                .end();
            w.blank_line().blank_line();
            w.comment("");
            w.key("c").scalar("why");
            w.blank_line();
            w.comment("trailing");
            w.blank_line();
        },
        "# first\n#\n# second\n# third\u{fffd}\n#\n\na:\n  # inside\n  b: x # pin v1\n\n#\nc: why\n# trailing\n",
    );
}

#[test]
fn keep_blocks_stay_exact() {
    // In the middle a `|+` block keeps its trailing lines; a blank line after it would join them, so it
    // is dropped.
    check_doc(
        |w| {
            w.key("a")
                .scalar("x\n\n")
                .blank_line()
                .comment("c")
                .key("b")
                .scalar("why");
        },
        "a: |+\n  x\n\n# c\nb: why\n",
    );
    // At the very end it would leave more than one final line feed: it is written double-quoted.
    check_doc(
        |w| {
            w.key("a").scalar("x\n\n");
        },
        "a: \"x\\n\\n\"\n",
    );
    check_doc(
        |w| {
            w.key("a")
                .begin_sequence()
                .commented_scalar("x\n\n", "c")
                .end();
        },
        "a:\n  - \"x\\n\\n\" # c\n",
    );
    check_doc(
        |w| {
            w.key("a").scalar("x\n\n").comment("after");
        },
        "a: |+\n  x\n\n# after\n",
    );
}

#[test]
fn any_call_order_gives_yaml() {
    check_doc(
        |w| {
            w.scalar("no key");
        },
        "'': no key\n",
    );
    check_doc(
        |w| {
            w.key("a").key("b").scalar("c");
        },
        "a:\nb: c\n",
    );
    check_doc(
        |w| {
            w.end().end().key("a").scalar("b").end();
        },
        "a: b\n",
    );
    check_doc(
        |w| {
            w.key("s")
                .begin_sequence()
                .key("x")
                .scalar("1")
                .end()
                .key("w")
                .scalar("2");
        },
        "s:\n  - x: '1'\n  - w: '2'\n",
    );
    check_doc(
        |w| {
            w.key("open")
                .begin_mapping()
                .key("deep")
                .begin_sequence()
                .begin_mapping();
        },
        "open:\n  deep:\n    - {}\n",
    );
    check_doc(
        |w| {
            w.key("raw").raw_plain("").key("r2").raw_plain("a\nb");
        },
        "raw: ''\nr2: |-\n  a\n  b\n",
    );
}

// ----- round trip over hostile strings -----

const PIECES: &[&str] = &[
    "",
    " ",
    "  ",
    "\t",
    "\n",
    "\n\n",
    "\r",
    "\r\n",
    "\u{85}",
    "\u{2028}",
    "\u{2029}",
    "\u{feff}",
    "\0",
    "\u{7}",
    "\u{1b}",
    "\u{7f}",
    "\u{9f}",
    "\u{a0}",
    "\u{3000}",
    "\u{200b}",
    "\u{fffe}",
    "\u{ffff}",
    "\u{10ffff}",
    "é",
    "日本",
    "😀",
    ":",
    ": ",
    " :",
    "#",
    " #",
    "# ",
    "-",
    "- ",
    "--",
    "---",
    "...",
    "?",
    "? ",
    ",",
    "[",
    "]",
    "{",
    "}",
    "&",
    "*",
    "!",
    "!!",
    "|",
    ">",
    "'",
    "''",
    "\"",
    "\\",
    "%",
    "@",
    "`",
    "=",
    "<<",
    "~",
    "true",
    "yes",
    "on",
    "No",
    "y",
    "null",
    "0",
    "1",
    "1.5",
    "0x1F",
    "0o7",
    "014",
    "1e3",
    "1_0",
    ".inf",
    ".NaN",
    "2001-12-14",
    "12:30",
    "+",
    ".",
    "${{ x }}",
    "a",
    "word",
    "key: v",
    "|-",
    "|2",
    "\n  ",
    "\n\t",
    " \n",
];

const WORDS: &[&str] = &[
    "true",
    "false",
    "yes",
    "no",
    "on",
    "off",
    "y",
    "n",
    "null",
    "~",
    "1",
    "1.0",
    "-1",
    "+1",
    ".5",
    "1.",
    "1e3",
    "1_000",
    "0o14",
    "014",
    "0x1F",
    "0b1",
    "1:30",
    "190:20:30.15",
    ".inf",
    "-.Inf",
    ".nan",
    "2001-12-14",
    "=",
    "<<",
    "-",
    "?",
    ":",
    "#",
    "|",
    ">",
];

fn hostile() -> impl Strategy<Value = String> {
    prop_oneof![
        any::<String>(),
        prop::collection::vec(prop::sample::select(PIECES), 0..14).prop_map(|p| p.concat()),
        (
            prop::sample::select(WORDS),
            any::<bool>(),
            prop::sample::select(&["", " ", "x", "\n", ":", " #"][..])
        )
            .prop_map(|(w, upper, tail)| {
                let w = if upper {
                    w.to_uppercase()
                } else {
                    w.to_owned()
                };
                format!("{w}{tail}")
            }),
        "[ -~]{0,40}",
        prop::collection::vec(
            prop::sample::select(&["\n", "a", " ", "\t", "\n\n", "b c", "#"][..]),
            0..60
        )
        .prop_map(|p| p.concat()),
        prop::collection::vec(any::<char>(), 500..3000).prop_map(String::from_iter),
    ]
}

/// Writes `text` in every place the writer can put a string and reads each document back.
fn round_trip(text: &str) -> Result<(), TestCaseError> {
    let t = s(text);
    let mut docs: Vec<(String, Value)> = Vec::new();

    let mut w = Writer::new();
    w.key("k").scalar(text).key("after").scalar("x");
    docs.push((w.finish(), map(&[("k", t.clone()), ("after", s("x"))])));

    let mut w = Writer::new();
    w.key("seq")
        .begin_sequence()
        .scalar(text)
        .scalar(text)
        .end()
        .key("z")
        .raw_plain("1");
    let one = Value::Number(1.into());
    docs.push((
        w.finish(),
        map(&[
            ("seq", Value::Sequence(vec![t.clone(), t.clone()])),
            ("z", one),
        ]),
    ));

    let mut w = Writer::new();
    w.key("a")
        .begin_mapping()
        .key("b")
        .begin_sequence()
        .begin_mapping()
        .key("c")
        .begin_mapping();
    w.key("d")
        .scalar(text)
        .key("e")
        .begin_sequence()
        .begin_sequence()
        .scalar(text);
    let deep = map(&[
        ("d", t.clone()),
        ("e", Value::Sequence(vec![Value::Sequence(vec![t.clone()])])),
    ]);
    docs.push((
        w.finish(),
        map(&[(
            "a",
            map(&[("b", Value::Sequence(vec![map(&[("c", deep)])]))]),
        )]),
    ));

    let mut w = Writer::new();
    w.key(text)
        .scalar("v")
        .key(if text == "z" { "y" } else { "z" })
        .begin_mapping()
        .key(text)
        .scalar(text);
    let second = if text == "z" { "y" } else { "z" };
    docs.push((
        w.finish(),
        map(&[(text, s("v")), (second, map(&[(text, t.clone())]))]),
    ));

    let mut w = Writer::new();
    w.key("f").flow_sequence(&[text, "x", text]);
    docs.push((
        w.finish(),
        map(&[("f", Value::Sequence(vec![t.clone(), s("x"), t.clone()]))]),
    ));

    let mut w = Writer::new();
    w.key("last").commented_scalar(text, text);
    docs.push((w.finish(), map(&[("last", t.clone())])));

    for (yaml, expected) in &docs {
        prop_assert_eq!(
            yaml11_non_string_keys(yaml),
            vec![],
            "plain keys YAML 1.1 reads as other than strings in\n{}",
            yaml
        );
        let value: Value = serde_yaml::from_str(yaml)
            .map_err(|e| TestCaseError::fail(format!("{e} for {text:?} in\n{yaml}")))?;
        prop_assert_eq!(&value, expected, "{:?} in\n{}", text, yaml);
        prop_assert!(
            yaml.ends_with('\n') && !yaml.ends_with("\n\n"),
            "final line feeds in {:?}",
            yaml
        );
    }
    // The layout scanner places what the writer wrote.
    let root = scan(&docs[0].0);
    prop_assert_eq!(
        root.get("k").map(|e| e.value.position.to_string()),
        Some("1:4".to_owned())
    );
    prop_assert!(
        root.get("after").is_some(),
        "scan lost `after` in {:?}",
        docs[0].0
    );

    if style(text, Context::Block) == Style::Plain {
        prop_assert!(
            !yaml11::non_string(text),
            "plain {:?} is not a string in YAML 1.1",
            text
        );
        prop_assert!(
            !yaml12::non_string(text),
            "plain {:?} is not a string in YAML 1.2",
            text
        );
    }
    if style(text, Context::Flow) == Style::Plain || key_style(text, &[]) == Style::Plain {
        prop_assert!(
            !yaml11::non_string(text) && !yaml12::non_string(text),
            "plain {:?}",
            text
        );
    }
    Ok(())
}

proptest! {
    #![proptest_config(ProptestConfig::with_cases(5000))]

    #[test]
    fn every_string_reads_back_exactly(text in hostile()) {
        round_trip(&text)?;
    }
}

#[test]
fn the_resolvers_know_the_implicit_types() {
    for text in [
        "Yes",
        "OFF",
        "~",
        "",
        "0b1_0",
        "-0x_F",
        "017",
        "+1_000",
        "1:20:30",
        "1.5e+3",
        "-.5",
        "1.2.3",
        ".",
        "190:20:30.15",
        ".NaN",
        "2001-12-14 21:59:43.10 -5",
        "2002-12-14",
        "<<",
        "=",
    ] {
        assert!(yaml11::non_string(text), "{text}");
        assert!(reads_as_non_string(text), "{text}");
    }
    for text in [
        "true", "NULL", "1e3", "-1E+3", "0o17", "0x1f", ".inf", "1.", ".5",
    ] {
        assert!(yaml12::non_string(text), "{text}");
        assert!(reads_as_non_string(text), "{text}");
    }
    for text in [
        "yes!",
        "0x",
        "1e3x",
        "1:60",
        "2001-12-14x",
        "v1",
        "0o8",
        "tru",
    ] {
        assert!(
            !yaml11::non_string(text) && !yaml12::non_string(text),
            "{text}"
        );
    }
}

/// The YAML 1.1 implicit types (yaml.org/type: null, bool, int, float, timestamp, merge, value), with
/// PyYAML's variants of the float pattern.
mod yaml11 {
    pub(crate) fn non_string(s: &str) -> bool {
        null(s) || bool(s) || int(s) || float(s) || timestamp(s) || s == "<<" || s == "="
    }

    fn null(s: &str) -> bool {
        matches!(s, "" | "~" | "null" | "Null" | "NULL")
    }

    fn bool(s: &str) -> bool {
        matches!(
            s,
            "y" | "Y"
                | "yes"
                | "Yes"
                | "YES"
                | "n"
                | "N"
                | "no"
                | "No"
                | "NO"
                | "true"
                | "True"
                | "TRUE"
                | "false"
                | "False"
                | "FALSE"
                | "on"
                | "On"
                | "ON"
                | "off"
                | "Off"
                | "OFF"
        )
    }

    fn unsigned(s: &str) -> &str {
        s.strip_prefix(['-', '+']).unwrap_or(s)
    }

    fn all(s: &str, f: impl Fn(char) -> bool) -> bool {
        s.chars().all(f)
    }

    /// `[1-9][0-9_]*`
    fn decimal(s: &str) -> bool {
        s.starts_with(|c: char| ('1'..='9').contains(&c))
            && all(s, |c| c.is_ascii_digit() || c == '_')
    }

    /// `(:[0-5]?[0-9])+` after a first part.
    fn sexagesimal_tail<'a>(parts: impl Iterator<Item = &'a str>) -> bool {
        let mut any = false;
        for part in parts {
            any = true;
            let ok = match part.as_bytes() {
                [d] => d.is_ascii_digit(),
                [a, b] => (b'0'..=b'5').contains(a) && b.is_ascii_digit(),
                _ => false,
            };
            if !ok {
                return false;
            }
        }
        any
    }

    fn int(s: &str) -> bool {
        let t = unsigned(s);
        if let Some(r) = t.strip_prefix("0b") {
            return !r.is_empty() && all(r, |c| matches!(c, '0' | '1' | '_'));
        }
        if let Some(r) = t.strip_prefix("0x") {
            return !r.is_empty() && all(r, |c| c.is_ascii_hexdigit() || c == '_');
        }
        if t == "0" {
            return true;
        }
        if let Some(r) = t.strip_prefix('0') {
            return !r.is_empty() && all(r, |c| ('0'..='7').contains(&c) || c == '_');
        }
        if decimal(t) {
            return true;
        }
        let mut parts = t.split(':');
        parts.next().is_some_and(decimal) && sexagesimal_tail(parts)
    }

    fn float(s: &str) -> bool {
        let t = unsigned(s);
        if matches!(t, ".inf" | ".Inf" | ".INF") || matches!(s, ".nan" | ".NaN" | ".NAN") {
            return true;
        }
        // `([0-9][0-9_]*)?\.[0-9._]*([eE][-+][0-9]+)?`
        let (mantissa, exponent) = match t.find(['e', 'E']) {
            Some(i) => (&t[..i], Some(&t[i + 1..])),
            None => (t, None),
        };
        let exponent_ok = exponent.is_none_or(|e| {
            e.strip_prefix(['-', '+'])
                .is_some_and(|d| !d.is_empty() && all(d, |c| c.is_ascii_digit()))
        });
        if let Some((before, after)) = mantissa.split_once('.') {
            let before_ok = before.is_empty()
                || (before.starts_with(|c: char| c.is_ascii_digit())
                    && all(before, |c| c.is_ascii_digit() || c == '_'));
            if before_ok
                && all(after, |c| c.is_ascii_digit() || c == '.' || c == '_')
                && exponent_ok
            {
                return true;
            }
        }
        // `[0-9][0-9_]*(:[0-5]?[0-9])+\.[0-9_]*`
        if let Some((whole, fraction)) = t.split_once('.') {
            let mut parts = whole.split(':');
            let first = parts.next().unwrap_or("");
            return first.starts_with(|c: char| c.is_ascii_digit())
                && all(first, |c| c.is_ascii_digit() || c == '_')
                && sexagesimal_tail(parts)
                && all(fraction, |c| c.is_ascii_digit() || c == '_');
        }
        false
    }

    fn timestamp(s: &str) -> bool {
        let b = s.as_bytes();
        let mut i = 0;
        let digits = |i: &mut usize, min: usize, max: usize| {
            let start = *i;
            while *i < b.len() && *i - start < max && b[*i].is_ascii_digit() {
                *i += 1;
            }
            *i - start >= min
        };
        let byte = |i: &mut usize, c: u8| {
            if b.get(*i) == Some(&c) {
                *i += 1;
                true
            } else {
                false
            }
        };
        if !(digits(&mut i, 4, 4)
            && byte(&mut i, b'-')
            && digits(&mut i, 1, 2)
            && byte(&mut i, b'-'))
        {
            return false;
        }
        if !digits(&mut i, 1, 2) {
            return false;
        }
        if i == b.len() {
            return true;
        }
        // ([Tt]|[ \t]+)H:MM:SS(\.[0-9]*)?([ \t]*(Z|[-+][0-9][0-9]?(:[0-9][0-9])?))?
        if !(byte(&mut i, b'T') || byte(&mut i, b't')) {
            let start = i;
            while matches!(b.get(i), Some(b' ' | b'\t')) {
                i += 1;
            }
            if i == start {
                return false;
            }
        }
        let time = digits(&mut i, 1, 2)
            && byte(&mut i, b':')
            && digits(&mut i, 2, 2)
            && byte(&mut i, b':')
            && digits(&mut i, 2, 2);
        if !time {
            return false;
        }
        if byte(&mut i, b'.') {
            digits(&mut i, 0, usize::MAX);
        }
        if i == b.len() {
            return true;
        }
        while matches!(b.get(i), Some(b' ' | b'\t')) {
            i += 1;
        }
        if byte(&mut i, b'Z') {
            return i == b.len();
        }
        if !(byte(&mut i, b'-') || byte(&mut i, b'+')) || !digits(&mut i, 1, 2) {
            return false;
        }
        if byte(&mut i, b':') && !digits(&mut i, 2, 2) {
            return false;
        }
        i == b.len()
    }
}

/// The YAML 1.2 core schema's implicit types.
mod yaml12 {
    pub(crate) fn non_string(s: &str) -> bool {
        let digits = |t: &str| !t.is_empty() && t.chars().all(|c| c.is_ascii_digit());
        let unsigned = s.strip_prefix(['-', '+']).unwrap_or(s);
        let float = || {
            let (mantissa, exponent) = match unsigned.find(['e', 'E']) {
                Some(i) => (&unsigned[..i], Some(&unsigned[i + 1..])),
                None => (unsigned, None),
            };
            let exponent_ok =
                exponent.is_none_or(|e| digits(e.strip_prefix(['-', '+']).unwrap_or(e)));
            let mantissa_ok = match mantissa.split_once('.') {
                Some(("", fraction)) => digits(fraction),
                Some((whole, fraction)) => {
                    digits(whole) && (fraction.is_empty() || digits(fraction))
                }
                None => digits(mantissa),
            };
            mantissa_ok && exponent_ok
        };
        matches!(
            s,
            "" | "~"
                | "null"
                | "Null"
                | "NULL"
                | "true"
                | "True"
                | "TRUE"
                | "false"
                | "False"
                | "FALSE"
        ) || digits(unsigned)
            || s.strip_prefix("0o")
                .is_some_and(|r| !r.is_empty() && r.chars().all(|c| ('0'..='7').contains(&c)))
            || s.strip_prefix("0x")
                .is_some_and(|r| !r.is_empty() && r.chars().all(|c| c.is_ascii_hexdigit()))
            || matches!(unsigned, ".inf" | ".Inf" | ".INF")
            || matches!(s, ".nan" | ".NaN" | ".NAN")
            || float()
    }
}
