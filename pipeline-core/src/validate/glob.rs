//! Filter patterns of `branches`, `tags` and `paths` (GitHub's "filter pattern cheat sheet"): `*`, `**`,
//! `?`, `+`, `[...]` and a leading `!`, plus the characters a git ref name may not hold.

/// What a pattern filters.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub(crate) enum Kind {
    /// Branch or tag names.
    Ref,
    /// File paths.
    Path,
}

/// The first problem of a pattern: byte offset and message.
pub(crate) fn check(pattern: &str, kind: Kind) -> Option<(usize, String)> {
    if super::has_expression(pattern) {
        return None;
    }
    if pattern.is_empty() {
        return Some((0, "empty filter pattern; remove it".to_owned()));
    }
    let body_start = usize::from(pattern.starts_with('!'));
    let body = &pattern[body_start..];
    if kind == Kind::Path {
        for (offset, component) in components(body) {
            if component == "." || component == ".." {
                return Some((
                    body_start + offset,
                    "`.` and `..` are not allowed in path filters; write paths from the repository root, as in `src/**`".to_owned(),
                ));
            }
        }
    }
    let chars: Vec<(usize, char)> = body.char_indices().collect();
    let mut i = 0;
    let mut previous_special = true;
    while i < chars.len() {
        let (offset, c) = chars[i];
        let offset = body_start + offset;
        match c {
            '\\' => {
                match chars.get(i + 1) {
                    Some((_, '[' | '?' | '+' | '*' | '\\' | '!')) => i += 1,
                    _ if kind == Kind::Ref => {
                        return Some((
                            offset,
                            "`\\` may only escape `[`, `?`, `+`, `*`, `\\` and `!` in a branch or tag filter; regular expressions are not supported".to_owned(),
                        ));
                    }
                    _ => {}
                }
                previous_special = false;
            }
            '*' | '?' => previous_special = true,
            '+' => {
                if previous_special {
                    return Some((
                        offset,
                        "`+` (one or more of the previous character) must follow an ordinary character, not a special one".to_owned(),
                    ));
                }
                previous_special = true;
            }
            '[' => {
                let close = chars[i + 1..].iter().position(|(_, ch)| *ch == ']');
                let Some(close) = close.map(|c| c + i + 1) else {
                    return Some((
                        offset,
                        "`[` opens a character class that is never closed with `]`".to_owned(),
                    ));
                };
                let class = &chars[i + 1..close];
                if class.is_empty() {
                    return Some((offset, "empty character class `[]`".to_owned()));
                }
                let mut j = 0;
                while j < class.len() {
                    if j + 2 < class.len() && class[j + 1].1 == '-' {
                        let (start, end) = (class[j].1, class[j + 2].1);
                        if start > end {
                            return Some((
                                body_start + class[j + 2].0,
                                format!(
                                    "character range `{start}-{end}` runs backwards; write `{end}-{start}`"
                                ),
                            ));
                        }
                        j += 3;
                    } else {
                        j += 1;
                    }
                }
                i = close;
                previous_special = false;
            }
            _ => {
                if kind == Kind::Ref && (matches!(c, ' ' | '~' | '^' | ':') || c.is_control()) {
                    let regex = if c == '^' {
                        "; filters are glob patterns, not regular expressions"
                    } else {
                        ""
                    };
                    return Some((
                        offset,
                        format!(
                            "`{}` cannot appear in a branch or tag name (see `git check-ref-format`){regex}",
                            c.escape_default()
                        ),
                    ));
                }
                previous_special = false;
            }
        }
        i += 1;
    }
    None
}

/// The `/`-separated components of a path with their offsets.
fn components(path: &str) -> impl Iterator<Item = (usize, &str)> {
    let mut offset = 0;
    path.split('/').map(move |c| {
        let here = offset;
        offset += c.len() + 1;
        (here, c)
    })
}

/// Whether a pattern has glob characters.
pub(crate) fn is_literal(pattern: &str) -> bool {
    !pattern.contains(['*', '?', '+', '[', '\\', '!'])
}

/// One element of a compiled pattern.
#[derive(Clone, Debug)]
enum Atom {
    /// One character, as written or escaped with `\`.
    Char(char),
    /// `[...]`: one character in one of the ranges.
    Class(Vec<(char, char)>),
    /// `*`: any run of characters without `/`.
    Star,
    /// `**`: any run of characters.
    AnyStar,
    /// `**/` at the start of a component: nothing, or any run of characters ending in `/`, so that
    /// `**/README.md` matches `README.md` (the cheat sheet's example).
    AnyDirs,
}

/// How often an atom repeats: `?` makes the previous character optional, `+` repeats it.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
enum Repeat {
    Once,
    Optional,
    OneOrMore,
}

