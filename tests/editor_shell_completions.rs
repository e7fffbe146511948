//! `sagespec completions SHELL` prints a completion script generated from the clap
//! definitions: each shell's script names the binary and its subcommands.

use std::process::Command;

#[test]
fn each_shell_gets_a_script_naming_sagespec_and_its_subcommands() {
    for shell in ["bash", "zsh", "fish"] {
        let output = Command::new(env!("CARGO_BIN_EXE_sagespec")).args(["completions", shell]).output().expect("run");
        assert!(output.status.success(), "{shell}: {}", String::from_utf8_lossy(&output.stderr));
        let script = String::from_utf8(output.stdout).expect("the script is UTF-8");
        // fish spells a long option `-l format`; bash and zsh write `--format`.
        let format_option = if shell == "fish" { "-l format" } else { "--format" };
        for word in ["sagespec", "validate", "compile", "init", format_option] {
            assert!(script.contains(word), "the {shell} script does not mention {word}");
        }
    }
}

#[test]
fn an_unknown_shell_is_a_usage_error() {
    let output = Command::new(env!("CARGO_BIN_EXE_sagespec")).args(["completions", "tcsh"]).output().expect("run");
    assert_eq!(output.status.code(), Some(2));
    assert!(output.stdout.is_empty());
}
