/** Drives the VS Code workbench in Chromium through Playwright, saving a screenshot per step. */
import { copyFile, mkdir } from 'node:fs/promises';
import * as path from 'node:path';
import { chromium, type Browser, type FrameLocator, type Locator, type Page } from 'playwright-core';
import { REPO_ROOT } from './paths';

export const CHROMIUM_ARGS = [
  '--no-sandbox',
  '--disable-gpu',
  '--disable-background-networking',
  '--disable-component-update',
  '--disable-sync',
  '--no-first-run',
];

export class Workbench {
  private screenshotCount = 0;

  private constructor(
    private readonly browser: Browser,
    readonly page: Page,
    private readonly screenshotDir: string,
  ) {}

  static async open(executablePath: string, url: string, screenshotGroup: string): Promise<Workbench> {
    const browser = await chromium.launch({ executablePath, args: CHROMIUM_ARGS });
    const page = await browser.newPage({ viewport: { width: 1400, height: 900 } });
    await page.goto(url);
    await page.locator('.monaco-workbench').waitFor({ timeout: 60_000 });
    const screenshotDir = path.join(REPO_ROOT, 'test-results', screenshotGroup);
    await mkdir(screenshotDir, { recursive: true });
    return new Workbench(browser, page, screenshotDir);
  }

  async screenshot(name: string): Promise<string> {
    this.screenshotCount += 1;
    const file = path.join(
      this.screenshotDir,
      `${String(this.screenshotCount).padStart(2, '0')}-${name}.png`,
    );
    await this.page.screenshot({ path: file });
    return file;
  }

  /**
   * A picture for the guides (docs/images/NAME.png): of `part` of the workbench, saved with the
   * run's screenshots, and into docs/images too when AKKHARA_DOCS_IMAGES=1 (how the guides' pictures
   * are renewed, so they show what the current build does).
   */
  async docsPicture(name: string, part: Locator): Promise<void> {
    const file = path.join(this.screenshotDir, `docs-${name}.png`);
    await part.screenshot({ path: file });
    if (process.env.AKKHARA_DOCS_IMAGES === '1') {
      const docs = path.join(REPO_ROOT, 'docs', 'images');
      await mkdir(docs, { recursive: true });
      await copyFile(file, path.join(docs, `${name}.png`));
    }
  }

  /** Drags the side bar's edge until it is `width` pixels wide (as a user widens it). */
  async widenSidebar(width: number): Promise<void> {
    const sidebar = this.page.locator('.part.sidebar');
    const box = (await sidebar.boundingBox())!;
    const sash = { x: box.x + box.width, y: box.y + box.height / 2 };
    await this.page.mouse.move(sash.x, sash.y);
    await this.page.mouse.down();
    await this.page.mouse.move(box.x + width, sash.y, { steps: 8 });
    await this.page.mouse.up();
  }

  /** Runs one step of a test; screenshots its end state, marked FAILED when it throws. */
  async step(name: string, body: () => Promise<void>): Promise<void> {
    try {
      await body();
    } catch (error) {
      await this.screenshot(`FAILED-${name}`).catch(() => undefined);
      throw error;
    }
    await this.screenshot(name);
  }

  /**
   * Opens the palette (F1), types `typed` and waits for a row showing `shown` (if given). A palette opened while
   * the workbench is still registering commands keeps its first list; reopening it picks up late
   * registrations. It also closes when something else takes the focus as it opens (a terminal a
   * step before started, on a busy machine): then it is opened again, three times at most.
   */
  private async quickInput(typed: string, shown?: string): Promise<Locator> {
    const rows = this.page.locator('.quick-input-widget .quick-input-list .monaco-list-row');
    for (let attempt = 1; ; attempt++) {
      try {
        await this.page.keyboard.press('F1');
        const input = this.page.locator('.quick-input-widget .quick-input-box input');
        await input.waitFor({ timeout: 10_000 });
        await input.fill(typed, { timeout: 10_000 });
        if (shown !== undefined) await rows.filter({ hasText: shown }).first().waitFor({ timeout: 10_000 });
        // Still open, with what was typed (no row to wait for: "Go to Line" shows none by name).
        else {
          await input.waitFor({ timeout: 10_000 });
          const value = await input.inputValue();
          if (value !== typed) throw new Error(`the palette holds "${value}", not "${typed}"`);
        }
        return rows;
      } catch (error) {
        await this.page.keyboard.press('Escape');
        if (attempt === 3) throw error;
      }
    }
  }

