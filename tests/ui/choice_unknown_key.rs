use pipeline_sdk::Choice;

#[derive(Choice, Clone, Copy)]
enum Environment {
    Staging,
    #[choice(name = "prod")]
    Production,
}

fn main() {
    let _ = Environment::Production.as_str();
}
