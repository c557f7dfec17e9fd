//! A small Rust code tree and its layout, following rustfmt's default rules (100 columns, block
//! indent, `fn_call_width`, `chain_width` and `array_width` of 60), so imported code is already in the
//! form `cargo fmt` keeps.

const MAX_WIDTH: usize = 100;
const TAB: usize = 4;
const CALL_WIDTH: usize = 60;
const CHAIN_WIDTH: usize = 60;
const ARRAY_WIDTH: usize = 60;
const STRUCT_LIT_WIDTH: usize = 18;
const SHORT_ITEM: usize = 10;

/// An expression of the generated code.
#[derive(Clone, Debug)]
pub(crate) enum Code {
    /// A literal, a path or a name; a raw string may span lines.
    Atom(String),
    /// `callee(args)`.
    Call(String, Vec<Code>),
    /// `root.a(..).b(..)`.
    Chain(Box<Code>, Vec<(String, Vec<Code>)>),
    /// `[items]`.
    Array(Vec<Code>),
    /// `(items)`.
    Tuple(Vec<Code>),
    /// `&expr`.
    Ref(Box<Code>),
    /// `Name { field: value, ..base }`.
    Struct(String, Vec<(String, Code)>, Option<Box<Code>>),
}

impl Code {
    pub(crate) fn atom(text: impl Into<String>) -> Self {
        Code::Atom(text.into())
    }

    pub(crate) fn call(callee: impl Into<String>, args: Vec<Code>) -> Self {
        Code::Call(callee.into(), args)
    }

    /// Appends `.name(args)`, turning the code into a chain.
    pub(crate) fn method(self, name: &str, args: Vec<Code>) -> Self {
        match self {
            Code::Chain(root, mut links) => {
                links.push((name.to_owned(), args));
                Code::Chain(root, links)
            }
            other => Code::Chain(Box::new(other), vec![(name.to_owned(), args)]),
        }
    }

    fn is_simple(&self) -> bool {
        matches!(self, Code::Atom(text) if !text.contains('(') && !text.contains('\n'))
    }
}

/// Where an expression is placed: the indent of its block, and the columns left on its first line.
#[derive(Clone, Copy, Debug)]
pub(crate) struct Shape {
    indent: usize,
    offset: usize,
    width: usize,
}

impl Shape {
    pub(crate) fn block(indent: usize) -> Self {
        Shape {
            indent,
            offset: indent,
            width: MAX_WIDTH.saturating_sub(indent),
        }
    }

    fn offset_left(self, by: usize) -> Option<Self> {
        Some(Shape {
            offset: self.offset + by,
            width: self.width.checked_sub(by)?,
            ..self
        })
    }

    fn sub_width(self, by: usize) -> Option<Self> {
        Some(Shape {
            width: self.width.checked_sub(by)?,
            ..self
        })
    }

    fn block_indent(self, extra: usize) -> Self {
        Shape::block(self.indent + extra)
    }

    fn used_width(self) -> usize {
        self.offset
    }
}

fn width(s: &str) -> usize {
    s.chars().count()
}

fn first_line_width(s: &str) -> usize {
    width(s.split('\n').next().unwrap_or(""))
}

fn last_line_width(s: &str) -> usize {
    width(s.rsplit('\n').next().unwrap_or(""))
}

fn newlines(s: &str) -> usize {
    s.bytes().filter(|&b| b == b'\n').count()
}

/// Whether the text fits the shape: the first line in the shape's width, the others in the page.
fn fits(s: &str, shape: Shape) -> bool {
    if first_line_width(s) > shape.width {
        return false;
    }
    if !s.contains('\n') {
        return true;
    }
    if s.split('\n').skip(1).any(|line| width(line) > MAX_WIDTH) {
        return false;
    }
    last_line_width(s) <= shape.used_width() + shape.width
}

fn wrap(s: String, shape: Shape) -> Option<String> {
    fits(&s, shape).then_some(s)
}

/// The last line holds only closing delimiters (`)`, `]`, `}`).
fn last_line_extendable(s: &str) -> bool {
    let last = s.rsplit('\n').next().unwrap_or("");
    let trimmed = last.trim();
    !trimmed.is_empty()
        && trimmed
            .chars()
            .all(|c| matches!(c, ')' | ']' | '}' | '?' | '>'))
}

