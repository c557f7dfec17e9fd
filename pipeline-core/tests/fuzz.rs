//! Mutation fuzzing, run with the ordinary tests: thousands of inputs made by mutating our own fixtures
//! (and, when `../shared/corpus` is beside the project, the corpus) go through parse, emit, validate and
//! graph. Each must finish without a panic and within a bounded time, and whatever parses must emit the
//! same text after a second parse (emit, parse, emit is stable).
//!
//! The seed is fixed, so a failure repeats; `PIPELINE_FUZZ_ITERATIONS` runs more inputs and
//! `PIPELINE_FUZZ_SEED` other ones.

use pipeline_core::emit::{self, EmitOptions};
use pipeline_core::{graph, parse, validate};
use std::path::{Path, PathBuf};
use std::time::{Duration, Instant};

/// Inputs per run unless `PIPELINE_FUZZ_ITERATIONS` says otherwise.
const DEFAULT_ITERATIONS: usize = 2000;

/// The most one input may take in a debug build: far above any real file, far below a hang.
const TIME_PER_INPUT: Duration = Duration::from_secs(5);

/// Pieces of YAML and of expressions that the mutations insert: structure, aliases, tags, quotes,
/// control characters, expressions, byte-order marks.
const TOKENS: &[&str] = &[
    "[",
    "]",
    "{",
    "}",
    ",",
    ": ",
    "- ",
    "? ",
    "&a ",
    "*a",
    "<<: *a\n",
    "!!binary ",
    "!custom ",
    "!!str ",
    "\"",
    "'",
    " # note",
    "\n",
    "\r\n",
    "  ",
    "\t",
    "${{ ",
    " }}",
    "${{ github.event.inputs.x }}",
    "|\n",
    ">-\n",
    "\u{feff}",
    "\u{1b}[2J",
    "needs: [a, b]\n",
    "if: ${{ always() }}\n",
    "on: push\n",
    "jobs:\n",
    "steps:\n",
    "uses: actions/checkout@v4\n",
    "run: echo\n",
    "123456789012345678901234567890",
    "0x1F",
    "~",
    "null",
    "true",
    "1e999",
    ".nan",
    "\u{202e}",
    "é",
    "𝒳",
    "format('{0', x)",
    "...\n",
    "---\n",
];

/// A small fast generator (xorshift64*), enough to pick mutations reproducibly.
struct Rng(u64);

impl Rng {
    fn next(&mut self) -> u64 {
        self.0 ^= self.0 >> 12;
        self.0 ^= self.0 << 25;
        self.0 ^= self.0 >> 27;
        self.0.wrapping_mul(0x2545_f491_4f6c_dd1d)
    }

    fn below(&mut self, n: usize) -> usize {
        if n == 0 {
            0
        } else {
            (self.next() % n as u64) as usize
        }
    }
}

/// A seed file: its text and whether it is action metadata.
struct Seed {
    text: String,
    action: bool,
}

fn collect(dir: &Path, limit: usize, out: &mut Vec<Seed>) {
    let mut stack = vec![dir.to_path_buf()];
    let mut files: Vec<PathBuf> = Vec::new();
    while let Some(folder) = stack.pop() {
        let Ok(entries) = std::fs::read_dir(&folder) else {
            continue;
        };
        for entry in entries.flatten() {
            let path = entry.path();
            if path.is_dir() {
                stack.push(path);
            } else if path.extension().is_some_and(|e| e == "yml" || e == "yaml") {
                files.push(path);
            }
        }
    }
    files.sort();
    for path in files.into_iter().take(limit) {
        if let Ok(text) = std::fs::read_to_string(&path) {
            let name = path
                .file_name()
                .and_then(|n| n.to_str())
                .unwrap_or_default();
            let action = matches!(name, "action.yml" | "action.yaml")
                || path
                    .components()
                    .any(|c| c.as_os_str() == "metadata" || c.as_os_str() == "actions");
            out.push(Seed { text, action });
        }
    }
}

fn seeds() -> Vec<Seed> {
    let root = Path::new(env!("CARGO_MANIFEST_DIR"));
    let mut seeds = Vec::new();
    for dir in [
        "tests/fixtures",
        "../tests/fixtures",
        "../xtask/metadata",
        "../.github/workflows",
    ] {
        collect(&root.join(dir), usize::MAX, &mut seeds);
    }
    // A few workflows and actions of the corpus, when it is there.
    for dir in [
        "../../shared/corpus/workflows",
        "../../shared/corpus/actions",
    ] {
        collect(&root.join(dir), 40, &mut seeds);
    }
    // Documents of our own, written here, so the test has seeds whatever folder is missing.
    seeds.push(Seed {
        text: "name: CI\non:\n  push:\n    branches: [main]\nenv: &env\n  A: 1\njobs:\n  build:\n    runs-on: ${{ matrix.os }}\n    strategy:\n      matrix:\n        os: [ubuntu-latest, windows-latest]\n    env: *env\n    steps:\n      - uses: actions/checkout@v4 # v4.2.2\n      - run: |\n          echo \"${{ github.ref }}\"\n  test:\n    needs: build\n    if: ${{ success() }}\n    runs-on: ubuntu-latest\n    steps:\n      - run: cargo test\n".to_owned(),
        action: false,
    });
    seeds.push(Seed {
        text: "name: Greet\ndescription: Says hello\ninputs:\n  who:\n    description: Whom\n    default: world\noutputs:\n  said:\n    value: ${{ steps.s.outputs.said }}\nruns:\n  using: composite\n  steps:\n    - id: s\n      run: echo said=hi >> $GITHUB_OUTPUT\n      shell: bash\n".to_owned(),
        action: true,
    });
    seeds
}

