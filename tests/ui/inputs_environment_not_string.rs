use pipeline_sdk::Inputs;

#[derive(Inputs)]
struct DeployInputs {
    #[input(environment)]
    target: bool,
}

fn main() {}
