//! `pipeline`: formats, checks and describes GitHub Actions workflow and action metadata files.

mod check;
mod fmt;

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
