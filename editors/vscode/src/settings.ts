// The settings the codeward language server reads, built from the `codeward.*` VS Code
// configuration. No `vscode` import: the protocol test uses this module outside VS Code, so
// what the test sends as initializationOptions is what the extension sends.
//
// Only what the user set is sent: the server layers these settings over each project's
// `.codeward.toml`, and a key the editor sends wins over the file, so sending VS Code's
// defaults would hide the project's configuration.

/** A severity the server accepts in `minSeverity` and `rules.severity`. */
export type Severity = 'critical' | 'high' | 'medium' | 'low' | 'info';

export const SEVERITIES: readonly Severity[] = ['critical', 'high', 'medium', 'low', 'info'];

/**
 * The server's settings (`src/lsp/settings.rs`): the keys of `.codeward.toml` in camelCase,
 * plus `debounceMs`. A key left out is left to the project's file, then to the server.
 */
export interface ServerSettings {
    debounceMs?: number;
    maxFileSize?: number;
    minSeverity?: Severity;
    rules?: {
        disable?: string[];
        severity?: Record<string, Severity>;
    };
    extraRules?: string[];
    /** Show findings in test code too (by default only real credentials are shown there). */
    includeTests?: boolean;
    /** The project's own test-code globs, beside the conventions. */
    testPaths?: string[];
    sync?: {
        enabled?: boolean;
        uploadSource?: boolean;
    };
}

/**
 * Reads one `codeward.*` key: its value where the user set it (user, workspace or folder
 * settings), `undefined` where only the default applies.
 */
export interface ConfigurationReader {
    get(section: string): unknown;
}

/** What the server uses when neither the editor nor the file sets a key; `package.json` shows them. */
export const SERVER_DEFAULTS = {
    debounceMs: 30,
    maxFileSize: 1024 * 1024,
    minSeverity: 'info',
    rules: { disable: [], severity: {} },
    extraRules: [],
    includeTests: false,
    testPaths: [],
} as const;

function isSeverity(value: unknown): value is Severity {
    return typeof value === 'string' && (SEVERITIES as readonly string[]).includes(value);
}

function nonNegativeInteger(value: unknown): number | undefined {
    return typeof value === 'number' && Number.isFinite(value) && value >= 0 ? Math.floor(value) : undefined;
}

function strings(value: unknown): string[] | undefined {
    return Array.isArray(value) ? value.filter((item): item is string => typeof item === 'string') : undefined;
}

function boolean(value: unknown): boolean | undefined {
    return typeof value === 'boolean' ? value : undefined;
}

function severities(value: unknown): Record<string, Severity> | undefined {
    if (typeof value !== 'object' || value === null || Array.isArray(value)) {
        return undefined;
    }
    const severity: Record<string, Severity> = {};
    for (const [ruleId, level] of Object.entries(value)) {
        if (isSeverity(level)) {
            severity[ruleId] = level;
        }
    }
    return severity;
}

/** `object` without its `undefined` entries, or `undefined` when none is left. */
function defined<T extends object>(object: T): T | undefined {
    const entries = Object.entries(object).filter(([, value]) => value !== undefined);
    return entries.length === 0 ? undefined : (Object.fromEntries(entries) as T);
}

/**
 * Reads the `codeward.*` values the user set into the server's settings. A value of the
 * wrong type is left out, as if unset, and unknown severities are dropped, so that one bad
 * entry never makes the server reject all settings.
 */
export function readSettings(config: ConfigurationReader): ServerSettings {
    const minSeverity = config.get('minSeverity');
    return (
        defined<ServerSettings>({
            debounceMs: nonNegativeInteger(config.get('debounceMs')),
            maxFileSize: nonNegativeInteger(config.get('maxFileSize')),
            minSeverity: isSeverity(minSeverity) ? minSeverity : undefined,
            rules: defined({
                disable: strings(config.get('rules.disable')),
                severity: severities(config.get('rules.severity')),
            }),
            extraRules: strings(config.get('extraRules')),
            includeTests: boolean(config.get('includeTests')),
            testPaths: strings(config.get('testPaths')),
            sync: defined({
                enabled: boolean(config.get('sync.enabled')),
                uploadSource: boolean(config.get('sync.uploadSource')),
            }),
        }) ?? {}
    );
}

/** The `workspace/didChangeConfiguration` payload: the settings under a `codeward` key. */
export function configurationChange(settings: ServerSettings): { settings: { codeward: ServerSettings } } {
    return { settings: { codeward: settings } };
}
