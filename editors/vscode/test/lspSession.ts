// A client for the protocol test: spawns the real `codeward lsp`, speaks JSON-RPC over its
// stdio with vscode-jsonrpc, answers the requests VS Code would answer, and records every
// notification so tests can wait for one. No VS Code API: only what goes over the wire.

import { spawn, type ChildProcessWithoutNullStreams } from 'node:child_process';
import * as path from 'node:path';
import {
    createMessageConnection,
    StreamMessageReader,
    StreamMessageWriter,
    type MessageConnection,
} from 'vscode-jsonrpc/node';

/** The binary under test: `$CODEWARD_BIN`, else the release build of this repository. */
export function codewardBinary(): string {
    const fromEnvironment = process.env.CODEWARD_BIN;
    if (fromEnvironment !== undefined && fromEnvironment !== '') {
        return path.resolve(fromEnvironment);
    }
    return path.resolve(__dirname, '..', '..', '..', '..', 'target', 'release', 'codeward');
}

export interface Notification {
    method: string;
    params: unknown;
}

export class LspSession {
    readonly notifications: Notification[] = [];
    /** Requests the server sent to the client, by method, in order. */
    readonly serverRequests: Notification[] = [];
    readonly connection: MessageConnection;
    private readonly child: ChildProcessWithoutNullStreams;
    private stderr = '';
    private readonly exited: Promise<number | null>;

    constructor(binary: string, cwd: string) {
        this.child = spawn(binary, ['lsp'], { cwd, stdio: 'pipe' });
        this.child.stderr.on('data', (chunk: Buffer) => {
            this.stderr += chunk.toString('utf8');
        });
        this.exited = new Promise((resolve, reject) => {
            this.child.on('exit', (code) => {
                resolve(code);
            });
            this.child.on('error', reject);
        });
        this.connection = createMessageConnection(
            new StreamMessageReader(this.child.stdout),
            new StreamMessageWriter(this.child.stdin),
        );
        this.connection.onNotification((method, params: unknown) => {
            this.notifications.push({ method, params });
        });
        // What VS Code answers: registrations and progress tokens are accepted, a refresh
        // request is acknowledged (VS Code then pulls again).
        this.connection.onRequest((method, params: unknown) => {
            this.serverRequests.push({ method, params });
            return null;
        });
        this.connection.listen();
    }

    /** Without `params` the request carries none, as `shutdown` must. */
    request<R>(method: string, params?: unknown): Promise<R> {
        return params === undefined
            ? this.connection.sendRequest<R>(method)
            : this.connection.sendRequest<R>(method, params);
    }

    notify(method: string, params?: unknown): Promise<void> {
        return params === undefined
            ? this.connection.sendNotification(method)
            : this.connection.sendNotification(method, params);
    }

    /** Polls `condition` every 10 ms; fails after `timeoutMs` naming `what`. */
    async waitFor<T>(what: string, condition: () => T | undefined, timeoutMs = 30_000): Promise<T> {
        const deadline = Date.now() + timeoutMs;
        for (;;) {
            const value = condition();
            if (value !== undefined) {
                return value;
            }
            if (Date.now() > deadline) {
                throw new Error(`timed out after ${timeoutMs} ms waiting for ${what}; server stderr:\n${this.stderr}`);
            }
            await new Promise((resolve) => setTimeout(resolve, 10));
        }
    }

    /** `shutdown` then `exit`, as VS Code stops a client; resolves to the exit code. */
    async stop(): Promise<number | null> {
        await this.request('shutdown');
        await this.notify('exit');
        const timeout = new Promise<never>((_, reject) =>
            setTimeout(() => {
                reject(new Error('codeward lsp did not exit within 5 s of `exit`'));
            }, 5_000),
        );
        try {
            return await Promise.race([this.exited, timeout]);
        } finally {
            this.connection.dispose();
        }
    }

    /** Ends the server if it still runs; safe to call after `stop`. */
    kill(): void {
        this.connection.dispose();
        if (this.child.exitCode === null && this.child.signalCode === null) {
            this.child.kill();
        }
    }

    get serverStderr(): string {
        return this.stderr;
    }
}
