use pipeline_sdk::Choice;

#[derive(Choice)]
struct Os {
    name: String,
}

fn main() {}
