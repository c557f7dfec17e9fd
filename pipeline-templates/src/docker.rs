//! The container image stage: build, scan, and push only what passed the scan.
//!
//! ```
//! use pipeline_templates::docker::ImageBuild;
//! let job = ImageBuild::ghcr().job();
//! assert!(job.outputs.as_ref().unwrap().contains_key("image"));
//! ```

use crate::{pins, script};
use pipeline_sdk::expr::{self, github};
use pipeline_sdk::model::{Job, PermissionScope, Permissions, Step};

/// Builds the repository's `Dockerfile` into the local Docker engine, scans the image with Trivy (a
/// SARIF report for code scanning, then a gate on fixable findings of the chosen severities), and pushes
/// it to the registry, except for pull requests. The tag is `<date>-<sha>` on main and `<branch>-<sha>`
/// elsewhere; `latest` follows main.
///
/// The job's outputs are `image` (the registry path, in lowercase as registries require) and `version`
/// (the tag), for the deploy stages.
///
/// ```
/// use pipeline_templates::docker::ImageBuild;
/// let job = ImageBuild::ghcr().context("services/api").fail_on("CRITICAL,HIGH").job();
/// let steps = job.step_list();
/// assert!(steps.iter().any(|s| s.run.as_deref().is_some_and(|r| r.contains("--severity CRITICAL,HIGH"))));
/// ```
#[derive(Clone, Debug, PartialEq, Eq)]
#[must_use]
pub struct ImageBuild {
    registry: String,
    context: String,
    dockerfile: String,
    fail_on: String,
}

impl ImageBuild {
    /// An image in GitHub's container registry, `ghcr.io/<owner>/<repository>`, from `./Dockerfile`,
    /// failing on critical findings.
    ///
    /// ```
    /// let build = pipeline_templates::docker::ImageBuild::ghcr();
    /// # let _ = build;
    /// ```
    pub fn ghcr() -> Self {
        Self::registry("ghcr.io")
    }

    /// An image in another registry; its login uses the `REGISTRY_USERNAME` and `REGISTRY_PASSWORD`
    /// secrets.
    ///
    /// ```
    /// let job = pipeline_templates::docker::ImageBuild::registry("registry.example.com").job();
    /// # let _ = job;
    /// ```
    pub fn registry(registry: impl Into<String>) -> Self {
        Self {
            registry: registry.into(),
            context: ".".to_owned(),
            dockerfile: "Dockerfile".to_owned(),
            fail_on: "CRITICAL".to_owned(),
        }
    }

    /// Sets the build context (default `.`); the Dockerfile is looked up in it.
    ///
    /// ```
    /// let build = pipeline_templates::docker::ImageBuild::ghcr().context("api");
    /// # let _ = build;
    /// ```
    pub fn context(mut self, context: impl Into<String>) -> Self {
        self.context = context.into();
        self
    }

    /// Sets the Dockerfile, relative to the context (default `Dockerfile`).
    ///
    /// ```
    /// let build = pipeline_templates::docker::ImageBuild::ghcr().dockerfile("Containerfile");
    /// # let _ = build;
    /// ```
    pub fn dockerfile(mut self, dockerfile: impl Into<String>) -> Self {
        self.dockerfile = dockerfile.into();
        self
    }

    /// Sets the severities that stop the push (Trivy's `--severity`, default `CRITICAL`).
    ///
    /// ```
    /// let build = pipeline_templates::docker::ImageBuild::ghcr().fail_on("CRITICAL,HIGH");
    /// # let _ = build;
    /// ```
    pub fn fail_on(mut self, severities: impl Into<String>) -> Self {
        self.fail_on = severities.into();
        self
    }

