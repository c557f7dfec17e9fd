//! Where each node of a parsed expression starts, so diagnostics point at the name or operand at fault.
//!
//! The syntax tree keeps no offsets. This module reads the same text again with a lexer that follows the
//! expression parser's rules and records the first byte of every node, in the order of [`Ast::walk`]
//! (parents before children, left to right). It only ever sees text the parser accepted; when its count
//! of nodes disagrees with the tree, callers fall back to the start of the expression.

use crate::expr::{Ast, BinaryOp};

/// The start offset (in `src`) of every node of `ast`, in walk order; `None` when the shapes disagree.
pub(crate) fn node_starts(src: &str, ast: &Ast) -> Option<Vec<usize>> {
    let tokens = lex(src);
    let mut parser = Parser {
        tokens: &tokens,
        pos: 0,
        depth: 0,
    };
    let tree = parser.expression(0)?;
    let mut starts = Vec::new();
    flatten(&tree, &mut starts);
    let mut count = 0usize;
    ast.walk(&mut |_| count += 1);
    (starts.len() == count).then_some(starts)
}

#[derive(Clone, Copy, Debug, PartialEq, Eq)]
enum Tok {
    LParen,
    RParen,
    LBracket,
    RBracket,
    Comma,
    Dot,
    Star,
    Bang,
    Op(BinaryOp),
    Literal,
    Ident,
}

fn is_boundary(c: char) -> bool {
    matches!(
        c,
        '(' | '[' | ')' | ']' | ',' | '.' | '!' | '>' | '<' | '=' | '&' | '|'
    ) || c.is_whitespace()
}

fn lex(src: &str) -> Vec<(Tok, usize)> {
    let bytes = src.as_bytes();
    let mut out = Vec::new();
    let mut pos = 0;
    let mut dereferenceable = false;
    let mut after_dot = false;
    while pos < src.len() {
        let Some(c) = src[pos..].chars().next() else {
            break;
        };
        if c.is_whitespace() {
            pos += c.len_utf8();
            continue;
        }
        let start = pos;
        let next = bytes.get(pos + 1).copied();
        let (tok, len) = match c {
            '(' => (Tok::LParen, 1),
            ')' => (Tok::RParen, 1),
            '[' => (Tok::LBracket, 1),
            ']' => (Tok::RBracket, 1),
            ',' => (Tok::Comma, 1),
            '*' => (Tok::Star, 1),
            '.' if dereferenceable => (Tok::Dot, 1),
            '!' if next == Some(b'=') => (Tok::Op(BinaryOp::Ne), 2),
            '!' => (Tok::Bang, 1),
            '=' if next == Some(b'=') => (Tok::Op(BinaryOp::Eq), 2),
            '<' if next == Some(b'=') => (Tok::Op(BinaryOp::Le), 2),
            '<' => (Tok::Op(BinaryOp::Lt), 1),
            '>' if next == Some(b'=') => (Tok::Op(BinaryOp::Ge), 2),
            '>' => (Tok::Op(BinaryOp::Gt), 1),
            '&' if next == Some(b'&') => (Tok::Op(BinaryOp::And), 2),
            '|' if next == Some(b'|') => (Tok::Op(BinaryOp::Or), 2),
            '\'' => {
                let mut i = pos + 1;
                loop {
                    match src[i..].find('\'') {
                        Some(q) if bytes.get(i + q + 1) == Some(&b'\'') => i += q + 2,
                        Some(q) => break (Tok::Literal, i + q + 1 - pos),
                        None => break (Tok::Literal, src.len() - pos),
                    }
                }
            }
            _ => {
                let number = matches!(c, '.' | '-' | '+' | '0'..='9');
                let rest = &src[pos + c.len_utf8()..];
                let run = rest
                    .find(|ch: char| is_boundary(ch) && (!number || ch != '.'))
                    .unwrap_or(rest.len());
                let len = c.len_utf8() + run;
                let text = &src[pos..pos + len];
                let tok = if number {
                    Tok::Literal
                } else if after_dot {
                    Tok::Ident
                } else if matches!(text, "null" | "true" | "false" | "NaN" | "Infinity") {
                    Tok::Literal
                } else {
                    Tok::Ident
                };
                (tok, len)
            }
        };
        out.push((tok, start));
        pos += len.max(1);
        dereferenceable = matches!(tok, Tok::Ident | Tok::RBracket | Tok::RParen | Tok::Star);
        after_dot = tok == Tok::Dot;
    }
    out
}

