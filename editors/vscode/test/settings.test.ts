// `readSettings`: what the extension sends for the `codeward.*` values a user set. One check
// per case: the configuration values in, the exact settings object out.

import * as assert from 'node:assert/strict';
import { test } from 'node:test';

import { readSettings, type ServerSettings } from '../src/settings';

function check(values: Record<string, unknown>, expected: ServerSettings): void {
    assert.deepEqual(readSettings({ get: (key: string) => values[key] }), expected);
}

test('nothing set sends nothing, so that .codeward.toml and the server decide', () => {
    check({}, {});
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
            'sync.enabled': true,
            'sync.uploadSource': false,
        },
        {
            debounceMs: 0,
            maxFileSize: 2048,
            minSeverity: 'medium',
            rules: { disable: ['python-weak-hash-md5-sha1'], severity: { 'go-weak-hash-md5-sha1': 'critical' } },
            extraRules: ['.codeward/rules'],
            includeTests: true,
            testPaths: ['qa/**'],
            sync: { enabled: true, uploadSource: false },
        },
    );
});

test('a value set to what the file would override is still sent', () => {
    check({ includeTests: false, 'rules.disable': [] }, { includeTests: false, rules: { disable: [] } });
    check({ 'sync.enabled': false }, { sync: { enabled: false } });
});

test('values of the wrong type are left out instead of making the server reject all settings', () => {
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
        { rules: { disable: ['a'], severity: { b: 'low' } } },
    );
});
