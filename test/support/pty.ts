/**
 * A command run in a pseudo-terminal, as a student types at it: Python's pty module (on every
 * Linux test machine, no native addon) forks the command on a terminal, then a script of steps
 * waits for a pattern in the output or types keys (Ctrl+C is "\x03", Ctrl+D "\x04"). Every wait
 * has a bound; the transcript comes back either way.
 */
import { spawn } from 'node:child_process';

export type PtyStep = { readonly wait: string } | { readonly send: string };

const DRIVER = String.raw`
import json, os, pty, re, select, sys, time
steps, argv, bound = json.loads(sys.argv[1]), json.loads(sys.argv[2]), float(sys.argv[3])
pid, fd = pty.fork()
if pid == 0:
    os.execvp(argv[0], argv)
out = b''
mark = 0  # a wait looks only at what came after the previous wait's match
def read_until(pattern):
    global out, mark
    deadline = time.time() + bound
    while time.time() < deadline:
        if pattern is not None:
            text = out.decode('utf8', 'replace')
            found = re.search(pattern, text[mark:])
            if found:
                mark += found.end()
                return True
        ready, _, _ = select.select([fd], [], [], 0.1)
        if ready:
            try:
                chunk = os.read(fd, 65536)
            except OSError:
                chunk = b''
            if not chunk:
                return pattern is None
            out += chunk
    return False
status = 0
for step in steps:
    if 'wait' in step:
        if not read_until(step['wait']):
            status = 3
            sys.stderr.write('timed out waiting for %r\n' % step['wait'])
            break
    else:
        os.write(fd, step['send'].encode('utf8'))
# The command should end by itself now; one that does not is killed (exit -9 says so).
if not (status == 0 and read_until(None)):
    os.kill(pid, 9)
_, code = os.waitpid(pid, 0)
exit_code = os.waitstatus_to_exitcode(code)
sys.stdout.write(json.dumps({'transcript': out.decode('utf8', 'replace'), 'exit': exit_code, 'driver': status}))
`;

export interface PtyOutcome {
  /** Everything the terminal showed (echoed keys included), with CR LF line ends. */
  readonly transcript: string;
  readonly exit: number;
  /** 0, or 3 when a wait ran out (the transcript says how far it got). */
  readonly driver: number;
}

export function runInPty(
  argv: readonly string[],
  steps: readonly PtyStep[],
  env: NodeJS.ProcessEnv,
  waitSeconds = 60,
): Promise<PtyOutcome> {
  return new Promise((resolve, reject) => {
    const child = spawn(
      'python3',
      ['-c', DRIVER, JSON.stringify(steps), JSON.stringify(argv), String(waitSeconds)],
      { env: { ...process.env, ...env } },
    );
    let stdout = '';
    let stderr = '';
    child.stdout.on('data', (chunk: Buffer) => (stdout += chunk.toString('utf8')));
    child.stderr.on('data', (chunk: Buffer) => (stderr += chunk.toString('utf8')));
    child.on('close', () => {
      try {
        resolve(JSON.parse(stdout) as PtyOutcome);
      } catch {
        reject(new Error(`the pty driver failed: ${stderr}`));
      }
    });
  });
}
