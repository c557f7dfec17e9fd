use pipeline_sdk::Choice;

#[derive(Choice, Clone, Copy)]
enum Os {
    Linux,
    Windows(u16),
}

fn main() {
    let _ = Os::OPTIONS;
}
