#![doc = include_str!("../README.md")]
#![forbid(unsafe_code)]
#![warn(missing_docs)]

pub mod actions;
pub mod files;
pub mod generate;
pub mod pipeline;

pub use pipeline_core::*;

// The typed traits, and (feature `derive`) the derive of the same name: `use pipeline_sdk::Matrix;`
// imports both. The derives' documentation, with an example of every attribute, is on each re-export.
pub use pipeline_core::typed::{Action, Choice, Inputs, Matrix, Outputs};

/// Derives [`Choice`](trait@Choice) for a unit enum: its variants are the options of a `choice` input
/// or the values of a matrix axis. Each converts into a [`Value`](model::Value), for the builders, and
/// into an [`Expr`](expr::Expr), to compare with.
///
/// | Attribute | Where | Effect |
/// |---|---|---|
/// | `rename_all = ".."` | enum | how variants are named: `kebab-case` (default), `snake_case`, `camelCase`, `PascalCase`, `lowercase`, `UPPERCASE`, `SCREAMING_SNAKE_CASE`, `SCREAMING-KEBAB-CASE` |
/// | `rename = ".."` | variant | this variant's option |
/// | `crate = ".."` | enum | the path of `pipeline_sdk`, when it is renamed |
///
/// ```
/// use pipeline_sdk::Choice;
/// use pipeline_sdk::expr::matrix;
///
/// #[derive(Choice, Clone, Copy, Debug, PartialEq)]
/// enum Os {
///     UbuntuLatest,
///     MacosLatest,
///     #[choice(rename = "windows-2022")]
///     Windows,
/// }
///
/// #[derive(Choice, Clone, Copy, Debug, PartialEq)]
/// #[choice(rename_all = "SCREAMING_SNAKE_CASE")]
/// enum Level { Warn, NoticeOnly }
///
/// assert_eq!(Os::OPTIONS, ["ubuntu-latest", "macos-latest", "windows-2022"]);
/// assert_eq!(Level::NoticeOnly.as_str(), "NOTICE_ONLY");
/// assert_eq!(Os::parse("macos-latest"), Some(Os::MacosLatest));
/// assert_eq!(Os::ALL.len(), 3);
/// assert_eq!(matrix("os").eq(Os::Windows).to_condition(), "matrix.os == 'windows-2022'");
/// let by_hand = pipeline_sdk::model::Matrix::new().axis("os", Os::ALL.iter().copied());
/// assert_eq!(by_hand.axes["os"], vec![Os::UbuntuLatest.into(), "macos-latest".into(), "windows-2022".into()].into());
///
/// // `crate` names `pipeline_sdk` when it is renamed.
/// use pipeline_sdk as sdk;
/// #[derive(sdk::Choice, Clone, Copy)]
/// #[choice(crate = "sdk")]
/// enum Answer { Yes, No }
/// assert_eq!(<Answer as sdk::Choice>::OPTIONS, ["yes", "no"]);
/// ```
#[cfg(feature = "derive")]
pub use pipeline_macros::Choice;

