//! Security scans that do not need a built image: static analysis (CodeQL), dependencies (Snyk),
//! infrastructure code (Trivy's `config` scan, which took over from tfsec) and a dynamic scan of a running
//! environment (OWASP ZAP). The image itself is scanned where it is built ([`crate::docker`]).
//!
//! ```
//! use pipeline_templates::security::SecurityScans;
//! let job = SecurityScans::new().codeql(["javascript-typescript"]).snyk().iac("infra").job();
//! assert_eq!(job.step_list().len(), 5);
//! ```

use crate::pins;
use pipeline_sdk::expr;
use pipeline_sdk::model::{Job, PermissionScope, Permissions, Step};

/// The scans to run, each optional.
///
/// ```
/// use pipeline_templates::security::SecurityScans;
/// let scans = SecurityScans::new().codeql(["rust"]).dast("https://staging.example.com");
/// let job = scans.job();
/// assert!(job.step_list().iter().any(|s| s.name.as_deref() == Some("OWASP ZAP scan")));
/// ```
#[derive(Clone, Debug, Default, PartialEq, Eq)]
#[must_use]
pub struct SecurityScans {
    codeql: Vec<String>,
    snyk: bool,
    iac: Option<String>,
    dast: Option<String>,
}

impl SecurityScans {
    /// No scans yet.
    ///
    /// ```
    /// let job = pipeline_templates::security::SecurityScans::new().job();
    /// assert_eq!(job.step_list().len(), 1); // the checkout
    /// ```
    pub fn new() -> Self {
        Self::default()
    }

    /// CodeQL for these languages (`javascript-typescript`, `python`, `rust`, ...).
    ///
    /// ```
    /// let scans = pipeline_templates::security::SecurityScans::new().codeql(["python", "actions"]);
    /// # let _ = scans;
    /// ```
    pub fn codeql<I, S>(mut self, languages: I) -> Self
    where
        I: IntoIterator<Item = S>,
        S: Into<String>,
    {
        self.codeql.extend(languages.into_iter().map(Into::into));
        self
    }

    /// Snyk's dependency scan, failing on high and critical findings; needs the `SNYK_TOKEN` secret.
    ///
    /// ```
    /// let scans = pipeline_templates::security::SecurityScans::new().snyk();
    /// # let _ = scans;
    /// ```
    pub fn snyk(mut self) -> Self {
        self.snyk = true;
        self
    }

    /// Scans the infrastructure code in `directory`, reporting without failing.
    ///
    /// ```
    /// let scans = pipeline_templates::security::SecurityScans::new().iac("infra");
    /// # let _ = scans;
    /// ```
    pub fn iac(mut self, directory: impl Into<String>) -> Self {
        self.iac = Some(directory.into());
        self
    }

    /// A full ZAP scan of `target`, with the rules in `.zap/rules.tsv`, reporting without failing.
    ///
    /// ```
    /// let scans = pipeline_templates::security::SecurityScans::new().dast("https://staging.example.com");
    /// # let _ = scans;
    /// ```
    pub fn dast(mut self, target: impl Into<String>) -> Self {
        self.dast = Some(target.into());
        self
    }

    /// The job: checkout, then each scan asked for.
    ///
    /// ```
    /// let job = pipeline_templates::security::SecurityScans::new().codeql(["go"]).job();
    /// assert_eq!(job.name.as_deref(), Some("Security scans"));
    /// ```
    #[must_use]
    #[track_caller]
    pub fn job(&self) -> Job {
        let mut job = Job::new("ubuntu-latest")
            .name("Security scans")
            .timeout_minutes(60)
            .permissions(
                Permissions::read_contents()
                    .read(PermissionScope::Actions)
                    .write(PermissionScope::SecurityEvents),
            )
            .step(Step::checkout());
        if !self.codeql.is_empty() {
            job = job
                .step(
                    pins::codeql("init")
                        .name("Initialize CodeQL")
                        .with("languages", self.codeql.join(", ")),
                )
                .step(pins::codeql("analyze").name("CodeQL analysis"));
        }
        if self.snyk {
            job = job.step(
                Step::run(format!(
                    "npx --yes {} test --severity-threshold=high",
                    pins::SNYK
                ))
                .name("Snyk dependency scan")
                .env("SNYK_TOKEN", expr::secrets("SNYK_TOKEN")),
            );
        }
        if let Some(directory) = &self.iac {
            job = job.step(
                Step::run(format!(
                    r#"docker run --rm -v "$PWD:/src:ro" -w /src {} config --exit-code 0 "$DIRECTORY""#,
                    pins::TRIVY_IMAGE
                ))
                .name("Infrastructure code scan")
                .env("DIRECTORY", directory.as_str()),
            );
        }
        if let Some(target) = &self.dast {
            // `-I`: warnings are reported, not failures.
            job = job.step(
                Step::run(format!(
                    r#"docker run --rm -v "$PWD:/zap/wrk:ro" {} zap-full-scan.py -t "$TARGET" -c .zap/rules.tsv -a -I"#,
                    pins::ZAP_IMAGE
                ))
                .name("OWASP ZAP scan")
                .env("TARGET", target.as_str()),
            );
        }
        job
    }
}
