use pipeline_sdk::Action;

#[derive(Action)]
#[action(uses = "actions/cache@v4", outputs = "cache-hit")]
struct Cache {
    path: String,
}

fn main() {}
