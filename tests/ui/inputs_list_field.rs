use pipeline_sdk::Inputs;

#[derive(Inputs)]
struct DeployInputs {
    hosts: Vec<String>,
}

fn main() {}
