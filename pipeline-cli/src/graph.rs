//! `pipeline graph`: the job graph of workflow files as Mermaid or Graphviz DOT.

use pipeline_sdk::parse;
use std::path::PathBuf;
use std::process::ExitCode;

/// The picture formats.
#[derive(Clone, Copy, Debug, clap::ValueEnum)]
pub(crate) enum Format {
    /// Mermaid, which GitHub renders in Markdown.
    Mermaid,
    /// Graphviz DOT.
    Dot,
}

/// Arguments of `pipeline graph`.
#[derive(Debug, clap::Args)]
pub(crate) struct Args {
    /// Workflow files.
    #[arg(required = true)]
    files: Vec<PathBuf>,
    /// The picture format.
    #[arg(long, value_enum, default_value = "mermaid")]
    format: Format,
}

pub(crate) fn run(args: &Args) -> ExitCode {
    let mut failed = false;
    for path in &args.files {
        // One line whatever the file is called: the name is printed escaped.
        let name = pipeline_sdk::parse::printable(&path.display().to_string()).into_owned();
        let text = match std::fs::read_to_string(path) {
            Ok(text) => text,
            Err(error) => {
                eprintln!("{name}: cannot read: {error}");
                failed = true;
                continue;
            }
        };
        match parse::workflow(&text) {
            Ok(parsed) => {
                if args.files.len() > 1 {
                    match args.format {
                        Format::Mermaid => println!("%% {name}"),
                        Format::Dot => println!("// {name}"),
                    }
                }
                match args.format {
                    Format::Mermaid => print!("{}", pipeline_sdk::graph::mermaid(&parsed.value)),
                    Format::Dot => print!("{}", pipeline_sdk::graph::dot(&parsed.value)),
                }
            }
            Err(errors) => {
                eprintln!("{}", errors.with_file(&name));
                failed = true;
            }
        }
    }
    if failed {
        ExitCode::from(2)
    } else {
        ExitCode::SUCCESS
    }
}
