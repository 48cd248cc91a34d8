// The VS Code workbench in headless Chromium, driven as a user drives it: keyboard shortcuts
// (Ctrl+P, Ctrl+Shift+M, Ctrl+., Ctrl+S) and clicks, and the Problems panel read back from the
// page. No VS Code API and no extension-side hooks: what is asserted is what is on screen.
// Knows nothing of code-server's process (`codeServer.ts`) or of codeward's rules.

import * as fs from 'node:fs';
import * as path from 'node:path';
import { chromium, type Browser, type Page } from 'playwright-core';

/** A file's row in the Problems panel: its name and the count in its badge. */
export interface FileRow {
    file: string;
    count: string;
}

/** A finding's row in the Problems panel, as VS Code renders it. */
export interface MarkerRow {
    severity: string;
    message: string;
    source: string;
    code: string;
    /** The link on the code: the diagnostic's `codeDescription.href`. */
    href: string;
    /** `[Ln 5, Col 27]`: one-based line and UTF-16 column. */
    position: string;
}

export type ProblemsRow = FileRow | MarkerRow;

/**
 * The DOM members read inside the page: the extension compiles without the DOM library, so
 * that its own code cannot use browser globals by mistake.
 */
interface PageElement {
    readonly textContent: string | null;
    readonly classList: { contains(name: string): boolean };
    querySelector(selector: string): PageElement | null;
    closest(selector: string): PageElement | null;
    getAttribute(name: string): string | null;
}

/** What the Problems panel shows: its rows, or the message it shows when it has none. */
export interface ProblemsPanel {
    rows: ProblemsRow[];
    message: string;
}

/** The panel as text, for failure messages. */
export function formatProblems(panel: ProblemsPanel | undefined): string {
    if (panel === undefined) {
        return '(the Problems panel is not open)';
    }
    if (panel.rows.length === 0) {
        return `(no rows) ${panel.message}`;
    }
    return panel.rows
        .map((row) =>
            'file' in row
                ? `${row.file} (${row.count})`
                : `  ${row.severity}: ${row.message} ${row.source}(${row.code}) ${row.position} <${row.href}>`,
        )
        .join('\n');
}

// Without the networking flags Chromium keeps trying hosts that a CI machine cannot reach;
// --no-sandbox because CI runs as root.
const CHROMIUM_FLAGS = [
    '--no-sandbox',
    '--disable-gpu',
    '--disable-quic',
    '--no-first-run',
    '--disable-background-networking',
    '--disable-component-update',
    '--disable-sync',
];

export async function launchChromium(executablePath: string): Promise<Browser> {
    // `launch` gives the browser a fresh profile folder of its own and removes it on close.
    return chromium.launch({ executablePath, headless: true, args: CHROMIUM_FLAGS });
}

export class Workbench {
    private problemsOpen = false;

    constructor(readonly page: Page) {}

    static async newPage(browser: Browser): Promise<Workbench> {
        return new Workbench(await browser.newPage({ viewport: { width: 1400, height: 900 } }));
    }

    /** Loads the workbench; resolves when the explorer lists the folder's files. */
    async load(url: string): Promise<void> {
        await this.page.goto(url);
        await this.page.locator('.monaco-workbench').waitFor({ timeout: 60_000 });
        // The explorer lists the folder once the remote file system answers.
        await this.page.locator('.explorer-folders-view .monaco-list-row').first().waitFor({ timeout: 60_000 });
    }

    /** Ctrl+P, the file's name, Enter; resolves when its editor tab is the active one. */
    async openFile(name: string): Promise<void> {
        await this.page.keyboard.press('Control+P');
        const input = this.page.locator('.quick-input-widget input');
        await input.waitFor();
        await input.fill(name);
        // The file search runs in the server (ripgrep); wait for its answer before Enter.
        await this.page
            .locator('.quick-input-list .monaco-list-row', { hasText: name })
            .first()
            .waitFor({ timeout: 30_000 });
        await this.page.keyboard.press('Enter');
        await this.page
            .locator('.tabs-container .tab.active', { hasText: name })
            .waitFor({ timeout: 30_000 });
        await this.page.locator('.editor-instance .monaco-editor .view-lines').first().waitFor();
    }

    /** Ctrl+Shift+M, once: the shortcut toggles the panel. */
    async showProblems(): Promise<void> {
        if (!this.problemsOpen) {
            await this.page.keyboard.press('Control+Shift+M');
            await this.page.locator('.markers-panel').waitFor({ timeout: 10_000 });
            this.problemsOpen = true;
        }
    }