struct Node {
    start: usize,
    children: Vec<Node>,
}

fn flatten(node: &Node, out: &mut Vec<usize>) {
    let mut stack = vec![node];
    while let Some(n) = stack.pop() {
        out.push(n.start);
        stack.extend(n.children.iter().rev());
    }
}

struct Parser<'t> {
    tokens: &'t [(Tok, usize)],
    pos: usize,
    depth: usize,
}

impl Parser<'_> {
    fn peek(&self) -> Option<(Tok, usize)> {
        self.tokens.get(self.pos).copied()
    }

    fn bump(&mut self) -> Option<(Tok, usize)> {
        let t = self.peek();
        self.pos += 1;
        t
    }

    fn expression(&mut self, min: u8) -> Option<Node> {
        self.depth += 1;
        if self.depth > crate::expr::MAX_NESTING + 8 {
            return None;
        }
        let mut left = self.unary()?;
        while let Some((Tok::Op(op), _)) = self.peek() {
            if op.precedence() < min {
                break;
            }
            self.bump();
            let right = self.expression(op.precedence() + 1)?;
            left = Node {
                start: left.start,
                children: vec![left, right],
            };
        }
        self.depth -= 1;
        Some(left)
    }

    fn unary(&mut self) -> Option<Node> {
        if let Some((Tok::Bang, start)) = self.peek() {
            self.bump();
            let operand = self.unary()?;
            return Some(Node {
                start,
                children: vec![operand],
            });
        }
        let (tok, start) = self.bump()?;
        let node = match tok {
            Tok::LParen => {
                let inner = self.expression(0)?;
                if self.bump()?.0 != Tok::RParen {
                    return None;
                }
                inner
            }
            Tok::Ident => {
                if let Some((Tok::LParen, _)) = self.peek() {
                    self.bump();
                    let mut args = Vec::new();
                    if let Some((Tok::RParen, _)) = self.peek() {
                        self.bump();
                    } else {
                        loop {
                            args.push(self.expression(0)?);
                            match self.bump()?.0 {
                                Tok::Comma => {}
                                Tok::RParen => break,
                                _ => return None,
                            }
                        }
                    }
                    Node {
                        start,
                        children: args,
                    }
                } else {
                    Node {
                        start,
                        children: Vec::new(),
                    }
                }
            }
            Tok::Literal => {
                return Some(Node {
                    start,
                    children: Vec::new(),
                });
            }
            _ => return None,
        };
        self.postfix(node)
    }

    fn postfix(&mut self, mut node: Node) -> Option<Node> {
        loop {
            match self.peek() {
                Some((Tok::Dot, _)) => {
                    self.bump();
                    match self.bump()?.0 {
                        Tok::Ident | Tok::Star => {}
                        _ => return None,
                    }
                    node = Node {
                        start: node.start,
                        children: vec![node],
                    };
                }
                Some((Tok::LBracket, _)) => {
                    self.bump();
                    if let Some((Tok::Star, _)) = self.peek() {
                        self.bump();
                        if self.bump()?.0 != Tok::RBracket {
                            return None;
                        }
                        node = Node {
                            start: node.start,
                            children: vec![node],
                        };
                    } else {
                        let index = self.expression(0)?;
                        if self.bump()?.0 != Tok::RBracket {
                            return None;
                        }
                        node = Node {
                            start: node.start,
                            children: vec![node, index],
                        };
                    }
                }
                _ => return Some(node),
            }
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn starts(src: &str) -> Vec<usize> {
        let ast = crate::expr::parse(src).unwrap();
        node_starts(src, &ast).unwrap()
    }

    #[test]
    fn starts_follow_walk_order() {
        // Binary(Eq, Property(Context), String): binary starts at its left operand.
        assert_eq!(starts("a.b == 'x'"), [0, 0, 0, 7]);
        assert_eq!(starts("!f(x, y[0])"), [0, 1, 3, 6, 6, 8]);
        assert_eq!(starts("(a || b).c"), [1, 1, 1, 6]);
        assert_eq!(starts("x.*.name"), [0, 0, 0]);
    }
}
