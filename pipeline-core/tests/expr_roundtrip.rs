//! Expressions print to text that parses back to the same tree; precedence, escaping and error offsets
//! are pinned by tables; and no input, however hostile, makes the parser panic.

use pipeline_core::expr::{
    Ast, BinaryOp, Condition, FilterSyntax, MAX_DEPTH, MAX_HEIGHT, Part, Template, is_keyword,
    parse, parse_condition, scan,
};
use proptest::prelude::*;

/// Parses `input`, checks it prints as `expected`, and that the printed text parses to the same tree.
#[track_caller]
fn check(input: &str, expected: &str) {
    let ast = parse(input).unwrap_or_else(|e| panic!("{input:?} should parse: {e}"));
    let printed = ast.to_string();
    assert_eq!(printed, expected, "printing {input:?}");
    assert_eq!(parse(&printed).as_ref(), Ok(&ast), "reparsing {printed:?}");
}

/// Checks that `input` fails with exactly `message`.
#[track_caller]
fn check_err(input: &str, message: &str) {
    match parse(input) {
        Ok(ast) => panic!("{input:?} should not parse, got {ast:?}"),
        Err(e) => assert_eq!(e.to_string(), message, "error for {input:?}"),
    }
}

#[test]
fn precedence_prints_fewest_parentheses() {
    check("a || b && c", "a || b && c");
    check("(a || b) && c", "(a || b) && c");
    check("a || (b && c)", "a || b && c");
    check("(a || b) || c", "a || b || c");
    check("a || (b || c)", "a || (b || c)");
    check("a && b || c && d", "a && b || c && d");
    check("a && (b || c) && d", "a && (b || c) && d");
    check("a == b && c != d", "a == b && c != d");
    check("a == (b && c)", "a == (b && c)");
    check("a == b == c", "a == b == c");
    check("a == (b != c)", "a == (b != c)");
    check("a < b == c >= d", "a < b == c >= d");
    check("(a == b) < c", "(a == b) < c");
    check("a < (b < c)", "a < (b < c)");
    check("a <= b > c", "a <= b > c");
    check("!a == b", "!a == b");
    check("!(a == b)", "!(a == b)");
    check("!(a) < b", "!a < b");
    check("!!a", "!!a");
    check("!(!a && b)", "!(!a && b)");
    check("((((a))))", "a");
    check("(a)", "a");
}

#[test]
fn postfix_binds_tightest() {
    check("!a.b", "!a.b");
    check("(!a).b", "(!a).b");
    check("(a || b).c", "(a || b).c");
    check("(a).b", "a.b");
    check("('abc').length", "('abc').length");
    check("(1)[0]", "(1)[0]");
    check("(null).x", "(null).x");
    check("f(a).b[0]", "f(a).b[0]");
    check("(f(a)).b", "f(a).b");
    check("a.b['c'][0].*.d[*]", "a.b['c'][0].*.d[*]");
    check("a[b[c]]", "a[b[c]]");
    check("a[b || c]", "a[b || c]");
    check("env[matrix.target.options]", "env[matrix.target.options]");
    check("a.true.null.NaN", "a.true.null.NaN");
    check("strategy.fail-fast", "strategy.fail-fast");
    check(
        "github.event.issue.labels.*.name",
        "github.event.issue.labels.*.name",
    );
    check("fromJSON(x).tenant-id", "fromJSON(x).tenant-id");
}

#[test]
fn literals_keep_their_spelling() {
    check("null", "null");
    check("true", "true");
    check("false", "false");
    check("711", "711");
    check("-9.2", "-9.2");
    check("0xff", "0xff");
    check("0XFF", "0XFF");
    check("-2.99e-2", "-2.99e-2");
    check("1e3", "1e3");
    check("1.50", "1.50");
    check(".5", ".5");
    check("5.", "5.");
    check("+1", "+1");
    check("-0", "-0");
    check("NaN", "NaN");
    check("Infinity", "Infinity");
    check("-Infinity", "-Infinity");
    check("a == .5", "a == .5");
    check("'It''s open source!'", "'It''s open source!'");
    check("''", "''");
    check("''''", "''''");
    check("'}}'", "'}}'");
    check("'${{ x }}'", "'${{ x }}'");
    check("'ünïcödé ✓'", "'ünïcödé ✓'");
    check("'line\nbreak'", "'line\nbreak'");
    // Keywords are lowercase only; other spellings are names.
    check("TRUE", "TRUE");
    check("Null", "Null");
}

