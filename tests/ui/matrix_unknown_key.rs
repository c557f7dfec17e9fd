use pipeline_sdk::Matrix;

#[derive(Matrix)]
#[matrix(rename_al = "snake_case")]
struct TestMatrix {
    os: Vec<String>,
}

fn main() {
    let matrix = TestMatrix { os: vec!["ubuntu-latest".into()] };
    let _ = (matrix.matrix(), TestMatrix::os());
}
