//! Proof on real files: five corpus workflows rebuilt with the builder API alone, each emitting exactly the
//! canonical form of the original (`emit(parse(original))`).
//!
//! The five cover a matrix with include and exclude, a reusable-workflow call, services plus a container,
//! dispatch inputs (choice, string, number and untyped; no corpus file has all five types, so boolean and
//! environment inputs are covered by the emitter's own tests), and a multi-job release pipeline.

use pipeline_sdk::emit::{self, EmitOptions};
use pipeline_sdk::expr::{github, matrix, secrets, steps};
use pipeline_sdk::model::{
    Container, Defaults, Event, Input, Job, JobRef, Matrix, PermissionScope, Permissions, Step,
    Trigger, Value, Workflow,
};
use std::path::Path;

/// The checkout most of these files pin, with its version comment.
fn checkout_701() -> Step {
    Step::uses("actions/checkout@3d3c42e5aac5ba805825da76410c181273ba90b1").uses_comment("v7.0.1")
}

/// Compares the built workflow with the canonical form of the corpus file, or skips when the corpus is
/// missing.
fn check(file: &str, built: &Workflow) {
    let path = Path::new(env!("CARGO_MANIFEST_DIR"))
        .join("../shared/corpus/workflows")
        .join(file);
    let Ok(text) = std::fs::read_to_string(&path) else {
        assert!(
            std::env::var_os("CI").is_none(),
            "../shared is missing; CI runs with it beside the project"
        );
        println!("{file}: skipped, ../shared/corpus is not beside the project");
        return;
    };
    let options = EmitOptions::default();
    let mut original = pipeline_sdk::parse::workflow(&text)
        .expect("the corpus file parses")
        .value;
    // The comments are the authors' notes, not what the builders rebuild (comment builders have their own
    // tests): the canonical form compared is the one without them.
    original.strip_comments();
    let expected = emit::workflow(&original, &options);
    let actual = emit::workflow(built, &options);
    assert_eq!(
        actual, expected,
        "{file}: the built workflow differs from the canonical original"
    );
    assert_eq!(built, &original, "{file}: the models differ");
}