/// Lays out an expression in a shape, or `None` when it cannot fit.
pub(crate) fn format(code: &Code, shape: Shape) -> Option<String> {
    rewrite(code, shape, false)
}

fn rewrite(code: &Code, shape: Shape, one_line_chain: bool) -> Option<String> {
    match code {
        Code::Atom(text) if text.contains('\n') => Some(text.clone()),
        Code::Atom(text) => wrap(text.clone(), shape),
        Code::Call(callee, args) => list(callee, "(", ")", args, shape, CALL_WIDTH, one_line_chain),
        Code::Tuple(items) => list("", "(", ")", items, shape, CALL_WIDTH, one_line_chain),
        Code::Array(items) => list("", "[", "]", items, shape, ARRAY_WIDTH, one_line_chain),
        Code::Ref(inner) => {
            let inner = rewrite(inner, shape.offset_left(1)?, one_line_chain)?;
            Some(format!("&{inner}"))
        }
        Code::Chain(root, links) => chain(root, links, shape, one_line_chain),
        Code::Struct(name, fields, base) => {
            structure(name, fields, base.as_deref(), shape, one_line_chain)
        }
    }
}

/// A function call, not a method chain: its overflowed arguments get the call width (rustfmt's
/// `is_nested_call`).
fn is_nested_call(code: &Code) -> bool {
    match code {
        Code::Call(..) => true,
        Code::Ref(inner) => is_nested_call(inner),
        _ => false,
    }
}

fn can_overflow(code: &Code, count: usize) -> bool {
    match code {
        Code::Call(..) | Code::Chain(..) | Code::Tuple(..) | Code::Array(..) | Code::Struct(..) => {
            count == 1
        }
        Code::Ref(inner) => can_overflow(inner, count),
        Code::Atom(_) => false,
    }
}

#[derive(Clone, Copy, PartialEq, Eq, Debug)]
enum Tactic {
    Horizontal,
    Vertical,
    Mixed,
}

fn item_width(item: &Option<String>) -> usize {
    item.as_deref().map_or(0, width)
}

fn definitive(items: &[Option<String>], limit: usize) -> Tactic {
    let total: usize =
        items.iter().map(item_width).sum::<usize>() + 2 * items.len().saturating_sub(1);
    let multi = items
        .iter()
        .any(|i| i.as_deref().is_some_and(|s| s.contains('\n')));
    if total <= limit && !multi {
        Tactic::Horizontal
    } else {
        Tactic::Vertical
    }
}