/// Compiles a pattern body (without its leading `!`).
fn compile(pattern: &str) -> Vec<(Atom, Repeat)> {
    let chars: Vec<char> = pattern.chars().collect();
    let mut out: Vec<(Atom, Repeat)> = Vec::new();
    let mut i = 0;
    while i < chars.len() {
        let c = chars[i];
        match c {
            '\\' if i + 1 < chars.len() => {
                out.push((Atom::Char(chars[i + 1]), Repeat::Once));
                i += 2;
                continue;
            }
            '*' if chars.get(i + 1) == Some(&'*') => {
                let starts_component = i == 0 || chars[i - 1] == '/';
                if starts_component && chars.get(i + 2) == Some(&'/') {
                    out.push((Atom::AnyDirs, Repeat::Once));
                    i += 3;
                } else {
                    out.push((Atom::AnyStar, Repeat::Once));
                    i += 2;
                }
                continue;
            }
            '*' => out.push((Atom::Star, Repeat::Once)),
            // "`?`: Matches zero or one of the preceding character." "`+`: Matches one or more of the
            // preceding character." With nothing before them they stand for themselves.
            '?' | '+' if !out.is_empty() => {
                if let Some(last) = out.last_mut()
                    && last.1 == Repeat::Once
                {
                    last.1 = if c == '?' {
                        Repeat::Optional
                    } else {
                        Repeat::OneOrMore
                    };
                }
            }
            '[' => {
                let close = chars[i + 1..].iter().position(|ch| *ch == ']');
                match close {
                    Some(len) if len > 0 => {
                        let class = &chars[i + 1..i + 1 + len];
                        let mut ranges = Vec::new();
                        let mut j = 0;
                        while j < class.len() {
                            if j + 2 < class.len() && class[j + 1] == '-' {
                                ranges.push((class[j], class[j + 2]));
                                j += 3;
                            } else {
                                ranges.push((class[j], class[j]));
                                j += 1;
                            }
                        }
                        out.push((Atom::Class(ranges), Repeat::Once));
                        i += len + 2;
                        continue;
                    }
                    _ => out.push((Atom::Char('['), Repeat::Once)),
                }
            }
            c => out.push((Atom::Char(c), Repeat::Once)),
        }
        i += 1;
    }
    out
}

/// Whether a pattern (without its leading `!`) matches the whole of `text`, by the rules of GitHub's
/// filter pattern cheat sheet. Runs in time proportional to the pattern's length times the text's
/// length squared at worst: a table of reachable (atom, offset) pairs, never backtracking.
///
/// The rules, as the cheat sheet words them: "`*`: Matches zero or more characters, but does not match
/// the `/` character." "`**`: Matches zero or more of any character." "`[]` Matches one alphanumeric
/// character listed in the brackets or included in ranges." "Path patterns must match the whole path,
/// and start from the repository's root."
pub(crate) fn matches(pattern: &str, text: &str) -> bool {
    let atoms = compile(pattern);
    let text: Vec<char> = text.chars().collect();
    let n = text.len();
    let mut here = vec![false; n + 1];
    here[0] = true;
    let mut next = vec![false; n + 1];
    for (atom, repeat) in &atoms {
        next.iter_mut().for_each(|r| *r = false);
        let one = |c: char| match atom {
            Atom::Char(x) => *x == c,
            Atom::Class(ranges) => ranges.iter().any(|(a, b)| (*a..=*b).contains(&c)),
            _ => false,
        };
        for p in 0..=n {
            if !here[p] {
                continue;
            }
            match atom {
                Atom::Star => {
                    next[p] = true;
                    let mut q = p;
                    while q < n && text[q] != '/' {
                        q += 1;
                        next[q] = true;
                    }
                }
                Atom::AnyStar => next[p..].iter_mut().for_each(|r| *r = true),
                Atom::AnyDirs => {
                    next[p] = true;
                    for q in p..n {
                        if text[q] == '/' {
                            next[q + 1] = true;
                        }
                    }
                }
                Atom::Char(_) | Atom::Class(_) => {
                    if *repeat == Repeat::Optional {
                        next[p] = true;
                    }
                    let mut q = p;
                    while q < n && one(text[q]) {
                        q += 1;
                        next[q] = true;
                        if *repeat != Repeat::OneOrMore {
                            break;
                        }
                    }
                }
            }
        }
        std::mem::swap(&mut here, &mut next);
        if !here.iter().any(|r| *r) {
            return false;
        }
    }
    here[n]
}

/// Whether a list of patterns selects `text`: "Patterns are checked sequentially. A pattern that
/// negates a previous pattern will re-include file paths", and "`!`: At the start of a pattern makes it
/// negate previous positive patterns." So the last pattern that matches decides: selected when it is
/// positive, not when it starts with `!`.
pub(crate) fn selects<'p>(patterns: impl IntoIterator<Item = &'p str>, text: &str) -> bool {
    let mut selected = false;
    for pattern in patterns {
        let (negated, body) = match pattern.strip_prefix('!') {
            Some(body) => (true, body),
            None => (false, pattern),
        };
        if selected == negated && matches(body, text) {
            selected = !negated;
        }
    }
    selected
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn patterns() {
        assert_eq!(check("^foo-", Kind::Ref).map(|e| e.0), Some(0));
        assert_eq!(check("v*+", Kind::Ref).map(|e| e.0), Some(2));
        assert_eq!(check("v[9-1]", Kind::Ref).map(|e| e.0), Some(4));
        assert_eq!(check("./foo/bar.txt", Kind::Path).map(|e| e.0), Some(0));
        assert_eq!(check("v\\d+", Kind::Ref).map(|e| e.0), Some(1));
        assert!(check("releases/**", Kind::Ref).is_none());
        assert!(check("!docs/**/*.md", Kind::Path).is_none());
        assert!(is_literal("main"));
        // "If a name contains any of these characters and you want a literal match, you need to escape
        // each of these special characters with `\`."
        assert!(matches("v1\\+", "v1+"));
        assert!(!matches("v1\\+", "v11"));
        assert!(matches("a+b", "aaab"));
        assert!(!matches("a+b", "b"));
        assert!(matches("[0-9][0-9]", "42"));
        assert!(!matches("[0-9]", "x"));
        assert!(selects(["*", "!x*", "xy"], "xy"));
        assert!(!selects(["*", "!x*"], "xz"));
        assert!(!is_literal("releases/**"));
    }
}
