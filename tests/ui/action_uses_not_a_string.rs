use pipeline_sdk::Action;

#[derive(Action)]
#[action(uses = actions::cache)]
struct Cache {
    path: String,
}

fn main() {}
