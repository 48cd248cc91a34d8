// The packaged extension in a real VS Code (code-server 4.100.3, Code 1.100.3) in headless
// Chromium, with the real codeward binary: the .vsix is installed with code-server's CLI, a
// file with a weak hash is opened, the finding is read from the Problems panel, the quick fix
// is chosen from the Ctrl+. menu and saved, the saved file is compared byte for byte, and a
// `.codeward.toml` written to disk turns the rule off in an open file. Each step that fails
// leaves a screenshot and says what the Problems panel showed.
//
// Inputs (editors/vscode/test/e2e/run.sh sets them):
//   CODE_SERVER_ENTRY  code-server's out/node/entry.js (install-code-server.sh prints it)
//   CODEWARD_BIN       the codeward binary (default: the repository's target/release/codeward)
//   CODEWARD_VSIX      the package (default: codeward-<version>.vsix beside package.json)
//   CHROMIUM           the browser (default: /usr/bin/chromium)
//   CODEWARD_E2E_ARTIFACTS  where screenshots and the code-server log go (default: the run's
//                      temporary folder, which is kept when a step fails)

import * as assert from 'node:assert/strict';
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { after, before, describe, test, type TestContext } from 'node:test';
import type { Browser } from 'playwright-core';

import { codewardBinary } from '../lspSession';
import { CodeServer, codeServerFolders, installExtension, writeUserSettings } from './codeServer';
import { formatProblems, launchChromium, type ProblemsRow, Workbench } from './workbench';

const RULE = 'python-weak-hash-md5-sha1';

/** The finding under test, at `[Ln L, Col C]` (one-based, UTF-16). */
function weakHash(position: string): ProblemsRow {
    return {
        severity: 'warning',
        message: 'MD5 and SHA-1 are broken for security use; collisions are practical (CWE-328)',
        source: 'codeward',
        code: RULE,
        href: 'https://docs.python.org/3/library/hashlib.html#hash-algorithms',
        position,
    };
}

/**
 * A second rule's finding in each file, which no step removes: the panel shows it only once
 * the server has answered for the file's current state, so a panel that lacks the weak-hash
 * row but shows this one was re-analysed, not merely cleared.
 */
function tmpPath(position: string): ProblemsRow {
    return {
        severity: 'warning',
        message: 'A file in a shared temporary folder is opened by a fixed name (CWE-377)',
        source: 'codeward',
        code: 'python-hardcoded-tmp-path',
        href: 'https://cwe.mitre.org/data/definitions/377.html',
        position,
    };
}

// The emoji is two UTF-16 code units: the column in the panel (27) and the place of the fix
// are right only if the server and VS Code agree on UTF-16.
const APP = [
    'import hashlib',
    '',
    '',
    'def fingerprint(data):',
    '    salt = "🔒"; digest = hashlib.md5(salt.encode() + data)',
    '    return digest.hexdigest()',
    '',
    '',
    'LOG = open("/tmp/fingerprints.log", "a")',
    '',
].join('\n');
const APP_FIXED = APP.replace('hashlib.md5(', 'hashlib.sha256(');

const LEGACY = [
    'import hashlib',
    '',
    '',
    'def digest_file(path):',
    '    return hashlib.sha1(open(path, "rb").read()).hexdigest()',
    '',
    '',
    'LOG = open("/tmp/checksums.log", "a")',
    '',
].join('\n');

const CONFIG = `[rules]\ndisable = ["${RULE}"]\n`;

interface Manifest {
    publisher: string;
    name: string;
    version: string;
}

const extensionFolder = path.resolve(__dirname, '..', '..', '..');
const manifest = JSON.parse(fs.readFileSync(path.join(extensionFolder, 'package.json'), 'utf8')) as Manifest;

function required(name: string): string {
    const value = process.env[name];
    if (value === undefined || value === '') {
        throw new Error(`${name} is not set; run editors/vscode/test/e2e/run.sh, which sets it`);
    }
    return path.resolve(value);
}

