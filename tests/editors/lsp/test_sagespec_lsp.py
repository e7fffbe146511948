"""`sagespec lsp` end to end through pytest-lsp, a client the project did not write,
announcing the capabilities of real editors (VS Code and Neovim, as pytest-lsp records
them): the diagnostics of a manifest with non-ASCII text, in UTF-16 columns; the quick fix
of one; the diagnostics once the editor applied it; the watcher on Defaults files the
server registers with a client that can watch files.

Run by tests/editor_lsp.rs, with the binary under test in SAGESPEC_BIN.
"""

import os
import pathlib

import pytest
import pytest_lsp
from lsprotocol import types
from pytest_lsp import ClientServerConfig, LanguageClient, client_capabilities

MANIFEST = """\
# Modèle d'entraînement — « données » 😀
apiVersion: sagespec/v1
kind: TrainingJob
job_name: pytest-lsp
region: us-west-2
framework: pytorch
framework_version: 2.2 # écrit sans guillemets
tensorboard_output_config: {container_local_output_path: /opt/ml/ü😀, colr: x}
py_version: py310
entry_point: train.py
source_dir: src
role: arn:aws:iam::111122223333:role/SageMakerRole
instance_type: ml.g5.xlarge
instance_count: 1
"""

UNQUOTED = "sagespec::manifest::unquoted-version"
UNKNOWN_KEY = "sagespec::schema::unknown-key"


@pytest_lsp.fixture(
    config=ClientServerConfig(server_command=[os.environ["SAGESPEC_BIN"], "lsp"]),
    params=["visual-studio-code", "neovim"],
)
async def client(lsp_client: LanguageClient, request):
    # As the editors do, accept the server's registrations (the Defaults files' watcher),
    # and keep them to check.
    lsp_client.registrations = []

    @lsp_client.feature(types.CLIENT_REGISTER_CAPABILITY)
    def register_capability(params: types.RegistrationParams):
        lsp_client.registrations.extend(params.registrations)

    capabilities = client_capabilities(request.param)
    await lsp_client.initialize_session(types.InitializeParams(capabilities=capabilities))
    yield
    await lsp_client.shutdown_session()


def span(diagnostic):
    r = diagnostic.range
    return (r.start.line, r.start.character, r.end.line, r.end.character)


def by_code(diagnostics, code):
    found = [d for d in diagnostics if d.code == code]
    assert found, f"no {code} in {diagnostics}"
    return found[0]


async def diagnostics_of(client: LanguageClient, uri: str, version: int):
    """Waits for the diagnostics of `uri` at `version`."""
    for _ in range(20):
        params = await client.wait_for_notification(types.TEXT_DOCUMENT_PUBLISH_DIAGNOSTICS)
        if params.uri == uri and params.version == version:
            return params.diagnostics
    raise AssertionError(f"no diagnostics for {uri} at version {version}")


async def test_open_diagnose_fix(client: LanguageClient, tmp_path: pathlib.Path):
    (tmp_path / "src").mkdir()
    (tmp_path / "src" / "train.py").write_text("print('hi')\n")
    path = tmp_path / "train.yaml"
    path.write_text(MANIFEST, encoding="utf-8")
    uri = path.resolve().as_uri()

    client.text_document_did_open(
        types.DidOpenTextDocumentParams(
            text_document=types.TextDocumentItem(uri=uri, language_id="yaml", version=1, text=MANIFEST)
        )
    )
    diagnostics = await diagnostics_of(client, uri, 1)
    # The server asked to watch the Defaults files when the client can register watchers
    # (VS Code), and not otherwise (Neovim), before it published anything.
    watched = client.capabilities.workspace.did_change_watched_files
    globs = [
        watcher["globPattern"]
        for registration in client.registrations
        if registration.method == types.WORKSPACE_DID_CHANGE_WATCHED_FILES
        for watcher in registration.register_options["watchers"]
    ]
    if watched is not None and watched.dynamic_registration:
        assert globs == ["**/sagespec.defaults.{yaml,yml,toml}"], client.registrations
    else:
        assert globs == [], client.registrations
    unquoted = by_code(diagnostics, UNQUOTED)
    assert span(unquoted) == (6, 19, 6, 22)
    assert unquoted.severity == types.DiagnosticSeverity.Error
    # After `/opt/ml/ü😀, `: column 70 in UTF-16 units (73 in bytes).
    assert span(by_code(diagnostics, UNKNOWN_KEY)) == (7, 70, 7, 74)

    actions = await client.text_document_code_action_async(
        types.CodeActionParams(
            text_document=types.TextDocumentIdentifier(uri=uri),
            range=unquoted.range,
            context=types.CodeActionContext(diagnostics=[unquoted]),
        )
    )
    titles = [a.title for a in actions]
    assert 'quote the version: "2.2"' in titles, titles
    action = actions[titles.index('quote the version: "2.2"')]
    (edit,) = action.edit.changes[uri]
    assert edit.new_text == '"2.2"'

    client.text_document_did_change(
        types.DidChangeTextDocumentParams(
            text_document=types.VersionedTextDocumentIdentifier(uri=uri, version=2),
            content_changes=[types.TextDocumentContentChangePartial(range=edit.range, text=edit.new_text)],
        )
    )
    fixed = await diagnostics_of(client, uri, 2)
    assert UNQUOTED not in [d.code for d in fixed]
    assert span(by_code(fixed, UNKNOWN_KEY)) == (7, 70, 7, 74)

    hover = await client.text_document_hover_async(
        types.HoverParams(text_document=types.TextDocumentIdentifier(uri=uri), position=types.Position(line=7, character=71))
    )
    assert UNKNOWN_KEY in hover.contents.value
