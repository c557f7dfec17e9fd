//! Rust source of a typed binding, written from an action's [`Interface`].
//!
//! The code names everything by absolute path (`::pipeline_sdk::...` unless [`Options::crate_path`] says
//! otherwise) and has no `use` lines, so several bindings can share one file. Its documentation states
//! facts only (the input's name, whether it is required, its kind and its default); the action's own
//! descriptions are not copied.

use super::interface::{BindingError, BindingErrors, BoundInput, Interface, Kind};
use super::names::{is_type_name, type_name};
use crate::model::{Action, Value};
use std::fmt::Write as _;

/// How to write a binding.
///
/// ```
/// use pipeline_core::bindings::Options;
/// let options = Options::new().type_name("Checkout").crate_path("crate");
/// # let _ = options;
/// ```
#[derive(Clone, Debug, PartialEq, Eq)]
#[must_use]
pub struct Options {
    type_name: Option<String>,
    krate: String,
    example: Option<String>,
}

impl Default for Options {
    fn default() -> Self {
        Self {
            type_name: None,
            krate: "::pipeline_sdk".to_owned(),
            example: None,
        }
    }
}

impl Options {
    /// The defaults: the type named after the action (see [`type_name`]), the code naming
    /// `::pipeline_sdk`, and no example.
    pub fn new() -> Self {
        Self::default()
    }

    /// Names the binding's type; its outputs type is the same name followed by `Outputs`.
    pub fn type_name(mut self, name: impl Into<String>) -> Self {
        self.type_name = Some(name.into());
        self
    }

    /// The path of the `pipeline-sdk` crate in the generated code: `::pipeline_sdk` unless set, `crate`
    /// inside the SDK itself.
    pub fn crate_path(mut self, path: impl Into<String>) -> Self {
        self.krate = path.into();
        self
    }

    /// The path of the module the binding will live in (`my_ci::actions::setup_node`): with it, the type's
    /// documentation gets an example that compiles as a doc test.
    pub fn example_path(mut self, module: impl Into<String>) -> Self {
        self.example = Some(module.into());
        self
    }
}

/// The Rust source of a typed binding of `action`, used as `uses`.
///
/// The binding is a struct named after the action (or [`Options::type_name`]):
///
/// - `new(..)` takes the inputs a step must pass (required, without a default), in the metadata's order;
/// - every other input is a chaining method that takes `self` and returns it, and writes the input only
///   when called; an input with a `deprecationMessage` is `#[deprecated]`;
/// - a method's argument is typed by the input's [`Kind`]: [`BoolArg`](super::BoolArg),
///   [`NumberArg`](super::NumberArg) or [`Arg`](super::Arg), each of which also takes an expression;
/// - `step()` (and `From<T> for Step`) gives the step; the struct implements
///   [`typed::Action`](crate::typed::Action);
/// - when the action has outputs, `T::outputs(&step_ref)` gives a `TOutputs` value whose methods are the
///   outputs as expressions (`${{ steps.<id>.outputs.<name> }}`).
///
/// Input and output names become Rust names by the rules in [`bindings`](super)' documentation.
///
/// # Errors
/// A `uses` that is not an action reference (`owner/repo@ref`, `owner/repo/path@ref` or `./path`), a
/// type name that is not a Rust identifier, or any problem [`Interface::of`] finds in the metadata.
///
/// ```
/// use pipeline_core::bindings::{Options, generate};
/// let action = pipeline_core::parse::action(
///     "name: Setup\ndescription: Sets up\ninputs:\n  version:\n    required: true\n  cache:\n    default: false\noutputs:\n  path:\n    description: Where\nruns:\n  using: node24\n  main: index.js\n",
/// ).unwrap().value;
/// let code = generate(&action, "acme/setup-tool@v2", &Options::new()).unwrap();
/// assert!(code.contains("pub struct SetupTool {"));
/// assert!(code.contains("pub fn new(version: impl Into<::pipeline_sdk::bindings::Arg>) -> Self {"));
/// assert!(code.contains("pub fn cache(mut self, value: impl Into<::pipeline_sdk::bindings::BoolArg>) -> Self {"));
/// assert!(code.contains("pub fn path(&self) -> ::pipeline_sdk::expr::Expr {"));
/// ```
pub fn generate(action: &Action, uses: &str, options: &Options) -> Result<String, BindingErrors> {
    let mut errors = Vec::new();
    if let Err(reason) = check_uses(uses) {
        errors.push(BindingError::Uses {
            uses: uses.to_owned(),
            reason,
        });
    }
    let name = options
        .type_name
        .clone()
        .or_else(|| type_name(uses))
        .unwrap_or_else(|| uses.to_owned());
    if !is_type_name(&name) {
        errors.push(BindingError::TypeName { name: name.clone() });
    }
    let interface = match Interface::of(action) {
        Ok(interface) => Some(interface),
        Err(BindingErrors(found)) => {
            errors.extend(found);
            None
        }
    };
    match interface {
        Some(interface) if errors.is_empty() => Ok(Writer {
            interface: &interface,
            uses,
            name: &name,
            krate: &options.krate,
            example: options.example.as_deref(),
            out: String::new(),
        }
        .write()),
        _ => Err(BindingErrors(errors)),
    }
}