/// A delimited list after a callee: call arguments, tuple or array items.
fn list(
    callee: &str,
    open: &str,
    close: &str,
    args: &[Code],
    shape: Shape,
    item_max_width: usize,
    force: bool,
) -> Option<String> {
    if args.is_empty() {
        return wrap(format!("{callee}{open}{close}"), shape);
    }
    let used = width(callee);
    let one_line_width = shape.width.saturating_sub(used + 2);
    let one_line_shape = shape
        .offset_left(used + 1)
        .and_then(|s| s.sub_width(1))
        .unwrap_or(Shape { width: 0, ..shape });
    let nested = {
        let block = shape.block_indent(TAB);
        Shape {
            width: block.width.saturating_sub(1),
            ..block
        }
    };
    let n = args.len();
    let mut items: Vec<Option<String>> = args.iter().map(|a| rewrite(a, nested, force)).collect();
    let last = &args[n - 1];
    let combine = n == 1 && used < TAB && !callee.is_empty();
    let overflow = combine || can_overflow(last, n);
    let placeholder = if overflow {
        let force_last = force || (!combine && matches!(last, Code::Chain(..)));
        let arg_shape = if n == 1 && !is_nested_call(last) {
            Some(one_line_shape)
        } else {
            let before: usize = items[..n - 1].iter().map(|i| 2 + item_width(i)).sum();
            Shape {
                width: item_max_width.min(one_line_shape.width),
                ..one_line_shape
            }
            .offset_left(before)
        };
        let result = arg_shape.and_then(|s| rewrite(last, s, force_last));
        if let Some(text) = &result {
            items[n - 1] = Some(text.split('\n').next().unwrap_or("").to_owned());
        }
        result
    } else {
        None
    };
    let mut tactic = definitive(&items, item_max_width.min(one_line_width));
    match (overflow, tactic, placeholder) {
        (true, Tactic::Horizontal, Some(overflowed)) if n == 1 => {
            if newlines(&overflowed) == 1 {
                let rw = rewrite(last, nested, force);
                if rw.as_deref().is_some_and(|s| !s.contains('\n')) {
                    items[n - 1] = rw;
                } else {
                    items[n - 1] = Some(overflowed);
                }
            } else {
                items[n - 1] = Some(overflowed);
            }
        }
        (true, Tactic::Horizontal, placeholder @ Some(_)) => items[n - 1] = placeholder,
        _ => {
            items[n - 1] = rewrite(last, nested, force);
            if n == 1
                && one_line_width != 0
                && items[0].as_deref().is_some_and(|s| !s.contains('\n'))
                && item_width(&items[0]) <= one_line_width
            {
                tactic = Tactic::Horizontal;
            } else {
                tactic = definitive(&items, item_max_width.min(one_line_width));
                if tactic == Tactic::Vertical
                    && args.iter().all(Code::is_simple)
                    && items.iter().all(|i| item_width(i) <= SHORT_ITEM)
                {
                    tactic = Tactic::Mixed;
                }
            }
        }
    }
    let items: Vec<String> = items.into_iter().collect::<Option<Vec<_>>>()?;
    let nested_indent = " ".repeat(nested.indent);
    let items_str = match tactic {
        Tactic::Horizontal => items.join(", "),
        Tactic::Vertical => items
            .iter()
            .map(|i| format!("{i},"))
            .collect::<Vec<_>>()
            .join(&format!("\n{nested_indent}")),
        Tactic::Mixed => {
            let mut out = String::new();
            let mut line = 0;
            for (k, item) in items.iter().enumerate() {
                let piece = width(item) + 1;
                if k > 0 {
                    if line + 1 + piece <= nested.width {
                        out.push(' ');
                        line += 1;
                    } else {
                        out.push('\n');
                        out.push_str(&nested_indent);
                        line = 0;
                    }
                }
                out.push_str(item);
                out.push(',');
                line += piece;
            }
            out
        }
    };
    let wrap_width = shape.width.saturating_sub(last_line_width(callee));
    let extend_width = first_line_width(&items_str) + 1;
    let single = tactic == Tactic::Horizontal && extend_width <= wrap_width;
    let text = if single {
        format!("{callee}{open}{items_str}{close}")
    } else {
        format!(
            "{callee}{open}\n{nested_indent}{items_str}\n{}{close}",
            " ".repeat(shape.indent)
        )
    };
    Some(text)
}

fn link(name: &str, args: &[Code], shape: Shape, force: bool) -> Option<String> {
    list(
        &format!(".{name}"),
        "(",
        ")",
        args,
        shape,
        CALL_WIDTH,
        force,
    )
}

