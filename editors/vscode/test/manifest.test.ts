// `package.json` against the code: the contributed settings are the ones `readSettings`
// reads, with the server's defaults, and the activation events name every language the
// client serves.

import * as assert from 'node:assert/strict';
import * as fs from 'node:fs';
import * as path from 'node:path';
import { test } from 'node:test';

import { SERVER_DEFAULTS, SEVERITIES } from '../src/settings';

interface Property {
    default: unknown;
    enum?: string[];
}

interface Manifest {
    main: string;
    activationEvents: string[];
    contributes: {
        commands: { command: string; title: string; category: string }[];
        configuration: { properties: Record<string, Property> };
    };
}

const manifest = JSON.parse(
    fs.readFileSync(path.join(__dirname, '..', '..', 'package.json'), 'utf8'),
) as Manifest;
const properties = manifest.contributes.configuration.properties;

test('each server setting is contributed with the server default', () => {
    const defaults = Object.fromEntries(
        Object.entries(properties).map(([key, property]) => [key, property.default]),
    );
    assert.deepEqual(defaults, {
        'codeward.path': 'codeward',
        'codeward.debounceMs': SERVER_DEFAULTS.debounceMs,
        'codeward.maxFileSize': SERVER_DEFAULTS.maxFileSize,
        'codeward.minSeverity': SERVER_DEFAULTS.minSeverity,
        'codeward.rules.disable': SERVER_DEFAULTS.rules.disable,
        'codeward.rules.severity': SERVER_DEFAULTS.rules.severity,
        'codeward.extraRules': SERVER_DEFAULTS.extraRules,
        'codeward.includeTests': SERVER_DEFAULTS.includeTests,
        'codeward.testPaths': SERVER_DEFAULTS.testPaths,
        'codeward.sync.enabled': false,
        'codeward.sync.uploadSource': false,
        'codeward.trace.server': 'off',
    });
    assert.deepEqual(properties['codeward.minSeverity']?.enum, SEVERITIES);
});

test('the scan command is "codeward: Scan workspace"', () => {
    assert.deepEqual(manifest.contributes.commands, [
        { command: 'codeward.scanWorkspace', title: 'Scan workspace', category: 'codeward' },
    ]);
});

test('activation covers the served languages and .codeward.toml', () => {
    assert.deepEqual(manifest.activationEvents, [
        'onLanguage:python',
        'onLanguage:javascript',
        'onLanguage:javascriptreact',
        'onLanguage:typescript',
        'onLanguage:typescriptreact',
        'onLanguage:java',
        'onLanguage:go',
        'workspaceContains:.codeward.toml',
    ]);
    assert.equal(manifest.main, './dist/extension.js');
});