/// Why `uses` cannot be the reference of a binding, if it cannot.
pub(crate) fn check_uses(uses: &str) -> Result<(), &'static str> {
    if uses.is_empty() || uses.chars().any(char::is_whitespace) {
        return Err("write it without spaces: `owner/repo@ref`, `owner/repo/path@ref` or `./path`");
    }
    if uses.starts_with("docker://") {
        return Err("a Docker image has no action metadata; bind an action repository instead");
    }
    if uses.starts_with("./") || uses.starts_with("../") {
        return Ok(());
    }
    let Some((action, git_ref)) = uses.split_once('@') else {
        return Err("a remote action is used at a ref: `owner/repo@ref` or `owner/repo/path@ref`");
    };
    let parts: Vec<&str> = action.split('/').collect();
    if parts.len() < 2 || parts.iter().any(|p| p.is_empty()) || git_ref.is_empty() {
        return Err("expected `owner/repo@ref`, `owner/repo/path@ref` or `./path`");
    }
    Ok(())
}

struct Writer<'a> {
    interface: &'a Interface,
    uses: &'a str,
    name: &'a str,
    krate: &'a str,
    example: Option<&'a str>,
    out: String,
}

impl Writer<'_> {
    fn line(&mut self, text: &str) {
        self.out.push_str(text);
        self.out.push('\n');
    }

    /// Documentation lines, prose wrapped to fit 100 columns; code blocks are left as they are.
    fn doc(&mut self, indent: &str, text: &str) {
        let width = 100usize.saturating_sub(indent.len() + 4).max(40);
        let mut code = false;
        for line in text.lines() {
            if line.starts_with("```") {
                code = !code;
            }
            if line.is_empty() {
                let _ = writeln!(self.out, "{indent}///");
            } else if code || line.starts_with("```") {
                let _ = writeln!(self.out, "{indent}/// {line}");
            } else {
                let hang = if line.starts_with("- ") { "  " } else { "" };
                for (i, part) in wrap(line, width - hang.len()).iter().enumerate() {
                    let lead = if i == 0 { "" } else { hang };
                    let _ = writeln!(self.out, "{indent}/// {lead}{part}");
                }
            }
        }
    }

    fn write(mut self) -> String {
        self.type_item();
        self.out.push('\n');
        self.inherent_impl();
        self.out.push('\n');
        self.trait_impls();
        if !self.interface.outputs.is_empty() {
            self.out.push('\n');
            self.outputs_item();
        }
        self.out
    }

    fn type_item(&mut self) {
        let interface = self.interface;
        let name = self.name;
        let needed = interface.needed().count();
        let mut doc = format!(
            "A step that uses `{}`: a typed binding generated from the action's metadata.\n\n",
            self.uses
        );
        if needed > 0 {
            let _ = write!(
                doc,
                "[`{name}::new`] takes the {} the action requires; every other input is a method of \
                 its own, written only when called.",
                plural(needed, "input", "inputs")
            );
        } else {
            doc.push_str("Every input is a method of its own, written only when called.");
        }
        if !interface.outputs.is_empty() {
            let _ = write!(
                doc,
                " [`{name}::outputs`] reads the step's {} once it has an id.",
                plural(interface.outputs.len(), "output", "outputs")
            );
        }
        let _ = write!(
            doc,
            "\n\nInputs: {} ({needed} required). Outputs: {}.",
            interface.inputs.len(),
            interface.outputs.len()
        );
        if let Some(using) = &interface.using {
            let _ = write!(doc, " Runs: `{using}`.");
        }
        if let Some(module) = self.example {
            doc.push_str("\n\n");
            doc.push_str(&self.example(module));
        }
        self.doc("", &doc);
        if needed == 0 {
            self.line("#[derive(Clone, Debug, Default, PartialEq)]");
        } else {
            self.line("#[derive(Clone, Debug, PartialEq)]");
        }
        let _ = writeln!(self.out, "pub struct {name} {{");
        let _ = writeln!(self.out, "    with: {}::model::Mapping,", self.krate);
        self.line("}");
    }

    fn example(&self, module: &str) -> String {
        let name = self.name;
        let mut text = String::from("```\n");
        let _ = writeln!(text, "use {module}::{name};");
        let _ = writeln!(text, "use {}::model::Job;", example_crate(self.krate));
        text.push('\n');
        let args: Vec<String> = self
            .interface
            .needed()
            .map(|input| placeholder(input).to_owned())
            .collect();
        let optional = self
            .interface
            .inputs
            .iter()
            .find(|i| !i.needed && !i.deprecated);
        let mut binding = format!("{name}::new({})", args.join(", "));
        if let Some(input) = optional {
            let _ = write!(binding, ".{}({})", input.method, placeholder(input));
        }
        text.push_str("let mut job = Job::new(\"ubuntu-latest\");\n");
        let _ = writeln!(text, "let step = job.add_step(\"step\", {binding}.step());");
        if let Some(output) = self.interface.outputs.first() {
            let _ = writeln!(
                text,
                "assert_eq!({name}::outputs(&step).{}().to_string(), \"${{{{ steps.step.outputs.{} }}}}\");",
                output.method, output.name
            );
        } else {
            text.push_str("assert_eq!(step.id(), \"step\");\n");
        }
        let _ = writeln!(
            text,
            "assert_eq!(job.step_list()[0].uses.as_deref(), Some({:?}));",
            self.uses
        );
        text.push_str("```");
        text
    }

    fn inherent_impl(&mut self) {
        let name = self.name;
        let krate = self.krate.to_owned();
        let _ = writeln!(self.out, "impl {name} {{");
        self.constructor();
        for input in self.interface.inputs.iter().filter(|i| !i.needed) {
            self.out.push('\n');
            self.setter(input);
        }
        self.out.push('\n');
        self.doc(
            "    ",
            "The step that uses the action with these inputs; chain `.name(..)`, `.id(..)`, `.if_(..)`.",
        );
        self.line("    #[must_use]");
        self.line("    #[track_caller]");
        let _ = writeln!(
            self.out,
            "    pub fn step(&self) -> {krate}::model::Step {{"
        );
        let _ = writeln!(self.out, "        {krate}::typed::Action::step(self)");
        self.line("    }");
        if !self.interface.outputs.is_empty() {
            self.out.push('\n');
            self.doc(
                "    ",
                "The outputs of the step that uses the action, read through its id (from `Job::add_step`).",
            );
            self.line("    #[must_use]");
            let _ = writeln!(
                self.out,
                "    pub fn outputs(step: &{krate}::model::StepRef) -> {name}Outputs {{"
            );
            let _ = writeln!(self.out, "        {name}Outputs {{ step: step.clone() }}");
            self.line("    }");
        }
        self.line("}");
    }

    fn constructor(&mut self) {
        let krate = self.krate.to_owned();
        let needed: Vec<&BoundInput> = self.interface.needed().collect();
        let mut doc = if needed.is_empty() {
            String::from("The step's inputs, none set yet.")
        } else {
            let mut doc = String::from("The step's inputs, with the ones the action requires:\n");
            for input in &needed {
                let _ = write!(
                    doc,
                    "\n- `{}`: the input `{}`, {}.",
                    input.method.trim_start_matches("r#"),
                    input.name,
                    input.kind.describe()
                );
                if let Some(after) = &input.renamed_after {
                    let _ = write!(
                        doc,
                        " Named apart from `{after}`, which has the same Rust name."
                    );
                }
            }
            doc
        };
        if needed.len() > 1 {
            doc.push_str("\n\nThe arguments follow the order of the action's metadata.");
        }
        self.doc("    ", &doc);
        self.line("    #[must_use]");
        if needed.len() > 7 {
            self.line("    #[allow(clippy::too_many_arguments)]");
        }
        let params: Vec<String> = needed
            .iter()
            .map(|i| format!("{}: impl Into<{}>", i.method, i.kind.arg_type(&krate)))
            .collect();
        let _ = writeln!(self.out, "    pub fn new({}) -> Self {{", params.join(", "));
        if needed.is_empty() {
            let _ = writeln!(
                self.out,
                "        Self {{ with: {krate}::model::Mapping::new() }}"
            );
        } else {
            let _ = writeln!(
                self.out,
                "        let mut with = {krate}::model::Mapping::new();"
            );
            for input in &needed {
                let _ = writeln!(
                    self.out,
                    "        with.insert({:?}.to_owned(), {}.into().into_value());",
                    input.name, input.method
                );
            }
            self.line("        Self { with }");
        }
        self.line("    }");
    }

    fn setter(&mut self, input: &BoundInput) {
        let krate = self.krate.to_owned();
        let mut doc = format!(
            "Sets the input `{}`: {}.\n\n",
            input.name,
            input.kind.describe()
        );
        doc.push_str(&facts(input));
        if let Some(after) = &input.renamed_after {
            let _ = write!(
                doc,
                "\n\nNamed `{}` apart from `{after}`, which has the same Rust name.",
                input.method
            );
        }
        self.doc("    ", &doc);
        if input.deprecated {
            let _ = writeln!(
                self.out,
                "    #[deprecated(note = {:?})]",
                format!(
                    "the action's metadata marks the input `{}` as deprecated",
                    input.name
                )
            );
        }
        self.line("    #[must_use]");
        let _ = writeln!(
            self.out,
            "    pub fn {}(mut self, value: impl Into<{}>) -> Self {{",
            input.method,
            input.kind.arg_type(&krate)
        );
        let _ = writeln!(
            self.out,
            "        self.with.insert({:?}.to_owned(), value.into().into_value());",
            input.name
        );
        self.line("        self");
        self.line("    }");
    }

    fn trait_impls(&mut self) {
        let name = self.name;
        let krate = self.krate.to_owned();
        let _ = writeln!(self.out, "impl {krate}::typed::Action for {name} {{");
        let _ = writeln!(self.out, "    const USES: &'static str = {:?};", self.uses);
        self.out.push('\n');
        let _ = writeln!(self.out, "    fn with(&self) -> {krate}::model::Mapping {{");
        let names: Vec<String> = self
            .interface
            .inputs
            .iter()
            .map(|i| format!("{:?}", i.name))
            .collect();
        let _ = writeln!(
            self.out,
            "        {krate}::bindings::ordered(&self.with, &[{}])",
            names.join(", ")
        );
        self.line("    }");
        self.line("}");
        self.out.push('\n');
        let _ = writeln!(
            self.out,
            "impl ::core::convert::From<{name}> for {krate}::model::Step {{"
        );
        self.line("    #[track_caller]");
        let _ = writeln!(self.out, "    fn from(binding: {name}) -> Self {{");
        self.line("        binding.step()");
        self.line("    }");
        self.line("}");
    }

    fn outputs_item(&mut self) {
        let name = self.name;
        let krate = self.krate.to_owned();
        self.doc(
            "",
            &format!(
                "The outputs of a step that uses `{}`, as expressions: from [`{name}::outputs`].",
                self.uses
            ),
        );
        self.line("#[derive(Clone, Debug, PartialEq, Eq)]");
        let _ = writeln!(self.out, "pub struct {name}Outputs {{");
        let _ = writeln!(self.out, "    step: {krate}::model::StepRef,");
        self.line("}");
        self.out.push('\n');
        let _ = writeln!(self.out, "impl {name}Outputs {{");
        for (i, output) in self.interface.outputs.iter().enumerate() {
            if i > 0 {
                self.out.push('\n');
            }
            let mut doc = format!(
                "The output `{}`: `${{{{ steps.<id>.outputs.{} }}}}`.",
                output.name, output.name
            );
            if let Some(after) = &output.renamed_after {
                let _ = write!(
                    doc,
                    "\n\nNamed `{}` apart from `{after}`, which has the same Rust name.",
                    output.method
                );
            }
            self.doc("    ", &doc);
            self.line("    #[must_use]");
            let _ = writeln!(
                self.out,
                "    pub fn {}(&self) -> {krate}::expr::Expr {{",
                output.method
            );
            let _ = writeln!(self.out, "        self.step.output({:?})", output.name);
            self.line("    }");
        }
        self.line("}");
    }
}

