// The settings the codeward language server reads, built from the `codeward.*` VS Code
// configuration. No `vscode` import: the protocol test uses this module outside VS Code, so
// what the test sends as initializationOptions is what the extension sends.

/** A severity the server accepts in `minSeverity` and `rules.severity`. */
export type Severity = 'critical' | 'high' | 'medium' | 'low' | 'info';

export const SEVERITIES: readonly Severity[] = ['critical', 'high', 'medium', 'low', 'info'];

/** The settings object of the server (`src/lsp/settings.rs`), in its camelCase keys. */
export interface ServerSettings {
    debounceMs: number;
    maxFileSize: number;
    minSeverity: Severity;
    rules: {
        disable: string[];
        severity: Record<string, Severity>;
    };
    extraRules: string[];
    /** Show findings in test code too (by default only real credentials are shown there). */
    includeTests: boolean;
    /** The project's own test-code globs, beside the conventions. */
    testPaths: string[];
    /**
     * Sent only when `codeward.sync.enabled` is on: without it the server follows the
     * `[sync]` table of the workspace's `.codeward.toml` (off when there is none).
     */
    sync?: {
        enabled: boolean;
        uploadSource: boolean;
    };
}

/** The part of `vscode.WorkspaceConfiguration` this module needs. */
export interface ConfigurationReader {
    get(section: string): unknown;
}

/** The server's own defaults; the `package.json` contributions repeat them. */
export const DEFAULT_SETTINGS: ServerSettings = {
    debounceMs: 30,
    maxFileSize: 1024 * 1024,
    minSeverity: 'info',
    rules: { disable: [], severity: {} },
    extraRules: [],
    includeTests: false,
    testPaths: [],
};

function isSeverity(value: unknown): value is Severity {
    return typeof value === 'string' && (SEVERITIES as readonly string[]).includes(value);
}

function nonNegativeInteger(value: unknown, fallback: number): number {
    return typeof value === 'number' && Number.isFinite(value) && value >= 0
        ? Math.floor(value)
        : fallback;
}

function strings(value: unknown): string[] {
    return Array.isArray(value) ? value.filter((item): item is string => typeof item === 'string') : [];
}

/**
 * Reads `codeward.*` (the reader is `workspace.getConfiguration('codeward')`) into the
 * server's settings. Values of the wrong type fall back to the defaults and unknown
 * severities are dropped, so one bad entry never makes the server reject all settings.
 */
export function readSettings(config: ConfigurationReader): ServerSettings {
    const minSeverity = config.get('minSeverity');
    const severityTable = config.get('rules.severity');
    const severity: Record<string, Severity> = {};
    if (typeof severityTable === 'object' && severityTable !== null) {
        for (const [ruleId, level] of Object.entries(severityTable)) {
            if (isSeverity(level)) {
                severity[ruleId] = level;
            }
        }
    }
    const settings: ServerSettings = {
        debounceMs: nonNegativeInteger(config.get('debounceMs'), DEFAULT_SETTINGS.debounceMs),
        maxFileSize: nonNegativeInteger(config.get('maxFileSize'), DEFAULT_SETTINGS.maxFileSize),
        minSeverity: isSeverity(minSeverity) ? minSeverity : DEFAULT_SETTINGS.minSeverity,
        rules: { disable: strings(config.get('rules.disable')), severity },
        extraRules: strings(config.get('extraRules')),
        includeTests: config.get('includeTests') === true,
        testPaths: strings(config.get('testPaths')),
    };
    if (config.get('sync.enabled') === true) {
        settings.sync = { enabled: true, uploadSource: config.get('sync.uploadSource') === true };
    }
    return settings;
}

/** The `workspace/didChangeConfiguration` payload: the settings under a `codeward` key. */
export function configurationChange(settings: ServerSettings): { settings: { codeward: ServerSettings } } {
    return { settings: { codeward: settings } };
}
