use pipeline_sdk::Matrix;

#[derive(Matrix)]
struct TestMatrix {
    os: String,
    rust: Vec<String>,
}

fn main() {
    let _ = TestMatrix::rust();
}
