use pipeline_sdk::Matrix;

#[derive(Matrix)]
struct TestMatrix {
    #[matrix(row = "Row")]
    os: Vec<String>,
}

fn main() {}
