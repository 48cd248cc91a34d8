// The VS Code side of codeward: starts `codeward lsp` over stdio and forwards the
// `codeward.*` settings the user set (the server layers them over each project's
// `.codeward.toml` and watches that file itself, through the client's file watcher). It does no analysis of its own; every finding, fix and the
// workspace scan come from the server. The command `codeward.scanWorkspace` is the server's
// own (vscode-languageclient registers the commands the server lists), so there is exactly
// one implementation of it.

import * as os from 'node:os';
import * as path from 'node:path';
import * as vscode from 'vscode';
import {
    DidChangeConfigurationNotification,
    LanguageClient,
    type LanguageClientOptions,
    type ServerOptions,
} from 'vscode-languageclient/node';

import { configurationChange, type ConfigurationReader, readSettings } from './settings';

/** The VS Code language ids the server analyses (see `activationEvents`). */
export const LANGUAGES = [
    'python',
    'javascript',
    'javascriptreact',
    'typescript',
    'typescriptreact',
    'java',
    'go',
] as const;

export const SCAN_WORKSPACE = 'codeward.scanWorkspace';

let client: LanguageClient | undefined;
let outputChannel: vscode.OutputChannel | undefined;

export async function activate(context: vscode.ExtensionContext): Promise<void> {
    outputChannel = vscode.window.createOutputChannel('codeward');
    context.subscriptions.push(outputChannel);
    context.subscriptions.push(
        vscode.workspace.onDidChangeConfiguration(async (event) => {
            if (!event.affectsConfiguration('codeward')) {
                return;
            }
            if (event.affectsConfiguration('codeward.path')) {
                await restart();
                return;
            }
            if (client?.isRunning()) {
                await client.sendNotification(
                    DidChangeConfigurationNotification.type,
                    configurationChange(readSettings(userSet())),
                );
            }
        }),
    );
    await start();
}

export async function deactivate(): Promise<void> {
    await stop();
}

async function start(): Promise<void> {
    const command = serverPath();
    client = new LanguageClient('codeward', 'codeward', serverOptions(command), clientOptions());
    try {
        await client.start();
    } catch (error) {
        client = undefined;
        const message = error instanceof Error ? error.message : String(error);
        const choice = await vscode.window.showErrorMessage(
            `codeward: could not start \`${command} lsp\` (${message}). ` +
                'Install codeward or set `codeward.path` to the binary.',
            'Open Settings',
        );
        if (choice === 'Open Settings') {
            await vscode.commands.executeCommand('workbench.action.openSettings', 'codeward.path');
        }
    }
}

async function stop(): Promise<void> {
    const running = client;
    client = undefined;
    if (running?.isRunning()) {
        await running.stop();
    }
}

async function restart(): Promise<void> {
    await stop();
    await start();
}

/**
 * `codeward.path`, with `~` and `${workspaceFolder}` expanded. A bare name is looked up on
 * PATH by the operating system.
 */
function serverPath(): string {
    const configured = vscode.workspace.getConfiguration('codeward').get<string>('path')?.trim();
    let command = configured === undefined || configured === '' ? 'codeward' : configured;
    const folder = vscode.workspace.workspaceFolders?.[0]?.uri.fsPath;
    if (folder !== undefined) {
        command = command.replaceAll('${workspaceFolder}', folder);
    }
    if (command === '~' || command.startsWith('~/')) {
        command = path.join(os.homedir(), command.slice(1));
    }
    return command;
}

/**
 * The `codeward.*` values set in user or workspace settings (the workspace's win), not the
 * defaults of `package.json`: a key sent to the server wins over the project's
 * `.codeward.toml`.
 */
function userSet(): ConfigurationReader {
    const config = vscode.workspace.getConfiguration('codeward');
    return {
        get: (section: string) => {
            const inspected = config.inspect(section);
            return inspected?.workspaceValue ?? inspected?.globalValue;
        },
    };
}

function serverOptions(command: string): ServerOptions {
    // No `transport` key: with `TransportKind.stdio` the client would append `--stdio`.
    return { command, args: ['lsp'] };
}

function clientOptions(): LanguageClientOptions {
    return {
        documentSelector: LANGUAGES.flatMap((language) => [
            { scheme: 'file', language },
            { scheme: 'untitled', language },
        ]),
        // A function, so that a restart sends the settings of that moment.
        initializationOptions: () => readSettings(userSet()),
        outputChannel,
        middleware: {
            executeCommand: async (command, args, next) => {
                const result: unknown = await next(command, args);
                if (command === SCAN_WORKSPACE && isScanSummary(result)) {
                    void vscode.window.showInformationMessage(
                        `codeward: ${result.findings} finding(s) in ${result.files} file(s).`,
                    );
                }
                return result;
            },
        },
    };
}

/** The answer of `codeward.scanWorkspace`: `{ files, findings }`. */
function isScanSummary(value: unknown): value is { files: number; findings: number } {
    if (typeof value !== 'object' || value === null) {
        return false;
    }
    const summary = value as Record<string, unknown>;
    return typeof summary.files === 'number' && typeof summary.findings === 'number';
}
