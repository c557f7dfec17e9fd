use pipeline_sdk::Matrix;

#[derive(Matrix)]
struct TestMatrix {
    #[matrix(rename = node)]
    node_version: Vec<u32>,
}

fn main() {}
