import { mkdirSync, readdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';
import { main, type CliIO } from '../../src/cli/index';
import { openWorkspace } from '../../src/core/workspace';
import packageJson from '../../package.json';
import { tempDir } from './helpers';

const FIXTURES = fileURLToPath(new URL('../fixtures/import/', import.meta.url));

interface Run {
  code: number;
  stdout: string;
  stderr: string;
}

/** Runs the CLI in-process with captured output and its own environment. */
async function run(argv: string[], env: Record<string, string | undefined> = {}, signal?: AbortSignal, onStdout?: (text: string) => void): Promise<Run> {
  let stdout = '';
  let stderr = '';
  const io: CliIO = {
    stdout: {
      write: (chunk: string) => {
        stdout += chunk;
        onStdout?.(stdout);
      },
    },
    stderr: { write: (chunk: string) => (stderr += chunk) },
    env,
    signal,
  };
  const code = await main(argv, io);
  return { code, stdout, stderr };
}

function count(dir: string): number {
  const ws = openWorkspace(dir, { seed: false });
  try {
    return ws.articles.count();
  } finally {
    ws.close();
  }
}

describe('copydesk --help and --version', () => {
  it('prints the program help listing every command', async () => {
    for (const flag of ['--help', '-h']) {
      const { code, stdout } = await run([flag]);
      expect(code).toBe(0);
      expect(stdout).toMatch(/^Usage: copydesk <command>/);
      for (const command of ['serve', 'import', 'export', 'list']) expect(stdout).toContain(`  ${command} `);
    }
  });

  it.each(['serve', 'import', 'export', 'list'])('prints help for %s', async (command) => {
    for (const flag of ['--help', '-h']) {
      const { code, stdout } = await run([command, flag]);
      expect(code).toBe(0);
      expect(stdout).toMatch(new RegExp(`^Usage: copydesk ${command}`));
      expect(stdout).toContain('--workspace');
    }
    expect((await run(['help', command])).stdout).toMatch(new RegExp(`^Usage: copydesk ${command}`));
  });

  it('prints the package version', async () => {
    expect(await run(['--version'])).toEqual({ code: 0, stdout: `${packageJson.version}\n`, stderr: '' });
  });
});

describe('usage errors exit 2 with a pointer to --help', () => {
  it.each([
    [[], /Usage: copydesk/],
    [['frobnicate'], /unknown command "frobnicate"/],
    [['publish'], /say what to publish/],
    [['--frobnicate'], /unknown option "--frobnicate"/],
    [['list', '--bogus'], /Unknown option '--bogus'[\s\S]*copydesk list --help/],
    [['list', '--status', 'live'], /unknown status "live"/],
    [['list', 'extra'], /copydesk list --help/],
    [['import'], /no files given/],
    [['export'], /no output folder given/],
    [['export', '--format', 'pdf', 'out'], /unknown format "pdf"/],
    [['export', 'a', 'b'], /expected one output folder/],
    [['serve', '--port', 'http'], /--port must be a number/],
    [['serve', '--port', '70000'], /--port must be a number/],
  ])('%j', async (argv, message) => {
    const workspace = tempDir();
    const { code, stderr, stdout } = await run([...argv], { COPYDESK_WORKSPACE: workspace });
    expect(code).toBe(2);
    expect(stderr).toMatch(message);
    expect(stdout).toBe('');
    // A usage error never opens (and so never creates) the workspace.
    expect(readdirSync(workspace)).toEqual([]);
  });
});

describe('copydesk import', () => {
  it('imports the good files, rejects the bad one by file and line, and exits 1', async () => {
    const workspace = tempDir();
    const bad = join(FIXTURES, 'bad-types.md');
    const result = await run(['import', '--workspace', workspace, join(FIXTURES, 'good-story.md'), bad, join(FIXTURES, 'good-array.json')]);
    expect(result.code).toBe(1);
    expect(result.stderr).toContain(`${bad}:4: tags: tags must be a list`);
    expect(result.stderr).toMatch(/3 articles imported from 2 files: 3 created, 0 updated; 1 file rejected/);
    expect(result.stdout).toContain('gull-island-ferry-resumes');
    // The sample article is seeded on first open, exactly as the desktop app does.
    expect(count(workspace)).toBe(1 + 3);
  });

  it('exits 0 when every file imports, using COPYDESK_WORKSPACE', async () => {
    const workspace = tempDir();
    const result = await run(['import', join(FIXTURES, 'good-array.json')], { COPYDESK_WORKSPACE: workspace });
    expect(result.code).toBe(0);
    expect(result.stdout).toContain('2 articles imported from 1 file');
    expect(count(workspace)).toBe(3);
  });

  it('rejects a file whose slug collides, naming the line, and writes nothing from it', async () => {
    const workspace = tempDir();
    await run(['import', '-w', workspace, join(FIXTURES, 'good-story.md')]);
    const before = count(workspace);
    const bad = join(FIXTURES, 'bad-collision.md');
    const result = await run(['import', '-w', workspace, bad]);
    expect(result.code).toBe(1);
    expect(result.stderr).toContain(`${bad}:4: slug: "gull-island-ferry-resumes" is already used`);
    expect(count(workspace)).toBe(before);
  });
});

describe('issue 15.6: copydesk import updates what is already there', () => {
  it('says how many were created and updated, and --as-new makes copies', async () => {
    const workspace = tempDir();
    const story = join(FIXTURES, 'good-story.md');
    await run(['import', '-w', workspace, story]);
    const before = count(workspace);
    const again = await run(['import', '-w', workspace, story, join(FIXTURES, 'good-array.json')]);
    expect(again.code).toBe(0);
    expect(again.stdout).toContain('3 articles imported from 2 files: 2 created, 1 updated');
    expect(count(workspace)).toBe(before + 2);
    const copy = await run(['import', '-w', workspace, '--as-new', story]);
    expect(copy.stdout).toContain('gull-island-ferry-resumes-2');
    expect(copy.stdout).toContain('1 article imported from 1 file: 1 created, 0 updated');
    expect(count(workspace)).toBe(before + 3);
  });
});

describe('copydesk export and list', () => {
  it('exports every article in both formats and lists them', async () => {
    const workspace = tempDir();
    await run(['import', '-w', workspace, join(FIXTURES, 'good-story.md'), join(FIXTURES, 'good-array.json')]);
    const out = tempDir();
    const md = await run(['export', '-w', workspace, '--format', 'markdown', join(out, 'md')]);
    expect(md).toMatchObject({ code: 0, stdout: expect.stringContaining('exported 4 articles') });
    expect(readdirSync(join(out, 'md'))).toContain('gull-island-ferry-resumes.md');
    const json = await run(['export', '-w', workspace, join(out, 'json')]);
    expect(json.code).toBe(0);
    expect(readdirSync(join(out, 'json')).sort()).toEqual(readdirSync(join(out, 'md')).map((f) => f.replace(/\.md$/, '.json')).sort());

    const listed = await run(['list', '-w', workspace]);
    expect(listed.code).toBe(0);
    expect(listed.stdout.trim().split('\n')).toHaveLength(4);
    const published = await run(['list', '-w', workspace, '--status', 'published']);
    expect(published.stdout.trim().split('\n')).toEqual([expect.stringMatching(/^published\s+\S+\s+gull-island-ferry-resumes\s+Ferry service/)]);
    const asJson = JSON.parse((await run(['list', '-w', workspace, '--status', 'draft', '--json'])).stdout) as { slug: string }[];
    expect(asJson.map((a) => a.slug).sort()).toContain('school-board-budget-vote');
    expect(asJson).toHaveLength(3);
  });
});

describe('copydesk serve', () => {
  it('explains how to build the web app when it is missing', async () => {
    const result = await run(['serve', '-w', tempDir()], { COPYDESK_WEB_DIR: tempDir() });
    expect(result.code).toBe(1);
    expect(result.stderr).toContain('npm run build:web');
  });

  it('prints one line with the URL, serves it, and stops on abort', async () => {
    const web = tempDir();
    writeFileSync(join(web, 'index.html'), '<!doctype html><title>Copydesk</title>');
    mkdirSync(join(web, 'assets'));
    const stop = new AbortController();
    let announced: (url: string) => void = () => undefined;
    const url = new Promise<string>((resolve) => (announced = resolve));
    const running = run(['serve', '-w', tempDir(), '--port', '0'], { COPYDESK_WEB_DIR: web }, stop.signal, (text) => {
      const match = /^Copydesk is running at (\S+)\n$/.exec(text);
      if (match) announced(match[1]!);
    });
    const address = await url;
    expect(address).toMatch(/^http:\/\/127\.0\.0\.1:\d+\/.*token=/);
    const response = await fetch(address, { redirect: 'manual' });
    expect(response.status).toBeLessThan(400);
    stop.abort();
    const result = await running;
    expect(result.code).toBe(0);
    expect(result.stdout.trim().split('\n')).toHaveLength(1);
  });
});