/// Derives [`Matrix`](trait@Matrix) for a struct whose fields are the axes of `strategy.matrix`.
///
/// - An axis is a `Vec` of values: `Vec<String>`, `Vec<&'static str>`, `Vec<i64>` (any number),
///   `Vec<bool>`, or `Vec<E>` where `E` derives [`Choice`](trait@Choice).
/// - A field named `include` or `exclude` of type `Vec<NameRow>` holds typed rows. The derive writes
///   `NameRow` (named by `row = ".."`) with one `Option` field per key, `#[derive(Clone, Debug, Default,
///   PartialEq)]` (so the value types need those too), and `IntoIterator`, so
///   [`model::Matrix::include`] also takes a row.
/// - One associated function per key gives its expression: `TestMatrix::os()` is `${{ matrix.os }}`.
/// - `From<Name>` for [`model::Matrix`] and `ExprOr<model::Matrix>`: `Job::matrix(value)` takes it.
///
/// | Attribute | Where | Effect |
/// |---|---|---|
/// | `rename_all = ".."` | struct | how keys are named (default `kebab-case`; see [`Choice`](macro@Choice)) |
/// | `rename = ".."` | field | this axis's key |
/// | `row = ".."` | struct | the row type's name (default: the struct's name and `Row`) |
/// | `extra(key = Type, ..)` | struct | keys that only rows set, such as `experimental`: a row field and an accessor each |
/// | `crate = ".."` | struct | the path of `pipeline_sdk`, when it is renamed |
///
/// ```
/// use pipeline_sdk::{Choice, Matrix};
/// use pipeline_sdk::emit::{self, EmitOptions};
/// use pipeline_sdk::model::{Job, Step, Trigger, Workflow};
///
/// #[derive(Choice, Clone, Copy, Debug, PartialEq)]
/// enum Os { UbuntuLatest, WindowsLatest }
///
/// #[derive(Matrix)]
/// #[matrix(row = "Row", extra(experimental = bool))]
/// struct Test {
///     os: Vec<Os>,
///     #[matrix(rename = "toolchain")]
///     rust: Vec<String>,
///     include: Vec<Row>,
///     exclude: Vec<Row>,
/// }
///
/// let test = Test {
///     os: Os::ALL.to_vec(),
///     rust: vec!["stable".into(), "beta".into()],
///     include: vec![Row { rust: Some("nightly".into()), experimental: Some(true), ..Row::default() }],
///     exclude: vec![Row { os: Some(Os::WindowsLatest), rust: Some("beta".into()), ..Row::default() }],
/// };
/// let job = Job::new(Test::os())
///     .matrix(test)
///     .continue_on_error(Test::experimental().eq(true).to_string())
///     .step(Step::run("cargo +$RUST test").env("RUST", Test::rust()));
/// let workflow = Workflow::new("Test").on(Trigger::push()).job("test", job);
/// let yaml = emit::workflow(&workflow, &EmitOptions::default());
/// assert!(yaml.contains("
///       matrix:
///         os: [ubuntu-latest, windows-latest]
///         toolchain: [stable, beta]
///         include:
///           - toolchain: nightly
///             experimental: true
///         exclude:
///           - os: windows-latest
///             toolchain: beta
/// "));
/// assert!(yaml.contains("RUST: ${{ matrix.toolchain }}"));
/// ```
///
/// Keys are kebab-case by default; `rename_all` changes that:
///
/// ```
/// use pipeline_sdk::Matrix;
///
/// #[derive(Matrix)]
/// #[matrix(rename_all = "snake_case")]
/// struct Node { node_version: Vec<u32> }
///
/// assert_eq!(Node::node_version().to_string(), "${{ matrix.node_version }}");
/// let matrix = Node { node_version: vec![20, 22] }.matrix();
/// assert!(matrix.axes.contains_key("node_version"));
/// ```
#[cfg(feature = "derive")]
pub use pipeline_macros::Matrix;

