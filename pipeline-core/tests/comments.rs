//! Comments survive parse and emit: each one comes back as the same text next to the same key, the
//! canonical form is idempotent, and the data does not change. Our own fixtures first, then every file
//! of the corpus and the seed (`../shared`) as a conformance layer.

use pipeline_core::emit::{self, EmitOptions};
use pipeline_core::model::{Action, Comments, Job, Path, Runs, Step, Workflow};
use pipeline_core::parse;
use pipeline_core::yaml::layout::{self, Node, NodeKind};
use std::path::PathBuf;

/// A comment reduced to what must survive: the path of the node it belongs to and its text after `#`.
type Placed = (String, String);

fn content(text: &str) -> String {
    text.strip_prefix('#').unwrap_or(text).trim().to_owned()
}

fn place(prefix: &Path, comments: &Comments, into: &mut Vec<Placed>) {
    for (path, node) in comments.iter() {
        let mut full = prefix.clone();
        for segment in path.segments() {
            full = match segment {
                pipeline_core::model::PathSegment::Key(k) => full.key(k.as_str()),
                pipeline_core::model::PathSegment::Index(i) => full.index(*i),
            };
        }
        for line in node.lines() {
            into.push((full.to_string(), content(line)));
        }
    }
}

fn steps(prefix: &Path, steps: &[Step], into: &mut Vec<Placed>) {
    for (i, step) in steps.iter().enumerate() {
        let at = prefix.index(i);
        place(&at, &step.comments, into);
        if let Some(version) = &step.uses_comment {
            into.push((at.key("uses").to_string(), content(version)));
        }
    }
}

/// Every comment a parsed document holds, by full path, sorted.
fn workflow_comments(workflow: &Workflow) -> Vec<Placed> {
    let mut all = Vec::new();
    place(&Path::root(), &workflow.comments, &mut all);
    for (id, job) in &workflow.jobs {
        let at = Path::root().key("jobs").key(id.as_str());
        place(&at, &job.comments, &mut all);
        if let Some(version) = &job.uses_comment {
            all.push((at.key("uses").to_string(), content(version)));
        }
        steps(
            &at.key("steps"),
            job.steps.as_deref().unwrap_or_default(),
            &mut all,
        );
    }
    all.sort();
    all
}

fn action_comments(action: &Action) -> Vec<Placed> {
    let mut all = Vec::new();
    place(&Path::root(), &action.comments, &mut all);
    if let Some(Runs::Composite(composite)) = &action.runs {
        steps(
            &Path::root().key("runs").key("steps"),
            &composite.steps,
            &mut all,
        );
    }
    all.sort();
    all
}

/// How many comments the layout scan finds in a text.
fn scanned(text: &str) -> usize {
    fn count(node: &Node) -> usize {
        let own = node.before.len() + node.end.len() + usize::from(node.trailing.is_some());
        own + match &node.kind {
            NodeKind::Mapping(entries) => entries.iter().map(|e| count(&e.value)).sum(),
            NodeKind::Sequence(items) => items.iter().map(count).sum(),
            NodeKind::Scalar | NodeKind::Alias => 0,
        }
    }
    count(&layout::scan(text))
}

/// Every text that may be a comment, found without the layout: from a `#` at the start of a line or
/// after a blank, to the end of the line. Some are inside strings, which the emitter keeps too.
fn hash_fragments(text: &str) -> Vec<String> {
    let mut fragments = Vec::new();
    for line in text.lines() {
        let bytes = line.as_bytes();
        // A `#` after an odd number of quotes is inside a quoted string.
        let outside = |i: usize| {
            let before = &line[..i];
            before.matches('"').count() % 2 == 0 && before.matches('\'').count() % 2 == 0
        };
        if let Some(at) = (0..bytes.len())
            .find(|&i| bytes[i] == b'#' && (i == 0 || bytes[i - 1] == b' ') && outside(i))
        {
            let rest = content(&line[at..]);
            if !rest.is_empty() {
                fragments.push(rest);
            }
        }
    }
    fragments
}

/// The data of a YAML text as serde_yaml reads it, merge keys applied.
fn data(text: &str) -> serde_yaml::Value {
    let mut value: serde_yaml::Value = serde_yaml::from_str(text).expect("valid YAML");
    value.apply_merge().expect("merge keys apply");
    value
}

