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
        assert!(!is_literal("releases/**"));
    }
}
