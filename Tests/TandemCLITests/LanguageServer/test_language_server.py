"""`tandem lsp` driven by an independent client (pytest-lsp): what an author's editor sees.

The Swift test LanguageServerClientTests runs this file with TANDEM_LSP_BINARY set to the
built `tandem` and TANDEM_LSP_DRAFTS to a folder holding relax.yaml (a module with two
misspelt step names, one after an emoji on its line).
"""

import os
import pathlib

import pytest
import pytest_lsp
from lsprotocol import types
from pytest_lsp import ClientServerConfig, LanguageClient

BINARY = os.environ.get("TANDEM_LSP_BINARY", "tandem")
DRAFTS = pathlib.Path(os.environ.get("TANDEM_LSP_DRAFTS", "."))
MODULE = DRAFTS / "relax.yaml"
URI = MODULE.resolve().as_uri()


@pytest_lsp.fixture(config=ClientServerConfig(server_command=[BINARY, "lsp"]))
async def client(lsp_client: LanguageClient):
    await lsp_client.initialize_session(
        types.InitializeParams(capabilities=types.ClientCapabilities())
    )
    yield
    await lsp_client.shutdown_session()


def open_module(client: LanguageClient, text: str) -> None:
    client.text_document_did_open(
        types.DidOpenTextDocumentParams(
            text_document=types.TextDocumentItem(
                uri=URI, language_id="yaml", version=1, text=text
            )
        )
    )


async def diagnostics_after(client: LanguageClient, action) -> list:
    """Runs `action`, then waits for the next diagnostics of the module."""
    waiting = client.wait_for_notification(types.TEXT_DOCUMENT_PUBLISH_DIAGNOSTICS)
    action()
    await waiting
    return list(client.diagnostics[URI])


def line_of(text: str, needle: str) -> int:
    return next(n for n, line in enumerate(text.split("\n")) if needle in line)


@pytest.mark.asyncio
async def test_validate_diagnostics_on_open(client: LanguageClient):
    text = MODULE.read_text()
    found = await diagnostics_after(client, lambda: open_module(client, text))
    messages = sorted((d.range.start.line, d.range.start.character, d.message) for d in found)
    next_line = line_of(text, "next: pain-nw")
    when_line = line_of(text, "pain-nw > 2")
    # validate says relax.yaml:11:11 and relax.yaml:44:29 (columns in characters); the
    # protocol counts from 0, in UTF-16 units: the emoji before the second one counts twice.
    assert messages == [
        (next_line, 10, "unknown step 'pain-nw' in 'next:'; did you mean 'pain-now'?"),
        (when_line, 29, "unknown step 'pain-nw'; did you mean 'pain-now'?"),
    ]
    assert all(d.severity == types.DiagnosticSeverity.Error for d in found)
    assert all(d.range.end.character - d.range.start.character == len("pain-nw") for d in found)


@pytest.mark.asyncio
async def test_completion_of_step_ids_in_next(client: LanguageClient):
    text = MODULE.read_text()
    await diagnostics_after(client, lambda: open_module(client, text))
    line = line_of(text, "next: pain-nw")
    result = await client.text_document_completion_async(
        types.CompletionParams(
            text_document=types.TextDocumentIdentifier(uri=URI),
            position=types.Position(line=line, character=len("    next: pa")),
        )
    )
    items = result.items if isinstance(result, types.CompletionList) else result
    labels = [item.label for item in items]
    for step in ["pain-now", "pace", "note", "tip", "close", "end"]:
        assert step in labels
    # The line is in step 'welcome': leading to itself would be a loop.
    assert "welcome" not in labels


@pytest.mark.asyncio
async def test_completion_of_option_ids_in_when_and_fields(client: LanguageClient):
    text = MODULE.read_text().replace('when: "pace == quick"', 'when: "pace == "')
    await diagnostics_after(client, lambda: open_module(client, text))
    line = line_of(text, 'when: "pace == "')
    result = await client.text_document_completion_async(
        types.CompletionParams(
            text_document=types.TextDocumentIdentifier(uri=URI),
            position=types.Position(line=line, character=len('    when: "pace == ')),
        )
    )
    items = result.items if isinstance(result, types.CompletionList) else result
    assert sorted(item.label for item in items) == ["quick", "slow"]

    # A new field line in the scale step: the scale step's fields not given yet.
    text = text.replace("    min: 0\n", "    min: 0\n    an\n")
    client.text_document_did_change(
        types.DidChangeTextDocumentParams(
            text_document=types.VersionedTextDocumentIdentifier(uri=URI, version=2),
            content_changes=[types.TextDocumentContentChangeWholeDocument(text=text)],
        )
    )
    line = line_of(text, "    an")
    result = await client.text_document_completion_async(
        types.CompletionParams(
            text_document=types.TextDocumentIdentifier(uri=URI),
            position=types.Position(line=line, character=6),
        )
    )
    items = result.items if isinstance(result, types.CompletionList) else result
    labels = [item.label for item in items]
    assert "rating" in labels and "phase" in labels
    assert "min" not in labels and "anchors" not in labels and "options" not in labels


