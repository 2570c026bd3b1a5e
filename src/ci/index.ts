/** CI integration: generated workflows that build, lint, check and benchmark a project's image. */
export { ACTIONS } from './actions.js';
export { type GithubWorkflowSpec, renderGithubWorkflow, shellWord } from './github.js';
export { githubWorkflowSpec, imageNameFor, repositoryRoot, STARTER_BUDGET_FLAGS } from './spec.js';
