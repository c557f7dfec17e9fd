//! Terraform: a plan on every change, commented on pull requests, and an apply from main when the plan
//! has changes, in a protected environment.
//!
//! ```
//! use pipeline_templates::terraform::Terraform;
//! let [(plan_id, _), (apply_id, apply)] = Terraform::new("infra").jobs();
//! assert_eq!((plan_id.as_str(), apply_id.as_str()), ("terraform-plan", "terraform-apply"));
//! assert_eq!(apply.needed_jobs().collect::<Vec<_>>(), ["terraform-plan"]);
//! ```

use crate::{pins, script};
use pipeline_sdk::expr::{self, github};
use pipeline_sdk::model::{Concurrency, Defaults, Job, JobRef, PermissionScope, Permissions, Step};

/// A Terraform configuration in AWS, with its state in S3.
///
/// Plans run for pull requests too, so they assume a read-only role (the `AWS_PLAN_ROLE_ARN` secret) and
/// get no environment; applies assume `AWS_ROLE_ARN` inside the environment (`production` unless set),
/// where reviewers can be required. The state bucket is the `TF_STATE_BUCKET` secret. Terraform comes
/// from HashiCorp's releases, checked against the published checksums.
///
/// ```
/// use pipeline_templates::terraform::Terraform;
/// let terraform = Terraform::new("infra").version("1.9.8").var_file("prod.tfvars").region("eu-west-1");
/// let plan = terraform.plan();
/// assert_eq!(plan.outputs.unwrap()["exitcode"], "${{ steps.plan.outputs.exitcode }}");
/// ```
#[derive(Clone, Debug, PartialEq, Eq)]
#[must_use]
pub struct Terraform {
    directory: String,
    version: String,
    var_file: Option<String>,
    region: String,
    environment: String,
    plan_role: String,
    apply_role: String,
}

impl Terraform {
    /// The configuration in `directory`, with Terraform 1.5.0 in `us-east-1`.
    ///
    /// ```
    /// let terraform = pipeline_templates::terraform::Terraform::new(".");
    /// # let _ = terraform;
    /// ```
    pub fn new(directory: impl Into<String>) -> Self {
        Self {
            directory: directory.into(),
            version: "1.5.0".to_owned(),
            var_file: None,
            region: "us-east-1".to_owned(),
            environment: "production".to_owned(),
            plan_role: "AWS_PLAN_ROLE_ARN".to_owned(),
            apply_role: "AWS_ROLE_ARN".to_owned(),
        }
    }

    /// Sets Terraform's version.
    ///
    /// ```
    /// let terraform = pipeline_templates::terraform::Terraform::new("infra").version("1.9.8");
    /// # let _ = terraform;
    /// ```
    pub fn version(mut self, version: impl Into<String>) -> Self {
        self.version = version.into();
        self
    }

    /// Sets the variables file passed to `plan` and `apply` (`-var-file`).
    ///
    /// ```
    /// let terraform = pipeline_templates::terraform::Terraform::new("infra").var_file("prod.tfvars");
    /// # let _ = terraform;
    /// ```
    pub fn var_file(mut self, file: impl Into<String>) -> Self {
        self.var_file = Some(file.into());
        self
    }

    /// Sets the AWS region.
    ///
    /// ```
    /// let terraform = pipeline_templates::terraform::Terraform::new("infra").region("eu-west-1");
    /// # let _ = terraform;
    /// ```
    pub fn region(mut self, region: impl Into<String>) -> Self {
        self.region = region.into();
        self
    }

    /// Sets the environment the apply runs in.
    ///
    /// ```
    /// let apply = pipeline_templates::terraform::Terraform::new("infra").environment("infrastructure").jobs();
    /// assert_eq!(apply[1].1.environment.as_ref().unwrap().name(), "infrastructure");
    /// ```
    pub fn environment(mut self, environment: impl Into<String>) -> Self {
        self.environment = environment.into();
        self
    }

    /// Sets the names of the secrets holding the roles for plans and for applies.
    ///
    /// ```
    /// let terraform = pipeline_templates::terraform::Terraform::new("infra").roles("PLAN_ROLE", "APPLY_ROLE");
    /// # let _ = terraform;
    /// ```
    pub fn roles(mut self, plan: impl Into<String>, apply: impl Into<String>) -> Self {
        self.plan_role = plan.into();
        self.apply_role = apply.into();
        self
    }

