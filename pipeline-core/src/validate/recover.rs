//! Text in, diagnostics out: parse errors become `syntax` diagnostics, and the rest of a file that does not
//! parse is still checked.
//!
//! The parser returns no model when any key is unknown or any value has the wrong type. To check the
//! rest, the YAML data is pruned where the errors point (an unknown key is removed, a wrong value is
//! removed, a wrong sequence item becomes an empty mapping so later items keep their indexes) and read
//! again. Paths are unchanged by the pruning, so the original file's source map still places every
//! diagnostic.

use super::{Config, Cx, Diagnostic, Diagnostics, Origins, Severity, Source, action};
use crate::model::PathSegment;
use crate::parse::{self, ParseError, ParseErrors, SourceMap};

/// How many times pruning and reading again is tried.
const MAX_ROUNDS: usize = 8;

fn syntax(file: &str, error: &ParseError) -> Diagnostic {
    Diagnostic {
        code: "syntax",
        severity: Severity::Error,
        message: error.message.clone(),
        path: error.path.clone(),
        location: error.position.map(|p| super::Location {
            file: file.to_owned(),
            line: p.line,
            column: p.column,
        }),
        related: Vec::new(),
    }
}

/// The key an "unknown key" message names.
fn unknown_key(message: &str) -> Option<&str> {
    let rest = message.split_once("unknown key \"")?.1;
    Some(rest.split_once('"')?.0)
}

/// Removes (or, in a sequence, empties) the value at `path`; false when nothing could be done.
fn prune(data: &mut serde_yaml::Value, path: &[PathSegment]) -> bool {
    let Some((last, parents)) = path.split_last() else {
        return false;
    };
    let mut node = data;
    for segment in parents {
        let next = match (segment, node) {
            (PathSegment::Key(k), serde_yaml::Value::Mapping(m)) => m.get_mut(k.as_str()),
            (PathSegment::Index(i), serde_yaml::Value::Sequence(s)) => s.get_mut(*i),
            _ => None,
        };
        match next {
            Some(n) => node = n,
            None => return false,
        }
    }
    match (last, node) {
        (PathSegment::Key(k), serde_yaml::Value::Mapping(m)) => m.remove(k.as_str()).is_some(),
        (PathSegment::Index(i), serde_yaml::Value::Sequence(s)) => match s.get_mut(*i) {
            Some(item) => {
                let empty = serde_yaml::Value::Mapping(serde_yaml::Mapping::new());
                if *item == empty {
                    false
                } else {
                    *item = empty;
                    true
                }
            }
            None => false,
        },
        _ => false,
    }
}

/// Prunes the data at every error; false when no error could be acted on.
fn prune_errors(data: &mut serde_yaml::Value, errors: &ParseErrors) -> bool {
    let mut changed = false;
    for error in errors.errors() {
        let path = match unknown_key(&error.message) {
            Some(key) => error.path.key(key),
            None => error.path.clone(),
        };
        changed |= prune(data, path.segments());
    }
    changed
}

/// Reads `text` with `read`, pruning what fails; the model read in the end, if any, and the errors of
/// the later rounds (placed with the original source map).
fn recover<T>(
    text: &str,
    first: &ParseErrors,
    map: &SourceMap,
    file: &str,
    read: fn(&str) -> Result<parse::Parsed<T>, ParseErrors>,
) -> (Option<T>, Vec<Diagnostic>) {
    let text = text.strip_prefix('\u{feff}').unwrap_or(text);
    let mut extra = Vec::new();
    if !parse::within_limits(text) {
        return (None, extra);
    }
    let Ok(mut data) = serde_yaml::from_str::<serde_yaml::Value>(text) else {
        return (None, extra);
    };
    if data.apply_merge().is_err() {
        return (None, extra);
    }
    if !prune_errors(&mut data, first) {
        return (None, extra);
    }
    for _ in 0..MAX_ROUNDS {
        let Ok(pruned) = serde_yaml::to_string(&data) else {
            return (None, extra);
        };
        match read(&pruned) {
            Ok(parsed) => return (Some(parsed.value), extra),
            Err(errors) => {
                for error in errors.errors() {
                    let path = match unknown_key(&error.message) {
                        Some(key) => error.path.key(key),
                        None => error.path.clone(),
                    };
                    let position = if unknown_key(&error.message).is_some() {
                        map.key_position(&path)
                    } else {
                        map.position(&path)
                    };
                    let placed = ParseError {
                        position,
                        ..error.clone()
                    };
                    extra.push(syntax(file, &placed));
                }
                if !prune_errors(&mut data, &errors) {
                    return (None, extra);
                }
            }
        }
    }
    (None, extra)
}

pub(crate) fn check_workflow(text: &str, file: &str, config: &Config) -> Diagnostics {
    match parse::workflow(text) {
        Ok(parsed) => {
            let source = Source::new(file, &parsed.source).with_text(text);
            super::validate_source(&parsed.value, &source, config)
        }
        Err(errors) => {
            let map = SourceMap::new(text.strip_prefix('\u{feff}').unwrap_or(text));
            let source = Source::new(file, &map).with_text(text);
            let (model, extra) = recover(text, &errors, &map, file, parse::workflow);
            let mut cx = Cx::new(
                config,
                Some(&source),
                Origins::Workflow(model.as_ref().unwrap_or(&EMPTY_WORKFLOW)),
            );
            for error in errors.errors() {
                cx.push(syntax(file, error));
            }
            for d in extra {
                cx.push(d);
            }
            if let Some(workflow) = &model {
                super::run_workflow(&mut cx, workflow);
            }
            cx.finish()
        }
    }
}

static EMPTY_WORKFLOW: std::sync::LazyLock<crate::model::Workflow> =
    std::sync::LazyLock::new(crate::model::Workflow::default);
static EMPTY_ACTION: std::sync::LazyLock<crate::model::Action> =
    std::sync::LazyLock::new(crate::model::Action::default);

pub(crate) fn check_action(text: &str, file: &str, config: &Config) -> Diagnostics {
    match parse::action(text) {
        Ok(parsed) => {
            let source = Source::new(file, &parsed.source).with_text(text);
            super::validate_action_source(&parsed.value, &source, config)
        }
        Err(errors) => {
            let map = SourceMap::new(text.strip_prefix('\u{feff}').unwrap_or(text));
            let source = Source::new(file, &map).with_text(text);
            let (model, extra) = recover(text, &errors, &map, file, parse::action);
            let mut cx = Cx::new(
                config,
                Some(&source),
                Origins::Action(model.as_ref().unwrap_or(&EMPTY_ACTION)),
            );
            for error in errors.errors() {
                cx.push(syntax(file, error));
            }
            for d in extra {
                cx.push(d);
            }
            if let Some(model) = &model {
                action::check(&mut cx, model);
            }
            cx.finish()
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn unknown_keys_are_named() {
        assert_eq!(
            unknown_key("unknown key \"stpes\", did you mean \"steps\"?"),
            Some("stpes")
        );
        assert_eq!(unknown_key("expected a mapping"), None);
    }
}
