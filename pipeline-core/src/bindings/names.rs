//! Rust names for the names an action's metadata uses: methods for inputs and outputs, a type for the
//! action. The rules are in the documentation of [`crate::bindings`].

/// Rust's keywords, strict and reserved, in edition 2024.
const KEYWORDS: &[&str] = &[
    "abstract", "as", "async", "await", "become", "box", "break", "const", "continue", "crate",
    "do", "dyn", "else", "enum", "extern", "false", "final", "fn", "for", "gen", "if", "impl",
    "in", "let", "loop", "macro", "match", "mod", "move", "mut", "override", "priv", "pub", "ref",
    "return", "self", "static", "struct", "super", "trait", "true", "try", "type", "typeof",
    "unsafe", "unsized", "use", "virtual", "where", "while", "yield",
];

/// Keywords that cannot be raw identifiers.
const NOT_RAW: &[&str] = &["crate", "self", "super"];

/// Method names of the generated binding that an input may not take.
pub(crate) const RESERVED: &[&str] = &["new", "step", "outputs", "with"];

/// The words of a name, as rule 1 splits it; empty when it has no ASCII letter or digit.
pub(crate) fn words(name: &str) -> Vec<String> {
    let chars: Vec<char> = name.chars().collect();
    let mut words = Vec::new();
    let mut word = String::new();
    for (i, &c) in chars.iter().enumerate() {
        if !c.is_ascii_alphanumeric() {
            if !word.is_empty() {
                words.push(std::mem::take(&mut word));
            }
            continue;
        }
        if c.is_ascii_uppercase() && !word.is_empty() {
            let previous = chars[i - 1];
            let next_is_lower = chars.get(i + 1).is_some_and(char::is_ascii_lowercase);
            let starts_word = previous.is_ascii_lowercase()
                || previous.is_ascii_digit()
                || (previous.is_ascii_uppercase() && next_is_lower);
            if starts_word {
                words.push(std::mem::take(&mut word));
            }
        }
        word.push(c);
    }
    if !word.is_empty() {
        words.push(word);
    }
    words
}

/// The method name for an input (`prefix` = `input`) or an output (`prefix` = `output`), before rule 6;
/// `None` when the name has no letter or digit.
///
/// ```
/// use pipeline_core::bindings::method_name;
/// assert_eq!(method_name("node-version", "input").as_deref(), Some("node_version"));
/// assert_eq!(method_name("enableCrossOsArchive", "input").as_deref(), Some("enable_cross_os_archive"));
/// assert_eq!(method_name("use", "input").as_deref(), Some("r#use"));
/// assert_eq!(method_name("self", "input").as_deref(), Some("self_"));
/// assert_eq!(method_name("2fa", "input").as_deref(), Some("input_2fa"));
/// assert_eq!(method_name("with", "input").as_deref(), Some("with_input"));
/// assert_eq!(method_name("--", "input"), None);
/// ```
#[must_use]
pub fn method_name(name: &str, prefix: &str) -> Option<String> {
    let words = words(name);
    if words.is_empty() {
        return None;
    }
    let mut snake = words
        .iter()
        .map(|w| w.to_ascii_lowercase())
        .collect::<Vec<_>>()
        .join("_");
    if snake.starts_with(|c: char| c.is_ascii_digit()) {
        snake = format!("{prefix}_{snake}");
    }
    if prefix == "input" && RESERVED.contains(&snake.as_str()) {
        snake.push_str("_input");
    }
    Some(escape_keyword(snake))
}

/// A keyword made usable as an identifier (rule 4); any other name as it is.
pub(crate) fn escape_keyword(name: String) -> String {
    if NOT_RAW.contains(&name.as_str()) {
        format!("{name}_")
    } else if KEYWORDS.contains(&name.as_str()) {
        format!("r#{name}")
    } else {
        name
    }
}

/// The name of an item spelled in `PascalCase`, from words.
pub(crate) fn pascal(words: &[String]) -> String {
    words
        .iter()
        .map(|word| {
            let lower = word.to_ascii_lowercase();
            let mut chars = lower.chars();
            chars.next().map_or_else(String::new, |first| {
                first.to_ascii_uppercase().to_string() + chars.as_str()
            })
        })
        .collect()
}

/// The type name a binding gets from its action when none is given.
///
/// The last folder of the action's path, in `PascalCase`, without a leading `action-` or a trailing
/// `-action`; for an action in a folder of its repository, the repository's name (trimmed the same way,
/// and left out when it is only `action` or `actions`) comes first. `None` when no letter is left.
///
/// ```
/// use pipeline_core::bindings::type_name;
/// assert_eq!(type_name("actions/setup-node@v4").as_deref(), Some("SetupNode"));
/// assert_eq!(type_name("actions/cache/restore@v4").as_deref(), Some("CacheRestore"));
/// assert_eq!(type_name("docker/login-action@v3").as_deref(), Some("Login"));
/// assert_eq!(type_name("github/codeql-action/analyze@v3").as_deref(), Some("CodeqlAnalyze"));
/// assert_eq!(type_name("gradle/actions/setup-gradle@v4").as_deref(), Some("SetupGradle"));
/// assert_eq!(type_name("./.github/actions/deploy").as_deref(), Some("Deploy"));
/// ```
#[must_use]
pub fn type_name(uses: &str) -> Option<String> {
    let action = uses.split_once('@').map_or(uses, |(action, _)| action);
    let parts: Vec<&str> = action
        .split('/')
        .filter(|p| !p.is_empty() && *p != ".")
        .collect();
    let trimmed = |part: &str| -> Vec<String> {
        let mut words = words(part);
        if words.len() > 1 && words[0].eq_ignore_ascii_case("action") {
            words.remove(0);
        }
        if words.len() > 1
            && words.last().is_some_and(|w| {
                w.eq_ignore_ascii_case("action") || w.eq_ignore_ascii_case("actions")
            })
        {
            words.pop();
        }
        words
    };
    let last = parts.last()?;
    let mut words = Vec::new();
    let remote = !action.starts_with("./");
    if remote && parts.len() > 2 {
        let repository = trimmed(parts[1]);
        let only_action = repository.len() == 1
            && (repository[0].eq_ignore_ascii_case("action")
                || repository[0].eq_ignore_ascii_case("actions"));
        if !only_action {
            words.extend(repository);
        }
    }
    words.extend(trimmed(last));
    let name = pascal(&words);
    let valid = name.starts_with(|c: char| c.is_ascii_alphabetic());
    valid.then_some(name)
}