  /** Opens the command palette and types `text`; returns the labels of the rows it shows. */
  async searchCommands(text: string): Promise<string[]> {
    const rows = await this.quickInput(`>${text}`, text);
    return rows.evaluateAll((elements) =>
      elements.map((e) => e.getAttribute('aria-label') ?? e.textContent ?? ''),
    );
  }

  /** Runs a command from the palette; `opensQuickInput`: the command asks something in the same widget. */
  async runCommand(title: string, { opensQuickInput = false } = {}): Promise<void> {
    // A hover left by the mouse (a tab's tooltip) can sit over the palette's rows: move it away first.
    await this.page.mouse.move(1, 1);
    await this.searchCommands(title);
    const row = this.page
      .locator('.quick-input-widget .quick-input-list .monaco-list-row', { hasText: title })
      .first();
    await row.waitFor();
    try {
      await row.click({ timeout: 10_000 });
    } catch (error) {
      // Still covered: run it from the keyboard, as a user would, when it is the focused row.
      if (!((await row.getAttribute('class')) ?? '').includes('focused')) throw error;
      await this.page.keyboard.press('Enter');
    }
    if (!opensQuickInput) await this.page.locator('.quick-input-widget').waitFor({ state: 'hidden' });
  }

  /**
   * Waits for a notification saying `text`: its toast, or, when the toast has already hidden itself
   * (an information toast does after a while; on a busy machine that can be before this looks), its
   * entry in VS Code's notification center.
   */
  async waitForNotification(text: string, timeout = 60_000): Promise<void> {
    const toast = this.page.locator('.notifications-toasts .notification-toast', { hasText: text });
    try {
      await toast.waitFor({ timeout });
    } catch (error) {
      await this.runCommand('Notifications: Show Notifications');
      const entry = this.page.locator('.notifications-center .notification-list-item', { hasText: text });
      await entry
        .first()
        .waitFor({ timeout: 10_000 })
        .catch(() => {
          throw error;
        });
      await this.runCommand('Notifications: Hide Notifications');
    }
  }

  /** Moves the cursor of the active editor to a one-based line and column, through "Go to Line". */
  async goTo(line: number, column: number): Promise<void> {
    await this.quickInput(`:${line}:${column}`);
    await this.page.keyboard.press('Enter');
    await this.page.locator('.quick-input-widget').waitFor({ state: 'hidden' });
  }

  /** Focuses the Problems panel and waits for a row containing each of `messages`. */
  async expectProblems(messages: readonly string[]): Promise<void> {
    await this.runCommand('View: Focus Problems');
    const rows = this.page.locator('.markers-panel .monaco-list-row');
    for (const message of messages)
      await rows.filter({ hasText: message }).first().waitFor({ timeout: 30_000 });
  }

  /**
   * Points at the text of the problem whose row in the Problems panel holds `problem`, as a user
   * would: pick the row (the editor selects the text), then move the mouse onto it.
   */
  async hoverProblem(problem: string): Promise<void> {
    await this.runCommand('View: Focus Problems');
    await this.page.locator('.markers-panel .monaco-list-row', { hasText: problem }).first().click();
    await this.page.keyboard.press('Enter');
    const selected = this.page.locator('.editor-instance .monaco-editor .selected-text').first();
    // The overlay is redrawn as the editor settles: point at it once it has a place.
    for (const deadline = Date.now() + 10_000; ;) {
      const box = await selected.boundingBox();
      if (box) return this.page.mouse.move(box.x + box.width / 2, box.y + box.height / 2);
      if (Date.now() > deadline) throw new Error(`the text of "${problem}" was not selected within 10 s`);
      await this.page.waitForTimeout(250);
    }
  }

  /** Opens a workspace file through quick open, as a user would, and waits for its editor. */
  async openFile(name: string): Promise<void> {
    // The palette without its ">" prefix is quick open, which searches files.
    await this.quickInput(name, name);
    await this.page.keyboard.press('Enter');
    await this.page.locator('.tabs-container .tab.active', { hasText: name }).waitFor();
  }

