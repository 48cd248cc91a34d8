// The protocol VS Code speaks with codeward, end to end against the real binary: the client
// capabilities of vscode-languageclient (so pull diagnostics and UTF-16), the settings the
// extension sends, pulled diagnostics, code actions, fix-all and the workspace scan. Every
// assertion is on exact ranges, codes, edits and resulting text.

import * as assert from 'node:assert/strict';
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { after, before, describe, test } from 'node:test';
import { pathToFileURL } from 'node:url';
import type {
    CodeAction,
    Diagnostic,
    FullDocumentDiagnosticReport,
    InitializeResult,
    PublishDiagnosticsParams,
    TextEdit,
} from 'vscode-languageserver-protocol';

import { configurationChange, readSettings, type ServerSettings } from '../src/settings';
import { vscodeClientCapabilities } from './clientCapabilities';
import { codewardBinary, LspSession } from './lspSession';

const RULE = 'python-weak-hash-md5-sha1';

// The emoji is two UTF-16 code units and four UTF-8 bytes: a server that counted bytes or
// code points would put the range at 28 or 25 instead of 26.
const APP = [
    'import hashlib',
    '',
    '',
    'def fingerprint(data):',
    '    salt = "🔒"; digest = hashlib.md5(salt.encode() + data)',
    '    return digest.hexdigest()',
    '',
].join('\n');

const TWO_FINDINGS = ['import hashlib', 'a = hashlib.md5(b"a")', 'b = hashlib.sha1(b"b")', ''].join('\n');

function range(startLine: number, startCharacter: number, endLine: number, endCharacter: number) {
    return {
        start: { line: startLine, character: startCharacter },
        end: { line: endLine, character: endCharacter },
    };
}

/** Applies LSP text edits whose positions count UTF-16 code units, as JavaScript strings do. */
function applyEdits(text: string, edits: TextEdit[]): string {
    const lineStarts = [0];
    for (let index = 0; index < text.length; index++) {
        if (text[index] === '\n') {
            lineStarts.push(index + 1);
        }
    }
    const offset = (line: number, character: number) => (lineStarts[line] ?? text.length) + character;
    const sorted = [...edits].sort(
        (left, right) =>
            offset(right.range.start.line, right.range.start.character) -
            offset(left.range.start.line, left.range.start.character),
    );
    let result = text;
    for (const edit of sorted) {
        const start = offset(edit.range.start.line, edit.range.start.character);
        const end = offset(edit.range.end.line, edit.range.end.character);
        result = result.slice(0, start) + edit.newText + result.slice(end);
    }
    return result;
}

function editsFor(action: CodeAction, uri: string): TextEdit[] {
    const edits = action.edit?.changes?.[uri];
    assert.ok(edits, `action "${action.title}" has no edits for ${uri}: ${JSON.stringify(action.edit)}`);
    return edits;
}

/** What the extension sends for a given `codeward.*` configuration. */
function extensionSettings(values: Record<string, unknown>): ServerSettings {
    return readSettings({ get: (key: string) => values[key] });
}

interface Workspace {
    folder: string;
    uri(relative: string): string;
}

function makeWorkspace(files: Record<string, string>): Workspace {
    const folder = fs.mkdtempSync(path.join(os.tmpdir(), 'codeward-vscode-'));
    for (const [relative, text] of Object.entries(files)) {
        fs.mkdirSync(path.dirname(path.join(folder, relative)), { recursive: true });
        fs.writeFileSync(path.join(folder, relative), text);
    }
    return { folder, uri: (relative) => pathToFileURL(path.join(folder, relative)).href };
}

async function startAsVsCode(workspace: Workspace, settings: ServerSettings) {
    const session = new LspSession(codewardBinary(), workspace.folder);
    const folderUri = pathToFileURL(workspace.folder).href;
    const result = await session.request<InitializeResult>('initialize', {
        processId: process.pid,
        clientInfo: { name: 'Visual Studio Code', version: '1.82.0' },
        locale: 'en',
        rootPath: workspace.folder,
        rootUri: folderUri,
        capabilities: vscodeClientCapabilities(),
        initializationOptions: settings,
        trace: 'off',
        workspaceFolders: [{ uri: folderUri, name: path.basename(workspace.folder) }],
    });
    await session.notify('initialized', {});
    return { session, result };
}

async function open(session: LspSession, uri: string, text: string): Promise<void> {
    await session.notify('textDocument/didOpen', {
        textDocument: { uri, languageId: 'python', version: 1, text },
    });
}

async function pull(session: LspSession, uri: string): Promise<Diagnostic[]> {
    const report = await session.request<FullDocumentDiagnosticReport>('textDocument/diagnostic', {
        identifier: 'codeward',
        textDocument: { uri },
    });
    assert.equal(report.kind, 'full');
    return report.items;
}

function codes(diagnostics: Diagnostic[]): string[] {
    return diagnostics.map((diagnostic) => `${diagnostic.range.start.line}:${String(diagnostic.code)}`);
}

