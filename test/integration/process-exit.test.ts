import { spawn } from 'node:child_process';
import { describe, expect, it } from 'vitest';

describe('an embedded exchange', () => {
  it('lets its host process end once closed (no background thread keeps it alive)', async () => {
    const child = spawn(
      process.execPath,
      ['--import', 'tsx', 'test/integration/scripts/embed-and-close.ts'],
      {
        stdio: ['ignore', 'pipe', 'inherit'],
      },
    );
    let output = '';
    child.stdout.on('data', (chunk: Buffer) => (output += chunk.toString()));
    const timer = setTimeout(() => child.kill('SIGKILL'), 20_000);
    const code = await new Promise<number | null>((resolve) => child.on('exit', resolve));
    clearTimeout(timer);
    expect(output).toContain('signed request: 200');
    expect(output).toContain('closed');
    expect(code, 'the process was still running 20 s after the exchange closed').toBe(0);
  }, 30_000);
});