  /**
   * Sets an enum setting as a user would, in the Settings editor; `until` waits for its effect
   * before the editor closes (closing at once can drop the change). Every step waits for what it
   * needs: the search box ready, then the row of this very setting (the editor first lists every
   * setting, and a busy machine filters late), never for a fixed time.
   */
  async setEnumSetting(key: string, value: string, until: () => Promise<void>): Promise<void> {
    await this.runCommand('Preferences: Open User Settings');
    const editor = this.page.locator('.settings-editor');
    await editor.waitFor();
    // "akkhara.uiLanguage" is shown as "Ui Language" under "Akkhara".
    const last = key.split('.').at(-1)!;
    const title = last.replace(/([a-z])([A-Z])/g, '$1 $2').replace(/^./, (c) => c.toUpperCase());
    const row = editor.locator('.setting-item-enum', { hasText: title }).filter({ hasText: /Akkhara/ });
    const box = editor.locator('.settings-header .search-container');
    // Keys typed before the search box has focus are lost on a busy machine: type until the
    // setting's own row shows.
    for (let attempt = 1; ; attempt++) {
      await box.click();
      await box.locator(':focus').first().waitFor({ state: 'attached' });
      await this.page.keyboard.press('Control+A');
      await this.page.keyboard.type(key);
      try {
        await row.first().waitFor({ timeout: 15_000 });
        break;
      } catch (error) {
        if (attempt === 4) throw error;
      }
    }
    await row.first().locator('select.monaco-select-box').selectOption(value);
    await until();
    await this.page.keyboard.press('Escape');
    await editor.waitFor({ state: 'hidden' });
  }

  /**
   * Types a path into VS Code's own file dialog (in the browser, a path box). The dialog fills in
   * its default path a moment after it shows, over anything typed before: wait for that default,
   * then replace it, and check the box holds exactly `target` before the caller presses Enter.
   */
  async fillPathInput(input: Locator, target: string): Promise<void> {
    const deadline = Date.now() + 15_000;
    while (!(await input.inputValue()) && Date.now() < deadline) await this.page.waitForTimeout(100);
    for (let attempt = 1; ; attempt++) {
      await input.fill(target);
      // The dialog may still rewrite the value once (it completes names as one types): look again.
      await this.page.waitForTimeout(200);
      if ((await input.inputValue()) === target) return;
      if (attempt === 5) throw new Error(`the path box holds ${await input.inputValue()}, not ${target}`);
    }
  }

  /**
   * Replaces the active editor's text with `text` as a user would, by typing; waits until the editor
   * shows it. Keys typed before the editor has focus are lost on a busy machine, so it types again.
   */
  async typeIntoEditor(text: string): Promise<void> {
    for (let attempt = 1; ; attempt++) {
      await this.page.locator('.editor-instance .view-lines').click();
      await this.page.locator('.editor-instance .monaco-editor.focused').waitFor();
      await this.page.keyboard.press('Control+A');
      await this.page.keyboard.type(text);
      const deadline = Date.now() + 10_000;
      while ((await this.editorText()) !== text && Date.now() < deadline) await this.page.waitForTimeout(100);
      if ((await this.editorText()) === text) return;
      if (attempt === 3) throw new Error(`the editor shows ${JSON.stringify(await this.editorText())}`);
    }
  }

  /**
   * The text of the active editor's rendered lines, top to bottom. Monaco positions its line
   * elements absolutely, in no particular DOM order, so they are sorted by their offset.
   */
  async editorText(): Promise<string> {
    const lines = await this.page.locator('.editor-instance .view-lines .view-line').evaluateAll((nodes) =>
      nodes.map((node) => ({
        top: parseFloat((node as HTMLElement).style.top),
        text: node.textContent ?? '',
      })),
    );
    return lines
      .sort((a, b) => a.top - b.top)
      .map((line) => line.text.replace(/\u00a0/g, ' '))
      .join('\n');
  }

  /** The document inside a webview view (VS Code nests it in two iframes). */
  webview(): FrameLocator {
    return this.page.frameLocator('iframe.webview.ready').frameLocator('#active-frame');
  }

  async close(): Promise<void> {
    await this.browser.close();
  }
}