#[test]
fn spacing_and_calls_are_normalised() {
    check("a&&b||!c", "a && b || !c");
    check("  a\n&&\tb\r\n", "a && b");
    check("toJSON( github )", "toJSON(github)");
    check("format ('{0}', a ,b)", "format('{0}', a, b)");
    check("always()", "always()");
    check("ToJson(matrix)", "ToJson(matrix)");
    check(
        "contains(fromJSON('[\"push\", \"pull_request\"]'), github.event_name)",
        "contains(fromJSON('[\"push\", \"pull_request\"]'), github.event_name)",
    );
    check(
        "case(github.ref == 'refs/heads/main', 'production', 'development')",
        "case(github.ref == 'refs/heads/main', 'production', 'development')",
    );
}

#[test]
fn errors_name_offset_and_expectation() {
    check_err("", "expected an expression at offset 0, found end of input");
    check_err(
        "   ",
        "expected an expression at offset 3, found end of input",
    );
    check_err("(a", "expected `)` at offset 2, found end of input");
    check_err(
        "a ==",
        "expected an expression at offset 4, found end of input",
    );
    check_err(
        "github.sha:0:7",
        "expected a property name or `*` at offset 7, found `sha:0:7`",
    );
    check_err(
        "'abc",
        "expected `'` to close the string at offset 4, found end of input",
    );
    check_err(
        "a = b",
        "expected an operator or the end of the expression at offset 2, found `=`",
    );
    check_err(
        "a & b",
        "expected an operator or the end of the expression at offset 2, found `&`",
    );
    check_err(
        "a | b",
        "expected an operator or the end of the expression at offset 2, found `|`",
    );
    check_err("\"x\"", "expected an expression at offset 0, found `\"x\"`");
    check_err("f(a,)", "expected an expression at offset 4, found `)`");
    check_err("f(a b)", "expected `,` or `)` at offset 4, found `b`");
    check_err("f(a", "expected `,` or `)` at offset 3, found end of input");
    check_err("a[0", "expected `]` at offset 3, found end of input");
    check_err("a[*", "expected `]` at offset 3, found end of input");
    check_err(
        "a.",
        "expected a property name or `*` at offset 2, found end of input",
    );
    check_err(
        "a.1",
        "expected a property name or `*` at offset 2, found `1`",
    );
    check_err("1abc", "expected a number at offset 0, found `1abc`");
    check_err("-0xff", "expected a number at offset 0, found `-0xff`");
    check_err("a == - 1", "expected a number at offset 5, found `-`");
    check_err(
        "a b",
        "expected an operator or the end of the expression at offset 2, found `b`",
    );
    check_err(
        "a ! b",
        "expected an operator or the end of the expression at offset 2, found `!`",
    );
    check_err("'a'.b", "expected a number at offset 3, found `.b`");
    check_err(
        "true(1)",
        "expected an operator or the end of the expression at offset 4, found `(`",
    );
    check_err("é", "expected an expression at offset 0, found `é`");
    check_err(
        "abcdefghijklmnopqrstuvwxyz:0123456789",
        "expected an expression at offset 0, found `abcdefghijklmnopqrstuvwx...`",
    );
}

#[test]
fn nesting_beyond_the_limits_is_an_error_not_a_crash() {
    let too_deep = |input: String| {
        let err = parse(&input).expect_err("too deep");
        assert!(err.offset() <= input.len());
        err.to_string()
    };
    // GitHub's depth limit comes first for nesting and for chains of properties and indexes; the
    // parser's own limits bound what it does not count (long chains of one operator).
    let depth = format!("expected an expression at most {MAX_DEPTH} levels deep");
    let height = format!("expected a tree at most {MAX_HEIGHT} nodes tall");
    for input in [
        "(".repeat(100_000) + "a",
        "!".repeat(100_000) + "a",
        "f(".repeat(100_000),
        "a".to_owned() + &"[a".repeat(100_000),
        "a".to_owned() + &".b".repeat(100_000),
        "a".to_owned() + &"[*]".repeat(100_000),
    ] {
        assert!(too_deep(input).starts_with(&depth));
    }
    for input in [
        "a".to_owned() + &" || a".repeat(100_000),
        "a".to_owned() + &" == a".repeat(100_000),
    ] {
        assert!(too_deep(input).starts_with(&height));
    }
    let nested = "(".repeat(MAX_DEPTH - 1) + "a" + &")".repeat(MAX_DEPTH - 1);
    assert_eq!(parse(&nested), Ok(Ast::context("a")));
    let chain = "a".to_owned() + &" || a".repeat(MAX_HEIGHT - 1);
    let tall = parse(&chain).expect("fits");
    assert_eq!(tall.to_string(), chain);
}

