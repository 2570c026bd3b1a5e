/**
 * Exact release tags of the actions the generated workflow uses. Exact tags (not a moving
 * major like `v6`) make a run repeatable; Dependabot or Renovate can bump them in one place
 * in the user's repository. Keep them together so a release of shipshape updates them at once.
 */
export const ACTIONS = {
  checkout: 'actions/checkout@v6.0.1',
  setupNode: 'actions/setup-node@v6.1.0',
  setupBuildx: 'docker/setup-buildx-action@v3.11.1',
  buildPush: 'docker/build-push-action@v6.18.0',
  uploadSarif: 'github/codeql-action/upload-sarif@v4.31.7',
} as const;
