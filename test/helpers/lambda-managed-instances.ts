// AWS's Runtime Interface Emulator (aws-lambda-rie) in its Lambda Managed
// Instances mode: AWS_LAMBDA_MAX_CONCURRENCY set, one runtime process that
// serves that many invocations at once. In that mode the emulator starts the
// runtime at once (not at the first invocation), ignores its command line
// and runs /var/runtime/bootstrap with /var/task as the task root, and does
// not queue invocations: one that finds no runtime waiting in GET /next is
// refused at once with Runtime.Unavailable.
//
// So each emulator runs in a private mount namespace of its own (`unshare
// --mount --propagation private`, test/hosts/managed-instances-namespace.sh)
// where the unpacked archive is /var/task and the chosen bootstrap is
// /var/runtime/bootstrap; the namespace ends with the emulator and its
// runtime, mounts and all. That needs root (CAP_SYS_ADMIN) and unshare:
// managedInstancesUnavailable() says why a machine cannot, for the tests to
// skip visibly.
//
// Between the runtime and the emulator's Runtime API sits a recorder: by
// default runtime-api-call-recorder.ts, which shows who asked for
// invocations, and when the runtime's polls are open, which is when it is
// ready; or runtime-api-recorder.ts, the wire recorder, which keeps every
// byte with when it arrived (a streamed answer's chunks, its trailers).
//
// This is the tests' one way to run the emulator in this mode (the
// benchmark's too); lambda-rie.ts runs its usual mode.
import { spawn, spawnSync } from 'node:child_process';
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';

import { repoRoot } from './archives';
import { HostProcess } from './host-process';
import { lambdaEnvironment } from './hosts';
import { executionEnv, type LambdaRic, requireLambdaRic } from './lambda-ric';
import { childrenOf, invokeEmulator, nodeBootstrap, requireLambdaRie, type RieAnswer, stopEmulator } from './lambda-rie';
import { freePort } from './ports';
import { RuntimeApiCallRecorder } from './runtime-api-call-recorder';
import { RuntimeApiRecorder } from './runtime-api-recorder';

const namespaceScript = path.join(repoRoot, 'test', 'hosts', 'managed-instances-namespace.sh');

/** Where the emulator finds the function, inside its namespace. */
export const TASK_ROOT = '/var/task';

/** Why this machine cannot run the emulator in a mount namespace of its own, or undefined. */
export function managedInstancesUnavailable(): string | undefined {
  if (process.platform !== 'linux') return `a mount namespace needs Linux, not ${process.platform}`;
  if (process.getuid?.() !== 0) return 'bind-mounting /var/task and /var/runtime in a mount namespace needs root (CAP_SYS_ADMIN); run the tests as root';
  const probe = spawnSync('unshare', ['--mount', '--propagation', 'private', 'true'], { encoding: 'utf8' });
  if (probe.error) return `unshare (util-linux) cannot run: ${probe.error.message}`;
  if (probe.status !== 0) return `unshare --mount is refused here: ${probe.stderr.trim()}`;
  return undefined;
}

export type Bootstrap =
  /** Lambda's Node.js runtime: aws-lambda-ric loads index.js in its workers, which hands over. */
  | { kind: 'node'; ric: LambdaRic }
  /** The same runtime with AWS_LAMBDA_EXEC_WRAPPER=/var/task/exec-wrapper: no Node.js. */
  | { kind: 'exec-wrapper'; ric: LambdaRic }
  /** The archive's Go binary itself, as an OS-only runtime's bootstrap. */
  | { kind: 'binary' };