fn chain(
    root: &Code,
    links: &[(String, Vec<Code>)],
    shape: Shape,
    one_line: bool,
) -> Option<String> {
    if links.is_empty() {
        return rewrite(root, shape, one_line);
    }
    let mut root_text = rewrite(root, shape, one_line)?;
    let mut root_block = matches!(
        root,
        Code::Call(..) | Code::Struct(..) | Code::Array(..) | Code::Tuple(..)
    ) && root_text.contains('\n');
    let tab_width = TAB.saturating_sub(shape.offset - shape.indent);
    let mut links = links;
    while width(&root_text) <= tab_width && !root_text.contains('\n') {
        let (name, args) = &links[0];
        let Some(next) = shape
            .offset_left(width(&root_text))
            .and_then(|s| link(name, args, s, one_line))
        else {
            break;
        };
        root_text.push_str(&next);
        root_block = last_line_extendable(&root_text);
        links = &links[1..];
        if links.is_empty() {
            return wrap(root_text, shape);
        }
    }
    let child = if root_block {
        shape.block_indent(0)
    } else {
        shape.block_indent(TAB)
    };
    let mut rewrites = vec![root_text];
    for (name, args) in &links[..links.len() - 1] {
        rewrites.push(link(name, args, child, one_line)?);
    }
    let (last_name, last_args) = &links[links.len() - 1];
    let extendable = last_line_extendable(&rewrites[0]);
    let almost_total = if extendable {
        last_line_width(&rewrites[0])
    } else {
        rewrites.iter().map(|r| width(r)).sum()
    };
    let budget = if links.len() == 1 && rewrites.len() == 1 {
        shape.width
    } else {
        shape.width.min(CHAIN_WIDTH)
    }
    .saturating_sub(almost_total);
    let all_in_one_line = rewrites.iter().all(|r| !r.contains('\n')) && budget > 0;
    let last_shape = if all_in_one_line { shape } else { child };
    let mut single = false;
    let mut last_text = None;
    if (all_in_one_line || extendable)
        && let Some(one_line_shape) = last_shape.offset_left(almost_total)
        && let Some(rw) = link(last_name, last_args, one_line_shape, one_line)
    {
        let lines = rw.lines().count();
        let could_fit = first_line_width(&rw) <= budget;
        if could_fit && lines >= 5 {
            last_text = Some(rw);
            single = all_in_one_line;
        } else {
            match link(last_name, last_args, child, one_line) {
                Some(new) if !could_fit => last_text = Some(new),
                Some(new) if new.lines().count() >= lines => {
                    last_text = Some(rw);
                    single = could_fit && all_in_one_line;
                }
                Some(new) => last_text = Some(new),
                None => {
                    last_text = Some(rw);
                    single = could_fit && all_in_one_line;
                }
            }
        }
    }
    let last_text = match last_text {
        Some(text) => text,
        None => link(last_name, last_args, last_shape, one_line)?,
    };
    rewrites.push(last_text);
    if !single && one_line {
        return None;
    }
    let connector = if single {
        String::new()
    } else {
        format!("\n{}", " ".repeat(child.indent))
    };
    wrap(rewrites.join(&connector), shape)
}

fn structure(
    name: &str,
    fields: &[(String, Code)],
    base: Option<&Code>,
    shape: Shape,
    force: bool,
) -> Option<String> {
    let nested = shape.block_indent(TAB);
    let nested_field = nested.sub_width(1)?;
    let mut flat = Vec::new();
    let mut vertical = Vec::new();
    for (field, value) in fields {
        let value_shape = nested_field.offset_left(width(field) + 2)?;
        let text = rewrite(value, value_shape, force)?;
        flat.push(format!("{field}: {text}"));
        vertical.push(format!("{field}: {text},"));
    }
    if let Some(base) = base {
        let text = rewrite(base, nested.offset_left(2)?, force)?;
        flat.push(format!("..{text}"));
        vertical.push(format!("..{text}"));
    }
    let one = flat.join(", ");
    if !one.contains('\n')
        && width(&one) <= STRUCT_LIT_WIDTH
        && let Some(text) = wrap(format!("{name} {{ {one} }}"), shape)
    {
        return Some(text);
    }
    let indent = " ".repeat(nested.indent);
    let body = vertical.join(&format!("\n{indent}"));
    Some(format!(
        "{name} {{\n{indent}{body}\n{}}}",
        " ".repeat(shape.indent)
    ))
}

/// A statement of a function body.
#[derive(Clone, Debug)]
pub(crate) enum Stmt {
    /// `let [mut] name = value;`
    Let(String, bool, Code),
    /// `value;`
    Expr(Code),
    /// `target = value;`
    Assign(String, Code),
    /// The function's value, last.
    Tail(Code),
    /// A `//` comment line.
    Comment(String),
}