#[test]
fn templates_split_on_unquoted_close() {
    let t = Template::parse("echo ${{ format('{{0}}}', a) }} and ${{b}}!").expect("parses");
    assert_eq!(
        t.to_string(),
        "echo ${{ format('{{0}}}', a) }} and ${{ b }}!"
    );
    let offsets: Vec<usize> = t
        .parts
        .iter()
        .filter_map(|p| match p {
            Part::Expr { offset, .. } => Some(*offset),
            Part::Text(_) => None,
        })
        .collect();
    assert_eq!(offsets, [5, 36]);
    assert_eq!(Template::parse("").map(|t| t.parts.len()), Ok(0));
    assert_eq!(
        Template::parse("no expressions").map(|t| t.to_string()),
        Ok("no expressions".to_owned())
    );
    assert_eq!(
        Template::parse("${{ '${{' }}").map(|t| t.to_string()),
        Ok("${{ '${{' }}".to_owned())
    );
}

#[test]
fn template_errors_have_offsets_in_the_whole_string() {
    let err = |s: &str| Template::parse(s).expect_err("fails").to_string();
    assert_eq!(
        err("a ${{ b"),
        "expected `}}` to close the expression at offset 2, found end of input"
    );
    assert_eq!(
        err("${{ 'b }}"),
        "expected `}}` to close the expression at offset 0, found end of input"
    );
    assert_eq!(
        err("ok ${{ a }} then ${{ a == }}"),
        "expected an expression at offset 26, found `}}`"
    );
    assert_eq!(
        err("${{}}"),
        "expected an expression at offset 3, found `}}`"
    );
    assert_eq!(
        err("x=${{ github.sha:0:7 }}"),
        "expected a property name or `*` at offset 13, found `sha:0:7`"
    );
    // `scan` does not parse, so a caller can report every bad expression, not only the first.
    let segments = scan("${{ a. }} ${{ b. }}").expect("balanced");
    assert_eq!(segments.len(), 3);
}

#[test]
fn conditions_follow_github_if_rule() {
    let bare = parse_condition("github.event_name == 'push'").expect("parses");
    assert!(matches!(bare, Condition::Bare(_)));
    assert_eq!(bare.to_string(), "github.event_name == 'push'");

    let wrapped = parse_condition("  ${{ !cancelled() }}\n").expect("parses");
    assert_eq!(
        wrapped,
        Condition::Wrapped(parse("!cancelled()").expect("parses"))
    );
    assert_eq!(wrapped.to_string(), "${{ !cancelled() }}");

    // Text around `${{ }}` makes GitHub evaluate a format() string, which is truthy: kept for the validator.
    let mixed = parse_condition("${{ a }} && b").expect("parses");
    assert!(matches!(mixed, Condition::Template(_)));
    assert_eq!(mixed.expr(), None);
    assert_eq!(mixed.to_string(), "${{ a }} && b");

    // Bare text holding `${{` would read as a template, so it is printed wrapped.
    let quoted = Condition::Bare(parse("a == '${{'").expect("parses"));
    assert_eq!(quoted.to_string(), "${{ a == '${{' }}");
    assert_eq!(
        parse_condition(&quoted.to_string()),
        Ok(Condition::Wrapped(parse("a == '${{'").expect("parses")))
    );

    assert_eq!(
        parse_condition("  a ==").expect_err("fails").offset(),
        6,
        "offsets count from the untrimmed value"
    );
}

fn identifier() -> impl Strategy<Value = String> {
    "[A-Za-z_][A-Za-z0-9_-]{0,8}"
}

fn name() -> impl Strategy<Value = String> {
    identifier().prop_filter("keywords are literals", |s| !is_keyword(s))
}

fn number() -> impl Strategy<Value = Ast> {
    let spelled = prop_oneof![
        "[+-]?[0-9]{1,6}(\\.[0-9]{0,3})?([eE][+-]?[0-9]{1,3})?",
        "[+-]?\\.[0-9]{1,4}",
        "0[xX][0-9a-fA-F]{1,10}",
        "[+-]?Infinity",
    ]
    .prop_map(|text| parse(&text).expect("generated numbers are valid"));
    prop_oneof![any::<f64>().prop_map(Ast::number), spelled]
}

fn leaf() -> impl Strategy<Value = Ast> {
    prop_oneof![
        Just(Ast::Null),
        any::<bool>().prop_map(Ast::Bool),
        number(),
        // Quotes, template delimiters, line breaks and any Unicode.
        prop_oneof!["[a-z' }{$]{0,8}", any::<String>()].prop_map(Ast::String),
        name().prop_map(Ast::Context),
    ]
}