    /// The job.
    ///
    /// ```
    /// use pipeline_sdk::model::{PermissionLevel, PermissionScope, Permissions};
    /// let job = pipeline_templates::docker::ImageBuild::ghcr().job();
    /// let Some(Permissions::Scopes(scopes)) = &job.permissions else { panic!() };
    /// assert_eq!(scopes[&PermissionScope::Packages], PermissionLevel::Write);
    /// ```
    #[must_use]
    #[track_caller]
    pub fn job(&self) -> Job {
        let ghcr = self.registry == "ghcr.io";
        let (username, password) = if ghcr {
            (github::actor(), expr::secrets::github_token())
        } else {
            (
                expr::secrets("REGISTRY_USERNAME"),
                expr::secrets("REGISTRY_PASSWORD"),
            )
        };
        let not_pull_request = github::event_name().ne("pull_request");
        // Trivy reads the image from the local engine through its socket; its database is kept between
        // the two runs.
        let trivy = |args: &str| {
            script(&[
                r#"docker run --rm -v /var/run/docker.sock:/var/run/docker.sock \"#,
                r#"  -v "$RUNNER_TEMP/trivy:/root/.cache/trivy" -v "$PWD:/out" \"#,
                &format!(r#"  {} image {args} "$IMAGE:$VERSION""#, pins::TRIVY_IMAGE),
            ])
        };
        let mut job = Job::new("ubuntu-latest")
            .name("Build image")
            .timeout_minutes(30)
            .permissions(
                Permissions::read_contents()
                    .write(PermissionScope::Packages)
                    .write(PermissionScope::SecurityEvents)
                    .read(PermissionScope::Actions),
            )
            .step(Step::checkout());
        // A branch name may hold `/` and a repository name capitals; tags and image names may not.
        let meta = job.add_step(
            "meta",
            Step::run(script(&[
                r#"if [[ "$GITHUB_REF" == "refs/heads/main" ]]; then"#,
                r#"  version="$(date +%Y.%m.%d)-${GITHUB_SHA::7}""#,
                "else",
                r#"  version="${GITHUB_REF_NAME//\//-}-${GITHUB_SHA::7}""#,
                "fi",
                r#"echo "version=$version" >> "$GITHUB_OUTPUT""#,
                r#"echo "image=$REGISTRY/${GITHUB_REPOSITORY,,}" >> "$GITHUB_OUTPUT""#,
            ]))
            .name("Name the image")
            .env("REGISTRY", self.registry.as_str()),
        );
        let image = meta.output("image");
        let version = meta.output("version");
        let with_image = |step: Step| {
            step.env("IMAGE", image.clone())
                .env("VERSION", version.clone())
        };
        job.step(pins::setup_buildx().name("Set up Docker Buildx"))
            .step(
                pins::build_push()
                    .name("Build")
                    .with("context", self.context.as_str())
                    .with("file", format!("{}/{}", self.context, self.dockerfile))
                    .with("load", true)
                    .with("push", false)
                    .with("tags", format!("{image}:{version}"))
                    .with("cache-from", "type=gha")
                    .with("cache-to", "type=gha,mode=max")
                    .with("build-args", format!("VERSION={version}")),
            )
            .step(
                with_image(Step::run(trivy(
                    "--format sarif --output /out/trivy-results.sarif",
                )))
                .name("Scan the image"),
            )
            .step(
                pins::codeql("upload-sarif")
                    .name("Upload the scan to code scanning")
                    .with("sarif_file", "trivy-results.sarif")
                    .with("category", "trivy"),
            )
            .step(
                with_image(Step::run(trivy(&format!(
                    "--skip-db-update --exit-code 1 --ignore-unfixed --severity {}",
                    self.fail_on
                ))))
                .name("Stop on findings with a fix"),
            )
            .step(
                pins::docker_login()
                    .name("Log in to the registry")
                    .if_(not_pull_request.clone())
                    .with("registry", self.registry.as_str())
                    .with("username", username)
                    .with("password", password),
            )
            .step(
                with_image(Step::run(script(&[
                    r#"docker push "$IMAGE:$VERSION""#,
                    r#"if [[ "$GITHUB_REF" == "refs/heads/main" ]]; then"#,
                    r#"  docker tag "$IMAGE:$VERSION" "$IMAGE:latest""#,
                    r#"  docker push "$IMAGE:latest""#,
                    "fi",
                ])))
                .name("Push")
                .if_(not_pull_request),
            )
            .output("image", image.clone())
            .output("version", version.clone())
    }
}