/// Formats `text` twice and checks every property; returns (comments in the text, comments kept).
fn check(text: &str, is_action: bool) -> Result<(usize, usize, String), String> {
    let options = EmitOptions::default();
    let (before, first, after, twice) = if is_action {
        let model = parse::action(text)
            .map_err(|e| format!("parse: {e}"))?
            .value;
        let first = emit::action(&model, &options);
        let again = parse::action(&first)
            .map_err(|e| format!("re-parse: {e}\n{first}"))?
            .value;
        let twice = emit::action(&again, &options);
        (
            action_comments(&model),
            first,
            action_comments(&again),
            twice,
        )
    } else {
        let model = parse::workflow(text)
            .map_err(|e| format!("parse: {e}"))?
            .value;
        let first = emit::workflow(&model, &options);
        let again = parse::workflow(&first)
            .map_err(|e| format!("re-parse: {e}\n{first}"))?
            .value;
        let twice = emit::workflow(&again, &options);
        (
            workflow_comments(&model),
            first,
            workflow_comments(&again),
            twice,
        )
    };
    let found = scanned(text);
    if before.len() != found {
        return Err(format!(
            "the model holds {} of the {found} comments the scan found",
            before.len()
        ));
    }
    let missing: Vec<&Placed> = before.iter().filter(|c| !after.contains(c)).collect();
    if !missing.is_empty() || before.len() != after.len() {
        return Err(format!(
            "comments not kept at their place: {missing:?}\n--- emitted ---\n{first}"
        ));
    }
    for fragment in hash_fragments(text) {
        if !first.contains(&fragment) {
            return Err(format!("`# {fragment}` is gone\n--- emitted ---\n{first}"));
        }
    }
    if data(text) != data(&first) {
        return Err(format!("data differs\n--- emitted ---\n{first}"));
    }
    if first != twice {
        return Err(format!(
            "not idempotent\n--- first ---\n{first}\n--- second ---\n{twice}"
        ));
    }
    Ok((found, after.len(), first))
}

fn fixture(name: &str) -> String {
    let path = PathBuf::from(env!("CARGO_MANIFEST_DIR"))
        .join("tests/fixtures/comments")
        .join(name);
    std::fs::read_to_string(&path).unwrap_or_else(|e| panic!("{}: {e}", path.display()))
}

/// Each fixture: every comment kept next to its key, idempotent, same data; the canonical form pinned.
#[test]
fn fixtures_keep_every_comment() {
    for (name, is_action) in [
        ("every-place.yml", false),
        ("blocks-and-flows.yml", false),
        ("action.yml", true),
    ] {
        let text = fixture(name);
        let (found, kept, canonical) =
            check(&text, is_action).unwrap_or_else(|e| panic!("{name}: {e}"));
        assert_eq!(found, kept, "{name}");
        assert!(found >= 5, "{name}: the fixture has comments");
        insta::assert_snapshot!(
            format!("comments_{}", name.replace(['.', '-'], "_")),
            canonical
        );
    }
}

/// The canonical layout of each kind of place, one small document each.
#[test]
fn each_place_is_written_canonically() {
    let cases = [
        // The header, then a blank line, then a leading comment of the first key.
        (
            "# header\n\n\n# about on\non: push\njobs: {}\n",
            "# header\n\n# about on\non: push\n\njobs: {}\n",
        ),
        // A comment directly above the first key is that key's, not a header.
        (
            "# about on\non: push\njobs: {}\n",
            "# about on\non: push\n\njobs: {}\n",
        ),
        // Trailing comments after scalars, a flow list, an empty value and an empty mapping.
        (
            "on:  # events\n  push: # all\n    branches: [a, b]   # two\n  workflow_dispatch: {} # manual\njobs: {}\n",
            "on: # events\n  push: # all\n    branches: [a, b] # two\n  workflow_dispatch: {} # manual\n\njobs: {}\n",
        ),
        // A commented item makes a list one item per line; an end comment stays at the list's indentation.
        (
            "on:\n  push:\n    branches: [a, b]\n    tags:\n      - v* # releases\n      # - rc*\njobs: {}\n",
            "on:\n  push:\n    branches: [a, b]\n    tags:\n      - v* # releases\n      # - rc*\n\njobs: {}\n",
        ),
        // Comments inside a flow collection go above its key.
        (
            "on:\n  push:\n    branches: [\n      a, # first\n      b\n    ]\njobs: {}\n",
            "on:\n  push:\n    # first\n    branches: [a, b]\n\njobs: {}\n",
        ),
        // After a block scalar: at the step's indentation, never inside the block.
        (
            "on: push\njobs:\n  a:\n    steps:\n      - run: |\n          make\n        # after the script\n      - run: b\n",
            "on: push\n\njobs:\n  a:\n    steps:\n      - run: |\n          make\n        # after the script\n      - run: b\n",
        ),
        // A comment between two blank-line separated groups keeps its blank line.
        (
            "on: push\njobs:\n  a:\n    runs-on: x\n\n  # ---- deploys ----\n\n  b:\n    runs-on: z\n",
            "on: push\n\njobs:\n  a:\n    runs-on: x\n\n  # ---- deploys ----\n\n  b:\n    runs-on: z\n",
        ),
        // A dash with a comment and a mapping below it.
        (
            "on: push\njobs:\n  a:\n    steps:\n      - # checkout\n        uses: actions/checkout@v4\n",
            "on: push\n\njobs:\n  a:\n    steps:\n      - # checkout\n        uses: actions/checkout@v4\n",
        ),
        // The version after a pinned `uses:` is written once.
        (
            "on: push\njobs:\n  a:\n    steps:\n      - uses: actions/checkout@0123456789012345678901234567890123456789 #v4.2.2\n",
            "on: push\n\njobs:\n  a:\n    steps:\n      - uses: actions/checkout@0123456789012345678901234567890123456789 # v4.2.2\n",
        ),
        // A merge key is no key of the model: its comments go above the mapping it merges into.
        (
            "on: push\njobs:\n  a: &a\n    runs-on: x\n  b:\n    # merged from a\n    <<: *a # all of it\n    timeout-minutes: 5\n",
            "on: push\n\njobs:\n  a:\n    runs-on: x\n\n  # merged from a\n  # all of it\n  b:\n    runs-on: x\n    timeout-minutes: 5\n",
        ),
        // The end of the file, and a comment kept verbatim (no space after `#`).
        (
            "on: push #all\njobs: {}\n\n#   the end\n",
            "on: push #all\n\njobs: {}\n#   the end\n",
        ),
    ];
    for (input, expected) in cases {
        let (found, kept, canonical) =
            check(input, false).unwrap_or_else(|e| panic!("{input}: {e}"));
        assert_eq!(found, kept, "{input}");
        assert_eq!(canonical, expected, "{input}");
    }
}

