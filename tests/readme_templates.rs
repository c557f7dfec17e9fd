//! The README's "Publishing templates", followed on fresh crates: a template crate and a product team's
//! xtask that depends on it, generated, then a pins file of the consumer's own laid over the template's.

mod fresh;

use fresh::{cargo, text};
use std::path::{Path, PathBuf};

/// The section's code: the template crate's source, and the consumer's `main` after the marker line.
fn section() -> (String, String) {
    let readme =
        std::fs::read_to_string(Path::new(env!("CARGO_MANIFEST_DIR")).join("README.md")).unwrap();
    let start = readme
        .find("<!-- templates:begin -->")
        .expect("the README marks the templates code");
    let end = readme
        .find("<!-- templates:end -->")
        .expect("the README marks its end");
    let code: Vec<&str> = readme[start..end]
        .lines()
        .skip_while(|line| !line.starts_with("```rust"))
        .skip(1)
        .take_while(|line| !line.starts_with("```"))
        .collect();
    let split = code
        .iter()
        .position(|line| line.starts_with("// xtask/src/main.rs"))
        .expect("the consumer's part starts with its file name");
    let library = code[..split].join("\n");
    let consumer = format!(
        "use company_pipelines::rust_service;\nuse pipeline_sdk::generate::Generator;\nuse pipeline_sdk::model::Step;\n\n{}\n",
        code[split + 1..].join("\n")
    );
    (library, consumer)
}

#[test]
fn a_template_crate_and_its_consumer_work_as_the_readme_says() {
    let sdk = Path::new(env!("CARGO_MANIFEST_DIR"));
    // The quickstart's target folder: the dependencies are built once for both.
    let target: PathBuf = sdk.join("target").join("quickstart");
    let repo =
        std::env::temp_dir().join(format!("pipeline-templates-readme-{}", std::process::id()));
    let _ = std::fs::remove_dir_all(&repo);
    for dir in ["xtask/src", "company-pipelines/src", ".cargo", ".github"] {
        std::fs::create_dir_all(repo.join(dir)).unwrap();
    }
    let (library, consumer) = section();
    let write = |path: &str, text: &str| std::fs::write(repo.join(path), text).unwrap();
    write(
        "Cargo.toml",
        "[workspace]\nmembers = [\"xtask\", \"company-pipelines\"]\nresolver = \"3\"\n",
    );
    write(
        ".cargo/config.toml",
        "[alias]\nxtask = \"run --quiet --package xtask --\"\n",
    );
    let sdk_dep = format!(
        "pipeline-sdk = {{ path = {:?} }}\n",
        sdk.display().to_string()
    );
    write(
        "company-pipelines/Cargo.toml",
        &format!(
            "[package]\nname = \"company-pipelines\"\nversion = \"0.1.0\"\nedition = \"2024\"\n\n[dependencies]\n{sdk_dep}"
        ),
    );
    write(
        "xtask/Cargo.toml",
        &format!(
            "[package]\nname = \"xtask\"\nversion = \"0.1.0\"\nedition = \"2024\"\npublish = false\n\n[dependencies]\n{sdk_dep}company-pipelines = {{ path = \"../company-pipelines\" }}\n"
        ),
    );
    write("company-pipelines/src/lib.rs", &library);
    write("xtask/src/main.rs", &consumer);
    std::fs::copy(sdk.join("Cargo.lock"), repo.join("Cargo.lock")).unwrap();

    let generated = cargo(&repo, &target, &["xtask", "workflows"]);
    assert!(generated.status.success(), "{}", text(&generated));
    assert!(
        text(&generated).contains("workflows: 1 written"),
        "{}",
        text(&generated)
    );
    let ci = std::fs::read_to_string(repo.join(".github/workflows/ci.yml")).unwrap();
    assert!(ci.contains("name: billing CI\n"), "{ci}");
    let checkout = ci.find("uses: actions/checkout@").expect("a checkout");
    let lfs = ci.find("run: git lfs pull").expect("the consumer's step");
    assert!(
        checkout < lfs && lfs < ci.find("cargo test").unwrap(),
        "{ci}"
    );
    assert!(ci.contains("# v7.0.1\n"), "{ci}");

    // The consumer's own pin of the same action, marked `override`, wins over the template's.
    write(
        ".github/pins.txt",
        "override actions/checkout@11bd71901bbe5b1630ceea73d27597364c9af683 # v4.2.2\n",
    );
    let regenerated = cargo(&repo, &target, &["xtask", "workflows"]);
    assert!(regenerated.status.success(), "{}", text(&regenerated));
    let ci = std::fs::read_to_string(repo.join(".github/workflows/ci.yml")).unwrap();
    assert!(
        ci.contains("uses: actions/checkout@11bd71901bbe5b1630ceea73d27597364c9af683 # v4.2.2\n"),
        "{ci}"
    );
    let _ = std::fs::remove_dir_all(&repo);
}
