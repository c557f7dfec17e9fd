//! Steps checked against action metadata (`pipeline_sdk::bindings::check_job`): a fixture with a wrong
//! input name, and every step of the corpus (`../shared/corpus`) whose action's metadata is in the corpus.

use pipeline_sdk::bindings::check_job;
use pipeline_sdk::model::{Action, Path};
use pipeline_sdk::parse;
use std::collections::BTreeMap;
use std::path::PathBuf;

/// Every finding of `check_job` over a workflow, as `code path: message`.
fn findings<'a>(workflow: &str, metadata: &dyn Fn(&str) -> Option<&'a Action>) -> Vec<String> {
    let workflow = parse::workflow(workflow)
        .expect("the workflow parses")
        .value;
    let mut out = Vec::new();
    for (id, job) in &workflow.jobs {
        let path = Path::root().key("jobs").key(id.as_str());
        for d in check_job(job, &path, metadata) {
            out.push(format!("{} {}: {}", d.code, d.path, d.message));
        }
    }
    out
}

/// Metadata in the shape of `actions/upload-artifact`: one required input, optional ones with
/// defaults, and outputs.
const UPLOAD: &str = "\
name: Upload
description: Uploads files
inputs:
  name:
    default: artifact
  path:
    required: true
  retention-days:
    description: Days
  compression-level:
    default: '6'
outputs:
  artifact-id:
    description: The id
runs:
  using: node24
  main: dist/index.js
";

/// A workflow with the mistakes people make: an input spelled with `_`, a missing required input, and
/// an output read under a name the action does not have.
const FIXTURE: &str = "\
on: push
jobs:
  build:
    runs-on: ubuntu-latest
    steps:
      - uses: actions/upload-artifact@v7
        id: upload
        with:
          name: dist
          path: target/dist
          retention_days: 5
      - uses: actions/upload-artifact@v7
        with:
          name: logs
      - run: echo \"$ID\"
        env:
          ID: ${{ steps.upload.outputs.artifact_id }}
";

#[test]
fn a_wrong_input_name_is_caught() {
    let upload = parse::action(UPLOAD).unwrap().value;
    let lookup = |uses: &str| {
        uses.starts_with("actions/upload-artifact@")
            .then_some(&upload)
    };
    assert_eq!(
        findings(FIXTURE, &lookup),
        [
            "action-input-unknown jobs.build.steps[0].with.retention_days: action `actions/upload-artifact@v7` has no input `retention_days`; did you mean `retention-days`?",
            "action-input-missing jobs.build.steps[1]: action `actions/upload-artifact@v7` requires input `path`, which this step does not pass; add it under `with:`",
            "action-output-unknown jobs.build.steps[2].env.ID: step `upload` uses `actions/upload-artifact@v7`, which has no output `artifact_id`; did you mean `artifact-id`?",
        ]
    );
    let fixed = FIXTURE
        .replace("retention_days", "retention-days")
        .replace("name: logs", "name: logs\n          path: logs")
        .replace("outputs.artifact_id", "outputs.artifact-id");
    assert_eq!(findings(&fixed, &lookup), Vec::<String>::new());
}

fn shared() -> Option<PathBuf> {
    let dir = std::path::Path::new(env!("CARGO_MANIFEST_DIR")).join("../shared");
    if dir.is_dir() {
        Some(dir)
    } else {
        assert!(
            std::env::var_os("CI").is_none(),
            "../shared is missing; CI runs with it beside the project"
        );
        println!("bindings check: skipped, ../shared (the corpus) is not beside the project");
        None
    }
}

/// Whether the corpus's metadata stands for `git_ref`: a release (`v4`, `v4.2.1`, `2.0`), a full
/// commit SHA, or the default branch the corpus was taken from.
fn release_or_commit(git_ref: &str) -> bool {
    if git_ref == "main" || git_ref == "master" {
        return true;
    }
    let version = git_ref.strip_prefix('v').unwrap_or(git_ref);
    let release = !version.is_empty()
        && version
            .split('.')
            .all(|p| !p.is_empty() && p.chars().all(|c| c.is_ascii_digit()));
    let commit = git_ref.len() == 40 && git_ref.chars().all(|c| c.is_ascii_hexdigit());
    release || commit
}

