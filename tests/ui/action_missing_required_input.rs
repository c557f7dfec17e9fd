use pipeline_sdk::Action;

#[derive(Action)]
#[action(uses = "actions/cache@v4")]
struct Cache {
    path: String,
    key: String,
    restore_keys: Option<String>,
}

fn main() {
    let _ = Cache { path: "target".into(), restore_keys: None }.step();
}
