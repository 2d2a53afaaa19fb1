import * as fs from 'node:fs';
import * as path from 'node:path';

/** What AWS Control Tower says about one proactive control (its metadata file). */
export interface ControlTowerControl {
  readonly id: string;
  readonly displayName: string;
  /** NIST 800-53 Rev 5 controls Control Tower maps the control to. */
  readonly nist: string[];
}

/** The folder of `@cdklabs/cdk-validator-cfnguard`, which ships cfn-guard and the Control Tower rules. */
export function cfnGuardPackageDir(): string {
  return path.dirname(require.resolve('@cdklabs/cdk-validator-cfnguard/package.json'));
}

/** The cfn-guard binary the package ships for this platform, or why there is none. */
export function cfnGuardBinary(packageDir: string = cfnGuardPackageDir()): { bin?: string; missing?: string } {
  const platform = process.platform === 'darwin' ? 'macos' : process.platform === 'linux' ? 'ubuntu' : undefined;
  const arch = process.arch === 'x64' ? 'x86_64' : process.arch === 'arm64' ? 'aarch64' : undefined;
  if (!platform || !arch) {
    return { missing: `@cdklabs/cdk-validator-cfnguard ships cfn-guard for Linux and macOS on x64 and arm64, not ${process.platform}/${process.arch}` };
  }
  const bin = path.join(packageDir, 'bin', platform, arch, 'cfn-guard');
  return fs.existsSync(bin) ? { bin } : { missing: `${bin} is missing: reinstall with npm ci` };
}

let cache: Map<string, ControlTowerControl> | undefined;

/** Every Control Tower proactive control the package ships, by id (`CT.S3.PR.2`). */
export function controlTowerControls(packageDir: string = cfnGuardPackageDir()): Map<string, ControlTowerControl> {
  if (cache) return cache;
  const root = path.join(packageDir, 'rules', 'control-tower', 'metadata');
  const controls = new Map<string, ControlTowerControl>();
  for (const service of fs.readdirSync(root)) {
    for (const file of fs.readdirSync(path.join(root, service)).filter((f) => f.endsWith('.json'))) {
      const meta = JSON.parse(fs.readFileSync(path.join(root, service, file), 'utf8'));
      const nist = (meta.ComplianceFrameworkMappings ?? [])
        .filter((m: { ComplianceFramework: string }) => /^NIST 800-53/.test(m.ComplianceFramework))
        .flatMap((m: { Ids: string[] }) => m.Ids);
      controls.set(meta.Id, { id: meta.Id, displayName: meta.DisplayName, nist });
    }
  }
  cache = controls;
  return controls;
}

/** The frameworks a checker rule maps to: its Control Tower controls and their NIST 800-53 controls. */
export function frameworksOf(controlTowerIds: readonly string[]): { controlTower: string[]; nist: string[] } {
  const controls = controlTowerControls();
  const nist = [...new Set(controlTowerIds.flatMap((id) => controls.get(id)?.nist ?? []))].sort();
  return { controlTower: [...controlTowerIds], nist };
}