@pytest.mark.asyncio
async def test_completion_of_placeholders_and_snippets(client: LanguageClient):
    text = MODULE.read_text().replace("    body: Well done.", '    body: "Well done {{').replace(
        "    question: Anything to add?\n", "    question: Anything to add?\n    include: \n"
    )
    await diagnostics_after(client, lambda: open_module(client, text))

    async def labels(needle: str, prefix: str) -> list:
        result = await client.text_document_completion_async(
            types.CompletionParams(
                text_document=types.TextDocumentIdentifier(uri=URI),
                position=types.Position(line=line_of(text, needle), character=len(prefix)),
            )
        )
        items = result.items if isinstance(result, types.CompletionList) else result
        return [item.label for item in items]

    # In {{ of the last step: the earlier steps that take an answer, not the text pages.
    offered = await labels('body: "Well done {{', '    body: "Well done {{')
    assert sorted(offered) == ["note", "pace", "pain-now"]
    # After include: the shipped snippets' ids.
    offered = await labels("    include: ", "    include: ")
    assert "red-flags" in offered and "crisis-resources" in offered
    assert "pain-now" not in offered


@pytest.mark.asyncio
async def test_hover_and_definition_of_a_step(client: LanguageClient):
    text = MODULE.read_text()
    await diagnostics_after(client, lambda: open_module(client, text))
    line = line_of(text, "You chose {{pace}}")
    position = types.Position(line=line, character=text.split("\n")[line].index("{{pace") + 3)
    hover = await client.text_document_hover_async(
        types.HoverParams(text_document=types.TextDocumentIdentifier(uri=URI), position=position)
    )
    assert hover is not None
    assert "choice" in hover.contents.value and "Which pace suits you today?" in hover.contents.value

    definition = await client.text_document_definition_async(
        types.DefinitionParams(text_document=types.TextDocumentIdentifier(uri=URI), position=position)
    )
    target = definition[0] if isinstance(definition, list) else definition
    assert target.uri == URI
    assert target.range.start.line == line_of(text, "- id: pace")
    assert target.range.start.character == len("  - id: ")


@pytest.mark.asyncio
async def test_did_you_mean_fix_clears_the_diagnostic(client: LanguageClient):
    text = MODULE.read_text()
    found = await diagnostics_after(client, lambda: open_module(client, text))
    first = min(found, key=lambda d: d.range.start.line)
    actions = await client.text_document_code_action_async(
        types.CodeActionParams(
            text_document=types.TextDocumentIdentifier(uri=URI),
            range=first.range,
            context=types.CodeActionContext(diagnostics=[first]),
        )
    )
    assert len(actions) == 1
    action = actions[0]
    assert action.kind == types.CodeActionKind.QuickFix
    (edit,) = action.edit.changes[URI]
    assert edit.new_text == "pain-now"

    # Apply the edit as an editor would, and send the new text.
    lines = text.split("\n")
    line = lines[edit.range.start.line]
    lines[edit.range.start.line] = (
        line[: edit.range.start.character] + edit.new_text + line[edit.range.end.character :]
    )
    fixed = "\n".join(lines)
    assert "next: pain-now" in fixed
    change = types.DidChangeTextDocumentParams(
        text_document=types.VersionedTextDocumentIdentifier(uri=URI, version=2),
        content_changes=[types.TextDocumentContentChangeWholeDocument(text=fixed)],
    )
    after = await diagnostics_after(client, lambda: client.text_document_did_change(change))
    assert [d.message for d in after] == ["unknown step 'pain-nw'; did you mean 'pain-now'?"]

    # The other one, after the emoji: its edit lands on the name, not two units early.
    (last,) = after
    actions = await client.text_document_code_action_async(
        types.CodeActionParams(
            text_document=types.TextDocumentIdentifier(uri=URI),
            range=last.range,
            context=types.CodeActionContext(diagnostics=[last]),
        )
    )
    (edit,) = actions[0].edit.changes[URI]
    lines = fixed.split("\n")
    line = lines[edit.range.start.line]
    # Python indexes code points; the protocol counts UTF-16: the emoji is one point, two units.
    units = line.encode("utf-16-le")
    start, end = edit.range.start.character * 2, edit.range.end.character * 2
    lines[edit.range.start.line] = (units[:start] + edit.new_text.encode("utf-16-le") + units[end:]).decode("utf-16-le")
    clean = "\n".join(lines)
    assert "or pain-now > 2" in clean
    change = types.DidChangeTextDocumentParams(
        text_document=types.VersionedTextDocumentIdentifier(uri=URI, version=3),
        content_changes=[types.TextDocumentContentChangeWholeDocument(text=clean)],
    )
    assert await diagnostics_after(client, lambda: client.text_document_did_change(change)) == []


@pytest.mark.asyncio
async def test_unknown_request_is_an_error_and_the_server_goes_on(client: LanguageClient):
    with pytest.raises(Exception) as raised:
        await client.protocol.send_request_async("tandem/noSuchMethod", {})
    assert "-32601" in str(raised.value) or "noSuchMethod" in str(raised.value)
    text = MODULE.read_text()
    found = await diagnostics_after(client, lambda: open_module(client, text))
    assert len(found) == 2
