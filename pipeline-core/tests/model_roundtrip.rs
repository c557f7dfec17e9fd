//! Arbitrary models, hostile strings included, survive emit then parse: the model read back equals the one
//! written, and emitting it again gives the same text.

use indexmap::IndexMap;
use pipeline_core::emit::{self, EmitOptions};
use pipeline_core::model::{
    Action, ActionInput, ActionOutput, CompositeRuns, Concurrency, ConcurrencyConfig,
    ConcurrencyQueue, Container, ContainerConfig, Credentials, Cron, Defaults, DockerRuns,
    Environment, EnvironmentConfig, Event, EventConfig, ExprOr, Filters, Input, InputType, Job,
    Mapping, Matrix, NodeRuns, Number, On, OneOrMany, PermissionLevel, PermissionScope,
    Permissions, RunDefaults, RunnerGroup, Runs, RunsOn, Secrets, Snapshot, SnapshotConfig, Step,
    Strategy as JobStrategy, Value, WaitAll, Workflow, WorkflowCall, WorkflowCallOutput,
    WorkflowCallSecret, WorkflowDispatch,
};
use pipeline_core::parse;
use proptest::prelude::*;
use proptest::strategy::{BoxedStrategy, Strategy};

/// Strings from every class that trips a YAML writer: YAML 1.1 and 1.2 keywords, number forms,
/// indicators, `: ` and ` #`, surrounding spaces, line breaks, tabs, CR, control characters, Unicode,
/// empty and long text.
fn hostile() -> BoxedStrategy<String> {
    prop_oneof![
        3 => "[a-zA-Z0-9_ ./:#-]{0,24}",
        2 => prop::sample::select(vec![
            "", " ", "true", "False", "yes", "No", "on", "OFF", "y", "n", "null", "~", "Null", "0", "-1", "+1",
            "1.5", ".5", "1.", "1e3", "1_000", "0o14", "014", "0x1F", "0b11", "1:30", "190:20:30.15", ".inf",
            "-.Inf", ".nan", "2001-12-14", "=", "<<", "- a", "-x", "? q", ": x", "a: b", "a #b", "#c", "&a", "*a",
            "!t", "|", ">", "'q'", "\"d\"", "%p", "@at", "`tick`", "[x]", "{y}", "x,", "trailing ", " leading",
            "a\nb", "a\n", "a\n\n", "\nlead", "  indented\nfirst", "line \nspace", "tab\there", "\tlead",
            "cr\rhere", "crlf\r\n", "ctl\u{1}", "bell\u{7}", "nel\u{85}x", "ls\u{2028}x", "bom\u{feff}x",
            "ünïcødé ✓", "日本語", "emoji 🚀", "${{ github.sha }}", "echo \"$X\" # not a comment",
        ])
        .prop_map(str::to_owned),
        1 => "\\PC{0,40}",
        1 => proptest::collection::vec("[ -~\t\n]{0,30}", 0..6).prop_map(|lines| lines.join("\n")),
        1 => "[a-z]{200,400}",
    ]
    .boxed()
}

fn key() -> BoxedStrategy<String> {
    prop_oneof![4 => "[A-Za-z_][A-Za-z0-9_-]{0,12}", 1 => hostile().prop_filter("a key", |k| !k.is_empty())].boxed()
}

fn id() -> BoxedStrategy<String> {
    "[a-z_][a-z0-9_-]{0,10}".boxed()
}

fn number() -> BoxedStrategy<Number> {
    prop_oneof![
        any::<i64>().prop_map(Number::Int),
        (i64::MAX as u64 + 1..=u64::MAX).prop_map(Number::UInt),
        any::<f64>()
            .prop_filter("finite or not, never -0", |f| *f != 0.0
                || f.is_sign_positive())
            .prop_map(Number::Float),
    ]
    .boxed()
}

fn value() -> BoxedStrategy<Value> {
    let leaf = prop_oneof![
        Just(Value::Null),
        any::<bool>().prop_map(Value::Bool),
        number().prop_map(Value::Number),
        hostile().prop_map(Value::String),
    ];
    leaf.prop_recursive(3, 24, 4, |inner| {
        prop_oneof![
            proptest::collection::vec(inner.clone(), 0..4).prop_map(Value::Sequence),
            proptest::collection::vec((key(), inner), 0..4)
                .prop_map(|entries| Value::Mapping(entries.into_iter().collect())),
        ]
    })
    .boxed()
}