export interface ManagedInstancesOptions {
  bootstrap: Bootstrap;
  /** AWS_LAMBDA_MAX_CONCURRENCY. */
  concurrency: number;
  /** AWS_LAMBDA_FUNCTION_TIMEOUT, in seconds (the emulator's default: 300). */
  timeoutSeconds?: number;
  /** How many GET /next polls mean the runtime is ready; the concurrency unless said. */
  readyPolls?: number;
  env?: NodeJS.ProcessEnv;
  /**
   * The recorder between the runtime and the emulator (start() needs one: it
   * sees when the runtime is ready): 'calls' (the default), 'wire' (every
   * byte: streamed answers), or 'none' (the benchmark's, at thousands of calls a second).
   */
  recorder?: 'calls' | 'wire' | 'none';
  /** CPUs for the runtime, and for the emulator (taskset lists, e.g. "1"): the benchmark's pinning. */
  runtimeCpus?: string;
  emulatorCpus?: string;
  /** Throw away what the emulator writes (a line or three per invocation), as the benchmark does; kept by default. */
  discardOutput?: boolean;
}

export interface Invocation extends RieAnswer {
  /** When it was sent and answered (Date.now()). */
  sentAt: number;
  answeredAt: number;
}

export class ManagedInstances {
  private constructor(
    readonly host: HostProcess,
    readonly invokePort: number,
    private readonly recording: RuntimeApiCallRecorder | RuntimeApiRecorder | undefined,
    private readonly scratch: string,
  ) {}

  /** The call recorder (recorder: 'calls'): every call the runtime made. */
  get recorder(): RuntimeApiCallRecorder {
    if (!(this.recording instanceof RuntimeApiCallRecorder)) throw new Error('this emulator was started without the call recorder (recorder: \'calls\')');
    return this.recording;
  }

  /** The wire recorder (recorder: 'wire'): every byte the runtime sent. */
  get wire(): RuntimeApiRecorder {
    if (!(this.recording instanceof RuntimeApiRecorder)) throw new Error('this emulator was started without the wire recorder (recorder: \'wire\')');
    return this.recording;
  }

  /** Starts the emulator on the unpacked archive in taskRoot; resolves once the runtime's polls are open. */
  static async start(taskRoot: string, options: ManagedInstancesOptions): Promise<ManagedInstances> {
    const emulator = await ManagedInstances.launch(taskRoot, options);
    await emulator.host.ready();
    await emulator.runtimeReady(options.readyPolls ?? options.concurrency);
    return emulator;
  }

  /** Starts the emulator, and resolves at once: it may not listen yet, its runtime may not be ready. */
  static async launch(taskRoot: string, options: ManagedInstancesOptions): Promise<ManagedInstances> {
    const rie = requireLambdaRie();
    const [invokePort, apiPort] = [await freePort(), await freePort()];
    const runtimeApi = `127.0.0.1:${apiPort}`;
    const recorder = await startRecorder(options.recorder ?? 'calls', runtimeApi);
    const scratch = fs.mkdtempSync(path.join(os.tmpdir(), 'go-handoff-lmi-'));
    // In this mode the emulator runs the runtime as Lambda's sandbox user (uid
    // 993), not as the user who started it: the task root and the bootstrap
    // must be readable by others, as Lambda's /var/task is.
    for (const dir of [scratch, taskRoot]) fs.chmodSync(dir, 0o755);
    const { bootstrap } = options;
    const ric = bootstrap.kind === 'binary' ? undefined : requireLambdaRic(bootstrap.ric);
    const { AWS_LAMBDA_RUNTIME_API: _set, ...lambdaEnv } = lambdaEnvironment(TASK_ROOT, runtimeApi);
    const env: NodeJS.ProcessEnv = {
      ...process.env,
      ...lambdaEnv,
      AWS_LAMBDA_MAX_CONCURRENCY: String(options.concurrency),
      ...(options.timeoutSeconds ? { AWS_LAMBDA_FUNCTION_TIMEOUT: String(options.timeoutSeconds) } : {}),
      ...(recorder ? { RUNTIME_API_VIA: recorder.address } : {}),
      ...(options.runtimeCpus ? { BOOTSTRAP_CPUS: options.runtimeCpus } : {}),
      ...(ric
        ? { AWS_EXECUTION_ENV: executionEnv(ric), LAMBDA_TEST_NODE: ric.node, LAMBDA_TEST_RUNTIME: ric.client }
        : { AWS_EXECUTION_ENV: 'AWS_Lambda_provided.al2023' }),
      ...(bootstrap.kind === 'exec-wrapper' ? { AWS_LAMBDA_EXEC_WRAPPER: `${TASK_ROOT}/exec-wrapper` } : {}),
      ...options.env,
    };
    // The emulator passes its own environment on to the runtime; these are the test process's.
    for (const key of ['NODE_OPTIONS', 'VITEST', 'VITEST_POOL_ID', 'VITEST_WORKER_ID']) delete env[key];
    const bootstrapFile = bootstrap.kind === 'binary' ? path.join(taskRoot, 'handler') : nodeBootstrap;
    const command = [
      'unshare', '--mount', '--propagation', 'private', 'sh', namespaceScript, scratch, taskRoot, bootstrapFile,
      rie, '--runtime-interface-emulator-address', `127.0.0.1:${invokePort}`, '--runtime-api-address', runtimeApi, '--log-level', 'warn',
    ];
    if (options.emulatorCpus) command.unshift('taskset', '--cpu-list', options.emulatorCpus);
    const child = spawn(command[0], command.slice(1), { env, stdio: ['ignore', options.discardOutput ? 'ignore' : 'pipe', options.discardOutput ? 'ignore' : 'pipe'] });
    const emulator = new ManagedInstances(new HostProcess(child, invokePort), invokePort, recorder, scratch);
    running.add(emulator);
    return emulator;
  }

