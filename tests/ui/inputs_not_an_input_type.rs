use pipeline_sdk::Inputs;

#[derive(Inputs)]
struct DeployInputs {
    directory: std::path::PathBuf,
}

fn main() {}
