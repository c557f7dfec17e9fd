use pipeline_sdk::Inputs;

#[derive(Inputs)]
#[inputs(default = "staging")]
struct DeployInputs {
    environment: String,
}

fn main() {
    let _ = DeployInputs::environment();
}