/// A char boundary of `text` at or before `at`.
fn boundary(text: &str, mut at: usize) -> usize {
    at = at.min(text.len());
    while !text.is_char_boundary(at) {
        at -= 1;
    }
    at
}

/// One to four mutations of `text`: insert a token, delete a range, duplicate, drop or swap lines,
/// change a line's indentation, or splice in a line of another seed.
fn mutate(rng: &mut Rng, text: &str, other: &str) -> String {
    let mut text = text.to_owned();
    for _ in 0..=rng.below(4) {
        match rng.below(7) {
            0 => {
                let at = boundary(&text, rng.below(text.len() + 1));
                text.insert_str(at, TOKENS[rng.below(TOKENS.len())]);
            }
            1 => {
                let start = boundary(&text, rng.below(text.len() + 1));
                let end = boundary(&text, start + rng.below(16));
                text.replace_range(start..end.max(start), "");
            }
            2..=4 => {
                let mut lines: Vec<String> = text.lines().map(str::to_owned).collect();
                if lines.is_empty() {
                    continue;
                }
                let i = rng.below(lines.len());
                match rng.below(5) {
                    0 => {
                        let line = lines[i].clone();
                        lines.insert(i, line);
                    }
                    1 => {
                        lines.remove(i);
                    }
                    2 => {
                        let j = rng.below(lines.len());
                        lines.swap(i, j);
                    }
                    3 => {
                        let line = &mut lines[i];
                        if rng.below(2) == 0 {
                            line.insert_str(0, "  ");
                        } else if line.starts_with("  ") {
                            line.replace_range(..2, "");
                        }
                    }
                    _ => {
                        let others: Vec<&str> = other.lines().collect();
                        if !others.is_empty() {
                            lines.insert(i, others[rng.below(others.len())].to_owned());
                        }
                    }
                }
                text = lines.join("\n");
                text.push('\n');
            }
            5 => {
                // Repeat a piece: deep nesting and fan-out come from here.
                let start = boundary(&text, rng.below(text.len() + 1));
                let end = boundary(&text, start + rng.below(8));
                let piece = text[start..end].repeat(1 + rng.below(64));
                text.insert_str(end, &piece);
            }
            _ => {
                let at = boundary(&text, rng.below(text.len() + 1));
                let c = char::from(u8::try_from(rng.below(128)).unwrap_or(b' '));
                text.insert(at, c);
            }
        }
    }
    text
}

/// Everything a file goes through, with the stability of emit, parse, emit asserted.
fn exercise(text: &str, action: bool) {
    let options = EmitOptions::default();
    let config = validate::Config::default();
    if action {
        let _ = validate::check_action(text, "action.yml", &config);
        if let Ok(parsed) = parse::action(text) {
            let _ = validate::validate_action(&parsed.value);
            let first = emit::action(&parsed.value, &options);
            let again = parse::action(&first)
                .unwrap_or_else(|e| panic!("emitted action metadata does not parse: {e}\n{first}"));
            assert_eq!(
                emit::action(&again.value, &options),
                first,
                "emit, parse, emit changed"
            );
        }
    } else {
        let _ = validate::check_workflow(text, "ci.yml", &config);
        if let Ok(parsed) = parse::workflow(text) {
            let _ = validate::validate(&parsed.value);
            let _ = graph::mermaid(&parsed.value);
            let _ = graph::dot(&parsed.value);
            let first = emit::workflow(&parsed.value, &options);
            let again = parse::workflow(&first)
                .unwrap_or_else(|e| panic!("the emitted workflow does not parse: {e}\n{first}"));
            assert_eq!(
                emit::workflow(&again.value, &options),
                first,
                "emit, parse, emit changed"
            );
        }
    }
}

#[test]
fn mutated_fixtures_never_panic_hang_or_drift() {
    let iterations = std::env::var("PIPELINE_FUZZ_ITERATIONS")
        .ok()
        .and_then(|n| n.parse().ok())
        .unwrap_or(DEFAULT_ITERATIONS);
    let seed = std::env::var("PIPELINE_FUZZ_SEED")
        .ok()
        .and_then(|n| n.parse().ok())
        .unwrap_or(0x5eed_1234_abcd_ef01_u64);
    let seeds = seeds();
    assert!(seeds.len() >= 2);
    let mut rng = Rng(seed | 1);
    let mut parsed = 0;
    for i in 0..iterations {
        let base = &seeds[rng.below(seeds.len())];
        let other = &seeds[rng.below(seeds.len())].text;
        let input = mutate(&mut rng, &base.text, other);
        let start = Instant::now();
        let outcome = std::panic::catch_unwind(|| exercise(&input, base.action));
        let elapsed = start.elapsed();
        if let Err(panic) = outcome {
            let message = panic
                .downcast_ref::<String>()
                .cloned()
                .or_else(|| panic.downcast_ref::<&str>().map(|s| (*s).to_owned()))
                .unwrap_or_default();
            panic!("input {i} (seed {seed}) panicked: {message}\n--- input ---\n{input}");
        }
        assert!(
            elapsed < TIME_PER_INPUT,
            "input {i} (seed {seed}) took {elapsed:?}\n--- input ---\n{input}"
        );
        if parse::workflow(&input).is_ok() || parse::action(&input).is_ok() {
            parsed += 1;
        }
    }
    // The mutations are small enough that some inputs still parse, so emit is exercised too.
    assert!(parsed > 0, "no mutated input parsed");
    eprintln!(
        "fuzz: {iterations} inputs from {} seeds, {parsed} parsed",
        seeds.len()
    );
}