/// Comments attached in Rust come out where they were attached, and move with their job or step.
#[test]
fn builders_attach_comments() {
    let mut workflow = Workflow::new("CI")
        .comment("Generated from xtask/src/ci.rs.\nEdit that file instead.")
        .key_comment("on", "Every push and pull request.")
        .job(
            "test",
            Job::new("ubuntu-latest")
                .comment("The required check.")
                .key_comment("runs-on", "The cheapest runner.")
                .step(Step::run("cargo test").comment("Unit and doc tests."))
                .step(Step::run("cargo doc").key_comment("run", "Warnings are errors.")),
        );
    workflow.on = pipeline_core::model::On::Event(pipeline_core::model::Event::Push);
    // A step inserted first: the comments stay with their own steps.
    if let Some(steps) = workflow.jobs["test"].steps.clone() {
        let mut steps = steps;
        steps.insert(0, Step::checkout());
        workflow.jobs["test"].steps = Some(steps);
    }
    let yaml = emit::workflow(&workflow, &EmitOptions::default());
    let expected_tail = "      # Unit and doc tests.\n      - run: cargo test\n      -\n        # Warnings are errors.\n        run: cargo doc\n";
    assert!(
        yaml.starts_with("# Generated from xtask/src/ci.rs.\n# Edit that file instead.\n\nname: CI\n\n# Every push and pull request.\non: push\n"),
        "{yaml}"
    );
    assert!(yaml.contains("  # The required check.\n  test:\n    # The cheapest runner.\n    runs-on: ubuntu-latest\n"), "{yaml}");
    assert!(yaml.ends_with(expected_tail), "{yaml}");
    // Through a round trip the comments are the same, and the model equals the one without comments.
    let parsed = parse::workflow(&yaml).unwrap().value;
    assert_eq!(workflow_comments(&parsed), workflow_comments(&workflow));
    assert_eq!(emit::workflow(&parsed, &EmitOptions::default()), yaml);
    let mut bare = workflow.clone();
    bare.comments = Comments::default();
    assert_eq!(bare, workflow);
}

fn shared() -> PathBuf {
    PathBuf::from(env!("CARGO_MANIFEST_DIR")).join("../../shared")
}

fn yaml_files(dir: &std::path::Path, into: &mut Vec<PathBuf>) {
    let Ok(entries) = std::fs::read_dir(dir) else {
        return;
    };
    let mut paths: Vec<PathBuf> = entries.filter_map(|e| e.ok().map(|e| e.path())).collect();
    paths.sort();
    for path in paths {
        if path.is_dir() {
            yaml_files(&path, into);
        } else if matches!(
            path.extension().and_then(|e| e.to_str()),
            Some("yml" | "yaml")
        ) {
            into.push(path);
        }
    }
}

/// Conformance: every comment of every corpus and seed file survives formatting, at its place.
#[test]
fn corpus_and_seed_keep_every_comment() {
    let shared = shared();
    let mut files = Vec::new();
    for folder in ["corpus/workflows", "corpus/actions", "seed"] {
        yaml_files(&shared.join(folder), &mut files);
    }
    if files.is_empty() {
        assert!(
            std::env::var_os("CI").is_none(),
            "../shared (the corpus and the seed) is missing"
        );
        println!("comments: skipped, ../shared is not beside the project");
        return;
    }
    let (mut found, mut kept) = (0, 0);
    let mut failures = Vec::new();
    for path in &files {
        let text = std::fs::read_to_string(path).unwrap();
        let is_action = matches!(
            path.file_name().and_then(|n| n.to_str()),
            Some("action.yml" | "action.yaml")
        ) || path.parent().and_then(|p| p.file_name()) == Some("actions".as_ref())
            && path.to_string_lossy().contains("corpus");
        match check(&text, is_action) {
            Ok((f, k, _)) => {
                found += f;
                kept += k;
            }
            Err(error) => {
                found += scanned(&text);
                failures.push(format!("{}: {error}", path.display()));
            }
        }
    }
    println!("comments kept: {kept} of {found} in {} files", files.len());
    assert!(
        failures.is_empty(),
        "{} files failed:\n{}",
        failures.len(),
        failures.join("\n\n")
    );
    assert_eq!(kept, found);
}
