// code-server as the end-to-end test runs it: installs the packaged extension with
// code-server's own CLI, then serves one workspace on a loopback port that the operating
// system picks. Every folder it writes (user data, extensions, its config) is inside the
// run's folder, so nothing of the user's VS Code or code-server setup is read or changed.
// Knows no browser: the workbench is driven in `workbench.ts`.

import { execFile, spawn, type ChildProcess } from 'node:child_process';
import * as fs from 'node:fs';
import * as path from 'node:path';
import { promisify } from 'node:util';

const run = promisify(execFile);

export interface CodeServerFolders {
    /** `--user-data-dir`: settings, state and the extension host's logs. */
    userData: string;
    /** `--extensions-dir`: where the .vsix is installed. */
    extensions: string;
    /** XDG_CONFIG_HOME and XDG_DATA_HOME of code-server, which writes its config.yaml there. */
    xdg: string;
}

export function codeServerFolders(runFolder: string): CodeServerFolders {
    const folders = {
        userData: path.join(runFolder, 'user-data'),
        extensions: path.join(runFolder, 'extensions'),
        xdg: path.join(runFolder, 'xdg'),
    };
    for (const folder of Object.values(folders)) {
        fs.mkdirSync(folder, { recursive: true });
    }
    return folders;
}

function environment(folders: CodeServerFolders): NodeJS.ProcessEnv {
    return { ...process.env, XDG_CONFIG_HOME: folders.xdg, XDG_DATA_HOME: folders.xdg };
}

function folderArguments(folders: CodeServerFolders): string[] {
    return ['--user-data-dir', folders.userData, '--extensions-dir', folders.extensions];
}

/** Writes `User/settings.json`, which the workbench reads at start. */
export function writeUserSettings(folders: CodeServerFolders, settings: Record<string, unknown>): void {
    const user = path.join(folders.userData, 'User');
    fs.mkdirSync(user, { recursive: true });
    fs.writeFileSync(path.join(user, 'settings.json'), JSON.stringify(settings, null, 4) + '\n');
}

/**
 * `code-server --install-extension VSIX`, then `--list-extensions --show-versions`: returns
 * the installed extensions as `publisher.name@version`, one an entry.
 */
export async function installExtension(entry: string, folders: CodeServerFolders, vsix: string): Promise<string[]> {
    const options = { env: environment(folders), timeout: 60_000 };
    await run(process.execPath, [entry, ...folderArguments(folders), '--install-extension', vsix], options);
    const listed = await run(
        process.execPath,
        [entry, ...folderArguments(folders), '--list-extensions', '--show-versions'],
        options,
    );
    return listed.stdout
        .split('\n')
        .map((line) => line.trim())
        .filter((line) => line !== '');
}

const LISTENING = /HTTP server listening on (http:\/\/127\.0\.0\.1:\d+)\//;

export class CodeServer {
    private constructor(
        private readonly child: ChildProcess,
        /** `http://127.0.0.1:PORT`, without a trailing slash. */
        readonly origin: string,
        /** Everything code-server printed, also written to `logFile`. */
        readonly logFile: string,
    ) {}

    /**
     * Starts code-server on 127.0.0.1 with a port the system picks, without authentication,
     * telemetry or update checks, and resolves once it listens.
     */
    static async start(entry: string, folders: CodeServerFolders, workspace: string, logFile: string): Promise<CodeServer> {
        const log = fs.createWriteStream(logFile);
        // A process group of its own, so that stopping it also ends the extension host and
        // the codeward server that the extension started.
        const child = spawn(
            process.execPath,
            [
                entry,
                '--bind-addr',
                '127.0.0.1:0',
                '--auth',
                'none',
                ...folderArguments(folders),
                '--disable-telemetry',
                '--disable-update-check',
                workspace,
            ],
            { env: environment(folders), stdio: ['ignore', 'pipe', 'pipe'], detached: true },
        );
        let output = '';
        const origin = new Promise<string>((resolve, reject) => {
            const timer = setTimeout(() => {
                reject(new Error(`code-server did not report a listening port within 60 s; its output:\n${output}`));
            }, 60_000);
            const read = (chunk: Buffer) => {
                const text = chunk.toString('utf8');
                log.write(text);
                output += text;
                const match = LISTENING.exec(output);
                if (match?.[1] !== undefined) {
                    clearTimeout(timer);
                    resolve(match[1]);
                }
            };
            child.stdout.on('data', read);
            child.stderr.on('data', read);
            child.on('exit', (code, signal) => {
                clearTimeout(timer);
                reject(new Error(`code-server exited (code ${String(code)}, signal ${String(signal)}); its output:\n${output}`));
            });
            child.on('error', (error) => {
                clearTimeout(timer);
                reject(error);
            });
        });
        try {
            return new CodeServer(child, await origin, logFile);
        } catch (error) {
            signalGroup(child, 'SIGKILL');
            throw error;
        }
    }

    /** The workbench URL that opens `folder`. */
    folderUrl(folder: string): string {
        return `${this.origin}/?folder=${encodeURIComponent(folder)}`;
    }

    /** SIGTERM to the whole process group, SIGKILL if it still runs after 5 s. */
    async stop(): Promise<void> {
        if (this.child.exitCode !== null || this.child.signalCode !== null) {
            return;
        }
        const exited = new Promise<void>((resolve) => {
            this.child.once('exit', () => {
                resolve();
            });
        });
        signalGroup(this.child, 'SIGTERM');
        const timer = setTimeout(() => {
            signalGroup(this.child, 'SIGKILL');
        }, 5_000);
        await exited;
        clearTimeout(timer);
        // The extension host and codeward may outlive code-server by a moment.
        signalGroup(this.child, 'SIGKILL');
    }
}

function signalGroup(child: ChildProcess, signal: NodeJS.Signals): void {
    if (child.pid === undefined) {
        return;
    }
    try {
        process.kill(-child.pid, signal);
    } catch {
        // The group is gone already.
    }
}