function existing(file: string, what: string): string {
    if (!fs.existsSync(file)) {
        throw new Error(`${what} not found: ${file}`);
    }
    return file;
}

/**
 * The last lines of the extension's *codeward* output channel, which VS Code writes to
 * `logs/<session>/exthost1/output_logging_<time>/<n>-codeward.log` in the user data folder.
 */
function outputChannel(userData: string): string {
    const logs = path.join(userData, 'logs');
    const files = fs.existsSync(logs)
        ? fs
              .readdirSync(logs, { recursive: true, encoding: 'utf8' })
              .filter((file) => file.endsWith('-codeward.log'))
              .map((file) => path.join(logs, file))
        : [];
    if (files.length === 0) {
        return `the codeward output channel: none in ${logs} (the extension did not activate)`;
    }
    return files
        .map((file) => {
            const lines = fs.readFileSync(file, 'utf8').trimEnd().split('\n');
            return `the codeward output channel (${file}), last lines:\n${lines.slice(-30).join('\n')}`;
        })
        .join('\n');
}

describe('the extension in VS Code (code-server) with the real codeward binary', () => {
    const entry = existing(required('CODE_SERVER_ENTRY'), 'code-server (CODE_SERVER_ENTRY)');
    const binary = existing(codewardBinary(), 'codeward (CODEWARD_BIN)');
    const vsix = existing(
        path.resolve(process.env.CODEWARD_VSIX ?? path.join(extensionFolder, `${manifest.name}-${manifest.version}.vsix`)),
        'the packaged extension (npm run package writes it)',
    );
    const chromiumPath = existing(process.env.CHROMIUM ?? '/usr/bin/chromium', 'Chromium (CHROMIUM; apt-get install chromium)');

    const runFolder = fs.mkdtempSync(path.join(os.tmpdir(), 'codeward-vscode-e2e-'));
    const artifacts = path.resolve(process.env.CODEWARD_E2E_ARTIFACTS ?? runFolder);
    const workspace = path.join(runFolder, 'workspace');
    const folders = codeServerFolders(runFolder);

    let server: CodeServer | undefined;
    let browser: Browser | undefined;
    let workbench: Workbench | undefined;
    let installed: string[] = [];
    let failed = false;
    let steps = 0;

    /**
     * Runs `body`; a failure is rethrown with a screenshot, the Problems panel as shown and
     * where the logs are.
     */
    async function withEvidence(name: string, body: () => Promise<void>): Promise<void> {
        const number = ++steps;
        try {
            await body();
        } catch (error) {
            failed = true;
            const slug = name.replace(/[^A-Za-z0-9]+/g, '-').replace(/^-|-$/g, '').toLowerCase();
            const shot =
                workbench === undefined
                    ? '(none: the browser did not start)'
                    : await workbench.screenshot(path.join(artifacts, `${number}-${slug}.png`));
            const problems = formatProblems(await workbench?.readProblems().catch(() => undefined));
            const reason = error instanceof Error ? (error.stack ?? error.message) : String(error);
            throw new Error(
                `step ${number} "${name}" failed: ${reason}\n` +
                    `screenshot: ${shot}\n` +
                    `Problems panel:\n${problems}\n` +
                    `code-server log: ${server?.logFile ?? '(not started)'}\n` +
                    `${outputChannel(folders.userData)}\n` +
                    `workspace: ${workspace}`,
            );
        }
    }

    /** A test that is skipped when an earlier step failed: each step builds on the ones before. */
    function step(name: string, body: (workbench: Workbench) => Promise<void>): void {
        test(name, async (context: TestContext) => {
            if (failed || workbench === undefined) {
                context.skip('an earlier step failed');
                return;
            }
            const opened = workbench;
            await withEvidence(name, () => body(opened));
        });
    }

    before(async () => {
        fs.mkdirSync(artifacts, { recursive: true });
        fs.mkdirSync(workspace);
        fs.writeFileSync(path.join(workspace, 'app.py'), APP);
        fs.writeFileSync(path.join(workspace, 'legacy.py'), LEGACY);
        writeUserSettings(folders, {
            'codeward.path': binary,
            'security.workspace.trust.enabled': false,
            'workbench.startupEditor': 'none',
            'extensions.autoCheckUpdates': false,
            'extensions.autoUpdate': false,
            'extensions.ignoreRecommendations': true,
            'telemetry.telemetryLevel': 'off',
            // VS Code in the browser saves edits after a delay by default; off, the test can
            // tell the analysis of the edited buffer from that of the saved file.
            'files.autoSave': 'off',
        });
        // Before code-server starts: it loads the extensions it finds at start.
        installed = await installExtension(entry, folders, vsix);
        await withEvidence('code-server starts and the workbench opens the workspace', async () => {
            server = await CodeServer.start(entry, folders, workspace, path.join(artifacts, 'code-server.log'));
            browser = await launchChromium(chromiumPath);
            workbench = await Workbench.newPage(browser);
            await workbench.load(server.folderUrl(workspace));
        });
    });

    after(async () => {
        await browser?.close();
        await server?.stop();
        if (failed) {
            process.stderr.write(`the run's folders are kept for inspection: ${runFolder}\n`);
        } else {
            fs.rmSync(runFolder, { recursive: true, force: true });
        }
    });

    test('the packaged extension is installed with code-server --install-extension', () => {
        assert.deepEqual(installed, [`${manifest.publisher}.${manifest.name}@${manifest.version}`]);
    });

    step('opening app.py lists the weak-hash finding in the Problems panel', async (workbench) => {
        await workbench.openFile('app.py');
        await workbench.waitForProblems([
            { file: 'app.py', count: '2' },
            weakHash('[Ln 5, Col 27]'),
            tmpPath('[Ln 9, Col 7]'),
        ]);
    });

    step('the quick fix from Ctrl+. replaces md5 with sha256; saved, the finding is gone', async (workbench) => {
        await workbench.goToProblem(RULE);
        assert.deepEqual(await workbench.openQuickFixMenu(), [
            'Use hashlib.sha256',
            `Suppress ${RULE} on this line`,
        ]);
        await workbench.chooseQuickFix('Use hashlib.sha256');
        const afterFix = [{ file: 'app.py', count: '1' }, tmpPath('[Ln 9, Col 7]')];
        // Unsaved: the server analyses the edited buffer, not the file on disk.
        await workbench.waitForProblems(afterFix);
        assert.equal(fs.readFileSync(path.join(workspace, 'app.py'), 'utf8'), APP);
        await workbench.save();
        assert.equal(fs.readFileSync(path.join(workspace, 'app.py'), 'utf8'), APP_FIXED);
        await workbench.waitForProblems(afterFix);
    });

    step('a .codeward.toml written to disk that disables the rule clears the finding of an open file', async (workbench) => {
        await workbench.openFile('legacy.py');
        await workbench.waitForProblems([
            { file: 'app.py', count: '1' },
            tmpPath('[Ln 9, Col 7]'),
            { file: 'legacy.py', count: '2' },
            weakHash('[Ln 5, Col 12]'),
            tmpPath('[Ln 8, Col 7]'),
        ]);
        fs.writeFileSync(path.join(workspace, '.codeward.toml'), CONFIG);
        await workbench.waitForProblems([
            { file: 'app.py', count: '1' },
            tmpPath('[Ln 9, Col 7]'),
            { file: 'legacy.py', count: '1' },
            tmpPath('[Ln 8, Col 7]'),
        ]);
        assert.equal(fs.readFileSync(path.join(workspace, 'legacy.py'), 'utf8'), LEGACY);
    });
});