  /** Invokes the function once, as `curl -d payload localhost:port/2015-03-31/functions/function/invocations` does. */
  async invoke(payload: unknown, headers: Record<string, string> = {}, timeoutMs = 60_000): Promise<Invocation> {
    const sentAt = Date.now();
    const answer = await invokeEmulator(this.invokePort, payload, headers, timeoutMs);
    return { ...answer, sentAt, answeredAt: Date.now() };
  }

  /** Resolves once n GET /next polls wait at once; fails if the emulator exits first. */
  async runtimeReady(n: number, timeoutMs = 30_000): Promise<void> {
    const exited = this.host.exited.then((status) => {
      throw new Error(`the emulator exited (${JSON.stringify(status)}) before its runtime was ready:\n${this.output}`);
    });
    const polls = this.recording instanceof RuntimeApiRecorder ? this.recording.pollsSent(n, timeoutMs) : this.recorder.pollsOpen(n, timeoutMs);
    await Promise.race([polls, exited]);
    // The recorder has passed the last poll on; give the emulator a moment to take it in.
    await new Promise((resolve) => setTimeout(resolve, 100));
  }

  /** What the emulator wrote: its own lines, and its runtime's stdout and stderr. */
  get output(): string {
    return this.host.stdout + this.host.stderr;
  }

  /** The runtime process (the bootstrap's, whatever it exec'd into): the emulator's child. */
  runtimePid(): number | undefined {
    return childrenOf(this.host.pid)[0];
  }

  /** Stops the runtime's process group, then the emulator; the namespace, and its mounts, end with them. */
  async close(): Promise<void> {
    running.delete(this);
    await stopEmulator(this.host);
    await this.recording?.close();
    fs.rmSync(this.scratch, { recursive: true, force: true });
  }
}

const running = new Set<ManagedInstances>();

async function startRecorder(kind: 'calls' | 'wire' | 'none', runtimeApi: string): Promise<RuntimeApiCallRecorder | RuntimeApiRecorder | undefined> {
  if (kind === 'calls') return RuntimeApiCallRecorder.start(runtimeApi);
  if (kind === 'wire') return RuntimeApiRecorder.start(runtimeApi);
  return undefined;
}

/** For afterEach: nothing an emulator started outlives the test. */
export async function stopAllManagedInstances(): Promise<void> {
  await Promise.all([...running].map((emulator) => emulator.close()));
}

/** Whether pid runs file (the same inode: inside the namespace the path reads /var/task/... or /var/runtime/bootstrap). */
export function runsFile(pid: number, file: string): boolean {
  const [running, wanted] = [fs.statSync(`/proc/${pid}/exe`), fs.statSync(file)];
  return running.dev === wanted.dev && running.ino === wanted.ino;
}
