use pipeline_sdk::Choice;

#[derive(Choice, Clone, Copy)]
enum Os {
    #[choice(rename = "ubuntu-latest")]
    Linux,
    UbuntuLatest,
}

fn main() {}
