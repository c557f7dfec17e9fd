use pipeline_sdk::Action;

#[derive(Action)]
struct Checkout {
    fetch_depth: Option<u32>,
}

fn main() {
    let _ = Checkout { fetch_depth: None }.step();
}
