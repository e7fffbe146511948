//! The facts read from scripts, and the job's code found from its entry point.

use std::fs;

use super::python::{Argument, read};
use super::{Code, analyse};

#[test]
fn imports_bind_names_and_calls_resolve_through_them() {
    let facts = read(
        "import torch.distributed as dist\nimport smdistributed.dataparallel.torch.torch_smddp\n\
         from smdistributed.dataparallel.tensorflow import init as sdp_init\n\
         dist.init_process_group(backend=\"smddp\")\nsdp_init()\n",
    );
    assert_eq!(facts.imports.len(), 3);
    assert_eq!(facts.imports[1].module, "smdistributed.dataparallel.torch.torch_smddp");
    assert_eq!(facts.imports[2].names, ["init"]);
    let names: Vec<&str> = facts.calls.iter().map(|c| c.name.as_str()).collect();
    assert_eq!(names, ["torch.distributed.init_process_group", "smdistributed.dataparallel.tensorflow.init"]);
    assert_eq!(facts.calls[0].argument(0, "backend"), Some(&Argument::Text("smddp".into())));
    assert!(!facts.syntax_error && facts.dynamic.is_none());
}

#[test]
fn a_parser_with_literal_options_is_known_and_strict_with_parse_args() {
    let facts = read(
        "import argparse\np = argparse.ArgumentParser()\ng = p.add_argument_group('x')\n\
         p.add_argument('--epochs', '-e', type=int)\ng.add_argument('--lr')\np.add_argument('data')\n\
         args = p.parse_args()\n",
    );
    assert_eq!(facts.parsers.len(), 1);
    let parser = &facts.parsers[0];
    assert!(parser.known && parser.allow_abbrev);
    assert_eq!(parser.options, ["--epochs", "-e", "--lr", "data"]);
    assert_eq!(parser.strict_parses.len(), 1);
}

#[test]
fn parsers_that_cannot_be_read_are_unknown() {
    let unknown = |text: &str| {
        let facts = read(text);
        assert_eq!(facts.parsers.len(), 1, "{text}");
        !facts.parsers[0].known
    };
    let head = "import argparse\np = argparse.ArgumentParser()\n";
    assert!(unknown(&format!("{head}for n in names:\n    p.add_argument(f'--{{n}}')\np.parse_args()\n")));
    assert!(unknown(&format!("{head}p.add_argument(**spec)\np.parse_args()\n")));
    assert!(unknown(&format!("{head}add_model_args(p)\np.parse_args()\n")));
    assert!(unknown(&format!("{head}p.add_subparsers()\np.parse_args()\n")));
    assert!(unknown(&format!("{head}p.parse_args(['--x'])\n")));
    assert!(unknown(&format!("{head}import sys\nsys.argv = sys.argv[:1]\np.parse_args()\n")));
    assert!(unknown("import argparse\np = argparse.ArgumentParser(parents=[base])\np.parse_args()\n"));
    assert!(unknown("import argparse\np = argparse.ArgumentParser(**kw)\np.parse_args()\n"));
    // parse_known_args is not strict, but the parser is still known.
    let facts = read(&format!("{head}p.add_argument('--a')\np.parse_known_args()\n"));
    assert!(facts.parsers[0].known && facts.parsers[0].strict_parses.is_empty());
    let facts = read("import argparse\np = argparse.ArgumentParser(allow_abbrev=False)\n");
    assert!(facts.parsers[0].known && !facts.parsers[0].allow_abbrev);
}

#[test]
fn channels_are_read_from_environment_variables_and_paths_but_not_docstrings() {
    let facts = read(
        "\"\"\"Reads /opt/ml/input/data/<channel>.\"\"\"\nimport os\n\
         a = os.environ['SM_CHANNEL_VALIDATION']\nb = '/opt/ml/input/data/test/part-0'\n\
         c = f'/opt/ml/input/data/{x}'\nd = os.environ.get('SM_CHANNELS')\n",
    );
    let reads: Vec<(&str, bool)> = facts.channels.iter().map(|c| (c.name.as_str(), c.by_env)).collect();
    assert_eq!(reads, [("VALIDATION", true), ("test", false)]);
}

#[test]
fn dynamic_imports_and_syntax_errors_are_noted() {
    assert!(read("import importlib\nm = importlib.import_module(name)\n").dynamic.is_some());
    assert!(read("exec(code)\n").dynamic.is_some());
    assert!(read("def broken(:\n").syntax_error);
    assert!(read("\u{0}\u{1}binary").syntax_error);
}

#[test]
fn deeply_nested_code_does_not_overflow_the_stack() {
    let text = format!("x = {}1{}\n", "(".repeat(5000), ")".repeat(5000));
    let facts = read(&text);
    assert!(facts.calls.is_empty());
}

#[test]
fn local_modules_are_followed_through_source_dir_and_dependencies() {
    let dir = tempfile::tempdir().expect("temporary folder");
    let write = |path: &str, text: &str| {
        let path = dir.path().join(path);
        fs::create_dir_all(path.parent().expect("parent")).expect("folder");
        fs::write(path, text).expect("write");
    };
    write("src/train.py", "import torch\nfrom util import setup\nimport mylib.dist\nsetup()\n");
    write("src/util.py", "from . import helpers\n");
    write("src/helpers.py", "import os\nx = os.environ['SM_CHANNEL_EXTRA']\n");
    write("deps/mylib/__init__.py", "");
    write("deps/mylib/dist.py", "import smdistributed.dataparallel.torch.torch_smddp\n");
    write("src/big.py", &"#".repeat(2 << 20));
    let manifest: crate::spec::Manifest = serde_json::from_value(serde_json::json!({
        "entry_point": "train.py", "source_dir": "src", "dependencies": ["deps/mylib"]
    }))
    .expect("manifest");
    let code = Code::of(&manifest, dir.path()).expect("local code");
    let analysis = analyse(&code).expect("analysed");
    let shown: Vec<&str> = analysis.files.iter().map(|f| f.shown.as_str()).collect();
    assert_eq!(
        shown,
        ["src/train.py", "src/util.py", "deps/mylib/__init__.py", "deps/mylib/dist.py", "src/helpers.py"]
    );
    assert!(analysis.complete);
    assert!(analysis.import_of("smdistributed.dataparallel.torch.torch_smddp").is_some());
    assert_eq!(analysis.channel_reads().count(), 1);

    write("src/train.py", "import big\n");
    let analysis = analyse(&code).expect("analysed");
    assert!(!analysis.complete, "a module over the size limit leaves the analysis incomplete");
}