    fn var_file_arg(&self) -> String {
        self.var_file
            .as_ref()
            .map(|file| format!(r#" -var-file="{file}""#))
            .unwrap_or_default()
    }

    /// Checkout, Terraform, credentials for the secret `role`, `terraform init`.
    fn setup(&self, role: &str) -> Vec<Step> {
        vec![
            Step::checkout(),
            Step::run(script(&[
                r#"cd "$RUNNER_TEMP""#,
                r#"base="https://releases.hashicorp.com/terraform/$TERRAFORM_VERSION""#,
                r#"curl -fsSLO "$base/terraform_${TERRAFORM_VERSION}_linux_amd64.zip""#,
                r#"curl -fsSLO "$base/terraform_${TERRAFORM_VERSION}_SHA256SUMS""#,
                r#"sha256sum --check --ignore-missing "terraform_${TERRAFORM_VERSION}_SHA256SUMS""#,
                r#"unzip -o -d "$RUNNER_TEMP/bin" "terraform_${TERRAFORM_VERSION}_linux_amd64.zip""#,
                r#"echo "$RUNNER_TEMP/bin" >> "$GITHUB_PATH""#,
            ]))
            .name("Install Terraform")
            .env("TERRAFORM_VERSION", self.version.as_str()),
            pins::configure_aws_credentials()
                .name("Configure AWS credentials")
                .with("role-to-assume", expr::secrets(role))
                .with("aws-region", self.region.as_str()),
            Step::run(r#"terraform init -input=false -backend-config="bucket=$TF_STATE_BUCKET""#)
                .name("Terraform init")
                .env("TF_STATE_BUCKET", expr::secrets("TF_STATE_BUCKET")),
        ]
    }

    /// The plan job. `-detailed-exitcode` exits 2 when there are changes: the code becomes the job's
    /// `exitcode` output and only 1, an error, fails the job. On pull requests the plan is commented,
    /// read from a file by the script rather than pasted into it.
    ///
    /// ```
    /// let plan = pipeline_templates::terraform::Terraform::new("infra").plan();
    /// assert!(plan.environment.is_none());
    /// ```
    #[must_use]
    #[track_caller]
    pub fn plan(&self) -> Job {
        let mut job = Job::new("ubuntu-latest")
            .name("Terraform plan")
            .timeout_minutes(30)
            .permissions(
                Permissions::read_contents()
                    .write(PermissionScope::IdToken)
                    .write(PermissionScope::PullRequests),
            )
            .defaults(Defaults::run().working_directory(self.directory.as_str()))
            .steps(self.setup(&self.plan_role));
        let plan = job.add_step(
            "plan",
            Step::run(script(&[
                "set +e",
                &format!(
                    "terraform plan -input=false -no-color -detailed-exitcode{} > plan.txt 2>&1",
                    self.var_file_arg()
                ),
                "code=$?",
                "set -e",
                "cat plan.txt",
                r#"echo "exitcode=$code" >> "$GITHUB_OUTPUT""#,
                r#"[[ "$code" != 1 ]]"#,
            ]))
            .name("Terraform plan"),
        );
        job.step(
            pins::github_script()
                .name("Comment the plan on the pull request")
                .if_(github::event_name().eq("pull_request"))
                .env("PLAN_FILE", format!("{}/plan.txt", self.directory))
                .with(
                    "script",
                    script(&[
                        "const plan = require('fs').readFileSync(process.env.PLAN_FILE, 'utf8');",
                        "const fence = '```';",
                        "const body = [",
                        "  '#### Terraform plan',",
                        "  '<details><summary>Show plan</summary>',",
                        "  '',",
                        "  fence + 'terraform',",
                        "  plan,",
                        "  fence,",
                        "  '</details>',",
                        "  '',",
                        "  `*Pusher: @${context.actor}, event: \\`${context.eventName}\\`*`,",
                        "].join('\\n');",
                        "await github.rest.issues.createComment({",
                        "  issue_number: context.issue.number,",
                        "  owner: context.repo.owner,",
                        "  repo: context.repo.repo,",
                        "  body,",
                        "});",
                    ]),
                ),
        )
        .output("exitcode", plan.output("exitcode"))
    }

    /// The apply job: after `plan`, on pushes to main whose plan has changes.
    ///
    /// ```
    /// use pipeline_sdk::model::JobRef;
    /// let apply = pipeline_templates::terraform::Terraform::new("infra").apply(&JobRef::new("terraform-plan"));
    /// assert_eq!(apply.environment.unwrap().name(), "production");
    /// ```
    #[must_use]
    #[track_caller]
    pub fn apply(&self, plan: &JobRef) -> Job {
        let when = github::event_name()
            .eq("push")
            .and(github::git_ref().eq("refs/heads/main"))
            .and(plan.output("exitcode").eq("2"));
        Job::new("ubuntu-latest")
            .name("Terraform apply")
            .needs(plan)
            .if_(when)
            .timeout_minutes(30)
            .environment(self.environment.as_str())
            .concurrency(
                Concurrency::group(format!("terraform-{}", self.environment))
                    .cancel_in_progress(false),
            )
            .permissions(Permissions::read_contents().write(PermissionScope::IdToken))
            .defaults(Defaults::run().working_directory(self.directory.as_str()))
            .steps(self.setup(&self.apply_role))
            .step(
                Step::run(format!(
                    "terraform apply -input=false -auto-approve{}",
                    self.var_file_arg()
                ))
                .name("Terraform apply"),
            )
    }

    /// Both jobs, as (job id, job): `terraform-plan` and `terraform-apply`.
    ///
    /// ```
    /// let jobs = pipeline_templates::terraform::Terraform::new("infra").jobs();
    /// assert_eq!(jobs[0].0, "terraform-plan");
    /// ```
    #[must_use]
    #[track_caller]
    pub fn jobs(&self) -> [(String, Job); 2] {
        let plan = JobRef::new("terraform-plan");
        [
            (plan.id().to_owned(), self.plan()),
            ("terraform-apply".to_owned(), self.apply(&plan)),
        ]
    }
}
