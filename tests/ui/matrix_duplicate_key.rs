use pipeline_sdk::Matrix;

#[derive(Matrix)]
struct TestMatrix {
    #[matrix(rename = "node", rename = "node-version")]
    node_version: Vec<u32>,
}

fn main() {}
