//! Printing trees back to expression text with the fewest parentheses that keep the meaning.
//!
//! Every binary operator is left-associative, so a right operand of the same precedence needs parentheses
//! (`a || (b || c)`) and a left one does not (`a || b || c`). Literals get parentheses before `.` or `[`,
//! because GitHub allows a property only after a name, a call or a parenthesised expression.

use std::fmt::{self, Display, Formatter, Write};

use super::ast::{Ast, FilterSyntax, is_identifier};

/// Binds tighter than every binary operator, looser than `.` and `[`.
const NOT_PRECEDENCE: u8 = 5;
/// Names, calls, literals and postfix operators.
const ATOM_PRECEDENCE: u8 = 6;

fn precedence(ast: &Ast) -> u8 {
    match ast {
        Ast::Binary { op, .. } => op.precedence(),
        Ast::Not(_) => NOT_PRECEDENCE,
        _ => ATOM_PRECEDENCE,
    }
}

/// Writes `value` as a single-quoted string literal, doubling every `'`.
///
/// ```
/// use pipeline_core::expr::Ast;
///
/// assert_eq!(Ast::string("It's open source!").to_string(), "'It''s open source!'");
/// ```
pub(crate) fn write_string(f: &mut impl Write, value: &str) -> fmt::Result {
    f.write_char('\'')?;
    let mut pieces = value.split('\'');
    if let Some(first) = pieces.next() {
        f.write_str(first)?;
    }
    for piece in pieces {
        f.write_str("''")?;
        f.write_str(piece)?;
    }
    f.write_char('\'')
}

fn write_grouped(f: &mut Formatter<'_>, ast: &Ast, parenthesise: bool) -> fmt::Result {
    if parenthesise {
        f.write_char('(')?;
        write_ast(f, ast)?;
        f.write_char(')')
    } else {
        write_ast(f, ast)
    }
}

/// The value before `.`, `[`: a literal or an operator needs parentheses.
fn write_target(f: &mut Formatter<'_>, target: &Ast) -> fmt::Result {
    write_grouped(
        f,
        target,
        target.is_literal() || precedence(target) < ATOM_PRECEDENCE,
    )
}

impl Display for Ast {
    fn fmt(&self, f: &mut Formatter<'_>) -> fmt::Result {
        write_ast(f, self)
    }
}

/// Recurses directly rather than through `write!`, which would add the formatting machinery's frames to
/// every level of the tree.
fn write_ast(f: &mut Formatter<'_>, ast: &Ast) -> fmt::Result {
    match ast {
        Ast::Null => f.write_str("null"),
        Ast::Bool(value) => write!(f, "{value}"),
        Ast::Number(number) => write!(f, "{number}"),
        Ast::String(value) => write_string(f, value),
        Ast::Context(name) => f.write_str(name),
        Ast::Property { target, name } => {
            write_target(f, target)?;
            if is_identifier(name) {
                write!(f, ".{name}")
            } else {
                // A hand-built tree may hold any name; the index form means the same and always parses.
                f.write_char('[')?;
                write_string(f, name)?;
                f.write_char(']')
            }
        }
        Ast::Index { target, index } => {
            write_target(f, target)?;
            f.write_char('[')?;
            write_ast(f, index)?;
            f.write_char(']')
        }
        Ast::Filter { target, syntax } => {
            write_target(f, target)?;
            f.write_str(match syntax {
                FilterSyntax::Dot => ".*",
                FilterSyntax::Bracket => "[*]",
            })
        }
        Ast::Not(operand) => {
            f.write_char('!')?;
            write_grouped(f, operand, precedence(operand) < NOT_PRECEDENCE)
        }
        Ast::Binary { op, left, right } => {
            let own = op.precedence();
            write_grouped(f, left, precedence(left) < own)?;
            f.write_char(' ')?;
            f.write_str(op.symbol())?;
            f.write_char(' ')?;
            write_grouped(f, right, precedence(right) <= own)
        }
        Ast::Call { name, args } => {
            f.write_str(name)?;
            f.write_char('(')?;
            for (i, arg) in args.iter().enumerate() {
                if i > 0 {
                    f.write_str(", ")?;
                }
                write_ast(f, arg)?;
            }
            f.write_char(')')
        }
    }
}

#[cfg(test)]
mod tests {
    use super::super::ast::BinaryOp;
    use super::*;

    fn name(n: &str) -> Ast {
        Ast::context(n)
    }

    #[test]
    fn right_nested_same_precedence_keeps_parentheses() {
        let right = Ast::binary(
            BinaryOp::Or,
            name("a"),
            Ast::binary(BinaryOp::Or, name("b"), name("c")),
        );
        assert_eq!(right.to_string(), "a || (b || c)");
        let left = Ast::binary(
            BinaryOp::Or,
            Ast::binary(BinaryOp::Or, name("a"), name("b")),
            name("c"),
        );
        assert_eq!(left.to_string(), "a || b || c");
    }

    #[test]
    fn literal_targets_are_parenthesised() {
        assert_eq!(Ast::string("x").property("y").to_string(), "('x').y");
        assert_eq!(Ast::number(-1.0).filter().to_string(), "(-1).*");
    }

    #[test]
    fn invalid_property_names_fall_back_to_index() {
        let ast = Ast::Property {
            target: Box::new(name("env")),
            name: "A B".into(),
        };
        assert_eq!(ast.to_string(), "env['A B']");
    }
}
