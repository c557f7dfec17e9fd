//! `pipeline plan` on a small repository (`tests/fixtures/plan/`): the table and Mermaid output, and the
//! JSON shape tools read.

use std::path::PathBuf;
use std::process::Command;

fn fixture() -> PathBuf {
    PathBuf::from(env!("CARGO_MANIFEST_DIR")).join("tests/fixtures/plan/.github/workflows/ci.yml")
}

fn plan(args: &[&str]) -> (bool, String) {
    let output = Command::new(env!("CARGO_BIN_EXE_pipeline"))
        .arg("plan")
        .arg(fixture())
        .args(args)
        .output()
        .expect("the pipeline binary runs");
    let stderr = String::from_utf8_lossy(&output.stderr);
    assert!(stderr.is_empty(), "{stderr}");
    (
        output.status.success(),
        String::from_utf8(output.stdout).expect("output is UTF-8"),
    )
}

fn json(args: &[&str]) -> serde_json::Value {
    let mut all = args.to_vec();
    all.extend(["--format", "json"]);
    let (ok, out) = plan(&all);
    assert!(ok);
    serde_json::from_str(&out).expect("the output is JSON")
}

fn job<'a>(plan: &'a serde_json::Value, id: &str) -> &'a serde_json::Value {
    plan["jobs"]
        .as_array()
        .and_then(|jobs| jobs.iter().find(|j| j["id"] == id))
        .unwrap_or_else(|| panic!("no job {id} in {plan}"))
}

#[test]
fn table_and_mermaid() {
    let (ok, out) = plan(&["--event", "pull_request", "--ref", "main"]);
    assert!(ok);
    assert!(out.starts_with("triggered: yes\n"), "{out}");
    let deploy = out.lines().find(|l| l.starts_with("deploy ")).unwrap();
    assert!(deploy.contains("skipped"), "{deploy}");
    assert!(out.contains("```mermaid\nflowchart LR\n"), "{out}");
    assert!(out.contains("  class deploy,rollback skipped\n"), "{out}");
}

#[test]
fn json_for_tools() {
    let push = json(&[
        "--event",
        "push",
        "--ref",
        "refs/heads/main",
        "--changed",
        "src/lib.rs",
    ]);
    assert_eq!(push["triggered"], true);
    assert_eq!(job(&push, "test")["status"], "runs");
    let rows = job(&push, "test")["rows"].as_array().unwrap();
    assert_eq!(rows.len(), 2);
    assert_eq!(rows[0]["matrix"]["coverage"], true);
    assert_eq!(rows[1]["runs-on"], "macos-latest");
    let deploy = job(&push, "deploy");
    assert_eq!(deploy["status"], "undecided");
    assert!(
        deploy["reason"]
            .as_str()
            .unwrap()
            .contains("needs.gate.outputs.ship")
    );

    let shipped = json(&["--output", "gate.ship=true", "--fail", "deploy"]);
    assert_eq!(job(&shipped, "deploy")["status"], "runs");
    assert_eq!(job(&shipped, "rollback")["status"], "runs");
    let release = job(&job(&shipped, "deploy")["calls"], "release");
    assert_eq!(release["rows"][0]["environment"], "production");
    assert_eq!(release["rows"][0]["concurrency"], "deploy-production");

    let docs = json(&["--changed", "docs/a.md"]);
    assert_eq!(docs["triggered"], false);
    assert!(docs["reason"].as_str().unwrap().contains("paths-ignore"));
    assert_eq!(job(&docs, "test")["status"], "skipped");
}
