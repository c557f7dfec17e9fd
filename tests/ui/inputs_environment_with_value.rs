use pipeline_sdk::Inputs;

#[derive(Inputs)]
struct DeployInputs {
    #[input(environment = true)]
    target: String,
}

fn main() {}
