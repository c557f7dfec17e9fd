use pipeline_sdk::Outputs;

#[derive(Outputs)]
struct BuildOutputs(String);

fn main() {}