/// Lays out a statement at an indent. A statement rustfmt cannot fit is written as the layout gives
/// it; rustfmt leaves such a statement as it stands.
pub(crate) fn statement(stmt: &Stmt, indent: usize) -> String {
    let pad = " ".repeat(indent);
    let shape = Shape::block(indent);
    match stmt {
        Stmt::Comment(text) => text
            .lines()
            .map(|line| {
                if line.is_empty() {
                    format!("{pad}//")
                } else {
                    format!("{pad}// {line}")
                }
            })
            .collect::<Vec<_>>()
            .join("\n"),
        Stmt::Tail(code) => format!("{pad}{}", best(code, shape)),
        Stmt::Expr(code) => {
            let text = best(code, shape.sub_width(1).unwrap_or(shape));
            format!("{pad}{text};")
        }
        Stmt::Let(name, mutable, code) => {
            let lhs = format!("let {}{name} =", if *mutable { "mut " } else { "" });
            format!("{pad}{lhs}{};", rhs(&lhs, code, shape))
        }
        Stmt::Assign(target, code) => {
            let lhs = format!("{target} =");
            format!("{pad}{lhs}{};", rhs(&lhs, code, shape))
        }
    }
}

fn best(code: &Code, shape: Shape) -> String {
    format(code, shape).unwrap_or_else(|| fallback(code, shape.indent))
}

/// The right-hand side of `lhs = value;`, on the same line or on the next.
fn rhs(lhs: &str, code: &Code, shape: Shape) -> String {
    let same = shape
        .offset_left(width(lhs) + 1)
        .and_then(|s| s.sub_width(1))
        .and_then(|s| format(code, s));
    if let Some(text) = &same
        && !text.contains('\n')
    {
        return format!(" {text}");
    }
    let next_shape = shape.block_indent(TAB).sub_width(1).unwrap_or(shape);
    let next = format(code, next_shape);
    let next_indent = " ".repeat(next_shape.indent);
    match (same, next) {
        (Some(orig), Some(new)) if !fits(&new, next_shape) => format!(" {orig}"),
        (Some(orig), Some(new)) if prefer_next_line(&orig, &new) => {
            format!("\n{next_indent}{new}")
        }
        (None, Some(new)) => format!("\n{next_indent}{new}"),
        (Some(orig), _) => format!(" {orig}"),
        (None, None) => format!(" {}", fallback(code, shape.indent)),
    }
}

fn prefer_next_line(orig: &str, next: &str) -> bool {
    let ends = |s: &str, c: char| s.split('\n').next().unwrap_or("").ends_with(c);
    !next.contains('\n')
        || newlines(orig) > newlines(next) + 1
        || (ends(orig, '(') && !ends(next, '('))
        || (ends(orig, '[') && !ends(next, '['))
        || (ends(orig, '{') && !ends(next, '{'))
}

/// A plain vertical layout for code rustfmt cannot fit (a literal wider than the page): rustfmt leaves
/// such statements as they are written.
fn fallback(code: &Code, indent: usize) -> String {
    let pad = " ".repeat(indent);
    let inner = " ".repeat(indent + TAB);
    let items = |items: &[Code]| -> String {
        items
            .iter()
            .map(|item| format!("{inner}{},", fallback(item, indent + TAB)))
            .collect::<Vec<_>>()
            .join("\n")
    };
    match code {
        Code::Atom(text) => text.clone(),
        Code::Call(callee, args) if args.is_empty() => format!("{callee}()"),
        Code::Call(callee, args) => format!("{callee}(\n{}\n{pad})", items(args)),
        Code::Tuple(args) => format!("(\n{}\n{pad})", items(args)),
        Code::Array(args) if args.is_empty() => "[]".to_owned(),
        Code::Array(args) => format!("[\n{}\n{pad}]", items(args)),
        Code::Ref(inner_code) => format!("&{}", fallback(inner_code, indent)),
        Code::Chain(root, links) => {
            let mut out = fallback(root, indent);
            for (name, args) in links {
                out.push('\n');
                out.push_str(&inner);
                if args.is_empty() {
                    out.push_str(&format!(".{name}()"));
                } else {
                    out.push_str(&fallback(
                        &Code::Call(format!(".{name}"), args.clone()),
                        indent + TAB,
                    ));
                }
            }
            out
        }
        Code::Struct(name, fields, base) => {
            let mut out = format!("{name} {{\n");
            for (field, value) in fields {
                out.push_str(&format!(
                    "{inner}{field}: {},\n",
                    fallback(value, indent + TAB)
                ));
            }
            if let Some(base) = base {
                out.push_str(&format!("{inner}..{}\n", fallback(base, indent + TAB)));
            }
            out.push_str(&pad);
            out.push('}');
            out
        }
    }
}
