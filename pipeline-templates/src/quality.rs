//! Quality gates: the checks every change passes before anything is built, for Node.js and for Rust.
//!
//! A gate is a value with a few parameters; [`NodeGate::job`] and [`RustGate::job`] give the job. The job
//! is plain data: add a step, change the runner, or drop a check without forking the template.
//!
//! ```
//! use pipeline_templates::quality::{NodeGate, RustGate};
//! let node = NodeGate::new("22").check("Docs", "npm run docs:check").job();
//! let rust = RustGate::new().toolchain("1.88").job();
//! assert!(node.step_list().len() > 5 && rust.step_list().len() > 4);
//! ```

use crate::{pins, script};
use pipeline_sdk::expr::{fun, runner};
use pipeline_sdk::model::{Job, Permissions, Step};

/// The gate of a Node.js project: `npm ci`, then lint, type check, audit, format check and tests with
/// coverage, each a step of its own so a failure names its check. The coverage report is kept as an
/// artifact.
///
/// ```
/// use pipeline_templates::quality::NodeGate;
/// let job = NodeGate::new("22").job();
/// let runs: Vec<_> = job.step_list().iter().filter_map(|s| s.run.as_deref()).collect();
/// assert!(runs.contains(&"npm run lint"));
/// assert!(runs.contains(&"npm test -- --coverage"));
/// ```
#[derive(Clone, Debug, PartialEq, Eq)]
#[must_use]
pub struct NodeGate {
    node_version: String,
    checks: Vec<(String, String)>,
}

impl NodeGate {
    /// The company's checks, on Node.js `node_version`.
    ///
    /// ```
    /// let gate = pipeline_templates::quality::NodeGate::new("20");
    /// assert_eq!(gate.checks().len(), 5);
    /// ```
    pub fn new(node_version: impl Into<String>) -> Self {
        let checks = [
            ("Lint", "npm run lint"),
            ("Type check", "npm run type-check"),
            ("Audit dependencies", "npm audit --audit-level=moderate"),
            ("Check formatting", "npm run format:check"),
            ("Test", "npm test -- --coverage"),
        ];
        Self {
            node_version: node_version.into(),
            checks: checks
                .iter()
                .map(|(name, command)| ((*name).to_owned(), (*command).to_owned()))
                .collect(),
        }
    }

    /// Adds a check: a step named `name` that runs `command`.
    ///
    /// ```
    /// let gate = pipeline_templates::quality::NodeGate::new("22").check("Docs", "npm run docs:check");
    /// assert_eq!(gate.checks().last().unwrap().0, "Docs");
    /// ```
    pub fn check(mut self, name: impl Into<String>, command: impl Into<String>) -> Self {
        self.checks.push((name.into(), command.into()));
        self
    }

    /// Removes the check named `name`.
    ///
    /// ```
    /// let gate = pipeline_templates::quality::NodeGate::new("22").without_check("Type check");
    /// assert!(gate.checks().iter().all(|(name, _)| name != "Type check"));
    /// ```
    pub fn without_check(mut self, name: &str) -> Self {
        self.checks.retain(|(check, _)| check != name);
        self
    }

    /// The checks, as (step name, command).
    ///
    /// ```
    /// let gate = pipeline_templates::quality::NodeGate::new("22");
    /// assert_eq!(gate.checks()[0], ("Lint".to_owned(), "npm run lint".to_owned()));
    /// ```
    #[must_use]
    pub fn checks(&self) -> &[(String, String)] {
        &self.checks
    }

    /// The job: checkout, Node.js with npm's cache, `npm ci`, the checks, the coverage artifact.
    ///
    /// ```
    /// let job = pipeline_templates::quality::NodeGate::new("22").job();
    /// assert_eq!(job.runs_on.unwrap().labels().collect::<Vec<_>>(), ["ubuntu-latest"]);
    /// ```
    #[must_use]
    #[track_caller]
    pub fn job(&self) -> Job {
        Job::new("ubuntu-latest")
            .name("Quality gate")
            .timeout_minutes(30)
            .permissions(Permissions::read_contents())
            .step(Step::checkout().label("checkout"))
            .step(
                pins::setup_node()
                    .name("Set up Node.js")
                    .with("node-version", self.node_version.as_str())
                    .with("cache", "npm"),
            )
            .step(
                Step::run("npm ci --prefer-offline --no-audit")
                    .name("Install dependencies")
                    .label("install"),
            )
            .steps(
                self.checks
                    .iter()
                    .map(|(name, command)| Step::run(command.as_str()).name(name.as_str())),
            )
            .step(
                pins::upload_artifact()
                    .name("Keep the coverage report")
                    .with("name", "coverage")
                    .with("path", "coverage/")
                    .with("if-no-files-found", "ignore"),
            )
    }
}