describe('codeward lsp as VS Code drives it', () => {
    const workspace = makeWorkspace({
        'app.py': APP,
        'two.py': TWO_FINDINGS,
        'legacy/old.py': 'import hashlib\nh = hashlib.sha1(b"x")\n',
    });
    const appUri = workspace.uri('app.py');
    let session: LspSession;
    let initialize: InitializeResult;
    let pulled: Diagnostic[] = [];

    before(async () => {
        ({ session, result: initialize } = await startAsVsCode(workspace, extensionSettings({})));
    });

    after(() => {
        session.kill();
        fs.rmSync(workspace.folder, { recursive: true, force: true });
    });

    test('the client capabilities are those of vscode-languageclient', () => {
        const capabilities = vscodeClientCapabilities();
        assert.deepEqual(capabilities.general?.positionEncodings, ['utf-16']);
        assert.deepEqual(capabilities.textDocument?.diagnostic, {
            dynamicRegistration: true,
            relatedDocumentSupport: false,
        });
        assert.equal(capabilities.textDocument.codeAction?.isPreferredSupport, true);
    });

    test('initialize answers UTF-16, pull diagnostics, quick fixes and the scan command', () => {
        const capabilities = initialize.capabilities;
        assert.equal(capabilities.positionEncoding, 'utf-16');
        assert.deepEqual(capabilities.diagnosticProvider, {
            identifier: 'codeward',
            interFileDependencies: false,
            workspaceDiagnostics: true,
        });
        assert.deepEqual(capabilities.codeActionProvider, {
            codeActionKinds: ['quickfix', 'source.fixAll.codeward'],
            resolveProvider: false,
        });
        assert.deepEqual(capabilities.executeCommandProvider, { commands: ['codeward.scanWorkspace'] });
    });

    test('a pulled diagnostic flags hashlib.md5 at its UTF-16 range', async () => {
        await open(session, appUri, APP);
        pulled = await pull(session, appUri);
        assert.equal(pulled.length, 1, JSON.stringify(pulled));
        const [diagnostic] = pulled;
        assert.ok(diagnostic);
        assert.deepEqual(
            {
                range: diagnostic.range,
                code: diagnostic.code,
                source: diagnostic.source,
                severity: diagnostic.severity,
                message: diagnostic.message,
                href: diagnostic.codeDescription?.href,
            },
            {
                range: range(4, 26, 4, 59),
                code: RULE,
                source: 'codeward',
                severity: 2,
                message: 'MD5 and SHA-1 are broken for security use; collisions are practical (CWE-328)',
                href: 'https://docs.python.org/3/library/hashlib.html#hash-algorithms',
            },
        );
    });

    test('the preferred quick fix replaces md5 with sha256 and nothing else', async () => {
        const actions = await session.request<CodeAction[]>('textDocument/codeAction', {
            textDocument: { uri: appUri },
            range: pulled[0]?.range,
            context: { diagnostics: pulled, triggerKind: 2 },
        });
        assert.deepEqual(
            actions.map((action) => [action.title, action.kind, action.isPreferred ?? false]),
            [
                ['Use hashlib.sha256', 'quickfix', true],
                [`Suppress ${RULE} on this line`, 'quickfix', false],
            ],
        );
        const [fix, suppress] = actions;
        assert.ok(fix && suppress);
        assert.deepEqual(editsFor(fix, appUri), [{ range: range(4, 34, 4, 37), newText: 'sha256' }]);
        assert.equal(
            applyEdits(APP, editsFor(fix, appUri)),
            APP.replace('hashlib.md5(', 'hashlib.sha256('),
        );
        assert.deepEqual(editsFor(suppress, appUri), [
            { range: range(4, 0, 4, 0), newText: `    # codeward-ignore[${RULE}]: <reason>\n` },
        ]);
    });

    test('after the fix is applied as an incremental change the pull is empty', async () => {
        await session.notify('textDocument/didChange', {
            textDocument: { uri: appUri, version: 2 },
            contentChanges: [{ range: range(4, 34, 4, 37), rangeLength: 3, text: 'sha256' }],
        });
        assert.deepEqual(await pull(session, appUri), []);
    });

    test('source.fixAll (as on save) fixes every finding in the file', async () => {
        const twoUri = workspace.uri('two.py');
        await open(session, twoUri, TWO_FINDINGS);
        assert.deepEqual(codes(await pull(session, twoUri)), [`1:${RULE}`, `2:${RULE}`]);
        const actions = await session.request<CodeAction[]>('textDocument/codeAction', {
            textDocument: { uri: twoUri },
            range: range(0, 0, 0, 0),
            context: { diagnostics: [], only: ['source.fixAll'], triggerKind: 1 },
        });
        assert.deepEqual(
            actions.map((action) => [action.title, action.kind]),
            [['Fix all codeward findings', 'source.fixAll.codeward']],
        );
        const [fixAll] = actions;
        assert.ok(fixAll);
        assert.equal(
            applyEdits(TWO_FINDINGS, editsFor(fixAll, twoUri)),
            ['import hashlib', 'a = hashlib.sha256(b"a")', 'b = hashlib.sha256(b"b")', ''].join('\n'),
        );
    });

    test('a settings change from the extension disables the rule', async () => {
        const twoUri = workspace.uri('two.py');
        await session.notify(
            'workspace/didChangeConfiguration',
            configurationChange(extensionSettings({ 'rules.disable': [RULE] })),
        );
        assert.deepEqual(await pull(session, twoUri), []);
        await session.notify('workspace/didChangeConfiguration', configurationChange(extensionSettings({})));
        assert.deepEqual(codes(await pull(session, twoUri)), [`1:${RULE}`, `2:${RULE}`]);
    });

    test('codeward.scanWorkspace publishes findings of files that are not open', async () => {
        const summary = await session.request<{ files: number; findings: number }>('workspace/executeCommand', {
            command: 'codeward.scanWorkspace',
            arguments: [],
        });
        assert.deepEqual(summary, { files: 3, findings: 1 });
        const legacyUri = workspace.uri('legacy/old.py');
        const published = await session.waitFor('publishDiagnostics for legacy/old.py', () =>
            session.notifications
                .filter((notification) => notification.method === 'textDocument/publishDiagnostics')
                .map((notification) => notification.params as PublishDiagnosticsParams)
                .find((params) => params.uri === legacyUri),
        );
        assert.deepEqual(
            published.diagnostics.map((diagnostic) => [diagnostic.range, diagnostic.code]),
            [[range(1, 4, 1, 22), RULE]],
        );
    });

    test('open documents never get pushed diagnostics too, and shutdown exits with 0', async () => {
        const pushedForOpen = session.notifications
            .filter((notification) => notification.method === 'textDocument/publishDiagnostics')
            .map((notification) => (notification.params as PublishDiagnosticsParams).uri)
            .filter((uri) => uri === appUri || uri === workspace.uri('two.py'));
        assert.deepEqual(pushedForOpen, []);
        assert.equal(await session.stop(), 0);
    });
});

