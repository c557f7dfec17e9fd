//! `pipeline eval`: the value of an expression, as GitHub evaluates it, so a condition can be tried
//! before it is pushed.

use pipeline_sdk::expr::eval::{Contexts, JobStatus, Value, evaluate_str};
use std::process::ExitCode;

/// The job status the status functions (`success()`, `failure()`, `cancelled()`) read.
#[derive(Clone, Copy, Debug, clap::ValueEnum)]
pub(crate) enum Status {
    /// Every earlier step succeeded.
    Success,
    /// An earlier step failed.
    Failure,
    /// The run was cancelled.
    Cancelled,
}

/// Arguments of `pipeline eval`.
#[derive(Debug, clap::Args)]
pub(crate) struct Args {
    /// The expression (for example `github.ref == 'refs/heads/main'`), bare as in an `if:` or inside
    /// `${{ }}`.
    expression: String,
    /// The contexts as a JSON object (`{"github": {"ref": "refs/heads/main"}}`), or `@FILE` to read it from
    /// a file.
    #[arg(long, value_name = "JSON|@FILE")]
    contexts: Option<String>,
    /// The job status for the status functions.
    #[arg(long, value_enum, default_value = "success")]
    status: Status,
}

pub(crate) fn run(args: &Args) -> ExitCode {
    let contexts = match args.contexts.as_deref().map(read_contexts).transpose() {
        Ok(contexts) => contexts.unwrap_or_default(),
        Err(message) => {
            eprintln!("pipeline eval: {message}");
            return ExitCode::from(2);
        }
    };
    let status = match args.status {
        Status::Success => JobStatus::Success,
        Status::Failure => JobStatus::Failure,
        Status::Cancelled => JobStatus::Cancelled,
    };
    let (text, ok) = evaluate(&args.expression, &contexts.with_job_status(status));
    println!("{text}");
    if ok {
        ExitCode::SUCCESS
    } else {
        ExitCode::from(1)
    }
}

/// The contexts from `--contexts`: JSON text, or `@` and the path of a file that holds it.
fn read_contexts(arg: &str) -> Result<Contexts, String> {
    let (text, source) = match arg.strip_prefix('@') {
        Some(path) => (
            std::fs::read_to_string(path).map_err(|e| format!("cannot read {path}: {e}"))?,
            path,
        ),
        None => (arg.to_owned(), "--contexts"),
    };
    Contexts::from_json(&text).map_err(|e| format!("{source}: {e}"))
}

/// The expression inside `${{ }}` when the whole text is one, otherwise the text as it is.
fn unwrap_template(text: &str) -> &str {
    let trimmed = text.trim();
    match trimmed
        .strip_prefix("${{")
        .and_then(|rest| rest.strip_suffix("}}"))
    {
        Some(inner) if !inner.contains("${{") => inner,
        _ => text,
    }
}

/// The line `pipeline eval` prints, `{"kind": ..., "value": ...}` or `{"error": {"kind": ..., "message":
/// ...}}`, and whether the expression has a value.
fn evaluate(expression: &str, contexts: &Contexts) -> (String, bool) {
    match evaluate_str(unwrap_template(expression), contexts) {
        Ok(value) => (
            format!(
                "{{\"kind\": \"{}\", \"value\": {}}}",
                value.kind(),
                value.to_json()
            ),
            true,
        ),
        Err(err) => (
            format!(
                "{{\"error\": {{\"kind\": \"{}\", \"message\": {}}}}}",
                err.kind(),
                Value::from(err.message()).to_json()
            ),
            false,
        ),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn contexts(json: &str) -> Contexts {
        read_contexts(json).expect("contexts")
    }

    #[test]
    fn prints_kind_and_value() {
        let github = contexts(r#"{"github": {"ref": "refs/heads/main", "event": {"n": [1, 2]}}}"#);
        assert_eq!(
            evaluate("github.ref == 'refs/heads/main'", &github),
            (r#"{"kind": "Boolean", "value": true}"#.to_owned(), true)
        );
        assert_eq!(
            evaluate("github.event", &github),
            (
                r#"{"kind": "Object", "value": {"n":[1,2]}}"#.to_owned(),
                true
            )
        );
        assert_eq!(
            evaluate("format('{0}', github.missing)", &github).0,
            r#"{"kind": "String", "value": ""}"#
        );
        assert_eq!(
            evaluate("", &Contexts::new()).0,
            r#"{"kind": "Null", "value": null}"#
        );
        assert_eq!(
            evaluate(" ${{ github.ref != 'refs/heads/main' }} ", &github).0,
            r#"{"kind": "Boolean", "value": false}"#
        );
        assert_eq!(
            evaluate("${{ 1 }}-${{ 2 }}", &github).0,
            r#"{"error": {"kind": "lexing", "message": "Unexpected symbol: '${{'. Located at position 1 within expression: ${{ 1 }}-${{ 2 }}"}}"#
        );
    }

    #[test]
    fn prints_errors_and_fails() {
        let (text, ok) = evaluate("format('{0', 1)", &Contexts::new());
        assert!(!ok);
        assert_eq!(
            text,
            r#"{"error": {"kind": "evaluation", "message": "The following format string is invalid: {0"}}"#
        );
        let (text, ok) = evaluate("github.ref", &Contexts::new());
        assert!(!ok);
        assert!(text.starts_with(
            r#"{"error": {"kind": "parsing", "message": "Unrecognized named-value: 'github'"#
        ));
    }

    #[test]
    fn reads_contexts_from_text_or_file() {
        let path = std::env::temp_dir().join(format!("pipeline-eval-{}.json", std::process::id()));
        std::fs::write(&path, r#"{"matrix": {"os": "windows-latest"}}"#).expect("write");
        let from_file = read_contexts(&format!("@{}", path.display()));
        std::fs::remove_file(&path).expect("remove");
        let from_file = from_file.expect("reads the file");
        assert_eq!(
            evaluate("startsWith(matrix.os, 'windows')", &from_file).0,
            r#"{"kind": "Boolean", "value": true}"#
        );
        assert!(read_contexts("[1]").is_err());
        assert!(read_contexts("{").is_err());
        assert!(read_contexts("@no-such-directory/contexts.json").is_err());
        let status = Contexts::new().with_job_status(JobStatus::Failure);
        assert_eq!(
            evaluate("failure()", &status).0,
            r#"{"kind": "Boolean", "value": true}"#
        );
    }
}
