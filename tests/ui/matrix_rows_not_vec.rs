use pipeline_sdk::Matrix;

#[derive(Matrix)]
struct TestMatrix {
    os: Vec<String>,
    include: TestMatrixRow,
}

fn main() {}
