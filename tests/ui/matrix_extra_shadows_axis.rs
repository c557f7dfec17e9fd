use pipeline_sdk::Matrix;

#[derive(Matrix)]
#[matrix(extra(os = bool))]
struct TestMatrix {
    #[matrix(rename = "runner")]
    os: Vec<String>,
}

fn main() {
    let _ = TestMatrix::os();
}
