use pipeline_sdk::Matrix;

#[derive(Matrix)]
struct TestMatrix<T> {
    values: Vec<T>,
}

fn main() {}