#[test]
fn matrix_with_include_and_exclude() {
    let test_step = |name: &str, run: &str| {
        Step::run(run)
            .name(name)
            .working_directory("${{runner.workspace}}/build")
    };
    let build = Job::new("${{matrix.os}}")
        .name("${{matrix.platform}} ${{matrix.toolset}} c++${{matrix.standard}} ${{matrix.build_type}} ${{matrix.shared && 'Shared' || ''}}")
        .matrix(
            Matrix::new()
                .axis("os", ["windows-2022"])
                .axis("platform", ["Win32", "x64"])
                .axis("toolset", ["v142"])
                .axis("standard", [14, 17, 20])
                .axis("shared", ["", "-DBUILD_SHARED_LIBS=ON"])
                .axis("build_type", ["Debug", "Release"])
                .exclude([("toolset", Value::from("v142")), ("standard", Value::from(14))])
                .exclude([("platform", Value::from("Win32")), ("standard", Value::from(14))])
                .exclude([("platform", Value::from("Win32")), ("standard", Value::from(20))])
                .exclude([
                    ("platform", Value::from("x64")),
                    ("standard", Value::from(14)),
                    ("shared", Value::from("-DBUILD_SHARED_LIBS=ON")),
                ])
                .exclude([
                    ("platform", Value::from("x64")),
                    ("standard", Value::from(20)),
                    ("shared", Value::from("-DBUILD_SHARED_LIBS=ON")),
                ])
                .include([
                    ("os", Value::from("windows-2022")),
                    ("platform", Value::from("x64")),
                    ("toolset", Value::from("v143")),
                    ("build_type", Value::from("Debug")),
                    ("standard", Value::from(20)),
                ]),
        )
        .step(Step::uses("actions/checkout@9c091bb21b7c1c1d1991bb908d89e4e9dddfe3e0").uses_comment("v7.0.0"))
        .step(Step::run("tzutil /s \"FLE Standard Time\"").name("Set timezone"))
        .step(Step::run("cmake -E make_directory ${{runner.workspace}}/build").name("Create Build Environment"))
        .step(
            test_step(
                "Configure",
                "cmake -A ${{matrix.platform}} -T ${{matrix.toolset}} \\\n      -DCMAKE_CXX_STANDARD=${{matrix.standard}} \\\n      ${{matrix.shared}} -DCMAKE_BUILD_TYPE=${{matrix.build_type}} \\\n      $GITHUB_WORKSPACE\n",
            )
            .shell("bash"),
        )
        .step(test_step(
            "Build",
            "$threads = (Get-CimInstance Win32_ComputerSystem).NumberOfLogicalProcessors\ncmake --build . --config ${{matrix.build_type}} --parallel $threads\n",
        ))
        .step(test_step("Test", "ctest -C ${{matrix.build_type}} -V").env("CTEST_OUTPUT_ON_FAILURE", true));
    let mingw = Job::new("windows-latest")
        .defaults(Defaults::run().shell("msys2 {0}"))
        .matrix(Matrix::new().axis("sys", ["mingw64", "ucrt64"]))
        .step(
            Step::run("tzutil /s \"FLE Standard Time\"")
                .name("Set timezone")
                .shell("cmd"),
        )
        .step(
            Step::uses("msys2/setup-msys2@40677d36a502eb2cf0fb808cc9dec31bf6152638")
                .uses_comment("v2.28.0")
                .with("release", false)
                .with("msystem", "${{matrix.sys}}")
                .with("pacboy", "cc:p cmake:p ninja:p lld:p"),
        )
        .step(
            Step::uses("actions/checkout@9c091bb21b7c1c1d1991bb908d89e4e9dddfe3e0")
                .uses_comment("v7.0.0"),
        )
        .step(
            Step::run("cmake -B ../build -DBUILD_SHARED_LIBS=ON -DCMAKE_BUILD_TYPE=Debug")
                .name("Configure")
                .env("LDFLAGS", "-fuse-ld=lld"),
        )
        .step(Step::run("cmake --build ../build").name("Build"))
        .step(
            Step::run("ctest -j `nproc` --test-dir ../build")
                .name("Test")
                .env("CTEST_OUTPUT_ON_FAILURE", true),
        );
    let workflow = Workflow::new("windows")
        .on_events([Event::Push, Event::PullRequest])
        .permissions(Permissions::read_contents())
        .job("build", build)
        .job("mingw", mingw);
    check("fmtlib__fmt__windows.yml", &workflow);
}

#[test]
fn reusable_workflow_call() {
    let workflow = Workflow::new("Draft release")
        .on(Trigger::workflow_dispatch().input(
            "version_strategy",
            Input::choice(["major", "minor", "patch"])
                .description("Version strategy: The strategy to used to update the version based on semantic versioning (more info at https://semver.org/).")
                .required(true)
                .default("patch"),
        ))
        .job(
            "draft-release",
            Job::call("google-github-actions/.github/.github/workflows/draft-release.yml@v3")
                .uses_comment("ratchet:exclude")
                .permissions(Permissions::read_contents().write(PermissionScope::PullRequests))
                .with("version_strategy", github::event().property("inputs").property("version_strategy"))
                .secret("ACTIONS_BOT_TOKEN", secrets("ACTIONS_BOT_TOKEN")),
        );
    check("google-github-actions__auth__draft-release.yml", &workflow);
}

#[test]
fn services_and_container() {
    let setup = |node_version: Value| {
        vec![
            checkout_701(),
            Step::run("rm -rf $RUNNER_TOOL_CACHE/*").name("Clear tool cache"),
            Step::uses("./")
                .name("Setup node 24")
                .with("node-version", node_version),
            Step::run("__tests__/verify-node.sh 24").name("Verify node and npm"),
        ]
    };
    let workflow = Workflow::new("proxy")
        .on(Trigger::pull_request().paths_ignore(["**.md"]))
        .on(Trigger::push().branches(["main", "releases/*"]).paths_ignore(["**.md"]))
        .job(
            "test-proxy",
            Job::new("ubuntu-latest")
                .env("https_proxy", "http://squid-proxy:3128")
                .container(Container::new("ubuntu:latest").options("--dns 127.0.0.1"))
                .service("squid-proxy", Container::new("ubuntu/squid:latest").port("3128:3128"))
                .steps(setup(Value::from("24.x"))),
        )
        .job(
            "test-bypass-proxy",
            Job::new("ubuntu-latest")
                .env("https_proxy", "http://no-such-proxy:3128")
                .env(
                    "no_proxy",
                    "api.github.com,github.com,nodejs.org,registry.npmjs.org,*.s3.amazonaws.com,s3.amazonaws.com",
                )
                .steps(setup(Value::from(24))),
        );
    check("actions__setup-node__proxy.yml", &workflow);
}

