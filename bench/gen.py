#!/usr/bin/env python3
"""Generate N varied sagespec manifests for the bulk and scaling benchmarks.

    bench/gen.py N OUT_DIR [--toml-every K] [--seed S]

Templates are every conformance case the SDK accepted (tests/conformance/cases/*/ with
"expect": "ok") and every TrainingJob example in specs/*.yaml: real manifests, 300-900
bytes each. Manifest i is template i mod T, made unique (job name suffixed with -i, a
`seed` hyperparameter set to i unless its script parses its arguments strictly without
one) and written as TOML for every K-th manifest (default K=2, so half the manifests are
TOML), as YAML otherwise. Local code (`source_dir`, `dependencies`) is copied once per
template into OUT_DIR/code/ and the manifests point at it, so `compile` packs real code.
Every generated manifest validates without errors (benches/bulk.rs checks this).

Needs only Python 3.11+ with PyYAML (the system python3 here has it).
"""

import argparse
import json
import shutil
import sys
from pathlib import Path

import yaml

ROOT = Path(__file__).resolve().parent.parent


def templates():
    """(name, folder, parsed manifest, original text) of every usable template."""
    out = []
    for case in sorted((ROOT / "tests/conformance/cases").iterdir()):
        expect = json.loads((case / "expect.json").read_text())
        if expect.get("expect") != "ok":
            continue
        text = (case / "manifest.yaml").read_text()
        out.append((case.name, case, yaml.safe_load(text), text))
    for spec in sorted((ROOT / "specs").glob("*.yaml")):
        text = spec.read_text()
        doc = yaml.safe_load(text)
        # The other kinds name one another's files (an endpoint its model), which copies
        # renamed by number do not find, and take no hyperparameters.
        if doc.get("kind") == "TrainingJob":
            out.append((spec.stem, spec.parent, doc, text))
    return out


def is_local(path):
    return isinstance(path, str) and "://" not in path


def relocate(name, folder, doc, out_dir):
    """Copies the template's local code under out_dir/code/name and rewrites the paths."""
    dest = out_dir / "code" / name
    for key in ("source_dir",):
        if is_local(doc.get(key)):
            src = folder / doc[key]
            target = dest / doc[key]
            if not target.exists():
                shutil.copytree(src, target)
            doc[key] = f"../code/{name}/{doc[key]}"
    if "source_dir" not in doc and is_local(doc.get("entry_point")):
        target = dest / doc["entry_point"]
        if not target.exists():
            target.parent.mkdir(parents=True, exist_ok=True)
            shutil.copy(folder / doc["entry_point"], target)
        doc["entry_point"] = f"../code/{name}/{doc['entry_point']}"
    if isinstance(doc.get("dependencies"), list):
        deps = []
        for dep in doc["dependencies"]:
            if is_local(dep):
                target = dest / dep
                if not target.exists():
                    shutil.copytree(folder / dep, target)
                dep = f"../code/{name}/{dep}"
            deps.append(dep)
        doc["dependencies"] = deps
    return doc


def script_text(base, doc):
    """The text of `doc`'s entry point (its paths relative to the folder `base`); empty when
    it is not a local file."""
    entry = doc.get("entry_point")
    if not is_local(entry):
        return ""
    folder = base / doc["source_dir"] if is_local(doc.get("source_dir")) else base
    try:
        return (folder / entry).read_text(errors="replace")
    except OSError:
        return ""


def accepts_hyperparameter(script, name):
    """Whether `script` takes `--name`: it does unless it parses its arguments strictly with
    argparse (`parse_args`, not `parse_known_args`) and declares no such option, which
    `sagespec::script::unrecognised-hyperparameter` reports."""
    strict = "parse_args(" in script and "parse_known_args(" not in script
    return not strict or f'"--{name}"' in script or f"'--{name}'" in script


def vary(doc, i, seed=True):
    """`doc` made unique: its name suffixed with -i and, when `seed`, a `seed` hyperparameter."""
    doc = dict(doc)
    for key in ("job_name", "name"):
        if key in doc:
            doc[key] = f"{doc[key][:40]}-{i}"
    if seed:
        hyper = dict(doc.get("hyperparameters") or {})
        hyper["seed"] = i
        doc["hyperparameters"] = hyper
    return doc


# --- a small TOML writer (scalars, arrays, tables, arrays of tables) ----------------------


def toml_key(key):
    key = str(key)
    if key and all(c.isalnum() or c in "-_" for c in key):
        return key
    return json.dumps(key)


def toml_value(value):
    if value is None:
        raise ValueError("TOML has no null")
    if isinstance(value, bool):
        return "true" if value else "false"
    if isinstance(value, (int, float)):
        return repr(value)
    if isinstance(value, str):
        return json.dumps(value, ensure_ascii=False)
    if isinstance(value, list):
        return "[" + ", ".join(toml_value(v) for v in value) + "]"
    if isinstance(value, dict):
        return "{ " + ", ".join(f"{toml_key(k)} = {toml_value(v)}" for k, v in value.items()) + " }"
    raise ValueError(f"cannot write {type(value).__name__} as TOML")


def is_table_array(value):
    return isinstance(value, list) and value and all(isinstance(v, dict) for v in value)


def toml_table(table, path, lines):
    nested = []
    for key, value in table.items():
        if isinstance(value, dict) or is_table_array(value):
            nested.append((key, value))
        else:
            lines.append(f"{toml_key(key)} = {toml_value(value)}")
    for key, value in nested:
        sub = path + [toml_key(key)]
        if isinstance(value, dict):
            lines.append("")
            lines.append(f"[{'.'.join(sub)}]")
            toml_table(value, sub, lines)
        else:
            for item in value:
                lines.append("")
                lines.append(f"[[{'.'.join(sub)}]]")
                toml_table(item, sub, lines)


def to_toml(doc, comment):
    lines = [f"# {comment}"]
    toml_table(doc, [], lines)
    return "\n".join(lines) + "\n"


def to_yaml(doc, comment):
    return f"# {comment}\n" + yaml.safe_dump(doc, sort_keys=False, default_flow_style=False, width=120)


def main():
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("count", type=int)
    parser.add_argument("out", type=Path)
    parser.add_argument("--toml-every", type=int, default=2, help="every K-th manifest is TOML (0: none)")
    args = parser.parse_args()

    if args.out.exists():
        shutil.rmtree(args.out)
    manifests = args.out / "manifests"
    manifests.mkdir(parents=True)
    prepared = []
    for name, folder, doc, _ in templates():
        doc = relocate(name, folder, doc, args.out)
        prepared.append((name, doc, accepts_hyperparameter(script_text(manifests, doc), "seed")))
    width = len(str(args.count))
    sizes = []
    for i in range(args.count):
        name, doc, seed = prepared[i % len(prepared)]
        doc = vary(doc, i, seed)
        comment = f"generated by bench/gen.py from {name}"
        text = None
        if args.toml_every and i % args.toml_every == args.toml_every - 1:
            try:
                text, ext = to_toml(doc, comment), "toml"
            except ValueError:
                text = None
        if text is None:
            text, ext = to_yaml(doc, comment), "yaml"
        (manifests / f"m{i:0{width}d}.{ext}").write_text(text)
        sizes.append(len(text.encode()))
    sizes.sort()
    print(
        f"{args.count} manifests in {manifests} from {len(prepared)} templates; "
        f"bytes min {sizes[0]} median {sizes[len(sizes) // 2]} max {sizes[-1]}",
        file=sys.stderr,
    )


if __name__ == "__main__":
    main()
