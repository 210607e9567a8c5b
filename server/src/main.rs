//! The `okur` command (see [`okur::cli`]).

#[tokio::main]
async fn main() -> std::process::ExitCode {
    okur::cli::run().await
}
