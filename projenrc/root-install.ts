import { Component, javascript } from 'projen';

/**
 * Installs the whole npm workspace once, from the root, when any workspace package.json
 * changed during synthesis. Workspace packages have empty install tasks of their own, so
 * without this a new dependency of a package would not be installed until the next `npm ci`.
 */
export class RootInstall extends Component {
  constructor(private readonly root: javascript.NodeProject) {
    super(root);
  }

  public override postSynthesize(): void {
    const changed = this.root.subprojects
      .filter((p): p is javascript.NodeProject => p instanceof javascript.NodeProject)
      .filter((p) => p.package.file.changed)
      .map((p) => p.package.packageName);
    // The root's own NodePackage already installs when the root package.json changed.
    if (changed.length === 0 || this.root.package.file.changed) return;
    this.root.logger.info(`workspace packages changed (${changed.join(', ')}): installing from the root`);
    this.root.tasks.runTask(process.env.CI ? 'install:ci' : 'install');
  }
}
