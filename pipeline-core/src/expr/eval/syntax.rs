//! Errors in the text of an expression, found in the order GitHub's lexer and parser find them and told
//! in GitHub's words.
//!
//! GitHub reads all tokens before parsing, so a lexical error anywhere comes first. Its parser then checks
//! each context name where it reads it and each function (name and number of arguments) at its closing
//! parenthesis; the first of those problems, or the syntax error where parsing stops, is the error.

use super::{Contexts, EvalError, EvalErrorKind};
use crate::expr::ast::Ast;
use crate::expr::functions;
use crate::expr::parse::{Lexeme, LexemeClass, MAX_DEPTH, ParseError, lexemes, parse};

/// The parsed expression, `None` for an empty one, or GitHub's first error in the text.
pub(super) fn check(text: &str, contexts: &Contexts) -> Result<Option<Ast>, EvalError> {
    if text.trim_matches([' ', '\t', '\r', '\n']).is_empty() {
        return Ok(None);
    }
    let tokens = lexemes(text).map_err(|(start, end)| {
        located(
            EvalErrorKind::Lexing,
            &format!("Unexpected symbol: '{}'", &text[start..end]),
            text,
            start,
        )
    })?;
    let parsed = parse(text);
    let stop = parsed.as_ref().err().map_or(usize::MAX, ParseError::offset);
    if let Some(err) = name_error(text, &tokens, contexts, stop) {
        return Err(err);
    }
    match parsed {
        Ok(ast) => Ok(Some(ast)),
        Err(err) => Err(syntax_error(text, &tokens, &err)),
    }
}

/// An open parenthesis: of a call (the index of its name and what is inside so far), or of a group.
struct Open {
    call: Option<usize>,
    commas: usize,
    empty: bool,
}

/// The first unknown context, unknown function or wrong number of arguments that GitHub's parser meets
/// before offset `stop`.
fn name_error(
    text: &str,
    tokens: &[Lexeme],
    contexts: &Contexts,
    stop: usize,
) -> Option<EvalError> {
    let mut open: Vec<Open> = Vec::new();
    for (i, token) in tokens.iter().enumerate() {
        if token.start >= stop {
            break;
        }
        let after_dot = i > 0 && tokens[i - 1].class == LexemeClass::Dot;
        if let Some(top) = open.last_mut()
            && token.class != LexemeClass::RParen
        {
            top.empty = false;
        }
        match token.class {
            LexemeClass::Name if !after_dot => {
                let is_call = tokens
                    .get(i + 1)
                    .is_some_and(|next| next.class == LexemeClass::LParen);
                let name = &text[token.start..token.end];
                if !is_call && !contexts.contains(name) {
                    return Some(at(
                        EvalError::unrecognized_named_value(name),
                        text,
                        token.start,
                    ));
                }
            }
            LexemeClass::LParen => {
                let call = (i > 0
                    && tokens[i - 1].class == LexemeClass::Name
                    && !(i > 1 && tokens[i - 2].class == LexemeClass::Dot))
                    .then(|| i - 1);
                open.push(Open {
                    call,
                    commas: 0,
                    empty: true,
                });
            }
            LexemeClass::Comma => {
                if let Some(top) = open.last_mut() {
                    top.commas += 1;
                }
            }
            LexemeClass::RParen => {
                let Some(Open {
                    call: Some(name_at),
                    commas,
                    empty,
                }) = open.pop()
                else {
                    continue;
                };
                let name_token = tokens[name_at];
                let name = &text[name_token.start..name_token.end];
                let count = if empty { 0 } else { commas + 1 };
                let err = match functions::lookup(name) {
                    None => Some(EvalError::unrecognized_function(name)),
                    Some(spec) => spec
                        .check_arity(count)
                        .err()
                        .map(|arity| EvalError::arity(name, arity)),
                };
                if let Some(err) = err {
                    return Some(at(err, text, name_token.start));
                }
            }
            _ => {}
        }
    }
    None
}

/// GitHub's message for where the parser stopped.
fn syntax_error(text: &str, tokens: &[Lexeme], err: &ParseError) -> EvalError {
    let token_at = tokens.iter().find(|t| t.start == err.offset());
    if err.is_too_deep() {
        let shown = token_at.map_or("EOF".to_owned(), |t| shown(text, t));
        return located(
            EvalErrorKind::Parsing,
            &format!("Exceeded max expression depth {MAX_DEPTH}: '{shown}'"),
            text,
            err.offset().min(text.len()),
        );
    }
    match (token_at, tokens.last()) {
        (Some(token), _) => located(
            EvalErrorKind::Parsing,
            &format!("Unexpected symbol: '{}'", shown(text, token)),
            text,
            token.start,
        ),
        // At the end, GitHub names the last token.
        (None, Some(last)) => located(
            EvalErrorKind::Parsing,
            &format!("Unexpected end of expression: '{}'", shown(text, last)),
            text,
            last.start,
        ),
        (None, None) => EvalError::new(EvalErrorKind::Parsing, err.to_string()),
    }
}

/// A token as GitHub's messages show it: a string by its value, anything else as written.
fn shown(text: &str, token: &Lexeme) -> String {
    let written = &text[token.start..token.end];
    if token.class == LexemeClass::String && written.len() >= 2 {
        written[1..written.len() - 1].replace("''", "'")
    } else {
        written.to_owned()
    }
}

fn at(err: EvalError, text: &str, offset: usize) -> EvalError {
    located(err.kind, &err.message, text, offset)
}

/// `message` with GitHub's note of the position: counted from 1, in UTF-16 code units.
fn located(kind: EvalErrorKind, message: &str, text: &str, offset: usize) -> EvalError {
    let position = text[..offset].encode_utf16().count() + 1;
    EvalError::new(
        kind,
        format!("{message}. Located at position {position} within expression: {text}"),
    )
}
