#!/usr/bin/env python3
"""Generate the same N TrainingJob manifests twice, flat and under three Defaults layers,
for the Defaults benchmark (`benches/defaults.rs`, issue 14).

    bench/gen_layered.py N OUT_DIR [--teams T] [--toml-every K]

Writes:

    OUT_DIR/code/<template>/…             the templates' local code, shared by both trees
    OUT_DIR/flat/m<i>.{yaml,toml}         every key written in each manifest
    OUT_DIR/layered/org/sagespec.defaults.yaml                     layer 1 (root: true)
    OUT_DIR/layered/org/team-<t>/sagespec.defaults.yaml            layer 2
    OUT_DIR/layered/org/team-<t>/project-<template>/sagespec.defaults.yaml   layer 3
    OUT_DIR/layered/org/team-<t>/project-<template>/m<i>.{yaml,toml}

Manifest i is made as `bench/gen.py` makes it (template i mod T of the TrainingJob
templates, job name suffixed with -i, a `seed` hyperparameter where its script takes one). Its project folder is its
template's, its team the template's index mod `--teams` (default 8). The layers hold what
the manifests share:

- org: region, role, tags (org, cost-center), an `environments: prod` entry and a policy
  every manifest keeps (instance types, regions, counts, max_run, required keys and tags);
- team: output_path, subnets, security_group_ids, tags (team), environment, a policy;
- project: the template's framework, framework_version and py_version, its hyperparameters
  (but `seed`) and a few more (those its script takes), tags (project).

The layered manifest holds only what differs from what it inherits; the flat one is the
manifest merged with its layers as `src/defaults/merge.rs` merges (mappings key by key, a
nearer value in the place of the one it replaces, scalars and lists replaced, a manifest's
`null` removing an inherited value), its top-level keys in the merged order. So the two
trees describe the same jobs: `sagespec compile` prints the same bytes for a layered
manifest and its flat twin (`benches/defaults.rs` checks a sample). A manifest is TOML in
both trees when both halves can be written as TOML (every K-th, default 2), else YAML.

Needs only Python 3.11+ with PyYAML; the templates and the TOML writer are `bench/gen.py`'s.
"""

import argparse
import copy
import shutil
import sys
from pathlib import Path

import yaml

from gen import accepts_hyperparameter, relocate, script_text, templates, to_toml, to_yaml, vary

# Keys a Defaults file cannot set (`merge::NOT_SHARED`).
NOT_SHARED = {"apiVersion", "kind", "name", "job_name", "model_name", "endpoint_name", "training_job", "model"}
# The local paths `gen.relocate` writes are relative to OUT_DIR/flat; the layered manifests
# sit three folders deeper.
FLAT_CODE, LAYERED_CODE = "../code/", "../../../../code/"
ACCOUNT = "123456789012"


def org_layer():
    return {
        "apiVersion": "sagespec/v1",
        "kind": "Defaults",
        "root": True,
        "defaults": {
            "region": "us-west-2",
            "role": f"arn:aws:iam::{ACCOUNT}:role/SageMakerRole",
            "tags": {"org": "acme", "cost-center": "cc-1000"},
        },
        "environments": {
            "prod": {
                "role": "arn:aws:iam::444455556666:role/SageMakerProd",
                "output_path": "s3://acme-ml-prod/output/",
            },
        },
        "policy": {
            "allowed_instance_types": ["ml.p4d.*", "ml.p5.*", "ml.g5.*", "ml.c5.*", "ml.m5.*", "ml.*"],
            "allowed_regions": ["us-west-2", "us-east-1", "eu-central-2"],
            "max_instance_count": 16,
            "max_run": 432000,
            "require": ["role", "output_path", "subnets"],
            "required_tags": ["org", "team", "project"],
        },
    }


def team_layer(team):
    return {
        "apiVersion": "sagespec/v1",
        "kind": "Defaults",
        "defaults": {
            "output_path": f"s3://acme-ml-team-{team}/output/",
            "subnets": [f"subnet-0{team:07x}aaaa000{team}", f"subnet-0{team:07x}bbbb000{team}"],
            "security_group_ids": [f"sg-0{team:07x}cccc000{team}"],
            "tags": {"team": f"team-{team}"},
            "environment": {"TEAM_NAME": f"team-{team}", "LOG_LEVEL": "info"},
        },
        "policy": {"max_instance_count": 16, "required_tags": ["team"]},
    }


def project_layer(name, template, script):
    """The project's settings: its template's framework and hyperparameters, and a few more
    that its script (the text `script`) takes."""
    defaults = {key: template[key] for key in ("framework", "framework_version", "py_version") if key in template}
    more = {"epochs": 3, "learning_rate": 0.0005, "warmup_steps": 100}
    hyper = {key: value for key, value in more.items() if accepts_hyperparameter(script, key)}
    hyper.update((k, v) for k, v in (template.get("hyperparameters") or {}).items() if k != "seed" and v is not None)
    defaults["hyperparameters"] = hyper
    defaults["tags"] = {"project": name}
    return {"apiVersion": "sagespec/v1", "kind": "Defaults", "defaults": defaults}


# --- merging, as src/defaults/merge.rs does -------------------------------------------------


