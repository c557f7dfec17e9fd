//! What the tests that score against actionlint's own test data share: where the data is, how an expected
//! error's position is read from a `.out` file, and a project folder's `actionlint.yaml` as a [`Config`].

use pipeline_core::validate::Config;
use std::path::{Path, PathBuf};

/// `../shared/actionlint-testdata`, beside the project.
pub(crate) fn data_dir() -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR")).join("../../shared/actionlint-testdata")
}

/// `(file, line, column)` of an expected error line in a `.out` file, regex form or not: the file is
/// what comes before the first `:LINE:COLUMN:`.
pub(crate) fn expected_position(line: &str) -> Option<(String, u32, u32)> {
    for (i, _) in line.match_indices(':') {
        let rest = &line[i + 1..];
        let digits = rest.bytes().take_while(u8::is_ascii_digit).count();
        if digits == 0 || rest.as_bytes().get(digits) != Some(&b':') {
            continue;
        }
        let rest2 = &rest[digits + 1..];
        let digits2 = rest2.bytes().take_while(u8::is_ascii_digit).count();
        if digits2 == 0 || rest2.as_bytes().get(digits2) != Some(&b':') {
            continue;
        }
        let file = line[..i]
            .trim_start_matches('/')
            .replace("\\.", ".")
            .replace("\\\\", "\\");
        return Some((
            file,
            rest[..digits].parse().ok()?,
            rest2[..digits2].parse().ok()?,
        ));
    }
    None
}

/// The configuration of a project folder's `actionlint.yaml`: self-hosted runner labels and
/// configuration variables.
pub(crate) fn project_config(dir: &Path) -> Config {
    let mut config = Config::default();
    let Ok(text) = std::fs::read_to_string(dir.join("actionlint.yaml")) else {
        return config;
    };
    let Ok(data) = serde_yaml::from_str::<serde_yaml::Value>(&text) else {
        return config;
    };
    let strings = |v: Option<&serde_yaml::Value>| -> Option<Vec<String>> {
        v?.as_sequence().map(|s| {
            s.iter()
                .filter_map(|x| x.as_str().map(str::to_owned))
                .collect()
        })
    };
    if let Some(labels) = strings(data.get("self-hosted-runner").and_then(|r| r.get("labels"))) {
        config = config.self_hosted_labels(labels);
    }
    if let Some(vars) = strings(data.get("config-variables")) {
        config = config.config_variables(vars);
    }
    config
}
