//! The `codeward` binary: everything is in the library's `cli` module.

fn main() -> std::process::ExitCode {
    codeward::cli::main()
}