#[test]
fn dispatch_inputs() {
    let setup = |checkout: Step| {
        vec![
            checkout,
            Step::uses("actions/setup-python@5fda3b95a4ea91299a34e894583c3862153e4b97")
                .uses_comment("v7.0.0")
                .name("Set up Python")
                .with("python-version-file", ".python-version"),
            Step::uses("astral-sh/setup-uv@c771a70e6277c0a99b617c7a806ffedaca235ff9")
                .uses_comment("v9.0.0")
                .name("Setup uv")
                .with("version", "0.11.18")
                .with("cache-dependency-glob", "pyproject.toml\nuv.lock\n"),
            Step::run("uv sync --locked --no-dev --group github-actions --group translations")
                .name("Install Dependencies"),
        ]
    };
    let event_input = |name: &str| github::event().property("inputs").property(name);
    let mut langs =
        Job::new("ubuntu-latest").steps(setup(checkout_701().with("persist-credentials", false)));
    let show = langs.add_step(
        "show-langs",
        Step::run("echo \"langs=$(uv run ./scripts/translate.py llm-translatable-json)\" >> $GITHUB_OUTPUT\necho \"commands=$(uv run ./scripts/translate.py commands-json)\" >> $GITHUB_OUTPUT\n")
            .name("Export Language Codes")
            .env("LANGUAGE", event_input("language"))
            .env("COMMAND", event_input("command")),
    );
    let langs = langs
        .output("langs", show.output("langs"))
        .output("commands", show.output("commands"));
    let langs_ref = JobRef::new("langs");
    let translate = Job::new("ubuntu-latest")
        .if_("github.repository_owner == 'fastapi'")
        .needs(&langs_ref)
        .permissions(Permissions::read_contents().write(PermissionScope::IdToken))
        .matrix(
            Matrix::new()
                .axis_expr("lang", "${{ fromJson(needs.langs.outputs.langs) }}")
                .axis_expr("command", "${{ fromJson(needs.langs.outputs.commands) }}"),
        )
        .step(Step::run("echo \"$GITHUB_CONTEXT\"").name("Dump GitHub context").env("GITHUB_CONTEXT", "${{ toJson(github) }}"))
        .steps(setup(checkout_701().with("fetch-depth", 0).with("persist-credentials", false)))
        .step(
            Step::uses("mxschmitt/action-tmate@35b54afac29c97fb54faba5b513f8fbd1882f113")
                .uses_comment("v3.24")
                .name("Setup tmate session")
                .if_("${{ github.event_name == 'workflow_dispatch' && github.event.inputs.debug_enabled == 'true' }}")
                .with("limit-access-to-actor", true)
                .env("GITHUB_TOKEN", github::token())
                .env("OPENAI_API_KEY", secrets("OPENAI_API_KEY")),
        )
        .step(
            Step::run("uv run ./scripts/translate.py \"$COMMAND\"")
                .name("FastAPI Translate")
                .env("OPENAI_API_KEY", secrets("OPENAI_API_KEY"))
                .env("LANGUAGE", matrix("lang"))
                .env("EN_PATH", event_input("en_path"))
                .env("COMMAND", matrix("command"))
                .env("MAX", event_input("max")),
        )
        .step(
            Step::uses("tiangolo/pr-submit@d802fdf59bde80bc3eb8bd3259f4cbeec63de4aa")
                .uses_comment("0.0.1")
                .name("Get PR Submit token")
                .if_(github::event_name().eq("schedule"))
                .id("pr-submit"),
        )
        .step(
            Step::run("gh auth setup-git\nuv run ./scripts/translate.py make-pr\n")
                .name("Create pull request")
                .if_(github::event_name().eq("schedule"))
                .env("GITHUB_TOKEN", steps("pr-submit").output("token"))
                .env("LANGUAGE", matrix("lang"))
                .env("COMMAND", matrix("command")),
        )
        .step(
            Step::uses("tiangolo/pr-push@f336b3817f32ea9b8273a8c15f8ecb739ac38167")
                .uses_comment("0.0.4")
                .name("Get PR Push token")
                .if_(github::event_name().eq("workflow_dispatch"))
                .id("pr-push"),
        )
        .step(
            Step::run("gh auth setup-git\nuv run ./scripts/translate.py push\n")
                .name("Commit and push changes")
                .if_(github::event_name().eq("workflow_dispatch"))
                .env("COMMAND", matrix("command"))
                .env("GH_TOKEN", steps("pr-push").output("token"))
                .env("LANGUAGE", matrix("lang")),
        );
    let mut workflow = Workflow::new("Translate")
        .on(Trigger::schedule("0 5 1,15 * *"))
        .on(Trigger::workflow_dispatch()
            .input(
                "debug_enabled",
                Input::new()
                    .description("Run with tmate debugging enabled (https://github.com/marketplace/actions/debugging-with-tmate)")
                    .required(false)
                    .default("false"),
            )
            .input(
                "command",
                Input::choice([
                    "translate-page",
                    "translate-lang",
                    "update-outdated",
                    "add-missing",
                    "update-and-add",
                    "remove-removable",
                ])
                .description("Command to run")
                .required(true),
            )
            .input(
                "language",
                Input::string()
                    .description("Language to translate to as a letter code (e.g. \"es\" for Spanish)")
                    .required(true),
            )
            .input(
                "en_path",
                Input::string()
                    .description("File path in English to translate (e.g. docs/en/docs/index.md)")
                    .required(false)
                    .default(""),
            )
            .input(
                "max",
                Input::number()
                    .description("Maximum number of items to translate (e.g. 10)")
                    .required(false)
                    .default(10),
            ))
        .permissions(Permissions::none());
    let langs = workflow.add_job("langs", langs);
    assert_eq!(langs, langs_ref);
    let workflow = workflow.job("translate", translate);
    check("fastapi__fastapi__translate.yml", &workflow);
}

