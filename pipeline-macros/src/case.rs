//! Renaming Rust identifiers (`snake_case` fields, `PascalCase` variants) into the names GitHub reads.

/// A `rename_all` rule.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub(crate) enum Case {
    Lower,
    Upper,
    Pascal,
    Camel,
    Snake,
    ScreamingSnake,
    Kebab,
    ScreamingKebab,
}

impl Case {
    /// Every rule, by the name written in `rename_all = ".."`.
    pub(crate) const ALL: &'static [(&'static str, Case)] = &[
        ("kebab-case", Case::Kebab),
        ("snake_case", Case::Snake),
        ("camelCase", Case::Camel),
        ("PascalCase", Case::Pascal),
        ("lowercase", Case::Lower),
        ("UPPERCASE", Case::Upper),
        ("SCREAMING_SNAKE_CASE", Case::ScreamingSnake),
        ("SCREAMING-KEBAB-CASE", Case::ScreamingKebab),
    ];

    /// The names of every rule, for "expected one of ..." messages.
    pub(crate) const NAMES: &'static [&'static str] = &[
        "kebab-case",
        "snake_case",
        "camelCase",
        "PascalCase",
        "lowercase",
        "UPPERCASE",
        "SCREAMING_SNAKE_CASE",
        "SCREAMING-KEBAB-CASE",
    ];

    pub(crate) fn parse(name: &str) -> Option<Case> {
        Case::ALL
            .iter()
            .find(|(n, _)| *n == name)
            .map(|(_, case)| *case)
    }

    /// Applies the rule to a Rust identifier (a `r#` prefix is dropped).
    pub(crate) fn apply(self, ident: &str) -> String {
        let words = words(ident.strip_prefix("r#").unwrap_or(ident));
        let lower = || words.iter().map(|w| w.to_lowercase());
        let upper = || words.iter().map(|w| w.to_uppercase());
        let capitalised = || words.iter().map(|w| capitalise(w));
        match self {
            Case::Lower => lower().collect(),
            Case::Upper => upper().collect(),
            Case::Pascal => capitalised().collect(),
            Case::Camel => lower().take(1).chain(capitalised().skip(1)).collect(),
            Case::Snake => lower().collect::<Vec<_>>().join("_"),
            Case::ScreamingSnake => upper().collect::<Vec<_>>().join("_"),
            Case::Kebab => lower().collect::<Vec<_>>().join("-"),
            Case::ScreamingKebab => upper().collect::<Vec<_>>().join("-"),
        }
    }
}

fn capitalise(word: &str) -> String {
    let mut chars = word.chars();
    chars.next().map_or_else(String::new, |first| {
        first
            .to_uppercase()
            .chain(chars.flat_map(char::to_lowercase))
            .collect()
    })
}

/// The words of `snake_case` or `PascalCase`: split at `_` and before an upper-case letter that follows a
/// lower-case letter or a digit.
fn words(ident: &str) -> Vec<String> {
    let mut words = Vec::new();
    for part in ident.split('_').filter(|p| !p.is_empty()) {
        let mut word = String::new();
        let mut previous: Option<char> = None;
        for c in part.chars() {
            if c.is_uppercase() && previous.is_some_and(|p| p.is_lowercase() || p.is_ascii_digit())
            {
                words.push(std::mem::take(&mut word));
            }
            word.push(c);
            previous = Some(c);
        }
        words.push(word);
    }
    words
}

#[cfg(test)]
mod tests {
    use super::Case;

    fn check(case: &str, ident: &str, expected: &str) {
        let rule = Case::parse(case).expect("a rule");
        assert_eq!(rule.apply(ident), expected, "{case} of {ident}");
    }

    #[test]
    fn rules() {
        check("kebab-case", "node_version", "node-version");
        check("kebab-case", "UbuntuLatest", "ubuntu-latest");
        check("kebab-case", "r#type", "type");
        check("kebab-case", "os", "os");
        check("snake_case", "UbuntuLatest", "ubuntu_latest");
        check(
            "camelCase",
            "enable_cross_os_archive",
            "enableCrossOsArchive",
        );
        check("PascalCase", "dry_run", "DryRun");
        check("lowercase", "DryRun", "dryrun");
        check("UPPERCASE", "dry_run", "DRYRUN");
        check("SCREAMING_SNAKE_CASE", "DryRun", "DRY_RUN");
        check("SCREAMING-KEBAB-CASE", "dry_run", "DRY-RUN");
        check("kebab-case", "Windows2022", "windows2022");
        check("kebab-case", "Node20Lts", "node20-lts");
    }

    #[test]
    fn names_match_rules() {
        let names: Vec<&str> = Case::ALL.iter().map(|(n, _)| *n).collect();
        assert_eq!(names, Case::NAMES);
    }
}
