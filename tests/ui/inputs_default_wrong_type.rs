use pipeline_sdk::Inputs;

#[derive(Inputs)]
struct DeployInputs {
    #[input(default = "two")]
    batch_size: u32,
}

fn main() {
    let _ = DeployInputs::batch_size();
}
