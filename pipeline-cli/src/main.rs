//! `pipeline`: formats, checks and describes GitHub Actions workflow and action metadata files.

mod bindings;
mod check;
mod eval;
mod fmt;
mod graph;
mod import;
mod pins;
mod plan;

use clap::{Parser, Subcommand, ValueEnum};
use std::process::ExitCode;

/// GitHub Actions workflows and actions, checked and written in canonical form.
#[derive(Debug, Parser)]
#[command(name = "pipeline", version, about)]
struct Cli {
    #[command(subcommand)]
    command: Command,
}

#[derive(Debug, Subcommand)]
enum Command {
    /// Print each file in canonical form, rewrite it (--write), or report files that are not (--check).
    Fmt(fmt::Args),
    /// Validate workflow and action files, or repositories; print every problem and exit 1 on errors.
    Check(check::Args),
    /// Print the Rust source of a typed binding for each action metadata file.
    Bindings(bindings::Args),
    /// Evaluate an expression as GitHub does and print its kind and value as JSON (exit 1 on an error).
    Eval(eval::Args),
    /// Print the job graph of workflow files as Mermaid (the default) or Graphviz DOT.
    Graph(graph::Args),
    /// Turn workflow and action YAML into Rust that builds the same files (`--xtask DIR` writes a crate).
    Import(import::Args),
    /// Print which jobs of a workflow run for an event: a table and a Mermaid graph, or JSON.
    Plan(plan::Args),
    /// Keep the pins file (`.github/pins.txt`) in step with the committed YAML.
    #[command(subcommand)]
    Pins(pins::Command),
    /// Print the JSON Schema of the model of a workflow or of action metadata.
    Schema {
        /// Which document.
        #[arg(value_enum)]
        document: Document,
    },
}

#[derive(Clone, Copy, Debug, ValueEnum)]
enum Document {
    /// A workflow file (`.github/workflows/*.yml`).
    Workflow,
    /// Action metadata (`action.yml`).
    Action,
}

fn main() -> ExitCode {
    let cli = Cli::parse();
    match cli.command {
        Command::Fmt(args) => fmt::run(&args),
        Command::Check(args) => check::run(&args),
        Command::Bindings(args) => bindings::run(&args),
        Command::Eval(args) => eval::run(&args),
        Command::Graph(args) => graph::run(&args),
        Command::Import(args) => import::run(&args),
        Command::Pins(command) => pins::run(&command),
        Command::Plan(args) => plan::run(&args),
        Command::Schema { document } => {
            let schema = match document {
                Document::Workflow => schemars::schema_for!(pipeline_sdk::model::Workflow),
                Document::Action => schemars::schema_for!(pipeline_sdk::model::Action),
            };
            match serde_json::to_string_pretty(&schema) {
                Ok(text) => {
                    println!("{text}");
                    ExitCode::SUCCESS
                }
                Err(error) => {
                    eprintln!("pipeline schema: {error}");
                    ExitCode::from(2)
                }
            }
        }
    }
}