/// Whether `name` is a plain Rust identifier that names a type (`PascalCase` not required): a letter or
/// `_` first, then letters, digits and `_`, and not a keyword.
pub(crate) fn is_type_name(name: &str) -> bool {
    let mut chars = name.chars();
    chars
        .next()
        .is_some_and(|c| c.is_ascii_alphabetic() || c == '_')
        && chars.all(|c| c.is_ascii_alphanumeric() || c == '_')
        && name != "_"
        && !KEYWORDS.contains(&name)
        && name != "Self"
}

/// Gives each name a unique spelling (rule 6): the first keeps it, later ones get `_2`, `_3`, ...
/// Returns, for each name, its final spelling and the index of the earlier name it collided with.
pub(crate) fn disambiguate(names: &[String]) -> Vec<(String, Option<usize>)> {
    let mut out: Vec<(String, Option<usize>)> = Vec::with_capacity(names.len());
    for name in names {
        let first = out.iter().position(|(taken, _)| taken == name);
        let mut candidate = name.clone();
        let mut n = 2;
        while out.iter().any(|(taken, _)| *taken == candidate) {
            let base = name.strip_prefix("r#").unwrap_or(name);
            candidate = format!("{base}_{n}");
            n += 1;
        }
        out.push((candidate, first));
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    fn check_words(name: &str, expected: &[&str]) {
        assert_eq!(words(name), expected, "{name}");
    }

    #[test]
    fn splitting() {
        check_words("node-version", &["node", "version"]);
        check_words(
            "enableCrossOsArchive",
            &["enable", "Cross", "Os", "Archive"],
        );
        check_words("GITHUB_TOKEN", &["GITHUB", "TOKEN"]);
        check_words("HTTPProxy", &["HTTP", "Proxy"]);
        check_words("x264", &["x264"]);
        check_words("node20Version", &["node20", "Version"]);
        check_words("a.b c", &["a", "b", "c"]);
        check_words("--", &[]);
        check_words("héllo", &["h", "llo"]);
    }

    fn check_method(name: &str, expected: Option<&str>) {
        assert_eq!(method_name(name, "input").as_deref(), expected, "{name}");
    }

    #[test]
    fn methods() {
        check_method("path", Some("path"));
        check_method("restore-keys", Some("restore_keys"));
        check_method("GITHUB_TOKEN", Some("github_token"));
        check_method("type", Some("r#type"));
        check_method("gen", Some("r#gen"));
        check_method("crate", Some("crate_"));
        check_method("super", Some("super_"));
        check_method("Self", Some("self_"));
        check_method("1st", Some("input_1st"));
        check_method("step", Some("step_input"));
        check_method("outputs", Some("outputs_input"));
        check_method("new", Some("new_input"));
        check_method("", None);
        assert_eq!(method_name("2x", "output").as_deref(), Some("output_2x"));
        assert_eq!(method_name("new", "output").as_deref(), Some("new"));
    }

    #[test]
    fn types() {
        for (uses, expected) in [
            ("Swatinem/rust-cache@v2", Some("RustCache")),
            ("aquasecurity/trivy-action@master", Some("Trivy")),
            ("pnpm/action-setup@v4", Some("Setup")),
            ("taiki-e/install-action@v2", Some("Install")),
            ("owner/action@v1", Some("Action")),
            ("owner/123@v1", None),
            (
                "electron/electron/.github/actions/build-electron",
                Some("ElectronBuildElectron"),
            ),
        ] {
            assert_eq!(type_name(uses).as_deref(), expected, "{uses}");
        }
        assert!(is_type_name("SetupNode"));
        assert!(!is_type_name("Self"));
        assert!(!is_type_name("type"));
        assert!(!is_type_name("1A"));
        assert!(!is_type_name("A-B"));
    }

    #[test]
    fn collisions() {
        let names = [
            "a".to_owned(),
            "b".to_owned(),
            "a".to_owned(),
            "a_2".to_owned(),
        ];
        let out = disambiguate(&names);
        let spelled: Vec<&str> = out.iter().map(|(n, _)| n.as_str()).collect();
        assert_eq!(spelled, ["a", "b", "a_2", "a_2_2"]);
        assert_eq!(out[2].1, Some(0));
        assert_eq!(out[3].1, Some(2));
        let raw = disambiguate(&["r#type".to_owned(), "r#type".to_owned()]);
        assert_eq!(raw[1].0, "type_2");
    }
}
