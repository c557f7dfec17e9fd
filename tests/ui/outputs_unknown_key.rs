use pipeline_sdk::Outputs;

#[derive(Outputs)]
struct BuildOutputs {
    #[output(description = "The version")]
    version: String,
}

fn main() {}
