use pipeline_sdk::Matrix;

#[derive(Matrix)]
#[matrix(rename_all = "kebab")]
struct TestMatrix {
    node_version: Vec<u32>,
}

fn main() {
    let _ = TestMatrix::node_version();
}
