// `readSettings`: what the extension sends for a `codeward.*` configuration. One check per
// case: the configuration values in, the exact settings object out.

import * as assert from 'node:assert/strict';
import { test } from 'node:test';

import { DEFAULT_SETTINGS, readSettings, type ServerSettings } from '../src/settings';

function check(values: Record<string, unknown>, expected: ServerSettings): void {
    assert.deepEqual(readSettings({ get: (key: string) => values[key] }), expected);
}

test('nothing configured sends the server defaults', () => {
    check({}, DEFAULT_SETTINGS);
});

test('every setting is passed under its server key', () => {
    check(
        {
            debounceMs: 0,
            maxFileSize: 2048,
            minSeverity: 'medium',
            'rules.disable': ['python-weak-hash-md5-sha1'],
            'rules.severity': { 'go-weak-hash-md5-sha1': 'critical' },
            extraRules: ['.codeward/rules'],
            includeTests: true,
            testPaths: ['qa/**'],
        },
        {
            debounceMs: 0,
            maxFileSize: 2048,
            minSeverity: 'medium',
            rules: { disable: ['python-weak-hash-md5-sha1'], severity: { 'go-weak-hash-md5-sha1': 'critical' } },
            extraRules: ['.codeward/rules'],
            includeTests: true,
            testPaths: ['qa/**'],
        },
    );
});

test('sync is sent only when turned on, so that .codeward.toml decides otherwise', () => {
    check({ 'sync.uploadSource': true }, DEFAULT_SETTINGS);
    check({ 'sync.enabled': true }, { ...DEFAULT_SETTINGS, sync: { enabled: true, uploadSource: false } });
    check(
        { 'sync.enabled': true, 'sync.uploadSource': true },
        { ...DEFAULT_SETTINGS, sync: { enabled: true, uploadSource: true } },
    );
});

test('values of the wrong type fall back instead of making the server reject all settings', () => {
    check(
        {
            debounceMs: -5,
            maxFileSize: 'big',
            minSeverity: 'severe',
            'rules.disable': ['a', 3],
            'rules.severity': { a: 'HIGH', b: 'low' },
            extraRules: 'rules',
            includeTests: 'yes',
            testPaths: 'qa',
        },
        {
            ...DEFAULT_SETTINGS,
            rules: { disable: ['a'], severity: { b: 'low' } },
        },
    );
});