fn mapping() -> BoxedStrategy<Mapping> {
    proptest::collection::vec((key(), value()), 0..4)
        .prop_map(|e| e.into_iter().collect())
        .boxed()
}

fn opt<T: std::fmt::Debug + Clone + 'static>(s: BoxedStrategy<T>) -> BoxedStrategy<Option<T>> {
    proptest::option::of(s).boxed()
}

fn expression() -> BoxedStrategy<String> {
    "[a-z.]{1,12}"
        .prop_map(|e| format!("${{{{ {e} }}}}"))
        .boxed()
}

fn expr_or<T: std::fmt::Debug + Clone + 'static>(s: BoxedStrategy<T>) -> BoxedStrategy<ExprOr<T>> {
    prop_oneof![
        s.prop_map(ExprOr::Value),
        expression().prop_map(ExprOr::Expr)
    ]
    .boxed()
}

fn strings() -> BoxedStrategy<OneOrMany<String>> {
    prop_oneof![
        hostile().prop_map(OneOrMany::One),
        proptest::collection::vec(hostile(), 0..4).prop_map(OneOrMany::Many)
    ]
    .boxed()
}

fn env() -> BoxedStrategy<ExprOr<Mapping>> {
    expr_or(mapping())
}

fn condition() -> BoxedStrategy<ExprOr<bool>> {
    prop_oneof![
        any::<bool>().prop_map(ExprOr::Value),
        hostile().prop_map(ExprOr::Expr)
    ]
    .boxed()
}

/// A step, possibly a `parallel` group of plain steps.
fn step() -> BoxedStrategy<Step> {
    (
        plain_step(),
        opt(proptest::collection::vec(plain_step(), 0..3).boxed()),
    )
        .prop_map(|(step, parallel)| Step { parallel, ..step })
        .boxed()
}

fn wait_all() -> BoxedStrategy<WaitAll> {
    prop_oneof![Just(WaitAll::Bare), any::<bool>().prop_map(WaitAll::Value)].boxed()
}