/// `line` broken at spaces into parts of at most `width` characters (a longer word stays whole).
fn wrap(line: &str, width: usize) -> Vec<String> {
    let mut parts = Vec::new();
    let mut current = String::new();
    for word in line.split(' ') {
        if !current.is_empty() && current.chars().count() + 1 + word.chars().count() > width {
            parts.push(std::mem::take(&mut current));
        } else if !current.is_empty() {
            current.push(' ');
        }
        current.push_str(word);
    }
    parts.push(current);
    parts
}

/// The crate an example names: `pipeline_sdk` for `::pipeline_sdk` and for `crate` (an example is a
/// separate crate that sees the SDK by name).
fn example_crate(krate: &str) -> &str {
    match krate.trim_start_matches("::") {
        "crate" | "self" => "pipeline_sdk",
        other => other,
    }
}

/// A value of the input's kind for an example.
fn placeholder(input: &BoundInput) -> &'static str {
    match input.kind {
        Kind::Boolean => "true",
        Kind::Number => "1",
        Kind::Any => "\"value\"",
    }
}

fn plural(n: usize, one: &str, many: &str) -> String {
    if n == 1 {
        format!("one {one}")
    } else {
        format!("{n} {many}")
    }
}

/// Whether the input is required, its default, and whether it is deprecated, as sentences.
fn facts(input: &BoundInput) -> String {
    let mut text = match (&input.default, input.required, input.deprecated) {
        (Some(default), true, _) => format!(
            "Required by the action, which gives it the default {}, so a step may leave it out.",
            code(default)
        ),
        (Some(default), false, _) => format!("Optional; the default is {}.", code(default)),
        (None, true, true) => String::from(
            "Required by the action but deprecated, so it is a method here rather than an argument of `new`.",
        ),
        (None, true, false) => String::from("Required."),
        (None, false, _) => String::from("Optional; no default."),
    };
    if input.deprecated {
        text.push_str(" Deprecated by the action.");
    }
    text
}