/// The corpus's MANIFEST.tsv: for each file, its kind, repository and path in the repository.
fn manifest(shared: &std::path::Path) -> Vec<(String, String, String, String)> {
    let text = std::fs::read_to_string(shared.join("corpus/MANIFEST.tsv")).unwrap();
    text.lines()
        .skip(1)
        .filter_map(|line| {
            let fields: Vec<&str> = line.split('\t').collect();
            match fields.as_slice() {
                [name, kind, repository, path, ..] => Some((
                    (*name).to_owned(),
                    (*kind).to_owned(),
                    (*repository).to_owned(),
                    (*path).to_owned(),
                )),
                _ => None,
            }
        })
        .collect()
}

/// Findings in the corpus and the seed: every step whose action has metadata in the corpus (a remote action by
/// `owner/repo[/path]`, a repository's own action by `./path` within that repository).
///
/// They are real: each was confirmed against the action's metadata at the corpus's commit.
#[test]
fn corpus_steps_match_their_actions() {
    let Some(shared) = shared() else { return };
    let manifest = manifest(&shared);
    // Actions by (repository, folder), and remote references by `owner/repo[/path]`, lower case.
    let mut local: BTreeMap<(String, String), Action> = BTreeMap::new();
    let mut remote: BTreeMap<String, Action> = BTreeMap::new();
    for (name, kind, repository, path) in &manifest {
        if kind != "action" {
            continue;
        }
        let text = std::fs::read_to_string(shared.join("corpus").join(name)).unwrap();
        let action = parse::action(&text).unwrap().value;
        let folder = std::path::Path::new(path)
            .parent()
            .unwrap()
            .to_string_lossy()
            .into_owned();
        let reference = if folder.is_empty() {
            repository.clone()
        } else {
            format!("{repository}/{folder}")
        };
        remote.insert(reference.to_ascii_lowercase(), action.clone());
        local.insert((repository.to_ascii_lowercase(), folder), action);
    }
    let mut found = Vec::new();
    let mut checked = 0;
    // The corpus's workflows, and the seed's, which belong to no repository of the corpus.
    let mut files: Vec<(String, PathBuf, String)> = manifest
        .iter()
        .filter(|(_, kind, _, _)| kind == "workflow")
        .map(|(name, _, repository, _)| {
            let label = name.trim_start_matches("workflows/").to_owned();
            (
                label,
                shared.join("corpus").join(name),
                repository.to_ascii_lowercase(),
            )
        })
        .collect();
    for seed in std::fs::read_dir(shared.join("seed")).unwrap() {
        let path = seed.unwrap().path();
        if path.extension().is_some_and(|e| e == "yml") {
            let label = format!("seed/{}", path.file_name().unwrap().to_string_lossy());
            files.push((label, path, String::new()));
        }
    }
    for (name, file, repository) in &files {
        let text = std::fs::read_to_string(file).unwrap();
        let (local, remote) = (&local, &remote);
        let lookup = |uses: &str| match uses.strip_prefix("./") {
            Some(path) => local.get(&(repository.clone(), path.trim_end_matches('/').to_owned())),
            // The corpus holds each action's metadata at one commit: it stands for a release
            // (`v4`, `v4.2.1`) or a commit SHA, not for a branch such as
            // `taiki-e/install-action@nextest`, whose metadata differs.
            None => uses
                .split_once('@')
                .filter(|(_, git_ref)| release_or_commit(git_ref))
                .and_then(|(action, _)| remote.get(&action.to_ascii_lowercase())),
        };
        let Ok(parsed) = parse::workflow(&text) else {
            continue;
        };
        for job in parsed.value.jobs.values() {
            checked += job
                .step_list()
                .iter()
                .filter(|s| s.uses.as_deref().is_some_and(|u| lookup(u).is_some()))
                .count();
        }
        for finding in findings(&text, &lookup) {
            found.push(format!("{name}: {finding}"));
        }
    }
    println!("corpus: {checked} steps checked against their action's metadata");
    for finding in &found {
        println!("  {finding}");
    }
    assert!(checked > 100, "only {checked} steps were checked");
    assert_eq!(found, EXPECTED_IN_CORPUS, "{found:#?}");
}

/// What the corpus's workflows get wrong about the actions they use.
const EXPECTED_IN_CORPUS: &[&str] = &[];