/// Derives [`Inputs`](trait@Inputs) for a struct whose fields are the inputs of `workflow_dispatch`,
/// `workflow_call` or an action.
///
/// - A field's type is the input's type: `String` is `string`, `bool` is `boolean`, any number is
///   `number`, and an enum deriving [`Choice`](trait@Choice) is `choice` with its options
///   (`workflow_call` has no `choice`, so there it is a `string`).
/// - `Option<T>` is not required; neither is a field with a default. Every other field is required.
/// - The doc comment is the description.
/// - One associated function per input gives its expression: `Deploy::environment()` is
///   `${{ inputs.environment }}`, in a workflow and in a composite action alike.
/// - A value of the struct is a set of arguments: `add_to_job` and `add_to_step` write its `with:`.
///
/// | Attribute | Where | Effect |
/// |---|---|---|
/// | `rename_all = ".."` | `#[inputs]` on the struct | how inputs are named (default `kebab-case`; see [`Choice`](macro@Choice)) |
/// | `crate = ".."` | `#[inputs]` on the struct | the path of `pipeline_sdk`, when it is renamed |
/// | `rename = ".."` | `#[input]` on a field | this input's name |
/// | `default = <value>` | `#[input]` on a field | the default, type-checked against the field (`"main"` for a `String`, `3`, `true`, `Env::Staging`) |
/// | `environment` | `#[input]` on a `String` field | a dispatch input of type `environment` |
/// | `deprecation_message = ".."` | `#[input]` on a field | the action input's `deprecationMessage` |
///
/// ```
/// use pipeline_sdk::{Choice, Inputs};
/// use pipeline_sdk::emit::{self, EmitOptions};
/// use pipeline_sdk::model::{Action, Job, Step, Workflow};
///
/// #[derive(Choice, Clone, Copy, Debug, PartialEq)]
/// enum Target { Staging, Production }
///
/// #[derive(Inputs)]
/// struct Deploy {
///     /// Where to deploy.
///     #[input(default = Target::Staging)]
///     target: Target,
///     /// The version to deploy.
///     version: String,
///     /// Only print what would change.
///     dry_run: Option<bool>,
///     #[input(rename = "timeout", default = 10)]
///     timeout_minutes: u32,
///     /// Deprecated: use `target`.
///     #[input(deprecation_message = "Use `target`")]
///     stage: Option<String>,
///     /// The GitHub environment.
///     #[input(environment)]
///     environment: Option<String>,
/// }
///
/// let workflow = Workflow::new("Deploy")
///     .on(Deploy::workflow_dispatch())
///     .job("deploy", Job::new("ubuntu-latest").step(Step::run("./deploy").env("VERSION", Deploy::version())));
/// let yaml = emit::workflow(&workflow, &EmitOptions::default());
/// assert!(yaml.contains("
///       target:
///         description: Where to deploy.
///         required: false
///         default: staging
///         type: choice
///         options: [staging, production]
///       version:
///         description: The version to deploy.
///         required: true
///         type: string
/// "));
/// assert!(yaml.contains("VERSION: ${{ inputs.version }}"));
///
/// // The same inputs on a composite action, and typed arguments for a call.
/// let action = Deploy::add_to_action(Action::composite("Deploy", "Deploys"));
/// assert!(action.inputs.unwrap()["version"].is_required());
/// let call = Deploy {
///     target: Target::Production,
///     version: "1.2.3".into(),
///     dry_run: None,
///     timeout_minutes: 5,
///     stage: None,
///     environment: None,
/// }
/// .add_to_job(Job::call("./.github/workflows/deploy.yml"));
/// assert_eq!(call.with.unwrap().len(), 3);
///
/// // `rename_all` for the whole struct.
/// #[derive(Inputs)]
/// #[inputs(rename_all = "snake_case")]
/// struct Release { dry_run: bool }
/// assert_eq!(Release::dry_run().to_string(), "${{ inputs.dry_run }}");
/// # let _ = Release { dry_run: false };
/// ```
#[cfg(feature = "derive")]
pub use pipeline_macros::Inputs;

/// Derives [`Outputs`](trait@Outputs) for a struct whose fields hold the values of a job's, a reusable
/// workflow's or an action's outputs (`Expr`, `String`, anything `Display`).
///
/// - The doc comment is the description (written for actions and reusable workflows).
/// - One associated function per output reads it downstream from any
///   [`OutputSource`](typed::OutputSource): the job's [`JobRef`](model::JobRef) gives
///   `${{ needs.build.outputs.version }}`, a [`StepRef`](model::StepRef) gives
///   `${{ steps.meta.outputs.version }}`, `expr::jobs("build")` gives the reusable workflow's
///   `${{ jobs.build.outputs.version }}`.
///
/// | Attribute | Where | Effect |
/// |---|---|---|
/// | `rename_all = ".."` | `#[outputs]` on the struct | how outputs are named (default `kebab-case`; see [`Choice`](macro@Choice)) |
/// | `crate = ".."` | `#[outputs]` on the struct | the path of `pipeline_sdk`, when it is renamed |
/// | `rename = ".."` | `#[output]` on a field | this output's name |
///
/// ```
/// use pipeline_sdk::Outputs;
/// use pipeline_sdk::expr::Expr;
/// use pipeline_sdk::model::{Job, Step, Workflow};
///
/// #[derive(Outputs)]
/// struct Build {
///     /// The version that was built.
///     version: Expr,
///     #[output(rename = "digest")]
///     image_digest: String,
/// }
///
/// let mut workflow = Workflow::new("Release");
/// let mut job = Job::new("ubuntu-latest");
/// let meta = job.add_step("meta", Step::run("./version.sh"));
/// let outputs = Build { version: Build::version(&meta), image_digest: "${{ steps.push.outputs.digest }}".into() };
/// let build = workflow.add_job("build", outputs.add_to_job(job));
///
/// assert_eq!(Build::version(&build).to_string(), "${{ needs.build.outputs.version }}");
/// assert_eq!(workflow.jobs["build"].outputs.as_ref().unwrap()["digest"], "${{ steps.push.outputs.digest }}");
///
/// #[derive(Outputs)]
/// #[outputs(rename_all = "SCREAMING_SNAKE_CASE")]
/// struct Env { image_tag: String }
/// assert_eq!(Env::image_tag(&build).to_string(), "${{ needs.build.outputs.IMAGE_TAG }}");
/// # let _ = Env { image_tag: String::new() }.outputs();
/// ```
#[cfg(feature = "derive")]
pub use pipeline_macros::Outputs;