/// A value as inline code in documentation: its text in backticks, or a Rust string literal when the
/// text has line breaks, backticks or nothing at all.
fn code(value: &Value) -> String {
    let text = value.to_string();
    let plain = !text.is_empty()
        && !text.contains('`')
        && !text.starts_with(' ')
        && !text.ends_with(' ')
        && text.chars().all(|c| !c.is_control());
    let literal = if plain { text } else { format!("{text:?}") };
    if literal.contains('`') {
        format!("`` {literal} ``")
    } else {
        format!("`{literal}`")
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn uses_forms() {
        for (uses, ok) in [
            ("actions/checkout@v4", true),
            ("github/codeql-action/analyze@v3", true),
            ("./.github/actions/deploy", true),
            ("actions/checkout", false),
            ("actions@v4", false),
            ("docker://alpine:3", false),
            ("a b/c@v1", false),
            ("", false),
            ("owner//x@v1", false),
            ("owner/repo@", false),
        ] {
            assert_eq!(check_uses(uses).is_ok(), ok, "{uses}");
        }
    }

    #[test]
    fn wrapping() {
        assert_eq!(wrap("a bb ccc", 4), ["a bb", "ccc"]);
        assert_eq!(wrap("abcdef g", 3), ["abcdef", "g"]);
        assert_eq!(wrap("", 3), [""]);
    }

    #[test]
    fn defaults_in_docs() {
        assert_eq!(code(&Value::from("v0-rust")), "`v0-rust`");
        assert_eq!(code(&Value::from(false)), "`false`");
        assert_eq!(code(&Value::from("a\nb\n")), "`\"a\\nb\\n\"`");
        assert_eq!(code(&Value::from("")), "`\"\"`");
        assert_eq!(code(&Value::from("a`b")), "`` \"a`b\" ``");
    }
}
