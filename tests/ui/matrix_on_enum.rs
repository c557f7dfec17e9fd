use pipeline_sdk::Matrix;

#[derive(Matrix)]
enum TestMatrix {
    Linux,
}

fn main() {}