def overlay(target, incoming, from_manifest):
    """Lays the mapping `incoming` over `target` in place (`merge::overlay`)."""
    for key, value in incoming.items():
        if key not in target:
            # A null with nothing to remove: a manifest's stays, a Defaults file's is nothing.
            if value is not None or from_manifest:
                target[key] = copy.deepcopy(value)
        elif value is None:
            del target[key]
        elif isinstance(target[key], dict) and isinstance(value, dict):
            overlay(target[key], value, from_manifest)
        else:
            target[key] = copy.deepcopy(value)


def settings(layers):
    """The layers' `defaults`, merged outermost first (`merge::settings_over`)."""
    merged = {}
    for layer in layers:
        overlay(merged, {k: v for k, v in layer["defaults"].items() if k not in NOT_SHARED}, False)
    return merged


def merged_manifest(inherited, own):
    """`own` over `inherited`, top-level keys in `own`'s order, then the inherited ones
    (`merge::overlay_manifest`)."""
    merged = copy.deepcopy(inherited)
    overlay(merged, own, True)
    first = [key for key in own if key in merged]
    return {key: merged[key] for key in first + [key for key in merged if key not in own]}


def own_part(full, inherited):
    """What of `full` differs from `inherited`: what a manifest under the layers writes."""
    own = {}
    for key, value in full.items():
        if key not in inherited or value is None:
            own[key] = value
        elif isinstance(value, dict) and isinstance(inherited[key], dict):
            sub = own_part(value, inherited[key])
            if sub:
                own[key] = sub
        elif value != inherited[key]:
            own[key] = value
    return own


def relocated_for_layered(doc):
    """`doc` with its local code paths written from a project folder."""
    doc = dict(doc)
    for key in ("source_dir", "entry_point"):
        if isinstance(doc.get(key), str) and doc[key].startswith(FLAT_CODE):
            doc[key] = LAYERED_CODE + doc[key][len(FLAT_CODE) :]
    if isinstance(doc.get("dependencies"), list):
        doc["dependencies"] = [
            LAYERED_CODE + d[len(FLAT_CODE) :] if isinstance(d, str) and d.startswith(FLAT_CODE) else d
            for d in doc["dependencies"]
        ]
    return doc


def write(path, doc, comment, as_toml):
    path.parent.mkdir(parents=True, exist_ok=True)
    text = to_toml(doc, comment) if as_toml else to_yaml(doc, comment)
    path.write_text(text)
    return len(text.encode())


def toml_or_none(doc):
    try:
        return to_toml(doc, "")
    except ValueError:
        return None


def main():
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("count", type=int)
    parser.add_argument("out", type=Path)
    parser.add_argument("--teams", type=int, default=8, help="team folders (default 8)")
    parser.add_argument("--toml-every", type=int, default=2, help="every K-th manifest is TOML (0: none)")
    args = parser.parse_args()

    if args.out.exists():
        shutil.rmtree(args.out)
    flat = args.out / "flat"
    org = args.out / "layered" / "org"
    flat.mkdir(parents=True)
    prepared = [
        (name, relocate(name, folder, doc, args.out))
        for name, folder, doc, _ in templates()
        if doc.get("kind") == "TrainingJob"
    ]
    scripts = [script_text(flat, doc) for _, doc in prepared]

    write(org / "sagespec.defaults.yaml", org_layer(), "generated by bench/gen_layered.py: the org", False)
    chains = []
    for index, (name, doc) in enumerate(prepared):
        team = index % args.teams
        folder = org / f"team-{team}" / f"project-{name}"
        layers = [org_layer(), team_layer(team), project_layer(name, doc, scripts[index])]
        if index < args.teams:
            comment = f"generated by bench/gen_layered.py: team {team}"
            write(folder.parent / "sagespec.defaults.yaml", layers[1], comment, False)
        comment = f"generated by bench/gen_layered.py: project {name}"
        write(folder / "sagespec.defaults.yaml", layers[2], comment, False)
        chains.append((folder, settings(layers)))

    width = len(str(args.count))
    sizes = {"flat": [], "layered": []}
    for i in range(args.count):
        name, doc = prepared[i % len(prepared)]
        folder, inherited = chains[i % len(prepared)]
        full = vary(doc, i, accepts_hyperparameter(scripts[i % len(prepared)], "seed"))
        own = own_part(full, inherited)
        whole = merged_manifest(inherited, own)
        own = relocated_for_layered(own)
        as_toml = bool(args.toml_every) and i % args.toml_every == args.toml_every - 1
        as_toml = as_toml and toml_or_none(own) is not None and toml_or_none(whole) is not None
        ext = "toml" if as_toml else "yaml"
        comment = f"generated by bench/gen_layered.py from {name}"
        sizes["flat"].append(write(flat / f"m{i:0{width}d}.{ext}", whole, comment, as_toml))
        sizes["layered"].append(write(folder / f"m{i:0{width}d}.{ext}", own, comment, as_toml))

    for tree, sized in sizes.items():
        sized.sort()
        print(
            f"{args.count} {tree} manifests from {len(prepared)} TrainingJob templates; "
            f"bytes min {sized[0]} median {sized[len(sized) // 2]} max {sized[-1]} total {sum(sized)}",
            file=sys.stderr,
        )
    print(f"{1 + min(args.teams, len(prepared)) + len(prepared)} Defaults files under {org}", file=sys.stderr)


if __name__ == "__main__":
    main()