describe('initializationOptions from the extension', () => {
    test('minSeverity high hides the medium weak-hash finding', async () => {
        const workspace = makeWorkspace({ 'app.py': APP });
        const { session } = await startAsVsCode(workspace, extensionSettings({ minSeverity: 'high' }));
        try {
            await open(session, workspace.uri('app.py'), APP);
            assert.deepEqual(await pull(session, workspace.uri('app.py')), []);
            assert.equal(await session.stop(), 0);
        } finally {
            session.kill();
            fs.rmSync(workspace.folder, { recursive: true, force: true });
        }
    });

    test('rules.severity raises the finding to an error', async () => {
        const workspace = makeWorkspace({ 'app.py': APP });
        const { session } = await startAsVsCode(
            workspace,
            extensionSettings({ 'rules.severity': { [RULE]: 'high' } }),
        );
        try {
            await open(session, workspace.uri('app.py'), APP);
            const diagnostics = await pull(session, workspace.uri('app.py'));
            assert.deepEqual(
                diagnostics.map((diagnostic) => [diagnostic.range, diagnostic.code, diagnostic.severity]),
                [[range(4, 26, 4, 59), RULE, 1]],
            );
            assert.equal(await session.stop(), 0);
        } finally {
            session.kill();
            fs.rmSync(workspace.folder, { recursive: true, force: true });
        }
    });
});

describe('a workspace .codeward.toml under the extension', () => {
    test('is in force where the user set nothing, and a user setting wins over it', async () => {
        const workspace = makeWorkspace({ 'app.py': APP, '.codeward.toml': 'min-severity = "high"\n' });
        const nothingSet = await startAsVsCode(workspace, extensionSettings({}));
        try {
            await open(nothingSet.session, workspace.uri('app.py'), APP);
            assert.deepEqual(await pull(nothingSet.session, workspace.uri('app.py')), []);
            // vscode-languageclient registers watchers dynamically: the server asks it to
            // watch the config files, so that an edit of one reloads it.
            const registrations = nothingSet.session.serverRequests
                .filter((request) => request.method === 'client/registerCapability')
                .map((request) => request.params);
            assert.deepEqual(registrations, [
                {
                    registrations: [
                        {
                            id: 'codeward-config-and-rule-files',
                            method: 'workspace/didChangeWatchedFiles',
                            registerOptions: {
                                watchers: [{ globPattern: '**/.codeward.toml' }, { globPattern: '**/*.{yaml,yml}' }],
                            },
                        },
                    ],
                },
            ]);
            assert.equal(await nothingSet.session.stop(), 0);
        } finally {
            nothingSet.session.kill();
        }
        const userSet = await startAsVsCode(workspace, extensionSettings({ minSeverity: 'info' }));
        try {
            await open(userSet.session, workspace.uri('app.py'), APP);
            assert.deepEqual(codes(await pull(userSet.session, workspace.uri('app.py'))), [`4:${RULE}`]);
            assert.equal(await userSet.session.stop(), 0);
        } finally {
            userSet.session.kill();
            fs.rmSync(workspace.folder, { recursive: true, force: true });
        }
    });
});
