use pipeline_sdk::Matrix;

#[derive(Matrix)]
#[matrix]
struct TestMatrix {
    os: Vec<String>,
}

fn main() {}
