//! Pins survive bots: the fixture `tests/fixtures/pins/repo` is a repository whose workflow was generated
//! with the pins in its `.github/pins.txt`, after which a bot edited the YAML (Dependabot bumped two
//! commits and a tag, Renovate pinned an action to a commit). Syncing the pins from the YAML gives
//! `expected-pins.txt`, and regenerating with them writes the bot's YAML byte for byte.

use pipeline_sdk::actions::cache_restore::CacheRestore;
use pipeline_sdk::actions::setup_node::SetupNode;
use pipeline_sdk::actions::upload_artifact::UploadArtifact;
use pipeline_sdk::expr::{Template, fun::hash_files};
use pipeline_sdk::generate::Generator;
use pipeline_sdk::model::{Job, Step, Trigger, Workflow};
use pipeline_sdk::parse;
use pipeline_sdk::pins::{Pins, used};
use std::path::{Path, PathBuf};

fn fixture() -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR")).join("tests/fixtures/pins")
}

/// The workflow as the repository's Rust code defines it.
fn ci() -> Workflow {
    let key = Template::new()
        .text("npm-")
        .expr(hash_files(["package-lock.json"]));
    Workflow::new("CI")
        .on(Trigger::push().branches(["main"]))
        .least_privilege()
        .job(
            "test",
            Job::new("ubuntu-latest")
                .step(Step::checkout())
                .step(SetupNode::new().node_version(22).step())
                .step(CacheRestore::new("~/.npm", key).step())
                .step(Step::run("npm ci\nnpm test"))
                .step(UploadArtifact::new("coverage/").name("coverage").step()),
        )
}

fn generator(root: &Path) -> Generator {
    Generator::new(root)
        .pins(".github/pins.txt")
        .workflow(".github/workflows/ci.yml", ci())
}

/// The references of the committed YAML, synced into the pins.
fn synced(repo: &Path) -> (Pins, String) {
    let mut pins =
        Pins::parse(&std::fs::read_to_string(repo.join(".github/pins.txt")).unwrap()).unwrap();
    let text = std::fs::read_to_string(repo.join(".github/workflows/ci.yml")).unwrap();
    let workflow = parse::workflow(&text).unwrap().value;
    let report = pins.sync(used(".github/workflows/ci.yml", &workflow));
    (pins, report.to_string())
}

#[test]
fn the_fixture_is_a_bots_edit_of_generated_yaml() {
    let repo = fixture().join("repo");
    let committed = std::fs::read_to_string(repo.join(".github/workflows/ci.yml")).unwrap();
    let files = generator(&repo).render().unwrap();
    let before = &files[0].1;
    assert_ne!(before, &committed);
    // Only `uses:` lines differ: what a bot edits.
    let lines = |text: &str| text.lines().map(str::to_owned).collect::<Vec<_>>();
    let (before, after) = (lines(before), lines(&committed));
    assert_eq!(before.len(), after.len());
    for (old, new) in before.iter().zip(&after) {
        if old != new {
            assert!(
                old.trim_start().starts_with("- uses:") || old.trim_start().starts_with("uses:"),
                "{old}\n{new}"
            );
        }
    }
}

#[test]
fn sync_then_regenerate_keeps_the_bump() {
    let repo = fixture().join("repo");
    let (pins, report) = synced(&repo);
    assert_eq!(
        pins.to_text(),
        std::fs::read_to_string(fixture().join("expected-pins.txt")).unwrap()
    );
    assert_eq!(
        report,
        "updated actions/checkout: 9c091bb21b7c1c1d1991bb908d89e4e9dddfe3e0 # v7.0.0 -> 3d3c42e5aac5ba805825da76410c181273ba90b1 # v7.0.1\n\
         updated actions/setup-node: 48b55a011bda9f5d6aeb4c2d9c7362e8dae4041e # v6.4.0 -> 820762786026740c76f36085b0efc47a31fe5020 # v7.0.0\n\
         updated actions/upload-artifact: v6 -> v7\n\
         added actions/cache/restore@55cc8345863c7cc4c66a329aec7e433d2d1c52a9 # v6.1.0\n"
    );

    // Regenerate in a copy of the repository with the synced pins: the bot's YAML, byte for byte.
    let copy = std::env::temp_dir().join(format!("pipeline-pins-test-{}", std::process::id()));
    let _ = std::fs::remove_dir_all(&copy);
    std::fs::create_dir_all(copy.join(".github/workflows")).unwrap();
    std::fs::copy(
        repo.join(".github/workflows/ci.yml"),
        copy.join(".github/workflows/ci.yml"),
    )
    .unwrap();
    std::fs::write(copy.join(".github/pins.txt"), pins.to_text()).unwrap();
    let drift = generator(&copy).check().unwrap();
    assert!(drift.is_clean(), "{drift}");

    // Syncing again changes nothing.
    let (again, report) = synced(&copy);
    assert_eq!(again, pins);
    assert_eq!(report, "");
    std::fs::remove_dir_all(&copy).unwrap();
}

#[test]
fn a_bad_pins_file_stops_the_generator() {
    let root = std::env::temp_dir().join(format!("pipeline-pins-bad-{}", std::process::id()));
    let _ = std::fs::remove_dir_all(&root);
    std::fs::create_dir_all(root.join(".github")).unwrap();
    std::fs::write(root.join(".github/pins.txt"), "actions/checkout\n").unwrap();
    let error = generator(&root).render().unwrap_err();
    assert_eq!(
        error.to_string(),
        ".github/pins.txt: line 1: expected `owner/repo@ref`, optionally followed by `# version`"
    );
    // A missing file pins nothing.
    std::fs::remove_file(root.join(".github/pins.txt")).unwrap();
    let files = generator(&root).render().unwrap();
    assert!(files[0].1.contains("uses: actions/setup-node@v7\n"));
    std::fs::remove_dir_all(&root).unwrap();
}
