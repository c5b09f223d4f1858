// `npm start`: try the extension by hand. Starts the Api.Airforce simulator on loopback (a task takes
// ~10 s), a demo workspace with an image to animate, and code-server on 127.0.0.1 with the
// extension loaded from this repo; prints the URL to open. Ctrl-C stops everything.
//   --port <n>  port for code-server (default 8080, or a free one if 8080 is taken)
//   --live      no simulator: the real API (needs AIRFORCE_API_KEY in the environment)
//   --desktop   open desktop VS Code (`code` CLI) instead of code-server
import * as fs from 'node:fs';
import * as path from 'node:path';
import { DEMO_KEY } from '../simulator/server';
import { startHost } from './host';
import { freePort, portIsFree } from './net';
import { cacheRoot, log, repoRoot } from './paths';
import { onCleanup, startProcess } from './processes';
import { errorText } from './results';
import { startSim } from './simulator';
import { findOnPath } from './systemPackages';

const LIVE_BASE_URL = 'https://api.airforce';
const DEMO_WORKSPACE = path.join(cacheRoot, 'demo-workspace');

interface StartArgs {
  readonly port?: number;
  readonly live: boolean;
  readonly desktop: boolean;
}

function parseArgs(argv: readonly string[]): StartArgs {
  let port: number | undefined;
  let live = false;
  let desktop = false;
  for (let i = 0; i < argv.length; i++) {
    const arg = argv[i];
    if (arg === '--port') port = Number(argv[++i]);
    else if (arg.startsWith('--port=')) port = Number(arg.slice('--port='.length));
    else if (arg === '--live') live = true;
    else if (arg === '--desktop') desktop = true;
    else throw new Error(`unknown argument ${arg} (known: --port <n>, --live, --desktop)`);
  }
  if (port !== undefined && !(Number.isInteger(port) && port > 0 && port < 65536)) throw new Error('--port needs a port number');
  return { port, live, desktop };
}

function prepareWorkspace(): void {
  fs.mkdirSync(DEMO_WORKSPACE, { recursive: true });
  const image = path.join(repoRoot, 'test', 'fixtures', 'demo-image.png');
  const dragon = path.join(DEMO_WORKSPACE, 'dragon.png');
  if (fs.existsSync(image) && !fs.existsSync(dragon)) fs.copyFileSync(image, dragon);
  // A sample storyboard (issue 9): its shots show priced CodeLenses and link their results.
  const storyboard = path.join(repoRoot, 'test', 'fixtures', 'storyboard.md');
  const demoStoryboard = path.join(DEMO_WORKSPACE, 'storyboard.md');
  if (fs.existsSync(storyboard) && !fs.existsSync(demoStoryboard)) fs.copyFileSync(storyboard, demoStoryboard);
  const readme = path.join(DEMO_WORKSPACE, 'README.md');
  if (!fs.existsSync(readme)) {
    fs.writeFileSync(
      readme,
      [
        '# Airforce Media demo',
        '',
        'This workspace is for trying the extension by hand.',
        '',
        '- Open the **Airforce** view in the activity bar, or run **Airforce: Generate Video** from the Command Palette (F1).',
        '- Switch the Generate panel to **Image**, **Speech**, **Music** or **Sound effect**; under two images, **Animate this image** turns one into a video.',
        '- Select a sentence in this file, right-click and choose **Speak Selection**.',
        '- Right-click `dragon.png` in the Explorer and choose **Animate Image** (or **Edit Image…**).',
        '- Run **Airforce: Compare Models** to see one prompt on several models side by side.',
        '- Open `storyboard.md`: each ```airforce block is a shot; click **Generate all** above the first one.',
        '- Finished videos are saved in the `airforce-media/` folder.',
        '',
        'Unless started with `--live`, requests go to a local simulator: nothing is billed and a video takes about 10 seconds.',
        '',
      ].join('\n'),
    );
  }
}

async function portToUse(requested: number | undefined): Promise<number> {
  if (requested !== undefined) {
    if (!(await portIsFree(requested))) throw new Error(`port ${requested} on 127.0.0.1 is in use`);
    return requested;
  }
  return (await portIsFree(8080)) ? 8080 : freePort();
}

async function main(): Promise<void> {
  const args = parseArgs(process.argv.slice(2));
  let baseUrl = LIVE_BASE_URL;
  let apiKey: string;
  if (args.live) {
    const key = process.env.AIRFORCE_API_KEY;
    if (!key) throw new Error('--live needs your key in the AIRFORCE_API_KEY environment variable');
    apiKey = key;
    log(`live mode: requests go to ${LIVE_BASE_URL} and are billed to your key`);
  } else {
    const sim = await startSim({ keys: [DEMO_KEY], clockSpeed: 4 });
    onCleanup(() => sim.close());
    baseUrl = sim.url;
    apiKey = DEMO_KEY;
    log(`simulator on ${sim.url} (a video takes ~10 s; the demo key is preset)`);
  }
  prepareWorkspace();
  const settings = { 'airforce.baseUrl': baseUrl };

  if (args.desktop) {
    const code = findOnPath('code');
    if (!code) throw new Error('no `code` command on PATH (install it from VS Code: "Shell Command: Install \'code\' command in PATH"), or run without --desktop');
    const userDataDir = path.join(cacheRoot, 'demo-desktop-user-data');
    fs.mkdirSync(path.join(userDataDir, 'User'), { recursive: true });
    fs.writeFileSync(path.join(userDataDir, 'User', 'settings.json'), `${JSON.stringify(settings, null, 2)}\n`);
    log('opening desktop VS Code; close its window (or Ctrl-C here) to stop');
    const proc = startProcess('code', code, ['--wait', '--new-window', `--extensionDevelopmentPath=${repoRoot}`, `--user-data-dir=${userDataDir}`, DEMO_WORKSPACE], {
      env: { ...process.env, AIRFORCE_API_KEY: apiKey },
      onLine: (l) => process.stdout.write(`[code] ${l}\n`),
    });
    onCleanup(() => proc.stop());
    await proc.exited;
    process.exit(0);
  }

  const host = await startHost({
    extensionDevelopmentPath: repoRoot,
    workspace: DEMO_WORKSPACE,
    userDataDir: path.join(cacheRoot, 'demo-user-data'),
    port: await portToUse(args.port),
    settings,
    env: { AIRFORCE_API_KEY: apiKey },
    browser: false,
    logDir: cacheRoot,
  });
  process.stdout.write(
    [
      '',
      'Airforce Media is running in VS Code (code-server) on this machine. Open:',
      '',
      `  ${host.workbenchUrl}`,
      '',
      `Workspace: ${DEMO_WORKSPACE}`,
      `Log: ${path.join(cacheRoot, 'code-server.log')}`,
      'Press Ctrl-C to stop.',
      '',
    ].join('\n'),
  );
  const exitCode = await host.exited;
  log(`code-server exited (${exitCode}); stopping`);
  await host.stop();
  process.exit(exitCode === 0 ? 0 : 1);
}

main().catch((err: unknown) => {
  process.stderr.write(`${errorText(err)}\n`);
  process.exit(1);
});