    /** The panel as it is now, or undefined when it is not on screen. */
    async readProblems(): Promise<ProblemsPanel | undefined> {
        const panel = this.page.locator('.markers-panel');
        if (!(await panel.isVisible())) {
            return undefined;
        }
        const rows = await panel.locator('.monaco-list-row').evaluateAll((elements: PageElement[]) =>
            elements.map((element): ProblemsRow => {
                const text = (selector: string) => element.querySelector(selector)?.textContent?.trim() ?? '';
                const icon = element.querySelector('.marker-icon');
                if (icon === null) {
                    return { file: text('.label-name'), count: text('.monaco-count-badge') };
                }
                return {
                    severity: ['error', 'warning', 'info'].filter((name) => icon.classList.contains(name)).join(' '),
                    message: text('.marker-message'),
                    source: text('.marker-source'),
                    code: text('.marker-code'),
                    href: element.querySelector('.marker-code')?.closest('a')?.getAttribute('href') ?? '',
                    position: text('.marker-line'),
                };
            }),
        );
        const message = await panel.evaluate((element: PageElement) =>
            (element.querySelector('.message-box-container')?.textContent ?? '').trim(),
        );
        return { rows, message: rows.length === 0 ? message : '' };
    }

    /**
     * Polls the panel until its rows are exactly `expected`, in order; throws with the last
     * panel seen after `timeoutMs`.
     */
    async waitForProblems(expected: ProblemsRow[], timeoutMs = 30_000): Promise<void> {
        await this.showProblems();
        const want = JSON.stringify(expected);
        const deadline = Date.now() + timeoutMs;
        let seen: ProblemsPanel | undefined;
        for (;;) {
            seen = await this.readProblems();
            if (seen !== undefined && JSON.stringify(seen.rows) === want) {
                return;
            }
            if (Date.now() > deadline) {
                throw new Error(
                    `the Problems panel did not show what was expected within ${timeoutMs} ms.\n` +
                        `expected:\n${formatProblems({ rows: expected, message: '' })}\n` +
                        `shown:\n${formatProblems(seen)}`,
                );
            }
            await this.page.waitForTimeout(200);
        }
    }

    /** Double-clicks the finding's row: the editor opens at the finding, with the focus. */
    async goToProblem(code: string): Promise<void> {
        await this.page.locator('.markers-panel .monaco-list-row', { hasText: code }).first().dblclick();
        await this.page
            .locator('.editor-instance .monaco-editor.focused')
            .waitFor({ timeout: 10_000 });
    }

    /** Ctrl+. in the editor; returns the titles of the actions in the menu, in order. */
    async openQuickFixMenu(): Promise<string[]> {
        await this.page.keyboard.press('Control+.');
        const actions = this.page.locator('.action-widget .monaco-list-row.action');
        await actions.first().waitFor({ timeout: 10_000 });
        return actions.evaluateAll((elements: PageElement[]) =>
            elements.map((element) => element.getAttribute('aria-label') ?? ''),
        );
    }

    /**
     * Moves the menu's focus to `title` with the arrow keys and applies it with Enter (a click
     * right after the menu opens lands on VS Code's pointer block instead).
     */
    async chooseQuickFix(title: string): Promise<void> {
        const actions = this.page.locator('.action-widget .monaco-list-row.action');
        const count = await actions.count();
        for (let moves = 0; moves < count; moves++) {
            const focused = await this.page
                .locator('.action-widget .monaco-list-row.action.focused')
                .getAttribute('aria-label', { timeout: 5_000 });
            if (focused === title) {
                await this.page.keyboard.press('Enter');
                await this.page.locator('.action-widget').waitFor({ state: 'hidden', timeout: 10_000 });
                return;
            }
            await this.page.keyboard.press('ArrowDown');
        }
        throw new Error(`no action "${title}" in the quick fix menu`);
    }

    /** Ctrl+S on an editor with unsaved changes; resolves once its tab no longer shows them. */
    async save(): Promise<void> {
        await this.page.locator('.tabs-container .tab.active.dirty').waitFor({ timeout: 10_000 });
        await this.page.keyboard.press('Control+S');
        await this.page.locator('.tabs-container .tab.active.dirty').waitFor({ state: 'detached', timeout: 10_000 });
    }

    /** A full-page screenshot at `file`; returns its path, or why there is none. */
    async screenshot(file: string): Promise<string> {
        try {
            fs.mkdirSync(path.dirname(file), { recursive: true });
            await this.page.screenshot({ path: file, fullPage: true });
            return file;
        } catch (error) {
            return `(no screenshot: ${error instanceof Error ? error.message : String(error)})`;
        }
    }
}