/// Derives [`Action`](trait@Action): a typed binding of an action, whose fields are its inputs.
///
/// - A required input is a plain field, so a struct literal that leaves it out does not compile; an
///   optional input is an `Option` and is written only when set. Values are strings, numbers, `bool`,
///   [`Expr`](expr::Expr) or a [`Choice`](trait@Choice) enum.
/// - `.step()` (or `Step::from(binding)`) is the step; chain `.name(..)`, `.if_(..)`.
/// - `outputs(..)` declares the action's outputs: one associated function each, reading the output from
///   the step's [`StepRef`](model::StepRef) (`Job::add_step` gives it the id).
///
/// | Attribute | Where | Effect |
/// |---|---|---|
/// | `uses = ".."` | struct, required | the action: `owner/repo@ref`, `owner/repo/path@ref`, `./path` or `docker://image` |
/// | `outputs(name, name = "output-name", ..)` | struct | the outputs; a bare name is renamed like the inputs |
/// | `rename_all = ".."` | struct | how inputs and outputs are named (default `kebab-case`; see [`Choice`](macro@Choice)) |
/// | `crate = ".."` | struct | the path of `pipeline_sdk`, when it is renamed |
/// | `rename = ".."` | field | this input's name |
///
/// ```
/// use pipeline_sdk::Action;
/// use pipeline_sdk::expr::runner;
/// use pipeline_sdk::model::{Job, Step};
///
/// #[derive(Action)]
/// #[action(uses = "actions/cache@v4", outputs(cache_hit, primary_key = "cache-primary-key"))]
/// struct Cache {
///     path: String,
///     key: String,
///     restore_keys: Option<String>,
///     #[action(rename = "enableCrossOsArchive")]
///     cross_os: Option<bool>,
/// }
///
/// #[derive(Action)]
/// #[action(uses = "actions/setup-node@v4", rename_all = "kebab-case")]
/// struct SetupNode { node_version: u32 }
///
/// let mut job = Job::new("ubuntu-latest");
/// let cache = job.add_step("cache", Cache {
///     path: "target".into(),
///     key: format!("{}-cargo", runner::os()),
///     restore_keys: None,
///     cross_os: Some(true),
/// }.step());
/// let job = job
///     .step(Step::from(SetupNode { node_version: 22 }).name("Node"))
///     .step(Step::run("cargo build").if_(Cache::cache_hit(&cache).ne("true").to_condition()));
///
/// let steps = job.step_list();
/// assert_eq!(steps[0].with.as_ref().unwrap().len(), 3);
/// assert_eq!(steps[2].r#if.as_ref().unwrap(), &"steps.cache.outputs.cache-hit != 'true'".into());
/// assert_eq!(Cache::primary_key(&cache).to_string(), "${{ steps.cache.outputs.cache-primary-key }}");
/// ```
#[cfg(feature = "derive")]
pub use pipeline_macros::Action;