fn ast() -> impl Strategy<Value = Ast> {
    leaf().prop_recursive(6, 64, 4, |inner| {
        prop_oneof![
            (inner.clone(), identifier()).prop_map(|(t, n)| Ast::Property {
                target: Box::new(t),
                name: n
            }),
            (inner.clone(), inner.clone()).prop_map(|(t, i)| t.index(i)),
            (inner.clone(), any::<bool>()).prop_map(|(t, bracket)| Ast::Filter {
                target: Box::new(t),
                syntax: if bracket {
                    FilterSyntax::Bracket
                } else {
                    FilterSyntax::Dot
                },
            }),
            inner.clone().prop_map(Ast::negate),
            (
                proptest::sample::select(BinaryOp::ALL.to_vec()),
                inner.clone(),
                inner.clone()
            )
                .prop_map(|(op, l, r)| Ast::binary(op, l, r)),
            (name(), proptest::collection::vec(inner, 0..4)).prop_map(|(n, a)| Ast::call(n, a)),
        ]
    })
}

fn template() -> impl Strategy<Value = Template> {
    let part = prop_oneof![
        "[a-z $'{}\n]{1,6}".prop_map(|t| (Some(t), None)),
        ast().prop_map(|a| (None, Some(a))),
    ];
    proptest::collection::vec(part, 0..5)
        .prop_map(|parts| {
            parts
                .into_iter()
                .fold(Template::new(), |template, part| match part {
                    (Some(text), _) => template.text(text),
                    (_, Some(expr)) => template.expr(expr),
                    (None, None) => template,
                })
        })
        // Text cannot hold `${{`: Display writes it as an expression, a different (equivalent) tree.
        .prop_filter("text holds `${{`", |template| {
            template
                .parts
                .iter()
                .all(|part| !matches!(part, Part::Text(text) if text.contains("${{")))
        })
}

/// Fragments that reach deep into the parser when glued together at random.
fn token_soup() -> impl Strategy<Value = String> {
    let token = proptest::sample::select(vec![
        "a", "b.c", ".", "(", ")", "[", "]", "*", "!", "==", "!=", "<", "<=", "&&", "||", "'x'",
        "''", "'", "1", "-", "0x", "1e", ",", "f(", "g()", " ", "true", "null", "${{", "}}", "é",
    ]);
    proptest::collection::vec(token, 0..24).prop_map(|tokens| tokens.concat())
}

proptest! {
    #![proptest_config(ProptestConfig::with_cases(4096))]

    #[test]
    fn printed_ast_parses_to_the_same_ast(ast in ast()) {
        let printed = ast.to_string();
        prop_assert_eq!(parse(&printed), Ok(ast), "printed: {}", printed);
    }

    #[test]
    fn printed_template_parses_to_the_same_template(template in template()) {
        let printed = template.to_string();
        prop_assert_eq!(Template::parse(&printed), Ok(template), "printed: {}", printed);
    }

    #[test]
    fn printed_condition_parses_to_the_same_condition(ast in ast(), wrapped in any::<bool>()) {
        // A bare condition whose text holds `${{` (in a string) is printed wrapped, or GitHub would read
        // a template; it comes back as the same expression, wrapped.
        let must_wrap = wrapped || ast.to_string().contains("${{");
        let condition = if wrapped { Condition::Wrapped(ast.clone()) } else { Condition::Bare(ast.clone()) };
        let expected = if must_wrap { Condition::Wrapped(ast) } else { Condition::Bare(ast) };
        let printed = condition.to_string();
        prop_assert_eq!(parse_condition(&printed), Ok(expected), "printed: {}", printed);
    }
}

proptest! {
    #![proptest_config(ProptestConfig::with_cases(8192))]

    #[test]
    fn arbitrary_text_never_panics(s in any::<String>()) {
        let _ = parse(&s);
        let _ = Template::parse(&s);
        let _ = parse_condition(&s);
        let _ = scan(&s);
    }

    #[test]
    fn whatever_parses_round_trips(s in token_soup()) {
        if let Ok(ast) = parse(&s) {
            prop_assert_eq!(parse(&ast.to_string()), Ok(ast));
        }
        if let Ok(template) = Template::parse(&s) {
            prop_assert_eq!(Template::parse(&template.to_string()), Ok(template));
        }
        if let Err(e) = parse(&s) {
            prop_assert!(e.offset() <= s.len());
        }
    }
}
