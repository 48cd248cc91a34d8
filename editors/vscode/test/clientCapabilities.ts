// The `ClientCapabilities` that vscode-languageclient sends in `initialize`, computed by the
// installed vscode-languageclient itself rather than copied by hand, so the protocol test
// keeps speaking like the extension when the dependency is upgraded. The client library
// imports `vscode`, which exists only inside VS Code; a stand-in answers every property
// with another stand-in, which is enough for `computeClientCapabilities`, whose values come
// from the protocol package. No server is started and no VS Code API is really called.

import Module from 'node:module';
import type { ClientCapabilities } from 'vscode-languageserver-protocol';

type Stub = ((...args: unknown[]) => Stub) & Record<string | symbol, unknown>;

function stub(): Stub {
    const target = function () {
        return stub();
    } as Stub;
    return new Proxy(target, {
        get(_target, property) {
            if (property === 'version') {
                return '1.82.0'; // the lowest VS Code the extension supports (`engines.vscode`)
            }
            if (property === 'then' || typeof property === 'symbol') {
                return undefined; // not a promise, not iterable
            }
            return stub();
        },
        construct() {
            return stub();
        },
    });
}

interface ModuleInternals {
    _resolveFilename(request: string, ...rest: unknown[]): string;
}

interface ClientLike {
    computeClientCapabilities(): ClientCapabilities;
}

interface ClientModule {
    LanguageClient: new (
        id: string,
        name: string,
        server: { command: string },
        options: { documentSelector: { language: string }[] },
    ) => ClientLike;
}

export function vscodeClientCapabilities(): ClientCapabilities {
    const internals = Module as unknown as ModuleInternals;
    const resolve = internals._resolveFilename.bind(Module);
    internals._resolveFilename = (request: string, ...rest: unknown[]) =>
        request === 'vscode' ? 'vscode' : resolve(request, ...rest);
    const cache = require.cache as Record<string, unknown>;
    cache.vscode = { id: 'vscode', filename: 'vscode', loaded: true, exports: stub() };
    try {
        // eslint-disable-next-line @typescript-eslint/no-require-imports
        const library = require('vscode-languageclient/node') as ClientModule;
        const client = new library.LanguageClient('codeward', 'codeward', { command: 'codeward' }, {
            documentSelector: [{ language: 'python' }],
        });
        // Through JSON, as it travels: stand-ins that slipped in would vanish here.
        return JSON.parse(JSON.stringify(client.computeClientCapabilities())) as ClientCapabilities;
    } finally {
        internals._resolveFilename = resolve;
    }
}
