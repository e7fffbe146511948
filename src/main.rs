//! The `sagespec` binary: everything lives in the library; see `sagespec::cli`.

fn main() -> std::process::ExitCode {
    sagespec::cli::main()
}