#[test]
fn multi_job_release() {
    let mut workflow = Workflow::new("Release").on(Trigger::push().tags(["v*"]));
    let test = workflow.add_job("test", Job::call("./.github/workflows/test.yml"));
    let release = Job::new("ubuntu-latest")
        .if_(github::repository().eq("vuejs/core"))
        .needs_all([&test])
        .permissions(Permissions::none().write(PermissionScope::Contents).write(PermissionScope::IdToken))
        .environment("Release")
        .step(checkout_701().name("Checkout").with("persist-credentials", false))
        .step(Step::uses("pnpm/action-setup@0ebf47130e4866e96fce0953f49152a61190b271")
                .uses_comment("v6.0.9").name("Install pnpm"))
        .step(
            Step::uses("actions/setup-node@820762786026740c76f36085b0efc47a31fe5020")
                .uses_comment("v7.0.0")
                .name("Install Node.js")
                .with("node-version-file", ".node-version")
                .with("registry-url", "https://registry.npmjs.org"),
        )
        .step(Step::run("pnpm install --frozen-lockfile").name("Install deps"))
        .step(Step::run("npm i -g npm@latest").name("Update npm"))
        .step(Step::run("pnpm release --publishOnly\n").name("Build and publish").id("publish"))
        .step(
            Step::uses("yyx990803/release-tag@8cccf7c5aa332d71d222df46677f70f77a8d2dc0")
                .uses_comment("v1.0.0")
                .name("Create GitHub release")
                .id("release_tag")
                .env("GITHUB_TOKEN", secrets::github_token())
                .with("tag_name", github::git_ref())
                .with(
                    "body",
                    "For stable releases, please refer to [CHANGELOG.md](https://github.com/vuejs/core/blob/main/CHANGELOG.md) for details.\nFor pre-releases, please refer to [CHANGELOG.md](https://github.com/vuejs/core/blob/minor/CHANGELOG.md) of the `minor` branch.\n",
                ),
        );
    let workflow = workflow.job("release", release);
    check("vuejs__core__release.yml", &workflow);
}