/// A step with any of the keys GitHub defines for a step except `parallel`.
fn plain_step() -> BoxedStrategy<Step> {
    (
        (
            opt(hostile()),
            opt(id()),
            opt(condition()),
            opt(hostile()),
            opt("[!-~][ -~]{0,20}[!-~]".boxed()),
            opt(mapping()),
        ),
        (
            opt(hostile()),
            opt(hostile()),
            opt(hostile()),
            opt(env()),
            opt(expr_or(any::<bool>().boxed())),
            opt(expr_or(number())),
        ),
        (
            opt(any::<bool>().boxed()),
            opt(strings()),
            opt(wait_all()),
            opt(hostile()),
        ),
    )
        .prop_map(
            |(
                (name, id, r#if, uses, uses_comment, with),
                (run, shell, working_directory, env, coe, timeout),
                (background, wait, wait_all, cancel),
            )| {
                // A comment is one line after `uses`; without `uses` there is no line to carry it.
                let uses_comment = uses.as_ref().and(uses_comment);
                Step {
                    name,
                    id,
                    r#if,
                    uses,
                    uses_comment,
                    with,
                    run,
                    shell,
                    working_directory,
                    env,
                    continue_on_error: coe,
                    timeout_minutes: timeout,
                    background,
                    wait,
                    wait_all,
                    cancel,
                    ..Step::default()
                }
            },
        )
        .boxed()
}

fn container() -> BoxedStrategy<Container> {
    prop_oneof![
        hostile().prop_map(Container::Image),
        (
            opt(hostile()),
            opt(env()),
            opt(proptest::collection::vec(value(), 0..3).boxed()),
            opt(proptest::collection::vec(hostile(), 0..3).boxed()),
            opt(hostile()),
            opt(expr_or(
                (opt(hostile()), opt(hostile()))
                    .prop_map(|(username, password)| Credentials { username, password })
                    .boxed(),
            )),
        )
            .prop_map(|(image, env, ports, volumes, options, credentials)| {
                Container::Config(ContainerConfig {
                    image,
                    credentials,
                    env,
                    ports,
                    volumes,
                    options,
                    ..ContainerConfig::default()
                })
            }),
    ]
    .boxed()
}

fn permissions() -> BoxedStrategy<Permissions> {
    let scope =
        prop::sample::select(PermissionScope::KNOWN.to_vec()).prop_map(PermissionScope::parse);
    let level =
        prop::sample::select(PermissionLevel::KNOWN.to_vec()).prop_map(PermissionLevel::parse);
    prop_oneof![
        Just(Permissions::ReadAll),
        Just(Permissions::WriteAll),
        proptest::collection::vec((scope, level), 0..4)
            .prop_map(|s| Permissions::Scopes(s.into_iter().collect())),
    ]
    .boxed()
}

fn concurrency() -> BoxedStrategy<Concurrency> {
    prop_oneof![
        hostile().prop_map(Concurrency::Group),
        (
            opt(hostile()),
            opt(expr_or(any::<bool>().boxed())),
            opt(prop::sample::select(ConcurrencyQueue::KNOWN.to_vec())
                .prop_map(ConcurrencyQueue::parse)
                .boxed()),
        )
            .prop_map(|(group, cancel_in_progress, queue)| Concurrency::Config(
                ConcurrencyConfig {
                    group,
                    cancel_in_progress,
                    queue,
                }
            )),
    ]
    .boxed()
}

fn matrix() -> BoxedStrategy<ExprOr<Matrix>> {
    let rows = || {
        opt(expr_or(
            proptest::collection::vec(mapping().prop_map(Value::Mapping), 0..3).boxed(),
        ))
    };
    let axes = proptest::collection::vec(
        (
            "[a-z][a-z0-9_]{0,6}"
                .prop_filter("not include/exclude", |k| k != "include" && k != "exclude"),
            expr_or(proptest::collection::vec(value(), 0..4).boxed()),
        ),
        0..3,
    );
    expr_or(
        (axes, rows(), rows())
            .prop_map(|(axes, include, exclude)| Matrix {
                axes: axes.into_iter().collect(),
                include,
                exclude,
            })
            .boxed(),
    )
}

fn snapshot() -> BoxedStrategy<Snapshot> {
    prop_oneof![
        hostile().prop_map(Snapshot::ImageName),
        (opt(hostile()), opt(hostile()), opt(condition())).prop_map(
            |(image_name, version, r#if)| {
                Snapshot::Config(SnapshotConfig {
                    image_name,
                    version,
                    r#if,
                })
            }
        ),
    ]
    .boxed()
}

fn job() -> BoxedStrategy<Job> {
    let runs_on = prop_oneof![
        hostile().prop_map(RunsOn::Label),
        proptest::collection::vec(hostile(), 0..3).prop_map(RunsOn::Labels),
        (opt(hostile()), opt(strings()))
            .prop_map(|(group, labels)| RunsOn::Group(RunnerGroup { group, labels })),
    ];
    let environment = prop_oneof![
        hostile().prop_map(Environment::Name),
        (
            opt(hostile()),
            opt(hostile()),
            opt(expr_or(any::<bool>().boxed()))
        )
            .prop_map(
                |(name, url, deployment)| Environment::Config(EnvironmentConfig {
                    name,
                    url,
                    deployment
                })
            ),
    ];
    let strategy = (
        opt(matrix()),
        opt(expr_or(any::<bool>().boxed())),
        opt(expr_or(number())),
    )
        .prop_map(|(matrix, fail_fast, max_parallel)| JobStrategy {
            matrix,
            fail_fast,
            max_parallel,
        });
    let secrets = prop_oneof![
        Just(Secrets::Inherit),
        proptest::collection::vec((key(), hostile()), 0..3)
            .prop_map(|s| Secrets::Map(s.into_iter().collect())),
    ];
    (
        (
            opt(hostile()),
            opt(strings()),
            opt(condition()),
            opt(runs_on.boxed()),
            opt(environment.boxed()),
            opt(permissions()),
        ),
        (
            opt(concurrency()),
            opt(proptest::collection::vec((key(), hostile()), 0..3)
                .prop_map(|o| o.into_iter().collect::<IndexMap<_, _>>())
                .boxed()),
            opt(env()),
            opt(expr_or(number())),
            opt(expr_or(any::<bool>().boxed())),
            opt(expr_or(number())),
        ),
        (
            opt(strategy.boxed()),
            opt(container()),
            opt(expr_or(
                proptest::collection::vec((key(), container()), 0..2)
                    .prop_map(|s| s.into_iter().collect::<IndexMap<_, _>>())
                    .boxed(),
            )),
            opt(proptest::collection::vec(step(), 0..4).boxed()),
        ),
        (
            opt(hostile()),
            opt(mapping()),
            opt(secrets.boxed()),
            opt(hostile()),
            opt(snapshot()),
        ),
    )
        .prop_map(
            |(
                (name, needs, r#if, runs_on, environment, permissions),
                (concurrency, outputs, env, timeout, coe, cancel_timeout),
                (strategy, container, services, steps),
                (uses, with, secrets, shell, snapshot),
            )| Job {
                name,
                needs,
                r#if,
                runs_on,
                environment,
                permissions,
                concurrency,
                outputs,
                env,
                defaults: shell.map(|shell| Defaults {
                    run: Some(RunDefaults {
                        shell: Some(shell),
                        working_directory: None,
                    }),
                }),
                timeout_minutes: timeout,
                cancel_timeout_minutes: cancel_timeout,
                continue_on_error: coe,
                strategy,
                container,
                services,
                snapshot,
                steps,
                uses,
                with,
                secrets,
                ..Job::default()
            },
        )
        .boxed()
}

fn input() -> BoxedStrategy<Input> {
    let kind = prop::sample::select(InputType::KNOWN.to_vec()).prop_map(InputType::parse);
    (
        opt(hostile()),
        opt(any::<bool>().boxed()),
        opt(value()),
        opt(kind.boxed()),
        opt(proptest::collection::vec(hostile(), 0..3).boxed()),
    )
        .prop_map(|(description, required, default, r#type, options)| Input {
            description,
            required,
            default,
            r#type,
            options,
        })
        .boxed()
}

fn on() -> BoxedStrategy<On> {
    let event = prop::sample::select(Event::KNOWN.to_vec()).prop_map(Event::parse);
    let filters = (
        opt(strings()),
        opt(strings()),
        opt(strings()),
        opt(strings()),
        opt(strings()),
        opt(strings()),
        opt(strings()),
    )
        .prop_map(
            |(types, branches, tags, paths, paths_ignore, names, versions)| Filters {
                types,
                branches,
                tags,
                paths,
                paths_ignore,
                names,
                versions,
                ..Filters::default()
            },
        );
    let cron = (hostile(), opt(hostile())).prop_map(|(cron, timezone)| Cron { cron, timezone });
    let dispatch = opt(proptest::collection::vec((key(), input()), 0..3)
        .prop_map(|i| i.into_iter().collect::<IndexMap<_, _>>())
        .boxed())
    .prop_map(|inputs| WorkflowDispatch { inputs });
    let call = (
        opt(proptest::collection::vec((key(), input()), 0..3)
            .prop_map(|i| i.into_iter().collect::<IndexMap<_, _>>())
            .boxed()),
        opt(proptest::collection::vec(
            (
                key(),
                (opt(hostile()), hostile())
                    .prop_map(|(description, value)| WorkflowCallOutput { description, value }),
            ),
            0..3,
        )
        .prop_map(|o| o.into_iter().collect::<IndexMap<_, _>>())
        .boxed()),
        opt(proptest::collection::vec(
            (
                key(),
                opt((opt(hostile()), opt(any::<bool>().boxed()))
                    .prop_map(|(description, required)| WorkflowCallSecret {
                        description,
                        required,
                    })
                    .boxed()),
            ),
            0..3,
        )
        .prop_map(|s| s.into_iter().collect::<IndexMap<_, _>>())
        .boxed()),
    )
        .prop_map(|(inputs, outputs, secrets)| WorkflowCall {
            inputs,
            outputs,
            secrets,
        });
    let trigger = event.prop_flat_map(move |event| {
        let config: BoxedStrategy<EventConfig> = match event {
            Event::Schedule => proptest::collection::vec(cron.clone(), 0..3)
                .prop_map(EventConfig::Schedule)
                .boxed(),
            Event::WorkflowDispatch => dispatch
                .clone()
                .prop_map(EventConfig::WorkflowDispatch)
                .boxed(),
            Event::WorkflowCall => call.clone().prop_map(EventConfig::WorkflowCall).boxed(),
            _ => filters.clone().prop_map(EventConfig::Filters).boxed(),
        };
        (Just(event), proptest::option::of(config))
    });
    let event = prop::sample::select(Event::KNOWN.to_vec()).prop_map(Event::parse);
    prop_oneof![
        event.clone().prop_map(On::Event),
        proptest::collection::vec(event, 0..3).prop_map(On::Events),
        proptest::collection::vec(trigger, 0..4)
            .prop_map(|t| On::Triggers(t.into_iter().collect())),
    ]
    .boxed()
}

fn workflow() -> BoxedStrategy<Workflow> {
    (
        (
            opt(hostile()),
            opt(hostile()),
            on(),
            opt(permissions()),
            opt(env()),
        ),
        (
            opt(concurrency()),
            proptest::collection::vec((id(), job()), 0..4),
            opt(hostile()),
        ),
    )
        .prop_map(
            |((name, run_name, on, permissions, env), (concurrency, jobs, description))| Workflow {
                name,
                description,
                run_name,
                on,
                permissions,
                env,
                concurrency,
                jobs: jobs.into_iter().collect(),
                ..Workflow::default()
            },
        )
        .boxed()
}

fn action() -> BoxedStrategy<Action> {
    let action_input = (opt(hostile()), opt(value()), opt(value()), opt(hostile())).prop_map(
        |(description, required, default, deprecation_message)| ActionInput {
            description,
            required,
            default,
            deprecation_message,
            ..ActionInput::default()
        },
    );
    let runs = prop_oneof![
        proptest::collection::vec(step(), 0..3).prop_map(|steps| Runs::Composite(CompositeRuns {
            steps,
            ..CompositeRuns::default()
        })),
        (
            prop::sample::select(vec!["node20", "node24"]),
            opt(hostile()),
            opt(hostile())
        )
            .prop_map(|(using, main, post)| Runs::Node(NodeRuns {
                using: using.into(),
                main,
                post,
                ..NodeRuns::default()
            })),
        (
            opt(hostile()),
            opt(mapping()),
            opt(proptest::collection::vec(value(), 0..3).boxed()),
            opt(hostile())
        )
            .prop_map(|(image, env, args, entrypoint)| Runs::Docker(DockerRuns {
                using: "docker".into(),
                image,
                env,
                args,
                entrypoint,
                ..DockerRuns::default()
            })),
    ];
    (
        opt(hostile()),
        opt(hostile()),
        opt(proptest::collection::vec((key(), action_input), 0..3)
            .prop_map(|i| i.into_iter().collect::<IndexMap<_, _>>())
            .boxed()),
        opt(proptest::collection::vec(
            (
                key(),
                (opt(hostile()), opt(hostile()))
                    .prop_map(|(description, value)| ActionOutput { description, value }),
            ),
            0..3,
        )
        .prop_map(|o| o.into_iter().collect::<IndexMap<_, _>>())
        .boxed()),
        opt(runs.boxed()),
        // Keys GitHub does not define at the top level, which it allows (`loose-key-type`).
        proptest::collection::vec(
            (
                key().prop_filter("not a key GitHub defines", |k| {
                    ![
                        "name",
                        "author",
                        "description",
                        "inputs",
                        "outputs",
                        "runs",
                        "branding",
                    ]
                    .contains(&k.as_str())
                }),
                value(),
            ),
            0..3,
        ),
    )
        .prop_map(|(name, description, inputs, outputs, runs, other)| Action {
            name,
            description,
            inputs,
            outputs,
            runs,
            other: other.into_iter().collect(),
            ..Action::default()
        })
        .boxed()
}

proptest! {
    #![proptest_config(ProptestConfig { cases: 2000, ..ProptestConfig::default() })]

    #[test]
    fn workflows_survive_emit_and_parse(workflow in workflow()) {
        let options = EmitOptions::default();
        let text = emit::workflow(&workflow, &options);
        let parsed = parse::workflow(&text).map_err(|e| TestCaseError::fail(format!("{e}\n---\n{text}")))?;
        prop_assert_eq!(&parsed.value, &workflow, "\n{}", text);
        prop_assert_eq!(emit::workflow(&parsed.value, &options), text);
    }

    #[test]
    fn actions_survive_emit_and_parse(action in action()) {
        let options = EmitOptions::default();
        let text = emit::action(&action, &options);
        let parsed = parse::action(&text).map_err(|e| TestCaseError::fail(format!("{e}\n---\n{text}")))?;
        prop_assert_eq!(&parsed.value, &action, "\n{}", text);
        prop_assert_eq!(emit::action(&parsed.value, &options), text);
    }
}