/// The gate of a Rust project: formatting, Clippy with warnings denied, and the tests, on a toolchain
/// installed with `rustup` (on every GitHub-hosted runner, so no third-party action), with Cargo's
/// downloads and build cached per `Cargo.lock`.
///
/// ```
/// use pipeline_templates::quality::RustGate;
/// let job = RustGate::new().job();
/// let runs: Vec<_> = job.step_list().iter().filter_map(|s| s.run.as_deref()).collect();
/// assert!(runs.contains(&"cargo clippy --workspace --all-targets --all-features -- -D warnings"));
/// ```
#[derive(Clone, Debug, PartialEq, Eq)]
#[must_use]
pub struct RustGate {
    toolchain: String,
    checks: Vec<(String, String)>,
}

impl Default for RustGate {
    fn default() -> Self {
        Self::new()
    }
}

impl RustGate {
    /// The company's checks, on the stable toolchain.
    ///
    /// ```
    /// assert_eq!(pipeline_templates::quality::RustGate::new().checks().len(), 3);
    /// ```
    pub fn new() -> Self {
        let checks = [
            ("Check formatting", "cargo fmt --all -- --check"),
            (
                "Clippy",
                "cargo clippy --workspace --all-targets --all-features -- -D warnings",
            ),
            ("Test", "cargo test --workspace --all-features"),
        ];
        Self {
            toolchain: "stable".to_owned(),
            checks: checks
                .iter()
                .map(|(name, command)| ((*name).to_owned(), (*command).to_owned()))
                .collect(),
        }
    }

    /// Sets the toolchain (`stable`, `1.88`, `nightly-2025-06-01`).
    ///
    /// ```
    /// let job = pipeline_templates::quality::RustGate::new().toolchain("1.88").job();
    /// assert!(format!("{:?}", job.step_list()[1].env).contains("1.88"));
    /// ```
    pub fn toolchain(mut self, toolchain: impl Into<String>) -> Self {
        self.toolchain = toolchain.into();
        self
    }

    /// Adds a check: a step named `name` that runs `command`.
    ///
    /// ```
    /// let gate = pipeline_templates::quality::RustGate::new().check("Docs", "cargo doc --no-deps");
    /// assert_eq!(gate.checks().len(), 4);
    /// ```
    pub fn check(mut self, name: impl Into<String>, command: impl Into<String>) -> Self {
        self.checks.push((name.into(), command.into()));
        self
    }

    /// The checks, as (step name, command).
    ///
    /// ```
    /// let gate = pipeline_templates::quality::RustGate::new();
    /// assert_eq!(gate.checks()[2].1, "cargo test --workspace --all-features");
    /// ```
    #[must_use]
    pub fn checks(&self) -> &[(String, String)] {
        &self.checks
    }

    /// The job: checkout, toolchain, cache, the checks.
    ///
    /// ```
    /// let job = pipeline_templates::quality::RustGate::new().job();
    /// assert_eq!(job.name.as_deref(), Some("Quality gate"));
    /// ```
    #[must_use]
    #[track_caller]
    pub fn job(&self) -> Job {
        let key = format!(
            "{}-cargo-{}",
            runner::os(),
            fun::hash_files(["**/Cargo.lock"])
        );
        Job::new("ubuntu-latest")
            .name("Quality gate")
            .timeout_minutes(30)
            .permissions(Permissions::read_contents())
            .env("CARGO_TERM_COLOR", "always")
            .step(Step::checkout().label("checkout"))
            .step(
                Step::run(script(&[
                    r#"rustup toolchain install "$TOOLCHAIN" --profile minimal --component rustfmt,clippy"#,
                    r#"rustup default "$TOOLCHAIN""#,
                ]))
                .name("Install Rust")
                .env("TOOLCHAIN", self.toolchain.as_str()),
            )
            .step(
                pins::cache()
                    .name("Cache Cargo")
                    .with(
                        "path",
                        script(&["~/.cargo/registry", "~/.cargo/git", "target"]),
                    )
                    .with("key", key)
                    .with(
                        "restore-keys",
                        script(&[&format!("{}-cargo-", runner::os())]),
                    ),
            )
            .steps(
                self.checks
                    .iter()
                    .map(|(name, command)| Step::run(command.as_str()).name(name.as_str())),
            )
    }
}
