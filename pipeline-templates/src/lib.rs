//! An example of what a platform team publishes: the company's CI/CD pipeline as parameterised building
//! blocks, so a product team writes ten lines instead of three hundred of YAML, and still owns its
//! pipeline.
//!
//! The stages are those of the seed pipeline the SDK was built from (`examples/seed/` in the SDK writes
//! that pipeline directly against the SDK): a quality gate for Node.js or Rust ([`quality`]), a Docker
//! build with a vulnerability scan ([`docker`]), security scans ([`security`]), Terraform plan and apply
//! ([`terraform`]) and a staged deploy with rollback ([`deploy`]). [`Pipeline`] assembles them into one
//! workflow; every template gives plain [`Job`](pipeline_sdk::model::Job)s, so a team changes a runner,
//! adds a step or drops a stage without forking anything.
//!
//! [`Pipeline::into_pipeline`] hands the result over as the SDK's
//! [`pipeline_sdk::pipeline::Pipeline`]: the files, the templates' pins ([`pins::defaults`]) under the
//! consumer's own, mistakes in the template's use reported at the consumer's line, and the company's own
//! checks. The consumer then edits jobs and steps in place (`examples/xtask.rs` shows each kind of edit).
//!
//! What every template does, so product teams do not have to think of it: third-party actions pinned to
//! commits ([`pins`]), no permissions unless a job asks for them, checkouts that do not keep the token,
//! expressions handed to scripts through `env`, never pasted into them.
//!
//! ```
//! use pipeline_sdk::model::Step;
//! use pipeline_templates::deploy::{DeployStage, StagedDeploy};
//! use pipeline_templates::{Pipeline, Stage};
//!
//! let pipeline = Pipeline::node("Shop API", "22")
//!     .deploy(
//!         StagedDeploy::new()
//!             .stage(DeployStage::new("staging", "https://staging.shop.example.com"))
//!             .stage(DeployStage::new("production", "https://shop.example.com").on_branch("main")),
//!     )
//!     .customize("quality", |job| job.runs_on("ubuntu-22.04").step(Step::run("npm run docs:check")))
//!     .without(Stage::Terraform);
//! let files = pipeline.generator(".").unwrap().render().unwrap();
//! assert_eq!(files.len(), 2); // the workflow and the deploy action
//! ```

#![forbid(unsafe_code)]
#![warn(missing_docs)]

pub mod deploy;
pub mod docker;
pub mod pins;
mod pipeline;
pub mod quality;
pub mod security;
pub mod terraform;

pub use pipeline::{Pipeline, Stage, TemplateError, WORKFLOW_FILE};

/// A script from its lines, each ending in a newline, as a YAML literal block (`run: |`) holds it.
fn script(lines: &[&str]) -> String {
    let mut text = lines.join("\n");
    text.push('\n');
    text
}
